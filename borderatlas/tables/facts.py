"""The facts tied to a layer's places, or to a topic, for the pages' fact lists."""

from __future__ import annotations

import datetime as dt

from borderatlas import panels
from borderatlas.data import Atlas
from borderatlas.tables.cells import feature_records


def place_facts(atlas: Atlas, layer: str, as_of: dt.date | None = None) -> list[tuple[dict, list[panels.FactView]]]:
    """Each feature of a layer that has facts (reported by as_of, if given), with those facts."""
    result = []
    for record in feature_records(atlas, layer):
        facts = [
            fact
            for fact in atlas.facts
            if record["id"] in fact.place_ids and (as_of is None or panels.reported_by(fact, as_of))
        ]
        if facts:
            result.append((record, panels.fact_views(atlas, panels.newest_first(facts))))
    return result


def topic_facts(atlas: Atlas, topic: str, as_of: dt.date | None = None) -> list[panels.FactView]:
    """Every fact on one topic (reported by as_of, if given), newest first."""
    chosen = [f for f in atlas.facts if f.topic == topic and (as_of is None or panels.reported_by(f, as_of))]
    return panels.fact_views(atlas, panels.newest_first(chosen))
