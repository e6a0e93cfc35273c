"""The shareable view in the URL: parse query parameters with safe fallbacks, and write them back."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from borderatlas import slide
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
    title: str | None = None
    subtitle: str | None = None
    """The slide's own title and subtitle (None: the computed ones)."""
    notes: tuple[slide.Note, ...] = ()
    legend: tuple[str, ...] | None = None
    """The legend rows chosen for the export, by slide.legend_key (None: the rows of what is in view)."""
    overlay_in_export: bool = False
    """Whether the export includes the user's overlay (the file itself is never in the link)."""

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
    changes, slide_notices = parse_slide(params, feature_ids)
    return ParsedView(replace(state, **changes), notices + slide_notices)


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
    params.update(slide_params(state.title, state.subtitle, state.notes, state.legend, state.overlay_in_export))
    return params


def parse_note(raw: str, feature_ids: set[str]) -> tuple[slide.Note | None, str | None]:
    """A note from its query value, and a notice when it is refused or shortened."""
    feature_id, separator, text = raw.partition(slide.NOTE_SEPARATOR)
    feature_id = feature_id.strip()
    text, cut = slide.limited(text, slide.MAX_NOTE_CHARS)
    if not separator or feature_id not in feature_ids:
        return None, f"Note {shown(raw)!r} is not '<feature id>~<text>' for a feature on the map; left out."
    if not text:
        return None, f"Note on {shown(feature_id)!r} has no text; left out."
    notice = f"A note on {shown(feature_id)!r} was cut to {slide.MAX_NOTE_CHARS} characters." if cut else None
    return slide.Note(feature_id, text), notice


def parse_notes(params: Mapping[str, object], feature_ids: set[str]) -> tuple[tuple[slide.Note, ...], list[str]]:
    """The notes `note1` … `note5` in order, and notices for those refused, cut or past the fifth."""
    notes, notices = [], []
    for key in slide.NOTE_PARAMS:
        raw = first(params, key)
        if raw is None:
            continue
        note, notice = parse_note(raw, feature_ids)
        notes += [note] if note is not None else []
        notices += [notice] if notice else []
    extra = [key for key in params if slide.NOTE_PARAM_RE.fullmatch(str(key)) and key not in slide.NOTE_PARAMS]
    if extra:
        notices.append(f"At most {slide.MAX_NOTES} notes (note1 to note{slide.MAX_NOTES}); {len(extra)} more left out.")
    return tuple(notes), notices


def parse_legend(raw: str) -> tuple[tuple[str, ...] | None, str | None]:
    """The chosen legend rows (an empty value: none), and a notice naming unknown keys."""
    asked = [part.strip() for part in raw.split(",") if part.strip()]
    known = tuple(dict.fromkeys(key for key in asked if key in slide.LEGEND_KEYS))
    unknown = [key for key in asked if key not in slide.LEGEND_KEYS]
    if not unknown:
        return known, None
    if not known:
        return None, f"Unknown legend row(s) {shown(', '.join(unknown))!r}; showing the rows of what is in view."
    return known, f"Unknown legend row(s) {shown(', '.join(unknown))!r} left out."


def parse_slide(params: Mapping[str, object], feature_ids: set[str]) -> tuple[dict, list[str]]:
    """The slide's fields from query parameters (as ViewState changes), and notices for what was refused or cut."""
    changes: dict = {}
    notices: list[str] = []
    for key, limit, name in (
        ("title", slide.MAX_TITLE_CHARS, "Title"),
        ("subtitle", slide.MAX_SUBTITLE_CHARS, "Subtitle"),
    ):
        raw = first(params, key)
        if raw is None:
            continue
        text, cut = slide.limited(raw, limit)
        if text:
            changes[key] = text
        if cut:
            notices.append(f"{name} cut to {limit} characters.")
    notes, note_notices = parse_notes(params, feature_ids)
    if notes:
        changes["notes"] = notes
    notices += note_notices
    raw = first(params, "legend")
    if raw is not None:
        chosen, notice = parse_legend(raw)
        if chosen is not None:
            changes["legend"] = chosen
        notices += [notice] if notice else []
    raw = first(params, "ovl")
    if raw is not None:
        changes["overlay_in_export"] = raw.strip().lower() in ("1", "true", "yes")
    return changes, notices


def slide_params(title: str | None, subtitle: str | None, notes, legend_rows, overlay_in_export: bool) -> dict:
    """The slide's query parameters; what is at its default is left out."""
    params: dict[str, str] = {}
    if title:
        params["title"] = title
    if subtitle:
        params["subtitle"] = subtitle
    for key, note in zip(slide.NOTE_PARAMS, notes):
        params[key] = slide.note_value(note)
    if legend_rows is not None:
        params["legend"] = ",".join(legend_rows)
    if overlay_in_export:
        params["ovl"] = "1"
    return params
