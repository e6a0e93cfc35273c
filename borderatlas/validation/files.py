"""Read a data file safely: UTF-8 text, or a GeoJSON FeatureCollection in WGS 84, else one file-level Problem."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

from borderatlas.paths import BASEMAP_DIR
from borderatlas.validation.report import Problem

ACCEPTED_CRS = {
    "urn:ogc:def:crs:OGC:1.3:CRS84",
    "urn:ogc:def:crs:OGC::CRS84",
    "urn:ogc:def:crs:EPSG::4326",
    "EPSG:4326",
}


class JSONLimitError(ValueError):
    """JSON that is well formed but past what Python's parser reads: nesting too deep, or an integer too long."""


def load_json(text: str) -> Any:
    """json.loads, with too-deep nesting and over-long integers raised as JSONLimitError saying so in plain words."""
    try:
        return json.loads(text)
    except RecursionError:
        raise JSONLimitError("nested too deeply (more levels of brackets than the parser allows)") from None
    except json.JSONDecodeError:
        raise
    except ValueError as exc:  # Python refuses to convert integers of more than sys.get_int_max_str_digits() digits
        digits = re.search(r"value has (\d+) digits", str(exc))
        size = f"{int(digits.group(1)):,} digits" if digits else "too many digits"
        raise JSONLimitError(f"a number has {size}; at most {sys.get_int_max_str_digits():,} can be read") from None


def basemap_dir(root: Path) -> Path:
    """The basemap served with a data folder: its own basemap/ folder, else the repository's geodata/basemap/."""
    own = Path(root) / "basemap"
    try:
        return own if own.is_dir() else BASEMAP_DIR
    except OSError:  # there, but cannot be looked at: its files are then reported unreadable, not swapped
        return own


def read_text(path: Path, file: str) -> tuple[str | None, Problem | None]:
    """Read a data file as UTF-8, or say why it cannot be read."""
    try:
        if not path.exists():
            return None, Problem(file, "file is missing", record_kind="file")
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, Problem(file, f"cannot read file: {exc}", record_kind="file")
    if not text.strip():
        return None, Problem(file, "file is empty", record_kind="file")
    return text, None


def parse_feature_collection(text: str, file: str) -> tuple[list[Any] | None, Problem | None]:
    """Parse GeoJSON text into its feature list, or say what is wrong with the whole file."""
    try:
        data = load_json(text)
    except JSONLimitError as exc:
        return None, Problem(file, f"invalid JSON: {exc}")
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
