"""The Timeline page's entries: events with their places and citations, by topic, year and as-of date."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from borderatlas import models, panels
from borderatlas.asof import event_visible
from borderatlas.data import Atlas
from borderatlas.dates import date_end, date_start
from borderatlas.tables.cells import feature_names


@dataclass(frozen=True)
class EventView:
    """A timeline entry: the event, the places it concerns (id, name) and its citations."""

    event: models.Event
    places: list[tuple[str, str]]
    citations: list[panels.Citation]

    @property
    def year(self) -> int:
        """The year the event began in (its group on the page)."""
        return date_start(self.event.date).year


def event_topics(atlas: Atlas) -> list[str]:
    """The topics that occur among the events, in vocabulary order."""
    present = {event.topic for event in atlas.events}
    return [topic for topic in models.EventTopic.__args__ if topic in present]


def timeline(
    atlas: Atlas, topics: Iterable[str] = (), as_of: dt.date | None = None, newest_first: bool = False
) -> list[EventView]:
    """Events in date order (or newest first), limited to the topics (all when empty) and to those begun by as_of
    (all when None)."""
    wanted = set(topics)
    names = feature_names(atlas)
    events = sorted(atlas.events, key=lambda e: (date_start(e.date), e.id), reverse=newest_first)
    return [
        EventView(
            event,
            [(pid, names[pid]) for pid in event.place_ids if pid in names],
            [panels.cite(atlas, sid) for sid in event.source_ids],
        )
        for event in events
        if (not wanted or event.topic in wanted) and (as_of is None or event_visible(event.date, as_of))
    ]


def by_year(entries: list[EventView]) -> list[tuple[int, list[EventView]]]:
    """The entries grouped by year, in the order given (the groups keep the entries' order)."""
    return [(year, list(group)) for year, group in itertools.groupby(entries, key=lambda entry: entry.year)]


def year_anchor(year: int) -> str:
    """The in-page anchor of a year's heading."""
    return f"year-{year}"


TIMELINE_COLUMNS = ["date", "end", "date_text", "year", "topic", "title", "id"]


def timeline_frame(entries: list[EventView]) -> pd.DataFrame:
    """The entries as chart data: one row per event, placed at the first day its date covers."""
    rows = [
        {
            "date": pd.Timestamp(date_start(entry.event.date)),
            "end": pd.Timestamp(date_end(entry.event.date)),
            "date_text": entry.event.date,
            "year": entry.year,
            "topic": entry.event.topic,
            "title": entry.event.title,
            "id": entry.event.id,
        }
        for entry in entries
    ]
    return pd.DataFrame(rows, columns=TIMELINE_COLUMNS)


TITLE_STOPWORDS = frozenset({"the", "of", "and", "for", "on", "in", "at", "its", "new", "with", "by", "from", "to"})
SIMILAR_TITLES = 0.5
"""Share of the shorter title's words that two titles must have in common to look like one happening."""
KNOWN_DISTINCT_EVENTS: frozenset[frozenset[str]] = frozenset()
"""Pairs of event ids that look alike but are different happenings (none at present)."""


def title_words(title: str) -> set[str]:
    """The words of a title that say what happened: lower case, no short words or stopwords."""
    words = re.findall(r"[^\W_]+", title.lower().replace("'s", ""))
    return {word for word in words if len(word) > 2 and word not in TITLE_STOPWORDS}


def title_overlap(first: str, second: str) -> float:
    """The share of the shorter title's words found in the other title (0 when either has none)."""
    a, b = title_words(first), title_words(second)
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def dates_overlap(first: str, second: str) -> bool:
    """True when two partial dates cover a common day ('2010-12' and '2010-12-31' do)."""
    return date_start(first) <= date_end(second) and date_start(second) <= date_end(first)


def similar_events(
    events: Iterable[models.Event], known_distinct: frozenset[frozenset[str]] = KNOWN_DISTINCT_EVENTS
) -> list[tuple[str, str]]:
    """Pairs of events that look like one happening told twice: dates that overlap, the same topic and titles that
    share most of their words; pairs listed as known distinct are left out."""
    return [
        (a.id, b.id)
        for a, b in itertools.combinations(events, 2)
        if a.topic == b.topic
        and dates_overlap(a.date, b.date)
        and title_overlap(a.title, b.title) >= SIMILAR_TITLES
        and frozenset((a.id, b.id)) not in known_distinct
    ]
