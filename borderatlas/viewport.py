"""Where the map opens and how far it may go, and the optional online tile backgrounds (no folium here)."""

from __future__ import annotations

from dataclasses import dataclass

from borderatlas.registry import REGION_BOUNDS

Bounds = tuple[float, float, float, float]
"""(min lon, min lat, max lon, max lat)."""

DEFAULT_CENTER = (41.6, 127.6)
DEFAULT_ZOOM = 7
"""The server's guess at the opening view; the browser fits FIT_BOUNDS to the map's real size instead."""
MIN_ZOOM, MAX_ZOOM = 5, 16
"""The zoom range of the map and of links; the browser may raise the minimum so zooming out stops at the region."""
FIT_BOUNDS: Bounds = (124.2, 39.8, 130.8, 43.4)
"""The border region the default view fits: the Yalu mouth and Hwanggumpyong to Rason and the Tumen mouth, and the
upper Tumen's flood counties."""
LIMIT_BOUNDS: Bounds = REGION_BOUNDS
"""How far the map may be panned (Leaflet maxBounds); every centre the user can reach lies inside, so links keep it."""
FIT_PADDING_PX = 12
POINT_ZOOM = 10
"""The zoom a link or search to a point feature opens at; an area feature is fitted to its bounds (up to AREA_MAX_ZOOM)."""
AREA_MAX_ZOOM = 13


@dataclass(frozen=True)
class TileChoice:
    """An optional online tile layer drawn over the vector basemap."""

    id: str
    title: str
    url: str
    attribution: str
    max_zoom: int = 18


TILE_CHOICES: tuple[TileChoice, ...] = (
    TileChoice("none", "Vector basemap only (offline)", "", ""),
    TileChoice(
        "osm",
        "OpenStreetMap",
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
        19,
    ),
    TileChoice(
        "carto-light",
        "CARTO light",
        "https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}{r}.png",
        '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors '
        '&copy; <a href="https://carto.com/attributions">CARTO</a>',
        19,
    ),
    TileChoice(
        "esri-imagery",
        "Esri World Imagery (satellite)",
        "https://server.arcgisonline.com/ArcGIS/rest/services/World_Imagery/MapServer/tile/{z}/{y}/{x}",
        "Tiles &copy; Esri &mdash; Source: Esri, Maxar, Earthstar Geographics, and the GIS User Community",
        18,
    ),
)
TILE_IDS = tuple(choice.id for choice in TILE_CHOICES)

MAP_TITLE = "Map of the China–North Korea border"
"""The map frame's accessible name (the map sets it on its frame; tests find the frame by it)."""
