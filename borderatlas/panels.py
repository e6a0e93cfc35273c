"""What the side panels say: a feature's record, the facts tied to it, and sourced summaries for the view."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from shapely.geometry import Point

from borderatlas import citations, models
from borderatlas.asof import record_status
from borderatlas.citations import Citation
from borderatlas.data import Atlas
from borderatlas.dates import date_start
from borderatlas.layers import clickable_top_first, layer_by_id


@dataclass(frozen=True)
class FactView:
    """A fact ready for display, with its citation."""

    fact: models.Fact
    citation: Citation

    @property
    def value_text(self) -> str:
        """The value and unit, or an empty string when the fact has no number."""
        if self.fact.value is None:
            return ""
        value = self.fact.value
        number = f"{value:,.0f}" if value == int(value) and abs(value) >= 1000 else f"{value:g}"
        return f"{number} {self.fact.unit or ''}".strip()


@dataclass(frozen=True)
class FeaturePanel:
    """Everything the side panel shows about one selected feature."""

    id: str
    layer: str
    record: dict
    status_on_date: str | None
    status_text: str
    """The status on the as-of date in the layer's words (the legend's), or "not yet begun"."""
    recorded_status_text: str
    dates: list[tuple[str, str]]
    citations: list[Citation]
    facts: list[FactView]
    figures: list[models.FloodFigure]


def cite(atlas: Atlas, source_id: str) -> Citation:
    """The citation line for a source id: author, title, publisher, date."""
    return citations.cite(atlas.sources, source_id)


def reported_by(fact: models.Fact, as_of: dt.date) -> bool:
    """True when a fact had been reported (or its period had begun) by the as-of date."""
    stamp = fact.reported or fact.period_end or fact.period_start
    return stamp is None or date_start(stamp) <= as_of


def fact_views(atlas: Atlas, facts: Iterable[models.Fact]) -> list[FactView]:
    """Wrap facts with their citations."""
    return [FactView(fact, cite(atlas, fact.source_id)) for fact in facts]


def feature_panel(atlas: Atlas, feature_id: str, as_of: dt.date) -> FeaturePanel | None:
    """The side panel for a selected feature, or None when the id is unknown."""
    record = atlas.feature(feature_id)
    if record is None:
        return None
    layer = layer_by_id(record["layer"])
    status = record_status(record, as_of)
    labels = (
        ("date_started", "Started"),
        ("date_completed", "Completed"),
        ("date_opened", "Opened"),
        ("date_closed", "Closed"),
        ("status_date", "Status recorded for"),
    )
    dates = [(label, record[key]) for key, label in labels if isinstance(record.get(key), str) and record.get(key)]
    facts = [fact for fact in atlas.facts if feature_id in fact.place_ids and reported_by(fact, as_of)]
    figures = [figure for figure in atlas.flood_figures if feature_id in figure.area_ids]
    return FeaturePanel(
        id=feature_id,
        layer=record["layer"],
        record=record,
        status_on_date=status,
        status_text=layer.status_text(status),
        recorded_status_text=layer.status_text(record["status"]),
        dates=dates,
        citations=[cite(atlas, sid) for sid in record.get("source_ids", [])],
        facts=fact_views(atlas, facts),
        figures=figures,
    )


def overview_facts(
    atlas: Atlas, visible_ids: set[str], as_of: dt.date, topics: tuple[str, ...] = ("trade", "aid")
) -> list[FactView]:
    """Facts on the given topics, reported by the as-of date, tied to a visible feature or to no place at all."""
    chosen = [
        fact
        for fact in atlas.facts
        if fact.topic in topics
        and reported_by(fact, as_of)
        and (not fact.place_ids or visible_ids.intersection(fact.place_ids))
    ]
    return fact_views(atlas, sorted(chosen, key=lambda f: (f.topic, f.reported or "", f.id)))


def visible_feature_ids(atlas: Atlas, layers: Iterable[str], as_of: dt.date) -> set[str]:
    """Ids of the features drawn for these layers at the as-of date."""
    ids = set()
    for layer in layers:
        frame = atlas.layers.get(layer)
        if frame is None or not len(frame):
            continue
        for record in frame.drop(columns="geometry").to_dict("records"):
            if record_status(record, as_of) is not None:
                ids.add(record["id"])
    return ids


def feature_at_click(atlas: Atlas, layers: Iterable[str], lat: float, lon: float) -> str | None:
    """The id of the visible feature a map click landed on: a point at that spot, else a polygon containing it."""
    click = Point(lon, lat)
    ordered = [layer.id for layer in clickable_top_first(layers)]
    for layer in ordered:
        frame = atlas.layers.get(layer)
        if frame is None or not len(frame):
            continue
        anchors = frame.geometry.representative_point()  # where the map draws each symbol
        near = frame[((anchors.x - lon).abs() < 1e-5) & ((anchors.y - lat).abs() < 1e-5)]
        if len(near):
            return str(near["id"].iloc[0])
    for layer in ordered:
        frame = atlas.layers.get(layer)
        if frame is None or not len(frame):
            continue
        areas = frame[frame.geometry.geom_type != "Point"]
        hit = areas[areas.geometry.covers(click)]
        if len(hit):
            return str(hit["id"].iloc[0])
    return None
