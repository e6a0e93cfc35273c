"""Read a data file safely: UTF-8 text, or a GeoJSON FeatureCollection in WGS 84, else one file-level Problem."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from borderatlas.validation.report import Problem

ACCEPTED_CRS = {
    "urn:ogc:def:crs:OGC:1.3:CRS84",
    "urn:ogc:def:crs:OGC::CRS84",
    "urn:ogc:def:crs:EPSG::4326",
    "EPSG:4326",
}


def read_text(path: Path, file: str) -> tuple[str | None, Problem | None]:
    """Read a data file as UTF-8, or say why it cannot be read."""
    if not path.exists():
        return None, Problem(file, "file is missing", record_kind="file")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, Problem(file, f"cannot read file: {exc}", record_kind="file")
    if not text.strip():
        return None, Problem(file, "file is empty", record_kind="file")
    return text, None


def parse_feature_collection(text: str, file: str) -> tuple[list[Any] | None, Problem | None]:
    """Parse GeoJSON text into its feature list, or say what is wrong with the whole file."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return None, Problem(file, f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}")
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        return None, Problem(file, "not a GeoJSON FeatureCollection")
    crs_name = (
        (((data.get("crs") or {}).get("properties") or {}).get("name")) if isinstance(data.get("crs"), dict) else None
    )
    if "crs" in data and crs_name not in ACCEPTED_CRS:
        return None, Problem(
            file, f"crs: declares {crs_name or data.get('crs')!r}; only WGS 84 lon/lat (EPSG:4326) is accepted"
        )
    features = data.get("features")
    if not isinstance(features, list):
        return None, Problem(file, "features: missing or not a list")
    if not features:
        return None, Problem(file, "features: the layer has no features")
    return features, None
