"""Build the folium map: a fixed base (land, sea, lakes) and toggleable feature groups for every layer."""

from __future__ import annotations

import datetime as dt
import json
import weakref
from dataclasses import dataclass, field, replace
from pathlib import Path

import folium
import geopandas as gpd
from branca.element import Element, MacroElement
from jinja2 import Template

from borderatlas import changes, styles, verbatim
from borderatlas.assets import UrlFor, compact_js, localise_assets
from borderatlas.layers import DEFAULT_LAYERS, MapLayer, in_drawing_order
from borderatlas.mapdetail import DetailOnDemand
from borderatlas.mapsymbols import ClearSelectionOnEsc, Drawing, area_group, drawing_for, label_group, point_group
from borderatlas.viewport import (
    DEFAULT_CENTER,
    DEFAULT_ZOOM,
    FIT_BOUNDS,
    FIT_PADDING_PX,
    LIMIT_BOUNDS,
    MAX_ZOOM,
    MIN_ZOOM,
    TILE_CHOICES,
    Bounds,
)

verbatim.install()


@dataclass
class MapRequest:
    """What the user asked to see."""

    layers: tuple[str, ...] = DEFAULT_LAYERS
    as_of: dt.date = dt.date(2016, 11, 30)
    selected: str | None = None
    center: tuple[float, float] = DEFAULT_CENTER
    zoom: int = DEFAULT_ZOOM
    tiles: str = "none"
    framing: Framing | None = None
    """What the browser fits at load and which controls it shows (None: keep centre and zoom, all controls)."""
    since: dt.date | None = None
    """The compare date: features whose status changed between it and as_of get a badge or halo."""


@dataclass
class MapParts:
    """The fixed base map and the feature groups drawn on it for one request."""

    base: folium.Map
    groups: list[folium.FeatureGroup] = field(default_factory=list)

    def assembled(self) -> folium.Map:
        """The base with every group added: one self-contained map (for HTML export and tests)."""
        for group in self.groups:
            group.add_to(self.base)
        return self.base


FRAMING_JS = compact_js(Path(__file__).parent / "mapframing.js")
"""The framing script's body (a plain JavaScript file, so it can be read and linted as one)."""
VIEW_IN_URL_JS = Template("""
{% macro script(this, kwargs) %}
(function (map, opts) {
{{ this.framing_js }}
})({{ this._parent.get_name() }}, {{ this.options_json }});
{% endmacro %}
""")

MAP_CSS = f"""
<style>
.folium-map.leaflet-container, .leaflet-container {{ background: {styles.SEA_COLOUR}; font-family: "Noto Sans CJK SC", "Noto Sans CJK KR", "Noto Sans", sans-serif; }}
.ba-symbol {{ background: none; border: none; }}
.ba-changed {{ position: relative; }}
.ba-changed svg {{ filter: drop-shadow(0 0 1.5px {styles.CHANGE_COLOUR}) drop-shadow(0 0 1.5px {styles.CHANGE_COLOUR}); }}
.ba-badge {{ position: absolute; top: -5px; left: -5px; width: 8px; height: 8px; border-radius: 50%;
  background: {styles.CHANGE_COLOUR}; border: 1.5px solid #fff; pointer-events: none; }}
.ba-town {{ background: none; border: none; white-space: nowrap; font-size: 11px; color: #333;
           text-shadow: 0 0 2px #fff, 0 0 2px #fff, 0 0 3px #fff; pointer-events: none; }}
.ba-label b {{ font-weight: 600; }}
.ba-tip {{ font-size: 12px; line-height: 1.35; }}
.ba-tip .ba-unverified {{ color: #b00020; font-weight: 600; }}
.ba-reset a {{ display: flex !important; align-items: center; justify-content: center; }}
.leaflet-control-attribution {{ max-width: calc(100% - 140px); white-space: normal; line-height: 1.3; }}
.ba-wheel-hint, .ba-tile-notice {{ position: absolute; z-index: 1000; left: 50%; transform: translateX(-50%);
  background: rgba(30, 30, 30, 0.82); color: #fff; font-size: 13px; padding: 6px 12px; border-radius: 4px;
  pointer-events: none; opacity: 0; transition: opacity 0.2s; max-width: 80%; text-align: center; }}
.ba-wheel-hint {{ top: 45%; }}
.ba-tile-notice {{ top: 10px; background: #fff3cd; color: #5c4400; border: 1px solid #e0c36a; }}
.ba-wheel-hint.ba-show, .ba-tile-notice.ba-show {{ opacity: 1; }}
.ba-present .leaflet-control-zoom, .ba-present .leaflet-control-attribution, .ba-present .ba-reset,
.ba-present .ba-wheel-hint {{ display: none !important; }}
html.ba-present-doc, .ba-present-doc body, .ba-present-doc #parent, .ba-present-doc #map_div,
.ba-present-doc .ba-present {{ height: 100vh !important; }}
</style>
"""


@dataclass(frozen=True)
class Framing:
    """How the browser frames the map: what it fits at load, and whether the map shows its own controls."""

    fit: Bounds | None = None
    """Bounds to fit to the map's real size at load (None: keep the centre and zoom)."""
    fit_max_zoom: int = MAX_ZOOM
    controls: bool = True
    """Zoom buttons, reset control and attribution (hidden in presentation mode)."""
    write_url: bool = True


def lat_lng(bbox: Bounds) -> list[list[float]]:
    """A (min lon, min lat, max lon, max lat) box as Leaflet's [[south, west], [north, east]]."""
    return [[bbox[1], bbox[0]], [bbox[3], bbox[2]]]


class ViewInUrl(MacroElement):
    """Frames the map (fit at load, zoom and pan limits, wheel only after a click, reset control, tile errors) and
    keeps its centre, zoom and on-screen bounds in the page URL, without a script rerun."""

    _template = VIEW_IN_URL_JS

    def __init__(self, framing: Framing):
        super().__init__()
        self._name = "ViewInUrl"
        self.framing_js = FRAMING_JS
        self.options_json = json.dumps(
            {
                "fit": lat_lng(framing.fit) if framing.fit else None,
                "fitRegion": framing.fit == FIT_BOUNDS,
                "fitMaxZoom": framing.fit_max_zoom,
                "region": lat_lng(FIT_BOUNDS),
                "limits": lat_lng(LIMIT_BOUNDS),
                "padding": FIT_PADDING_PX,
                "minZoom": MIN_ZOOM,
                "maxZoom": MAX_ZOOM,
                "controls": framing.controls,
                "writeUrl": framing.write_url,
            }
        )


_FRAME_JSON: dict[tuple[int, tuple[str, ...] | None], tuple[weakref.ref, str]] = {}


def frame_json(frame: gpd.GeoDataFrame, columns: tuple[str, ...] | None = None) -> str:
    """A frame's GeoJSON text, serialised once per frame object: the basemap is the same on every rerun, and
    geopandas' to_json took ~15 ms per layer per rerun (about 70 ms of each map build)."""
    key = (id(frame), columns)
    cached = _FRAME_JSON.get(key)
    if cached is not None and cached[0]() is frame:
        return cached[1]
    text = (frame[list(columns)] if columns else frame).to_json()
    _FRAME_JSON[key] = (weakref.ref(frame), text)
    return text


def base_map(
    center: tuple[float, float],
    zoom: int,
    basemap: dict[str, gpd.GeoDataFrame],
    url_for: UrlFor,
    framing: Framing | None = None,
) -> folium.Map:
    """The fixed base: land and lakes in a pane under any tiles, scale bar, framing and view-in-URL script, local
    assets."""
    framing = framing or Framing()
    fmap = folium.Map(
        location=list(center),
        zoom_start=zoom,
        tiles=None,
        control_scale=True,
        min_zoom=MIN_ZOOM,
        max_zoom=MAX_ZOOM,
        prefer_canvas=False,
        zoom_control=True,
    )
    fmap.get_root().header.add_child(Element(MAP_CSS))
    folium.map.CustomPane("ba-basemap", z_index=150, pointer_events=False).add_to(fmap)
    for layer_id, fill in (("land", styles.LAND_COLOUR), ("lakes", styles.SEA_COLOUR)):
        if layer_id in basemap:
            folium.GeoJson(
                frame_json(basemap[layer_id]),
                name=layer_id,
                pane="ba-basemap",
                interactive=False,
                control=False,
                style_function=lambda _f, fill=fill: {
                    "fillColor": fill,
                    "fillOpacity": 1,
                    "color": "#b7b0a0",
                    "weight": 0.6,
                },
            ).add_to(fmap)
    ViewInUrl(framing).add_to(fmap)
    localise_assets(fmap, url_for)
    return fmap


REFERENCE_STYLES: dict[str, dict] = {
    "dprk_provinces": {"fill": False, "color": styles.PROVINCE_COLOUR, "weight": 0.8, "dashArray": "3,3"},
    "rivers": {"color": styles.RIVER_COLOUR, "weight": 2, "className": "ba-coarse"},
    "boundaries": {
        "color": styles.BOUNDARY_COLOUR,
        "weight": 1.6,
        "opacity": 0.8,
        "dashArray": "6,3",
        "className": "ba-coarse",
    },
}
"""How each reference basemap file is drawn (lines only, never clickable)."""
REFERENCE_COLUMNS: dict[str, tuple[str, ...]] = {"dprk_provinces": ("name", "geometry")}
"""The properties kept when a reference file is sent to the browser (the rest only add bytes)."""


def reference_style(basemap_id: str) -> dict:
    """The line style of a reference basemap file (grey when it has none)."""
    return REFERENCE_STYLES.get(basemap_id, {"color": "#777777"})


def reference_group(
    layer: MapLayer, frames: dict, basemap: dict[str, gpd.GeoDataFrame], draw: Drawing
) -> folium.FeatureGroup:
    """A reference layer's basemap lines (boundaries, rivers, province outlines), not clickable."""
    group = folium.FeatureGroup(name=layer.id)
    for basemap_id in layer.basemap:
        if basemap_id in basemap:
            style = reference_style(basemap_id)
            folium.GeoJson(
                frame_json(basemap[basemap_id], REFERENCE_COLUMNS.get(basemap_id)),
                interactive=False,
                style_function=lambda _f, s=style: s,
            ).add_to(group)
    return group


def selection_group(atlas_layers: dict[str, gpd.GeoDataFrame], selected: str | None) -> folium.FeatureGroup | None:
    """A ring around the selected feature."""
    if not selected:
        return None
    for frame in atlas_layers.values():
        match = frame[frame["id"] == selected] if len(frame) else frame
        if len(match):
            point = match.geometry.iloc[0].representative_point()
            group = folium.FeatureGroup(name="selection")
            folium.CircleMarker(
                [point.y, point.x], radius=16, color=styles.SELECTION_COLOUR, weight=4, fill=False, interactive=False
            ).add_to(group)
            return group
    return None


def tile_group(tiles: str) -> folium.FeatureGroup | None:
    """The chosen online tile layer, if any; it sits over the vector land, under the data."""
    choice = next((c for c in TILE_CHOICES if c.id == tiles and c.url), None)
    if choice is None:
        return None
    group = folium.FeatureGroup(name="tiles")
    folium.TileLayer(
        tiles=choice.url,
        attr=choice.attribution,
        name=choice.title,
        max_zoom=choice.max_zoom,
        overlay=True,
        control=False,
    ).add_to(group)
    return group


DRAWERS = {"reference": reference_group, "areas": area_group, "points": point_group, "labels": label_group}
"""How the web map draws each kind of layer (see MapLayer.drawing)."""


def symbol_anchors(layers: dict[str, gpd.GeoDataFrame], request: MapRequest) -> dict[str, tuple[float, float]]:
    """Where each point symbol of a request is anchored (lon, lat): its point, or its stack's centre."""
    shown = [layer for layer in in_drawing_order(request.layers) if layer.drawing == "points"]
    return {fid: place[0] for fid, place in drawing_for(layers, shown, request.as_of).places.items()}


def data_groups(
    layers: dict[str, gpd.GeoDataFrame], basemap: dict[str, gpd.GeoDataFrame], request: MapRequest
) -> list[folium.FeatureGroup]:
    """The feature groups for the visible layers at the as-of date, bottom to top."""
    shown = in_drawing_order(request.layers)
    draw = drawing_for(layers, [layer for layer in shown if layer.drawing == "points"], request.as_of)
    if request.since is not None:
        changed = changes.changed_kinds(layers, request.since, request.as_of, request.layers)
        draw = replace(draw, since=request.since, changed=changed)
    groups = [tile_group(request.tiles)]
    groups += [DRAWERS[layer.drawing](layer, layers, basemap, draw) for layer in shown]
    groups.append(selection_group(layers, request.selected))
    return [group for group in groups if group is not None]


def build_map(
    layers: dict[str, gpd.GeoDataFrame],
    basemap: dict[str, gpd.GeoDataFrame],
    request: MapRequest,
    url_for: UrlFor,
    detail_url: str | None = None,
) -> MapParts:
    """The base map and the groups for one request; with detail_url (where the detailed basemap's chunks are
    served, relative to the map frame) the map loads them on demand from zoom 9."""
    base = base_map(request.center, request.zoom, basemap, url_for, request.framing)
    ClearSelectionOnEsc().add_to(base)
    if detail_url is not None:
        DetailOnDemand(detail_url).add_to(base)
    return MapParts(base, data_groups(layers, basemap, request))
