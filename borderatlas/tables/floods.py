"""The Floods & aid page's tables: the affected areas, every reported figure, and the chart's long frame."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from borderatlas.asof import event_visible
from borderatlas.citations import cite
from borderatlas.data import Atlas
from borderatlas.dates import date_start
from borderatlas.tables.cells import (
    feature_names,
    frame,
    join,
    short_cite,
    text,
)


def area_scope(area_ids: list[str], names: dict[str, str]) -> str:
    """What a figure covers: one area's name, or how many areas."""
    if not area_ids:
        return "unspecified"
    if len(area_ids) == 1:
        return names.get(area_ids[0], area_ids[0])
    return f"{len(area_ids)} areas"


def reporter(atlas: Atlas, source_id: str) -> str:
    """Who reported a figure: the source's publisher (one line per reporter over time)."""
    return cite(atlas.sources, source_id, "publisher").text


FLOOD_FIGURE_COLUMNS = [
    "Metric",
    "Value",
    "Unit",
    "Covers",
    "Areas",
    "Event date",
    "Report date",
    "As of",
    "Reported by",
    "Source",
    "Verified",
    "Note",
    "id",
]


def reported_by(figure, as_of: dt.date | None) -> bool:
    """True when a figure had been reported by the as-of date (a month-only report date counts from its first day);
    every figure when as_of is None."""
    return as_of is None or event_visible(figure.report_date, as_of)


def flood_figures_table(atlas: Atlas, as_of: dt.date | None = None) -> pd.DataFrame:
    """Every flood figure reported by as_of, one row each (never merged), with its source and as-of date: by metric,
    the latest report first."""
    names = feature_names(atlas)
    shown = [f for f in atlas.flood_figures if reported_by(f, as_of)]
    figures = sorted(shown, key=lambda f: (-date_start(f.report_date).toordinal(), f.id))
    figures.sort(key=lambda f: f.metric)
    rows = [
        {
            "Metric": f.metric.replace("_", " "),
            "Value": f.value,
            "Unit": f.unit,
            "Covers": area_scope(f.area_ids, names),
            "Areas": join(names.get(a, a) for a in f.area_ids),
            "Event date": text(f.event_date),
            "Report date": f.report_date,
            "As of": text(f.as_of),
            "Reported by": reporter(atlas, f.source_id),
            "Source": short_cite(atlas, f.source_id),
            "Verified": f.verified,
            "Note": text(f.note),
            "id": f.id,
        }
        for f in figures
    ]
    return frame(rows, FLOOD_FIGURE_COLUMNS)


FLOOD_CHART_COLUMNS = [
    "metric",
    "value",
    "unit",
    "report_date",
    "report_text",
    "as_of",
    "reporter",
    "covers",
    "source",
    "id",
]


def flood_chart_frame(atlas: Atlas, as_of: dt.date | None = None) -> pd.DataFrame:
    """Flood figures reported by as_of as chart data: one row per reported figure, dated by report date."""
    names = feature_names(atlas)
    rows = [
        {
            "metric": f.metric.replace("_", " "),
            "value": f.value,
            "unit": f.unit,
            "report_date": pd.Timestamp(date_start(f.report_date)),
            "report_text": f.report_date,
            "as_of": text(f.as_of),
            "reporter": reporter(atlas, f.source_id),
            "covers": area_scope(f.area_ids, names),
            "source": short_cite(atlas, f.source_id),
            "id": f.id,
        }
        for f in atlas.flood_figures
        if reported_by(f, as_of)
    ]
    return frame(rows, FLOOD_CHART_COLUMNS).sort_values(["metric", "report_date", "id"], ignore_index=True)


def flood_bounds(atlas: Atlas, layer: str = "flood_areas") -> tuple[float, float, float, float] | None:
    """The box (min lon, min lat, max lon, max lat) around every flood area, to frame the page map on; None when
    the layer is missing or empty."""
    areas = atlas.layers.get(layer)
    if areas is None or not len(areas):
        return None
    return tuple(float(v) for v in areas.total_bounds)
