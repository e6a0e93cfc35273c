"""Find features by any of their names, in any script or romanization."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from borderatlas.layers import searchable_layers

LAYER_RANK = {layer.id: rank for rank, layer in enumerate(searchable_layers())}
"""Equally good name matches rank by layer, in the registry's order (crossings first)."""
IN_USE = ("open", "restricted", "operating", "active")
NAME_FIELDS = ("name_en", "name_zh", "name_ko", "alt_names", "town_china", "town_dprk", "town_russia")
IGNORED = re.compile(r"[\s'’ʼ‘`\-‐–—_.,()]+")


def normalise(text: str) -> str:
    """Fold a name for matching: drop diacritics, breves, apostrophes, hyphens, spaces and case."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return IGNORED.sub("", unicodedata.normalize("NFKC", stripped)).casefold()


@dataclass(frozen=True)
class SearchHit:
    """A feature that matched a query, with the name it matched on."""

    feature_id: str
    layer: str
    label: str
    matched: str
    rank: int
    order: tuple = ()


def feature_names(record: dict) -> list[str]:
    """Every name a feature record is known by."""
    names = []
    for field in NAME_FIELDS:
        value = record.get(field)
        if isinstance(value, str) and value:
            names.append(value)
        elif isinstance(value, (list, tuple)):
            names.extend(str(v) for v in value if v)
    return names


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


def search_records(atlas) -> Iterable[tuple[str, dict]]:
    """(layer id, record) pairs for every feature of the searchable layers."""
    for layer in searchable_layers():
        frame = atlas.layers.get(layer.id)
        if frame is not None and len(frame):
            for record in frame.drop(columns="geometry").to_dict("records"):
                yield layer.id, record


def search_features(query: str, records: Iterable[tuple[str, dict]], limit: int = 20) -> list[SearchHit]:
    """Features whose names match the query: best match first, then crossings, then places in use."""
    folded = normalise(query)
    if not folded:
        return []
    hits = []
    for layer, record in records:
        best = None
        for name in feature_names(record):
            rank = match_rank(folded, normalise(name))
            if rank is not None and (best is None or rank < best[0]):
                best = (rank, name)
        if best:
            label = f"{record['name_en']} · {record.get('name_zh', '')} · {record.get('name_ko', '')}"
            layer_rank = LAYER_RANK.get(layer, len(LAYER_RANK))
            order = (best[0], layer_rank, record.get("status") not in IN_USE, label)
            hits.append(SearchHit(record["id"], layer, label, best[1], best[0], order))
    hits.sort(key=lambda hit: hit.order)
    return hits[:limit]
