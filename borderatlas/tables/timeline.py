"""The Timeline page's entries: events with their places and citations, by topic and as-of date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from borderatlas import models, panels
from borderatlas.asof import event_visible
from borderatlas.data import Atlas
from borderatlas.dates import date_start
from borderatlas.tables.cells import feature_names


@dataclass(frozen=True)
class EventView:
    """A timeline entry: the event, the places it concerns (id, name) and its citations."""

    event: models.Event
    places: list[tuple[str, str]]
    citations: list[panels.Citation]


def event_topics(atlas: Atlas) -> list[str]:
    """The topics that occur among the events, in vocabulary order."""
    present = {event.topic for event in atlas.events}
    return [topic for topic in models.EventTopic.__args__ if topic in present]


def timeline(atlas: Atlas, topics: Iterable[str] = (), as_of: dt.date | None = None) -> list[EventView]:
    """Events in date order, limited to the topics (all when empty) and to those begun by as_of (all when None)."""
    wanted = set(topics)
    names = feature_names(atlas)
    return [
        EventView(
            event,
            [(pid, names[pid]) for pid in event.place_ids if pid in names],
            [panels.cite(atlas, sid) for sid in event.source_ids],
        )
        for event in sorted(atlas.events, key=lambda e: (date_start(e.date), e.id))
        if (not wanted or event.topic in wanted) and (as_of is None or event_visible(event.date, as_of))
    ]
