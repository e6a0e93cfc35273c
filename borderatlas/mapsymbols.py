"""The web map's feature symbols: point symbols (spread apart where several share one point), area fills, town
labels, their tooltips (which end with the feature's id, so a click selects that symbol's own record), and the
keyboard and click handling that clears the selection (Esc, or a click on empty map)."""

from __future__ import annotations

import datetime as dt
import html
import json
import math
from dataclasses import dataclass, field

import folium
import geopandas as gpd
from branca.element import MacroElement
from jinja2 import Template

from borderatlas import styles, verbatim
from borderatlas.asof import record_status
from borderatlas.layers import MapLayer
from borderatlas.styles import MAX_PRECISION_CIRCLE_KM
from borderatlas.viewport import MAP_TITLE

verbatim.install()


@dataclass(frozen=True)
class Drawing:
    """What every layer drawer needs besides its own data: the as-of date, and how stacked symbols are spread."""

    as_of: dt.date
    places: dict[str, tuple[tuple[float, float], tuple[int, int], int]] = field(default_factory=dict)
    """Feature id → (where its symbol is anchored (lon, lat), its pixel offset, how many symbols share the stack)."""
    since: dt.date | None = None
    """The compare date, when the map marks what changed since."""
    changed: dict[str, str] = field(default_factory=dict)
    """Feature id → the kind of its change since the compare date ("opened", …): a badge or halo marks it."""

    def change_note(self, record: dict) -> str:
        """The tooltip's note of a changed feature ("; completed since 2012-06-01"), or ""."""
        kind = self.changed.get(record["id"])
        return f"; {kind} since {self.since.isoformat()}" if kind and self.since else ""


def drawing_for(frames: dict, point_layers: list[MapLayer], as_of: dt.date) -> Drawing:
    """The drawing context of one request: symbols of the visible point layers spread where they share a point."""
    return Drawing(as_of, stack_places(shown_points(frames, point_layers, as_of)))


CLEAR_SELECTION_JS = Template("""
{% macro script(this, kwargs) %}
(function () {
    var map = {{ this._parent.get_name() }};
    /* Esc anywhere on the page clears the selection: reported as a click at a sentinel point south of the region
       (borderatlas.clicks reads any new click on empty map as "clear"). */
    function clearSelection(event) {
        if (event.key !== "Escape") { return; }
        var sentinel = L.latLng(-89 + (Date.now() % 100000) / 1e6, 0);
        map.fire("click", {latlng: sentinel, layerPoint: map.latLngToLayerPoint(map.getCenter()),
                           containerPoint: map.latLngToContainerPoint(map.getCenter()), originalEvent: event});
    }
    document.addEventListener("keydown", clearSelection);
    /* Enter or Space on a focused symbol selects it, as a click does (Leaflet itself only opens popups). */
    map.getContainer().addEventListener("keydown", function (event) {
        if (event.key !== "Enter" && event.key !== " ") { return; }
        var icon = event.target.closest && event.target.closest(".leaflet-marker-icon");
        if (!icon) { return; }
        map.eachLayer(function (layer) {
            if (layer._icon === icon) {
                event.preventDefault();
                layer.fire("click", {latlng: layer.getLatLng(), originalEvent: event});
            }
        });
    });
    try { window.parent.document.addEventListener("keydown", clearSelection); } catch (err) { /* standalone file */ }
    try { if (window.frameElement) { window.frameElement.title = {{ this.title|tojson }}; } }
    catch (err) { /* cross-origin frame */ }
})();
{% endmacro %}
""")


class ClearSelectionOnEsc(MacroElement):
    """Keyboard use of the map: Esc clears the selection (as a click on empty map does), Enter selects a focused
    symbol, and the map frame is named for screen readers."""

    _template = CLEAR_SELECTION_JS

    def __init__(self):
        super().__init__()
        self._name = "ClearSelectionOnEsc"
        self.title = MAP_TITLE


EMPTY = gpd.GeoDataFrame({"id": []}, geometry=[], crs="EPSG:4326")


def esc(value: object) -> str:
    """HTML-escape any value for tooltips and labels, and ` $ \\ too: folium puts tooltips in a JS template literal."""
    text = html.escape("" if value is None else str(value), quote=True)
    return text.replace("\\", "&#92;").replace("`", "&#96;").replace("$", "&#36;")


def tooltip_html(record: dict, status_text: str, stacked: int = 1) -> str:
    """Tooltip body: names in English, 中文 and 조선말, status at the as-of date, verification, how many symbols share
    the point, and last the feature's id (which a click reports, see borderatlas.clicks)."""
    lines = [
        f"<b>{esc(record.get('name_en'))}</b>",
        f"中文: {esc(record.get('name_zh'))}",
        f"조선말: {esc(record.get('name_ko'))}",
        f"Status: {esc(status_text)}",
    ]
    if not record.get("verified"):
        lines.append(f'<span class="ba-unverified">Unverified (location ± {esc(record.get("precision_km"))} km)</span>')
    if stacked > 1:
        lines.append(f"One of {stacked} here, spread apart; dots mark the points")
    lines.append(f'<span class="ba-fid">id: {esc(record.get("id"))}</span>')
    return '<div class="ba-tip">' + "<br>".join(lines) + "</div>"


def symbol_marker(
    record: dict,
    lat: float,
    lon: float,
    layer: str,
    icon_svg: str,
    tip: str,
    offset: tuple[int, int] = (0, 0),
    change: str | None = None,
) -> folium.Marker:
    """A clickable point symbol drawn as an SVG DivIcon (shifted by offset pixels from its point when stacked),
    tagged with its layer and id for tests, named for screen readers, and selectable with Tab and Enter; a changed
    feature's symbol has a halo and a badge (change: its kind)."""
    marked = f' ba-changed" data-change="{esc(change)}' if change else ""
    badge = '<span class="ba-badge"></span>' if change else ""
    icon = folium.DivIcon(
        html=f'<div class="ba-symbol ba-{esc(layer)}{marked}" data-layer="{esc(layer)}" data-id="{esc(record["id"])}">'
        f"{icon_svg}{badge}</div>",
        icon_size=(18, 18),
        icon_anchor=(9 - offset[0], 9 - offset[1]),
        class_name="ba-symbol",
    )
    return folium.Marker(
        location=[lat, lon],
        icon=icon,
        tooltip=folium.Tooltip(tip, sticky=False),
        title=str(record.get("name_en") or record["id"]),
    )


STACK_RADIUS_PX = 12
"""How far from their shared point the symbols of stacked features are spread, at least, in screen pixels."""
SYMBOL_GAP_PX = 9.5
"""Half the distance between neighbouring spread symbols (18 px symbols do not overlap)."""


STACK_KM = 0.6
"""Symbols closer than this (about 20 px at zoom 12) form one stack and are spread around the stack's centre."""


def km_apart(a: tuple[float, float], b: tuple[float, float]) -> float:
    """The distance between two (lon, lat) points in km (equirectangular: exact enough below a few km)."""
    dx = (a[0] - b[0]) * 111.32 * math.cos(math.radians((a[1] + b[1]) / 2))
    return math.hypot(dx, (a[1] - b[1]) * 110.57)


def stacks(spots: dict[str, tuple[float, float]]) -> list[list[str]]:
    """Feature ids grouped into stacks: chains of symbols each within STACK_KM of another (single linkage)."""
    parent = {feature_id: feature_id for feature_id in spots}

    def root(feature_id: str) -> str:
        while parent[feature_id] != feature_id:
            feature_id = parent[feature_id]
        return feature_id

    ids = sorted(spots)
    for i, first in enumerate(ids):
        for second in ids[i + 1 :]:
            if km_apart(spots[first], spots[second]) < STACK_KM:
                parent[root(second)] = root(first)
    grouped: dict[str, list[str]] = {}
    for feature_id in ids:
        grouped.setdefault(root(feature_id), []).append(feature_id)
    return list(grouped.values())


def stack_places(spots: dict[str, tuple[float, float]]) -> dict[str, tuple[tuple[float, float], tuple[int, int], int]]:
    """Where each symbol is drawn: (the stack's centre (lon, lat), a pixel offset around it, the stack's size).
    A symbol alone keeps its own point and no offset."""
    places = {}
    for ids in stacks(spots):
        centre = (sum(spots[i][0] for i in ids) / len(ids), sum(spots[i][1] for i in ids) / len(ids))
        radius = max(STACK_RADIUS_PX, math.ceil(SYMBOL_GAP_PX / math.sin(math.pi / len(ids)))) if len(ids) > 1 else 0
        for index, feature_id in enumerate(ids):
            angle = 2 * math.pi * index / len(ids) - math.pi / 2
            offset = (round(radius * math.cos(angle)), round(radius * math.sin(angle)))
            places[feature_id] = (centre if len(ids) > 1 else spots[feature_id], offset, len(ids))
    return places


def shown_points(frames: dict, layers: list[MapLayer], as_of: dt.date) -> dict[str, tuple[float, float]]:
    """Where each symbol of the given point layers is drawn on the as-of date: feature id → (lon, lat)."""
    spots = {}
    for layer in layers:
        for record, geometry in records_with_geometry(frames.get(layer.id, EMPTY)):
            if record_status(record, as_of) is not None:
                point = geometry if geometry.geom_type == "Point" else geometry.representative_point()
                spots[record["id"]] = (point.x, point.y)
    return spots


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


def shown_records(frame: gpd.GeoDataFrame, as_of: dt.date) -> list[tuple[dict, object, str]]:
    """Each feature that existed on the as-of date: its properties, geometry and status that day."""
    found = []
    for record, geometry in records_with_geometry(frame):
        status = record_status(record, as_of)
        if status is not None:
            found.append((record, geometry, status))
    return found


def point_group(
    layer: MapLayer, frames: dict, basemap: dict[str, gpd.GeoDataFrame], draw: Drawing
) -> folium.FeatureGroup:
    """One symbol per point feature that existed on the as-of date; unverified ones get a precision circle; symbols
    that share a point with others (in any visible layer) are spread around it, with a dot on the point itself."""
    as_of = draw.as_of
    group = folium.FeatureGroup(name=layer.id)
    for record, geometry, status in shown_records(frames.get(layer.id, EMPTY), as_of):
        point = geometry if geometry.geom_type == "Point" else geometry.representative_point()
        colour = layer.colour_for(record, status)
        label = f"{layer.status_text(status)} (as of {as_of.isoformat()}){draw.change_note(record)}"
        svg = styles.svg_symbol(layer.symbol_for(record), colour, dashed=not record.get("verified"))
        if not record.get("verified") and 1 <= record.get("precision_km", 0) <= MAX_PRECISION_CIRCLE_KM:
            precision_circle(point.y, point.x, record["precision_km"], colour).add_to(group)
        if geometry.geom_type != "Point":
            folium.GeoJson(
                json.dumps({"type": "Feature", "geometry": geometry.__geo_interface__, "properties": {}}),
                interactive=False,
                style_function=lambda _f, c=colour: {"color": c, "weight": 2, "fillOpacity": 0.12},
            ).add_to(group)
        (anchor_lon, anchor_lat), offset, stacked = draw.places.get(record["id"], ((point.x, point.y), (0, 0), 1))
        if stacked > 1:
            folium.CircleMarker(
                [point.y, point.x], radius=2, color="#1f1f1f", weight=1, fill=True, fill_opacity=1, interactive=False
            ).add_to(group)
        tip = tooltip_html(record, label, stacked)
        change = draw.changed.get(record["id"])
        symbol_marker(record, anchor_lat, anchor_lon, layer.id, svg, tip, offset, change).add_to(group)
    return group


def area_group(
    layer: MapLayer, frames: dict, basemap: dict[str, gpd.GeoDataFrame], draw: Drawing
) -> folium.FeatureGroup:
    """Area features filled by the layer's colour field (flood severity); approximate extents are dashed."""
    as_of = draw.as_of
    group = folium.FeatureGroup(name=layer.id)
    for record, geometry, status in shown_records(frames.get(layer.id, EMPTY), as_of):
        colour = layer.colour_for(record, status)
        tier = layer.tier_for(record, status)
        label = f"{tier.label if tier else 'unknown tier'} · {layer.status_text(status)}" + (
            " — approximate extent" if record.get("approximate") else ""
        )
        label += draw.change_note(record)
        changed = record["id"] in draw.changed
        style = {
            "fillColor": colour,
            "color": styles.CHANGE_COLOUR if changed else colour,
            "weight": 3 if changed else 1.5,
            "fillOpacity": tier.fill_opacity if tier else 0.45,
            "dashArray": "5,4" if record.get("approximate") or (tier and tier.dashed) else None,
            "className": "ba-flood ba-changed" if changed else "ba-flood",
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
    layer: MapLayer, frames: dict, basemap: dict[str, gpd.GeoDataFrame], draw: Drawing
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
