"""Find features and places by any of their names, in any script or romanization, best match first.

Ranking, best first: an exact match on a feature's own name (name_en, name_zh, name_ko); an exact match on one of
its other names; a prefix; a substring; a near miss (a small typo, scored by rapidfuzz). Within a tier, data
features come before basemap towns (a town's name is also an alias of its bridges, which have a panel), then the
registry's layer order (rivers first, then crossings), places in use, and the name closest to the query.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz

from borderatlas.asof import DEFAULT_AS_OF, record_status
from borderatlas.layers import layer_by_id, searchable_layers
from borderatlas.search.places import RIVERS, TOWNS, place_records
from borderatlas.search.target import ViewTarget, view_target

__all__ = [
    "SearchHit",
    "ViewTarget",
    "describe",
    "normalise",
    "place_records",
    "search_features",
    "search_records",
    "view_target",
]

LAYER_RANK = {RIVERS: -1} | {layer.id: rank for rank, layer in enumerate(searchable_layers())}
"""Equally good matches rank by layer: the rivers, then the registry's order (crossings first), then towns."""
IN_USE = ("open", "restricted", "operating", "active")
OWN_NAME_FIELDS = ("name_en", "name_zh", "name_ko")
OTHER_NAME_FIELDS = ("alt_names", "town_china", "town_dprk", "town_russia")
NAME_FIELDS = OWN_NAME_FIELDS + OTHER_NAME_FIELDS
IGNORED = re.compile(r"[\s'’ʼ‘`\-‐–—_.,()]+")
EXACT, EXACT_OTHER, PREFIX, SUBSTRING, NEAR = range(5)
"""Match tiers, best first."""
NEAR_MIN_LENGTH = 4
"""Shorter queries are matched exactly, by prefix or substring only (a typo in 3 letters is another word)."""
NEAR_CUTOFF = 80
"""The least rapidfuzz ratio (0–100) a near miss needs: "Sinuju" against "Sinuiju" scores 92."""
HIT_WORDS = {"crossings": "crossing · {status}", "flood_areas": "flood {kind}", TOWNS: "town · {country}"}
"""How a hit says what it is, by layer (default "{kind} · {status}"); the words come from the layer registry."""
PLACE_WORDS = {RIVERS: "river", TOWNS: "town"}


def normalise(text: str) -> str:
    """Fold a name for matching: drop diacritics, breves, apostrophes, hyphens, spaces and case."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return IGNORED.sub("", unicodedata.normalize("NFKC", stripped)).casefold()


@dataclass(frozen=True)
class SearchHit:
    """A feature or place that matched a query: what it is, the name it matched on, and where the map goes for it.

    feature_id is None for a basemap place (a town or river): choosing it moves the map and selects nothing.
    """

    feature_id: str | None
    layer: str
    label: str
    matched: str
    rank: int
    order: tuple = ()
    description: str = ""
    key: str = ""
    target: ViewTarget | None = None

    @property
    def text(self) -> str:
        """The hit as listed: its names and what it is ("… · 中朝友谊桥 · 조중우의교 — crossing · open")."""
        return f"{self.label} — {self.description}" if self.description else self.label


def names_of(record: dict, fields: tuple[str, ...]) -> list[str]:
    """The names in some fields of a record (list fields flattened, empty values left out)."""
    names = []
    for field in fields:
        value = record.get(field)
        if isinstance(value, str) and value:
            names.append(value)
        elif isinstance(value, (list, tuple)):
            names.extend(str(v) for v in value if v)
    return names


def feature_names(record: dict) -> list[str]:
    """Every name a feature record is known by."""
    return names_of(record, NAME_FIELDS)


def match_rank(query: str, name: str) -> int | None:
    """0 for an exact match, 1 for a prefix, 2 for a substring, None for no match (both normalised)."""
    if not query or not name:
        return None
    if name == query:
        return 0
    if name.startswith(query):
        return 1
    if query in name:
        return 2
    return None


def best_match(query: str, record: dict) -> tuple[int, float, str] | None:
    """The record's best match for a normalised query: (tier, closeness 0–100, the name), or None."""
    best = None
    for tier_offset, fields in ((0, OWN_NAME_FIELDS), (1, OTHER_NAME_FIELDS)):
        for name in names_of(record, fields):
            folded = normalise(name)
            rank = match_rank(query, folded)
            if rank is not None:
                tier, score = (EXACT + tier_offset if rank == 0 else PREFIX + rank - 1), 100.0
            elif len(query) >= NEAR_MIN_LENGTH:
                score = fuzz.ratio(query, folded, score_cutoff=NEAR_CUTOFF)
                if not score:
                    continue
                tier = NEAR
            else:
                continue
            if best is None or (tier, -score) < (best[0], -best[1]):
                best = (tier, score, name)
    return best


def describe(layer_id: str, record: dict, as_of: dt.date = DEFAULT_AS_OF) -> str:
    """What a hit is, in the registry's words: "crossing · open", "flood county", "economic zone · active"."""
    if layer_id in PLACE_WORDS and layer_id not in HIT_WORDS:
        return PLACE_WORDS[layer_id]
    template = HIT_WORDS.get(layer_id, "{kind} · {status}")
    status = ""
    if "{status}" in template and "status" in record:
        status = layer_by_id(layer_id).status_text(record_status(record, as_of)).lower()
    words = {
        "kind": str(record.get("kind") or "").replace("_", " "),
        "status": status,
        "country": str(record.get("country") or ""),
    }
    text = template.format(**words)
    return " · ".join(part.strip() for part in text.split("·") if part.strip()) or PLACE_WORDS.get(layer_id, "")


def hit_label(record: dict) -> str:
    """A hit's names: English, Chinese and Korean, the ones it has."""
    return " · ".join(
        str(record[field]) for field in OWN_NAME_FIELDS if isinstance(record.get(field), str) and record[field]
    )


def search_records(atlas) -> Iterable[tuple[str, dict]]:
    """(layer id, record) pairs for every feature of the searchable layers, with its geometry."""
    for layer in searchable_layers():
        frame = atlas.layers.get(layer.id)
        if frame is not None and len(frame):
            for record in frame.to_dict("records"):
                yield layer.id, record


def search_features(
    query: str, records: Iterable[tuple[str, dict]], limit: int = 20, as_of: dt.date = DEFAULT_AS_OF
) -> list[SearchHit]:
    """Features and places whose names match the query, best first (see the module's docstring)."""
    folded = normalise(query)
    if not folded:
        return []
    hits = []
    for layer, record in records:
        best = best_match(folded, record)
        if best is None:
            continue
        tier, score, name = best
        is_town = layer == TOWNS
        if is_town and tier == EXACT:
            tier = EXACT_OTHER
        label = hit_label(record)
        closeness = fuzz.ratio(folded, normalise(str(record.get("name_en") or "")))
        order = (
            tier,
            -score,
            is_town,
            LAYER_RANK.get(layer, len(LAYER_RANK)),
            record.get("status", "open") not in IN_USE,
            -closeness,
            label,
        )
        feature_id = None if layer in PLACE_WORDS else record["id"]
        hits.append(
            SearchHit(
                feature_id,
                layer,
                label,
                name,
                tier,
                order,
                describe(layer, record, as_of),
                str(record["id"]),
                view_target(record.get("geometry")),
            )
        )
    hits.sort(key=lambda hit: hit.order)
    return hits[:limit]
