"""What changed between two dates: each feature whose status differs at the compare date and the as-of date, and
the events in between.

A change is the *net* change: a feature whose status is the same on both dates is no change, even when it changed
and changed back in between (the events list still shows what happened). Its date is the status_history `from` of
the entry that made the new status (the first of a run of entries with that status), and the statuses it held in
between are kept as steps. A date window is (since, until]: a partial date ("2016", "2014-10") counts from its first
day, as the map's as-of date does (borderatlas.asof). The words come from the layer registry: each status's
`became` word (styles.StatusStyle), or the layer's `appears` word for a feature that did not exist yet at `since`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from shapely.geometry import box

from borderatlas import models
from borderatlas.asof import status_at
from borderatlas.data import Atlas
from borderatlas.dates import date_start
from borderatlas.layers import MapLayer, in_drawing_order, in_toggle_order

CHANGED = "changed"
"""The kind of a change into a status that has no `became` word."""


@dataclass(frozen=True)
class Change:
    """One feature's net change of status between two dates."""

    feature_id: str
    layer: str
    name_en: str
    name_zh: str | None
    name_ko: str | None
    old_status: str | None
    """The status at `since`; None when the feature did not exist yet."""
    new_status: str
    date: str
    """The status_history `from` of the entry that made the new status (a partial date)."""
    source_ids: tuple[str, ...]
    """The sources of that entry: its caused_by event's sources when it names one, else the feature's."""
    kind: str
    """A short word for the change: "opened", "completed", "damaged", "appeared", …"""
    event_id: str | None = None
    """The events.csv row the entry names as its cause (caused_by), if any."""
    steps: tuple[tuple[str, str], ...] = ()
    """The statuses held in between, oldest first: (from date, status)."""


def held_entries(history: list[dict], since: dt.date, until: dt.date) -> list[dict]:
    """The status_history entries that took effect in (since, until], oldest first."""
    return [entry for entry in history if since < date_start(entry["from"]) <= until]


def change_kind(layer: MapLayer, old_status: str | None, new_status: str) -> str:
    """The change's word from the layer's vocabulary: `appears` for a new feature (when set), else the new status's
    `became` word, else "changed"."""
    if old_status is None and layer.appears:
        return layer.appears
    style = layer.status_style(new_status)
    return style.became if style is not None and style.became else CHANGED


def record_change(layer: MapLayer, record: dict, since: dt.date, until: dt.date, events: dict) -> Change | None:
    """A feature record's net change in (since, until], or None when its status is the same on both dates."""
    history = record.get("status_history")
    if not isinstance(history, list) or not history:
        return None
    old, new = status_at(history, record["status"], since), status_at(history, record["status"], until)
    if new is None or old == new:
        return None
    entries = held_entries(history, since, until)
    first = len(entries) - 1
    while first > 0 and entries[first - 1]["status"] == new:
        first -= 1
    made = entries[first]
    event = events.get(made.get("caused_by")) if made.get("caused_by") else None
    steps: list[tuple[str, str]] = []
    for entry in entries[:first]:
        if entry["status"] != (steps[-1][1] if steps else old):
            steps.append((entry["from"], entry["status"]))
    return Change(
        feature_id=record["id"],
        layer=layer.id,
        name_en=record["name_en"],
        name_zh=record.get("name_zh"),
        name_ko=record.get("name_ko"),
        old_status=old,
        new_status=new,
        date=made["from"],
        source_ids=tuple(event.source_ids if event is not None else record.get("source_ids") or ()),
        kind=change_kind(layer, old, new),
        event_id=event.id if event is not None else None,
        steps=tuple(steps),
    )


def newest_first(changes: list[Change]) -> list[Change]:
    """Changes newest first (by the first day of their date), then in the layers' reading order, then by name."""
    order = {layer.id: index for index, layer in enumerate(in_toggle_order())}
    by_name = sorted(changes, key=lambda change: (order.get(change.layer, 99), change.name_en))
    return sorted(by_name, key=lambda change: date_start(change.date), reverse=True)


def frame_changes(
    frames: dict, since: dt.date, until: dt.date, layers: tuple[str, ...], events: list[models.Event] = ()
) -> list[Change]:
    """The net changes of the visible data layers' features in (since, until], newest first (from the layer frames;
    events give the sources of entries that name a cause)."""
    if since >= until:
        return []
    by_id = {event.id: event for event in events}
    found = []
    for layer in in_drawing_order(layers):
        frame = frames.get(layer.id)
        if layer.data is None or frame is None or not len(frame):
            continue
        for record in frame.drop(columns="geometry").to_dict("records"):
            change = record_change(layer, record, since, until, by_id)
            if change is not None:
                found.append(change)
    return newest_first(found)


def changes_between(atlas: Atlas, since: dt.date, until: dt.date, layers: tuple[str, ...]) -> list[Change]:
    """The net changes of the visible layers' features between since and until, newest first ([] unless since is
    before until)."""
    return frame_changes(atlas.layers, since, until, layers, atlas.events)


def changes_in_area(atlas: Atlas, found: list[Change], bbox: tuple[float, float, float, float]) -> list[Change]:
    """The changes of features drawn within an area (a pack or a graphic of one view lists only what it shows)."""
    area = box(*bbox)
    return [
        change
        for change in found
        if (record := atlas.feature(change.feature_id)) and record["geometry"].intersects(area)
    ]


def changed_kinds(frames: dict, since: dt.date | None, until: dt.date, layers: tuple[str, ...]) -> dict[str, str]:
    """Feature id → the kind of its change, for the map's badges (empty without a compare date)."""
    if since is None:
        return {}
    return {change.feature_id: change.kind for change in frame_changes(frames, since, until, layers)}


def events_between(atlas: Atlas, since: dt.date, until: dt.date) -> list[models.Event]:
    """The events that began in (since, until], newest first."""
    found = [event for event in atlas.events if since < date_start(event.date) <= until]
    return sorted(found, key=lambda event: date_start(event.date), reverse=True)
