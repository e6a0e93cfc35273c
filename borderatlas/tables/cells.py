"""Cell values shared by every table: text, lists, status words, numbers, short citations."""

from __future__ import annotations

import math
from collections.abc import Iterable

import pandas as pd

from borderatlas.citations import cite
from borderatlas.data import Atlas
from borderatlas.registry import LAYERS


def text(value: object) -> str:
    """A cell value as display text: None and NaN become empty."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def join(values: Iterable[object] | None) -> str:
    """A list as one '; '-separated cell."""
    if values is None or isinstance(values, float):
        return ""
    return "; ".join(text(value) for value in values if text(value))


def number(value: object) -> float | None:
    """A numeric cell, or None when empty."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return float(value)


def feature_records(atlas: Atlas, layer: str) -> list[dict]:
    """A layer's features as property dicts (no geometry); empty when the layer is missing."""
    frame = atlas.layers.get(layer)
    if frame is None or not len(frame):
        return []
    return frame.drop(columns="geometry").to_dict("records")


def feature_names(atlas: Atlas) -> dict[str, str]:
    """English name of every feature, by id."""
    return {record["id"]: record["name_en"] for spec in LAYERS for record in feature_records(atlas, spec.id)}


def short_cite(atlas: Atlas, source_id: str) -> str:
    """A source in one short line: title — publisher (date)."""
    return cite(atlas.sources, source_id, "short").text


def cites(atlas: Atlas, source_ids: Iterable[str] | None) -> str:
    """Several sources as one cell."""
    return join(short_cite(atlas, sid) for sid in (source_ids or []))


def frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    """A DataFrame with exactly these columns, even when there are no rows."""
    return pd.DataFrame(rows, columns=columns)
