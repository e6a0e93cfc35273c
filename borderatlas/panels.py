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
from borderatlas.dates import date_end, date_start
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

    @property
    def short_value_text(self) -> str:
        """The value as a headline reads it: "US$53.5 million", "−2.2 %", "90 km²"; "" without a number."""
        if self.fact.value is None:
            return ""
        return short_value(self.fact.value, self.fact.unit or "")

    @property
    def period_text(self) -> str:
        """The period the fact covers, one date when it starts and ends on the same day."""
        return span_text(self.fact.period_start, self.fact.period_end)


CURRENCY_PREFIX = {"USD": "US$", "CNY": "CNY ", "CHF": "CHF ", "RUB": "RUB "}
"""Currencies written before the number in headlines."""

UNIT_WORDS = {"percent": "%", "km2": "km²", "per year": "a year"}
"""Units written shorter in headlines."""


def short_value(value: float, unit: str) -> str:
    """A number in headline form: millions and billions in words, a currency before it, a short unit after it."""
    size = abs(value)
    if size >= 1e9:
        number = f"{value / 1e9:.4g} billion"
    elif size >= 1e6:
        number = f"{value / 1e6:.4g} million"
    else:
        number = f"{value:,.0f}" if value == int(value) else f"{value:g}"
    number = number.replace("-", "−")
    currency, _, rest = unit.partition(" ")
    if currency in CURRENCY_PREFIX:
        return f"{CURRENCY_PREFIX[currency]}{number} {UNIT_WORDS.get(rest, rest)}".strip()
    return f"{number} {UNIT_WORDS.get(unit, unit)}".strip()


def span_text(start: str | None, end: str | None) -> str:
    """A date span as it reads: "2016-09 – 2017-02", one date when both ends are the same, "" when undated."""
    if start and end and start != end:
        return f"{start} – {end}"
    if start and not end:
        return f"from {start}"
    if end and not start:
        return f"until {end}"
    return start or ""


@dataclass(frozen=True)
class FeaturePanel:
    """Everything the side panel shows about one selected feature, in briefing order."""

    id: str
    layer: str
    record: dict
    status_on_date: str | None
    status_text: str
    """The status on the as-of date in the layer's words (the legend's), or "not yet begun"."""
    status_colour: str
    """The colour the map and legend draw that status (or severity) in."""
    later_status: tuple[str, str] | None
    """(status words, from date) when the sources record a different, later status than the one on the date."""
    dates: list[tuple[str, str]]
    figures: list[FactView]
    """Facts with a number tied to this place, newest first."""
    facts: list[FactView]
    """Facts without a number tied to this place, newest first."""
    citations: list[Citation]


def cite(atlas: Atlas, source_id: str) -> Citation:
    """The citation line for a source id: author, title, publisher, date."""
    return citations.cite(atlas.sources, source_id)


def fact_stamp(fact: models.Fact) -> dt.date | None:
    """When a fact became known: its report date, else the end of its period, else its start; None when undated."""
    if fact.reported:
        return date_start(fact.reported)
    if fact.period_end:
        return date_end(fact.period_end)
    return date_start(fact.period_start) if fact.period_start else None


def reported_by(fact: models.Fact, as_of: dt.date) -> bool:
    """True when a fact was known by the as-of date (undated facts always are)."""
    stamp = fact_stamp(fact)
    return stamp is None or stamp <= as_of


def newest_first(facts: Iterable[models.Fact]) -> list[models.Fact]:
    """Facts sorted by when they became known, newest first; undated facts last."""
    dated = sorted((f for f in facts if fact_stamp(f)), key=lambda f: (fact_stamp(f), f.id), reverse=True)
    return dated + sorted((f for f in facts if not fact_stamp(f)), key=lambda f: f.id)


def fact_views(atlas: Atlas, facts: Iterable[models.Fact]) -> list[FactView]:
    """Wrap facts with their citations."""
    return [FactView(fact, cite(atlas, fact.source_id)) for fact in facts]


KEY_DATES = (
    ("date_started", "Started"),
    ("date_completed", "Completed"),
    ("date_opened", "Opened"),
    ("date_closed", "Closed"),
)
"""The record's milestone fields, in the order the panel lists them."""


def later_status(layer, record: dict, status: str | None, as_of: dt.date) -> tuple[str, str] | None:
    """The next recorded change after the date, in the layer's words and with its date; None when there is none."""
    for change in record.get("status_history") or []:
        since = change.get("from")
        if isinstance(since, str) and date_start(since) > as_of and change.get("status") != status:
            return layer.status_text(change.get("status")), since
    latest, since = record.get("status"), record.get("status_date")
    if latest == status or not isinstance(since, str) or date_start(since) <= as_of:
        return None
    return layer.status_text(latest), since


def feature_panel(atlas: Atlas, feature_id: str, as_of: dt.date) -> FeaturePanel | None:
    """The side panel for a selected feature, or None when the id is unknown."""
    record = atlas.feature(feature_id)
    if record is None:
        return None
    layer = layer_by_id(record["layer"])
    status = record_status(record, as_of)
    dates = [(label, record[key]) for key, label in KEY_DATES if isinstance(record.get(key), str) and record.get(key)]
    facts = newest_first(fact for fact in atlas.facts if feature_id in fact.place_ids and reported_by(fact, as_of))
    return FeaturePanel(
        id=feature_id,
        layer=record["layer"],
        record=record,
        status_on_date=status,
        status_text=layer.status_text(status),
        status_colour=layer.colour_for(record, status),
        later_status=later_status(layer, record, status, as_of),
        dates=dates,
        figures=fact_views(atlas, [fact for fact in facts if fact.value is not None]),
        facts=fact_views(atlas, [fact for fact in facts if fact.value is None]),
        citations=[cite(atlas, sid) for sid in record.get("source_ids", [])],
    )


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
