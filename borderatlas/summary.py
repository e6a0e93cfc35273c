"""The summary shown with nothing selected: headline rows first (ranked in facts.csv), then the detail by topic."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from borderatlas import models
from borderatlas.data import Atlas
from borderatlas.panels import FactView, fact_views, newest_first, reported_by

HEADLINE_ROWS = 6
"""How many headline rows lead the summary (the highest-ranked ones reported by the as-of date)."""

DETAIL_TOPICS: tuple[tuple[str, str], ...] = (
    ("sanctions", "Sanctions"),
    ("trade", "Trade"),
    ("aid", "Aid"),
    ("economy", "Economy and investment"),
)
"""The fact topics listed under the headlines, in order, with their headings."""


@dataclass(frozen=True)
class HeadlineRow:
    """One headline: its rank and label, and the facts that make it up on the as-of date (side by side)."""

    rank: int
    label: str
    facts: list[FactView]


@dataclass(frozen=True)
class TopicGroup:
    """The detail facts of one topic, newest first."""

    topic: str
    heading: str
    facts: list[FactView]


@dataclass(frozen=True)
class Summary:
    """Everything the summary panel shows for one view and date."""

    as_of: dt.date
    headlines: list[HeadlineRow]
    groups: list[TopicGroup]

    @property
    def fact_count(self) -> int:
        """How many distinct facts the summary lists, headlines and detail together."""
        return sum(len(row.facts) for row in self.headlines) + sum(len(group.facts) for group in self.groups)


def on_the_map(fact: models.Fact, visible_ids: set[str]) -> bool:
    """True for a fact tied to a feature drawn on the map, or tied to no place at all."""
    return not fact.place_ids or bool(visible_ids.intersection(fact.place_ids))


def known_facts(atlas: Atlas, visible_ids: set[str], as_of: dt.date) -> list[models.Fact]:
    """The facts reported by the as-of date that concern what the map shows."""
    return [fact for fact in atlas.facts if reported_by(fact, as_of) and on_the_map(fact, visible_ids)]


def current_headline_facts(facts: Iterable[models.Fact]) -> list[models.Fact]:
    """The headline facts among these, without those superseded by a later report that is also among them."""
    chosen = [fact for fact in facts if fact.headline is not None]
    replaced = {fact.supersedes for fact in chosen if fact.supersedes}
    return [fact for fact in chosen if fact.id not in replaced]


def headline_rows(atlas: Atlas, facts: Iterable[models.Fact], limit: int = HEADLINE_ROWS) -> list[HeadlineRow]:
    """The top headline rows by rank, each with its current facts (newest first)."""
    rows: dict[int, list[models.Fact]] = {}
    for fact in current_headline_facts(facts):
        rows.setdefault(fact.headline, []).append(fact)
    ranked = sorted(rows.items())[:limit]
    return [
        HeadlineRow(rank, chosen[0].headline_label, fact_views(atlas, newest_first(chosen))) for rank, chosen in ranked
    ]


def summary(atlas: Atlas, visible_ids: set[str], as_of: dt.date, limit: int = HEADLINE_ROWS) -> Summary:
    """The summary for a view: headline rows, then each topic's other facts, newest first, none listed twice."""
    facts = known_facts(atlas, visible_ids, as_of)
    headlines = headline_rows(atlas, facts, limit)
    shown = {view.fact.id for row in headlines for view in row.facts}
    groups = []
    for topic, heading in DETAIL_TOPICS:
        rest = [fact for fact in facts if fact.topic == topic and fact.id not in shown]
        if rest:
            groups.append(TopicGroup(topic, heading, fact_views(atlas, newest_first(rest))))
    return Summary(as_of, headlines, groups)
