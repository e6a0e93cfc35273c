"""The Floods & aid page's tables: the affected areas, every reported figure, and the chart's long frame."""

from __future__ import annotations

import pandas as pd

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


def flood_figures_table(atlas: Atlas) -> pd.DataFrame:
    """Every flood figure as reported, one row each (never merged), with its source and as-of date."""
    names = feature_names(atlas)
    figures = sorted(atlas.flood_figures, key=lambda f: (f.metric, date_start(f.report_date), f.id))
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


def flood_chart_frame(atlas: Atlas) -> pd.DataFrame:
    """Flood figures as chart data: one row per reported figure, dated by report date."""
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
    ]
    return frame(rows, FLOOD_CHART_COLUMNS).sort_values(["metric", "report_date", "id"], ignore_index=True)
