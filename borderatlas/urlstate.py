"""The shareable view in the URL: parse query parameters with safe fallbacks, and write them back."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from borderatlas.asof import DEFAULT_AS_OF, EARLIEST_AS_OF, LATEST_AS_OF
from borderatlas.layers import DEFAULT_LAYERS, MAP_LAYER_IDS
from borderatlas.viewport import (
    DEFAULT_CENTER,
    DEFAULT_ZOOM,
    LIMIT_BOUNDS,
    MAX_ZOOM,
    MIN_ZOOM,
    TILE_IDS,
    Bounds,
)

NOTICE_VALUE_LIMIT = 40


@dataclass(frozen=True)
class ViewState:
    """Everything a shared link restores."""

    layers: tuple[str, ...] = DEFAULT_LAYERS
    as_of: dt.date = DEFAULT_AS_OF
    selected: str | None = None
    lat: float = DEFAULT_CENTER[0]
    lon: float = DEFAULT_CENTER[1]
    zoom: int = DEFAULT_ZOOM
    tiles: str = "none"
    present: bool = False
    bbox: Bounds | None = None
    """The bounds the map last showed on screen (written by the map itself), cut to the pan limits."""
    since: dt.date | None = None
    """The compare date: the map marks what changed between it and as_of (None: no comparison)."""

    @property
    def fitted(self) -> bool:
        """Whether the link gives no centre or zoom, so the map fits the region (or the selection) to its size."""
        return (self.lat, self.lon, self.zoom) == (DEFAULT_CENTER[0], DEFAULT_CENTER[1], DEFAULT_ZOOM)


@dataclass
class ParsedView:
    """A view read from the URL and the notices about values that were replaced by defaults."""

    state: ViewState
    notices: list[str] = field(default_factory=list)


def shown(value: str) -> str:
    """A user-supplied value shortened for a notice (the UI escapes it)."""
    return value if len(value) <= NOTICE_VALUE_LIMIT else value[:NOTICE_VALUE_LIMIT] + "…"


def first(params: Mapping[str, object], key: str) -> str | None:
    """The first value of a query parameter as text."""
    value = params.get(key)
    if isinstance(value, (list, tuple)):
        value = value[0] if value else None
    return None if value is None else str(value)


def parse_float(text: str, low: float, high: float) -> float | None:
    """A finite float within [low, high], else None."""
    try:
        number = float(text)
    except (TypeError, ValueError, OverflowError):
        return None
    return number if math.isfinite(number) and low <= number <= high else None


BBOX_DIGITS = 4
WORLD = (-180.0, -85.06, 180.0, 85.06)


def parse_bbox(text: str) -> Bounds | None:
    """A map's bounds "min lon,min lat,max lon,max lat", cut to the pan limits; None unless well formed and
    overlapping them."""
    parts = text.split(",")
    if len(parts) != 4:
        return None
    numbers = [parse_float(part.strip(), low, high) for part, low, high in zip(parts, WORLD[:2] * 2, WORLD[2:] * 2)]
    if any(number is None for number in numbers):
        return None
    lon_min, lat_min, lon_max, lat_max = numbers
    l_lon_min, l_lat_min, l_lon_max, l_lat_max = LIMIT_BOUNDS
    cut = (max(lon_min, l_lon_min), max(lat_min, l_lat_min), min(lon_max, l_lon_max), min(lat_max, l_lat_max))
    cut = tuple(round(value, BBOX_DIGITS) for value in cut)
    return cut if cut[0] < cut[2] and cut[1] < cut[3] else None


def bbox_text(bbox: Bounds) -> str:
    """The bbox query value."""
    return ",".join(f"{value:.{BBOX_DIGITS}f}" for value in bbox)


def parse_since(raw: str, as_of: dt.date) -> tuple[dt.date | None, str | None]:
    """The compare date from a link, or None with a notice: a day in range and before the as-of date."""
    try:
        since = dt.date.fromisoformat(raw.strip())
    except ValueError:
        since = None
    if since is None or not EARLIEST_AS_OF <= since <= LATEST_AS_OF:
        return None, f"Compare date {shown(raw)!r} is not a date between {EARLIEST_AS_OF} and {LATEST_AS_OF}; ignored."
    if since >= as_of:
        return None, f"Compare date {since} is not before the map date {as_of}; ignored."
    return since, None


def parse_view(params: Mapping[str, object], feature_ids: set[str]) -> ParsedView:
    """Read the view from query parameters; each bad value falls back to its default with a notice."""
    state, notices = ViewState(), []
    raw = first(params, "layers")
    if raw is not None:
        asked = [part.strip() for part in raw.split(",") if part.strip()]
        known = tuple(layer for layer in MAP_LAYER_IDS if layer in asked)
        unknown = [layer for layer in asked if layer not in MAP_LAYER_IDS]
        if unknown:
            notices.append(f"Unknown layer(s) {shown(', '.join(unknown))!r} ignored.")
        if unknown and not known:
            known = state.layers
        state = replace(state, layers=known)
    raw = first(params, "date")
    if raw is not None:
        try:
            as_of = dt.date.fromisoformat(raw.strip())
            if not EARLIEST_AS_OF <= as_of <= LATEST_AS_OF:
                raise ValueError
            state = replace(state, as_of=as_of)
        except ValueError:
            notices.append(
                f"Date {shown(raw)!r} is not a date between {EARLIEST_AS_OF} and {LATEST_AS_OF}; showing {state.as_of}."
            )
    raw = first(params, "since")
    if raw is not None and raw.strip():
        since, notice = parse_since(raw, state.as_of)
        state = replace(state, since=since)
        notices += [notice] if notice else []
    raw = first(params, "sel")
    if raw:
        if raw in feature_ids:
            state = replace(state, selected=raw)
        else:
            notices.append(f"No feature with id {shown(raw)!r}; nothing is selected.")
    lon_min, lat_min, lon_max, lat_max = LIMIT_BOUNDS
    lat_text, lon_text = first(params, "lat"), first(params, "lon")
    if lat_text is not None or lon_text is not None:
        lat = parse_float(lat_text or "", lat_min, lat_max)
        lon = parse_float(lon_text or "", lon_min, lon_max)
        if lat is None or lon is None:
            notices.append("The map centre in the link is outside the region or not a number; using the default view.")
        else:
            state = replace(state, lat=lat, lon=lon)
    raw = first(params, "zoom")
    if raw is not None:
        zoom = parse_float(raw, MIN_ZOOM, MAX_ZOOM)
        if zoom is None:
            notices.append(f"Zoom {shown(raw)!r} is not between {MIN_ZOOM} and {MAX_ZOOM}; using {state.zoom}.")
        else:
            state = replace(state, zoom=int(round(zoom)))
    raw = first(params, "bbox")
    if raw is not None:
        bbox = parse_bbox(raw)
        if bbox is None:
            notices.append(f"Map bounds {shown(raw)!r} are not four numbers around the region; ignored.")
        else:
            state = replace(state, bbox=bbox)
    raw = first(params, "tiles")
    if raw is not None:
        if raw in TILE_IDS:
            state = replace(state, tiles=raw)
        else:
            notices.append(f"Unknown tile layer {shown(raw)!r}; using the offline vector basemap.")
    raw = first(params, "present")
    if raw is not None:
        state = replace(state, present=raw.strip().lower() in ("1", "true", "yes"))
    return ParsedView(state, notices)


def view_params(state: ViewState) -> dict[str, str]:
    """The query parameters for a view; defaults are left out to keep links short."""
    default = ViewState()
    params: dict[str, str] = {}
    if state.layers != default.layers:
        params["layers"] = ",".join(state.layers)
    if state.as_of != default.as_of:
        params["date"] = state.as_of.isoformat()
    if state.since is not None:
        params["since"] = state.since.isoformat()
    if state.selected:
        params["sel"] = state.selected
    if (state.lat, state.lon) != (default.lat, default.lon):
        params["lat"], params["lon"] = f"{state.lat:.4f}", f"{state.lon:.4f}"
    if state.zoom != default.zoom:
        params["zoom"] = str(state.zoom)
    if state.tiles != default.tiles:
        params["tiles"] = state.tiles
    if state.present:
        params["present"] = "1"
    if state.bbox is not None:
        params["bbox"] = bbox_text(state.bbox)
    return params
