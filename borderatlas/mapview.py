"""Build the folium map: a fixed base (land, sea, lakes) and toggleable feature groups for every layer."""

from __future__ import annotations

import datetime as dt
import html
import json
import weakref
from dataclasses import dataclass, field

import folium
import geopandas as gpd
from branca.element import Element, MacroElement
from jinja2 import Template

from borderatlas import styles, verbatim
from borderatlas.asof import record_status
from borderatlas.assets import UrlFor, localise_assets
from borderatlas.layers import DEFAULT_LAYERS, MapLayer, in_drawing_order
from borderatlas.styles import MAX_PRECISION_CIRCLE_KM
from borderatlas.viewport import (
    DEFAULT_CENTER,
    DEFAULT_ZOOM,
    MAX_ZOOM,
    MIN_ZOOM,
    TILE_CHOICES,
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


VIEW_IN_URL_JS = Template("""
{% macro script(this, kwargs) %}
(function () {
    var map = {{ this._parent.get_name() }};
    function writeView() {
        try {
            var target = window.parent, c = map.getCenter();
            var url = new URL(target.location.href);
            url.searchParams.set("lat", c.lat.toFixed(4));
            url.searchParams.set("lon", c.lng.toFixed(4));
            url.searchParams.set("zoom", String(map.getZoom()));
            target.history.replaceState(target.history.state, "", url.toString());
        } catch (err) { /* standalone file or cross-origin frame: nothing to update */ }
    }
    map.on("moveend", writeView);
    window.addEventListener("message", function (event) {
        if (event.data && event.data.type === "streamlit:render") { setTimeout(writeView, 0); }
    });
    var root = map.getContainer();
    root.setAttribute("data-ba-ready", "1");
    map.on("zoomend", function () { root.setAttribute("data-ba-zoom", String(map.getZoom())); });
    root.setAttribute("data-ba-zoom", String(map.getZoom()));
})();
{% endmacro %}
""")

MAP_CSS = f"""
<style>
.folium-map.leaflet-container, .leaflet-container {{ background: {styles.SEA_COLOUR}; font-family: "Noto Sans CJK SC", "Noto Sans CJK KR", "Noto Sans", sans-serif; }}
.ba-symbol {{ background: none; border: none; }}
.ba-town {{ background: none; border: none; white-space: nowrap; font-size: 11px; color: #333;
           text-shadow: 0 0 2px #fff, 0 0 2px #fff, 0 0 3px #fff; pointer-events: none; }}
.ba-label b {{ font-weight: 600; }}
.ba-tip {{ font-size: 12px; line-height: 1.35; }}
.ba-tip .ba-unverified {{ color: #b00020; font-weight: 600; }}
</style>
"""


class ViewInUrl(MacroElement):
    """Keeps the map's centre and zoom in the page URL, without a script rerun."""

    _template = VIEW_IN_URL_JS


def esc(value: object) -> str:
    """HTML-escape any value for tooltips and labels, and ` $ \\ too: folium puts tooltips in a JS template literal."""
    text = html.escape("" if value is None else str(value), quote=True)
    return text.replace("\\", "&#92;").replace("`", "&#96;").replace("$", "&#36;")


def tooltip_html(record: dict, status_text: str) -> str:
    """Tooltip body: names in English, 中文 and 조선말, status at the as-of date, verification."""
    lines = [
        f"<b>{esc(record.get('name_en'))}</b>",
        f"中文: {esc(record.get('name_zh'))}",
        f"조선말: {esc(record.get('name_ko'))}",
        f"Status: {esc(status_text)}",
    ]
    if not record.get("verified"):
        lines.append(f'<span class="ba-unverified">Unverified (location ± {esc(record.get("precision_km"))} km)</span>')
    return '<div class="ba-tip">' + "<br>".join(lines) + "</div>"


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
    center: tuple[float, float], zoom: int, basemap: dict[str, gpd.GeoDataFrame], url_for: UrlFor
) -> folium.Map:
    """The fixed base: land and lakes in a pane under any tiles, scale bar, view-in-URL script, local assets."""
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
    ViewInUrl().add_to(fmap)
    localise_assets(fmap, url_for)
    return fmap


REFERENCE_STYLES: dict[str, dict] = {
    "dprk_provinces": {"fill": False, "color": styles.PROVINCE_COLOUR, "weight": 0.8, "dashArray": "3,3"},
    "rivers": {"color": styles.RIVER_COLOUR, "weight": 2},
    "boundaries": {"color": styles.BOUNDARY_COLOUR, "weight": 1.6, "opacity": 0.8, "dashArray": "6,3"},
}
"""How each reference basemap file is drawn (lines only, never clickable)."""
REFERENCE_COLUMNS: dict[str, tuple[str, ...]] = {"dprk_provinces": ("name", "geometry")}
"""The properties kept when a reference file is sent to the browser (the rest only add bytes)."""


def reference_style(basemap_id: str) -> dict:
    """The line style of a reference basemap file (grey when it has none)."""
    return REFERENCE_STYLES.get(basemap_id, {"color": "#777777"})


def reference_group(layer: MapLayer, frames: dict, basemap: dict[str, gpd.GeoDataFrame], as_of: dt.date):
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


def symbol_marker(record: dict, lat: float, lon: float, layer: str, icon_svg: str, tip: str) -> folium.Marker:
    """A clickable point symbol drawn as an SVG DivIcon, tagged with its layer and id for tests."""
    icon = folium.DivIcon(
        html=f'<div class="ba-symbol ba-{esc(layer)}" data-layer="{esc(layer)}" data-id="{esc(record["id"])}">{icon_svg}</div>',
        icon_size=(18, 18),
        icon_anchor=(9, 9),
        class_name="ba-symbol",
    )
    return folium.Marker(location=[lat, lon], icon=icon, tooltip=folium.Tooltip(tip, sticky=False))


def precision_circle(lat: float, lon: float, km: float, colour: str) -> folium.Circle:
    """A faint circle showing how far off an unverified location may be."""
    return folium.Circle(
        location=[lat, lon],
        radius=km * 1000,
        color=colour,
        weight=1,
        fill=True,
        fill_opacity=0.06,
        dash_array="4,4",
        interactive=False,
    )


def records_with_geometry(frame: gpd.GeoDataFrame) -> list[tuple[dict, object]]:
    """Each feature's properties with its geometry, in order (no per-feature lookup by id)."""
    if not len(frame):
        return []
    return list(zip(frame.drop(columns="geometry").to_dict("records"), frame.geometry))


def point_group(
    layer: MapLayer, frames: dict, basemap: dict[str, gpd.GeoDataFrame], as_of: dt.date
) -> folium.FeatureGroup:
    """One symbol per point feature that existed on the as-of date; unverified ones get a precision circle."""
    group = folium.FeatureGroup(name=layer.id)
    for record, geometry in records_with_geometry(frames.get(layer.id, EMPTY)):
        status = record_status(record, as_of)
        if status is None:
            continue
        point = geometry if geometry.geom_type == "Point" else geometry.representative_point()
        colour = layer.colour_for(record, status)
        label = f"{layer.status_text(status)} (as of {as_of.isoformat()})"
        svg = styles.svg_symbol(layer.symbol_for(record), colour, dashed=not record.get("verified"))
        if not record.get("verified") and 1 <= record.get("precision_km", 0) <= MAX_PRECISION_CIRCLE_KM:
            precision_circle(point.y, point.x, record["precision_km"], colour).add_to(group)
        if geometry.geom_type != "Point":
            folium.GeoJson(
                json.dumps({"type": "Feature", "geometry": geometry.__geo_interface__, "properties": {}}),
                interactive=False,
                style_function=lambda _f, c=colour: {"color": c, "weight": 2, "fillOpacity": 0.12},
            ).add_to(group)
        symbol_marker(record, point.y, point.x, layer.id, svg, tooltip_html(record, label)).add_to(group)
    return group


def area_group(
    layer: MapLayer, frames: dict, basemap: dict[str, gpd.GeoDataFrame], as_of: dt.date
) -> folium.FeatureGroup:
    """Area features filled by the layer's colour field (flood severity); approximate extents are dashed."""
    group = folium.FeatureGroup(name=layer.id)
    for record, geometry in records_with_geometry(frames.get(layer.id, EMPTY)):
        status = record_status(record, as_of)
        if status is None:
            continue
        colour = layer.colour_for(record, status)
        tier = layer.tier_for(record, status)
        label = f"{tier.label if tier else 'unknown tier'} · {layer.status_text(status)}" + (
            " — approximate extent" if record.get("approximate") else ""
        )
        style = {
            "fillColor": colour,
            "color": colour,
            "weight": 1.5,
            "fillOpacity": tier.fill_opacity if tier else 0.45,
            "dashArray": "5,4" if record.get("approximate") or (tier and tier.dashed) else None,
            "className": "ba-flood",
        }
        feature = {
            "type": "Feature",
            "id": record["id"],
            "geometry": geometry.__geo_interface__,
            "properties": {"id": record["id"]},
        }
        folium.GeoJson(
            json.dumps(feature),
            style_function=lambda _f, s=style: s,
            tooltip=folium.Tooltip(tooltip_html(record, label)),
        ).add_to(group)
    return group


def label_group(
    layer: MapLayer, frames: dict, basemap: dict[str, gpd.GeoDataFrame], as_of: dt.date
) -> folium.FeatureGroup | None:
    """Town labels in English and, where the basemap gives them, Chinese script."""
    towns = [basemap[basemap_id] for basemap_id in layer.basemap if basemap_id in basemap]
    if not towns:
        return None
    group = folium.FeatureGroup(name=layer.id)
    for _, row in (row for frame in towns for row in frame.iterrows()):
        local = row.get("name_zh")
        text = f"<b>{esc(row['name'])}</b>" + (f" {esc(local)}" if isinstance(local, str) and local else "")
        folium.Marker(
            [row.geometry.y, row.geometry.x],
            interactive=False,
            icon=folium.DivIcon(
                html=f'<div class="ba-label">{text}</div>',
                icon_size=(160, 16),
                icon_anchor=(-6, 8),
                class_name="ba-town",
            ),
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
EMPTY = gpd.GeoDataFrame({"id": []}, geometry=[], crs="EPSG:4326")


def data_groups(
    layers: dict[str, gpd.GeoDataFrame], basemap: dict[str, gpd.GeoDataFrame], request: MapRequest
) -> list[folium.FeatureGroup]:
    """The feature groups for the visible layers at the as-of date, bottom to top."""
    groups = [tile_group(request.tiles)]
    groups += [
        DRAWERS[layer.drawing](layer, layers, basemap, request.as_of) for layer in in_drawing_order(request.layers)
    ]
    groups.append(selection_group(layers, request.selected))
    return [group for group in groups if group is not None]


def build_map(
    layers: dict[str, gpd.GeoDataFrame], basemap: dict[str, gpd.GeoDataFrame], request: MapRequest, url_for: UrlFor
) -> MapParts:
    """The base map and the groups for one request."""
    return MapParts(base_map(request.center, request.zoom, basemap, url_for), data_groups(layers, basemap, request))
