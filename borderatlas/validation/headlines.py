"""Checks across facts: headline rows are consistent, supersessions are later reports, no fact is listed twice."""

from __future__ import annotations

import re

from pydantic import BaseModel

from borderatlas.dates import date_start
from borderatlas.validation.report import DatasetReport, Problem, display_name

FACTS_TABLE = "facts"


def quote_key(fact: BaseModel) -> tuple:
    """What makes two facts the same fact: one source, one sentence (ignoring punctuation), one value, one topic."""
    return (fact.source_id, re.sub(r"\W+", "", fact.quote).lower(), fact.value, fact.topic)


def duplicate_problems(file: str, facts: list[BaseModel]) -> list[Problem]:
    """Facts that repeat an earlier fact's source, sentence, value and topic (the panels would list them twice)."""
    first: dict[tuple, str] = {}
    problems = []
    for fact in facts:
        key = quote_key(fact)
        if key in first:
            message = f"repeats fact {first[key]!r} (same source, sentence, value and topic); merge the two rows"
            problems.append(Problem(file, message, fact.id, "quote", "row"))
        first.setdefault(key, fact.id)
    return problems


def label_problems(file: str, facts: list[BaseModel]) -> list[Problem]:
    """Every fact of one headline rank carries the same label, and one label has one rank."""
    labels: dict[int, tuple[str, str]] = {}
    ranks: dict[str, int] = {}
    problems = []
    for fact in facts:
        if fact.headline is None:
            continue
        label = fact.headline_label.strip()
        known = labels.setdefault(fact.headline, (label, fact.id))
        if known[0] != label:
            message = f"headline {fact.headline} is labelled {known[0]!r} on fact {known[1]!r}, not {label!r}"
            problems.append(Problem(file, message, fact.id, "headline_label", "row"))
        if ranks.setdefault(label, fact.headline) != fact.headline:
            message = f"label {label!r} already has headline rank {ranks[label]}"
            problems.append(Problem(file, message, fact.id, "headline", "row"))
    return problems


def supersede_problems(file: str, facts: list[BaseModel]) -> list[Problem]:
    """A fact supersedes a known fact of its own headline row that was reported earlier."""
    by_id = {fact.id: fact for fact in facts}
    problems = []
    for fact in facts:
        if not fact.supersedes:
            continue
        old = by_id.get(fact.supersedes)
        if old is None:
            message = f"unknown fact {fact.supersedes!r}"
        elif fact.headline is None or old.headline != fact.headline:
            message = f"supersedes {old.id!r}, which is not in the same headline row"
        elif old.reported is None or date_start(fact.reported) <= date_start(old.reported):
            message = f"supersedes {old.id!r} but was not reported later (conflicting reports stay side by side)"
        else:
            continue
        problems.append(Problem(file, message, fact.id, "supersedes", "row"))
    return problems


def fact_problems(report: DatasetReport) -> list[Problem]:
    """All checks across the facts table."""
    records = report.tables.get(FACTS_TABLE)
    if records is None:
        return []
    file = display_name(report.root, records.spec.filename)
    facts = list(records.rows)
    return duplicate_problems(file, facts) + label_problems(file, facts) + supersede_problems(file, facts)
