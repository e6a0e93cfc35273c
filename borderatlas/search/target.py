"""Where the map goes for a search hit: a point at a street-level zoom, a polygon or line fitted to its bounds."""

from __future__ import annotations

import math
from dataclasses import dataclass

from borderatlas.viewport import MAX_ZOOM, MIN_ZOOM

POINT_ZOOM = 11
"""The zoom for a point hit: the town and its bridges fill the map."""
FIT_MAX_ZOOM = 13
"""The closest zoom a fitted shape gets (a tiny polygon is not blown up to street level)."""
MAP_SIZE_PX = (900, 620)
"""The map's usual size (width, height) in CSS pixels, for turning bounds into a zoom."""
PADDING = 0.9
"""The share of the map a fitted shape may fill."""
TILE_PX = 256


@dataclass(frozen=True)
class ViewTarget:
    """A centre and zoom for the map, and the bounds (south, west, north, east) it fits when the hit has extent."""

    lat: float
    lon: float
    zoom: int
    bounds: tuple[float, float, float, float] | None = None


def mercator_y(lat: float) -> float:
    """A latitude on the Web Mercator y axis (radians, unbounded at the poles, which the border never nears)."""
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def fit_zoom(bounds: tuple[float, float, float, float], size_px: tuple[int, int] = MAP_SIZE_PX) -> int:
    """The closest whole zoom at which bounds (south, west, north, east) fit in a map of size_px."""
    south, west, north, east = bounds
    width, height = size_px
    zooms = []
    lon_share = (east - west) / 360
    if lon_share > 0:
        zooms.append(math.log2(width * PADDING / (TILE_PX * lon_share)))
    lat_share = (mercator_y(north) - mercator_y(south)) / (2 * math.pi)
    if lat_share > 0:
        zooms.append(math.log2(height * PADDING / (TILE_PX * lat_share)))
    if not zooms:
        return POINT_ZOOM
    return max(MIN_ZOOM, min(FIT_MAX_ZOOM, MAX_ZOOM, math.floor(min(zooms))))


def view_target(geometry, size_px: tuple[int, int] = MAP_SIZE_PX) -> ViewTarget | None:
    """Where to look at a shapely geometry: a point at POINT_ZOOM, anything with extent fitted to its bounds."""
    if geometry is None or geometry.is_empty:
        return None
    west, south, east, north = geometry.bounds
    if geometry.geom_type in ("Point", "MultiPoint") and east - west < 1e-9 and north - south < 1e-9:
        return ViewTarget(round(south, 4), round(west, 4), POINT_ZOOM)
    bounds = (round(south, 4), round(west, 4), round(north, 4), round(east, 4))
    centre_lat = math.degrees(2 * math.atan(math.exp((mercator_y(south) + mercator_y(north)) / 2)) - math.pi / 2)
    return ViewTarget(round(centre_lat, 4), round((west + east) / 2, 4), fit_zoom(bounds, size_px), bounds)
