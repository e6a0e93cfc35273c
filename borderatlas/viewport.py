"""Where the map opens and how far it may go, and the optional online tile backgrounds (no folium here)."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_CENTER = (41.6, 127.6)
DEFAULT_ZOOM = 7
MIN_ZOOM, MAX_ZOOM = 5, 16


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
