"""Large point overlays aggregated for the web map: one square grid of Web Mercator cells per zoom band, each cell
CELL_PX screen pixels wide at its band's zoom, with the number of points in it. Pure numpy (no folium).

Cells are whole Web Mercator pixel squares, so a cell at zoom z is the same square on screen wherever the map is;
each point falls in exactly one cell per band, so a band's counts add up to the points that have coordinates.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

CELL_PX = 64
"""Width of a cell on screen at its band's zoom, in CSS pixels."""

TILE_PX = 256
"""Web Mercator pixels per world at zoom 0 (Leaflet's default CRS)."""

MAX_LATITUDE = 85.0511287798
"""Web Mercator's latitude limit (as Leaflet's L.Projection.SphericalMercator): points past it are clamped to it."""

BAND_ZOOMS = (5, 6, 7, 8, 9, 10)
"""One band per zoom from the map's minimum; from POINTS_ZOOM the points themselves are drawn."""

POINTS_ZOOM = 11


@dataclass(frozen=True)
class Band:
    """The cells of one zoom band: grid indices, point counts, mean position, and the first point in each cell."""

    zoom: int
    ix: np.ndarray
    iy: np.ndarray
    count: np.ndarray
    lon: np.ndarray
    lat: np.ndarray
    first: np.ndarray
    """Index (into the overlay's points) of the first point in each cell: a cell of one point is that point."""

    def __len__(self) -> int:
        return len(self.count)


def mercator(lon: np.ndarray, lat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Web Mercator world coordinates in [0, 1] (x east, y south), latitude clamped to MAX_LATITUDE."""
    lat = np.clip(np.asarray(lat, dtype=float), -MAX_LATITUDE, MAX_LATITUDE)
    x = (np.asarray(lon, dtype=float) + 180.0) / 360.0
    y = 0.5 - np.log(np.tan(np.pi / 4 + np.radians(lat) / 2)) / (2 * np.pi)
    return x, y


def cells_per_world(zoom: int, cell_px: int = CELL_PX) -> int:
    """How many cells span the world at zoom."""
    return max(1, (TILE_PX << zoom) // cell_px)


def cell_index(lon: np.ndarray, lat: np.ndarray, zoom: int, cell_px: int = CELL_PX) -> tuple[np.ndarray, np.ndarray]:
    """The (ix, iy) grid cell of each point at zoom (the east and south edges belong to the last cell)."""
    x, y = mercator(lon, lat)
    n = cells_per_world(zoom, cell_px)
    ix = np.clip(np.floor(x * n), 0, n - 1).astype(np.int64)
    iy = np.clip(np.floor(y * n), 0, n - 1).astype(np.int64)
    return ix, iy


def cell_bounds(zoom: int, ix: int, iy: int, cell_px: int = CELL_PX) -> tuple[float, float, float, float]:
    """A cell's (west, south, east, north) in degrees."""
    n = cells_per_world(zoom, cell_px)

    def latitude(y: float) -> float:
        return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y))))

    return ix / n * 360 - 180, latitude((iy + 1) / n), (ix + 1) / n * 360 - 180, latitude(iy / n)


def valid(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Which points have finite coordinates within the world (others are not drawn)."""
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    return np.isfinite(lon) & np.isfinite(lat) & (np.abs(lon) <= 180) & (np.abs(lat) <= 90)


def band(lon: np.ndarray, lat: np.ndarray, zoom: int, cell_px: int = CELL_PX) -> Band:
    """The occupied cells at zoom, in grid order (by ix, then iy): deterministic for the same points."""
    return bands(lon, lat, (zoom,), cell_px)[0]


def bands(lon: np.ndarray, lat: np.ndarray, zooms: tuple[int, ...] = BAND_ZOOMS, cell_px: int = CELL_PX) -> list[Band]:
    """One band per zoom (points projected once, then one numpy pass per band); points without valid coordinates
    are left out."""
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    keep = np.flatnonzero(valid(lon, lat))
    lon, lat = lon[keep], lat[keep]
    x, y = mercator(lon, lat)
    found = []
    for zoom in zooms:
        n = cells_per_world(zoom, cell_px)
        ix = np.clip(np.floor(x * n), 0, n - 1).astype(np.int64)
        iy = np.clip(np.floor(y * n), 0, n - 1).astype(np.int64)
        keys, first, inverse, counts = np.unique(
            ix * n + iy, return_index=True, return_inverse=True, return_counts=True
        )
        inverse = inverse.reshape(-1)
        mean_lon = np.bincount(inverse, weights=lon, minlength=len(keys)) / counts
        mean_lat = np.bincount(inverse, weights=lat, minlength=len(keys)) / counts
        found.append(Band(zoom, keys // n, keys % n, counts, mean_lon, mean_lat, keep[first]))
    return found
