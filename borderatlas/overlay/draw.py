"""Drawing the overlay: ONE folium.GeoJson layer whose points are circle markers on a shared canvas renderer, so
100,000 points stay one layer and one compact JSON document (never one folium object per point)."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import zlib
from dataclasses import dataclass
from pathlib import Path

import folium
import numpy as np
import pandas as pd
from branca.element import MacroElement
from folium.utilities import JsCode
from jinja2 import Template

from borderatlas import verbatim
from borderatlas.assets import compact_js
from borderatlas.overlay import aggregate
from borderatlas.overlay.model import COORDINATE_DECIMALS, MAX_TOOLTIP_CHARS, Overlay
from borderatlas.styles import OVERLAY_COLOUR

verbatim.install()


OVERLAY_GROUP = "overlay"


SHARED_CANVAS = JsCode("(window.__baOverlayCanvas = window.__baOverlayCanvas || L.canvas({padding: 0.3}))")


"""One canvas renderer shared by every overlay feature: 100,000 points cost one canvas, not 100,000 SVG nodes."""


def rounded(coordinates: object) -> object:
    """GeoJSON coordinates rounded to COORDINATE_DECIMALS, at any nesting."""
    if isinstance(coordinates, (int, float)):
        return round(coordinates, COORDINATE_DECIMALS)
    return [rounded(item) for item in coordinates]


def compact_geometry(geometry: dict) -> dict:
    """A geometry with rounded coordinates (collections recursively)."""
    if geometry["type"] == "GeometryCollection":
        return {"type": "GeometryCollection", "geometries": [compact_geometry(g) for g in geometry["geometries"]]}
    return {"type": geometry["type"], "coordinates": rounded(geometry["coordinates"])}


def escaped(values: pd.Series) -> pd.Series:
    """Text values HTML-escaped, vectorised (the tooltip inserts them as HTML)."""
    for char, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("'", "&#x27;")):
        values = values.str.replace(char, entity, regex=False)
    return values


def tooltip_values(overlay: Overlay) -> list[list[str]]:
    """Per tooltip column, every feature's value shortened and HTML-escaped."""
    columns = []
    for column in overlay.tooltip_columns:
        values = overlay.table[column].fillna("").astype(str)
        short = values.where(values.str.len() <= MAX_TOOLTIP_CHARS, values.str.slice(0, MAX_TOOLTIP_CHARS) + "…")
        columns.append(escaped(short).tolist())
    return columns


def script_json(document: object) -> str:
    """A document as JSON that is safe inside a <script> and as JavaScript source (no '<', '>' or line separators)."""
    text = json.dumps(document, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


def overlay_document(overlay: Overlay) -> str:
    """The overlay as compact columnar JSON for the browser: x/y (or geometries) and escaped tooltip columns.

    Columns instead of one GeoJSON Feature object per point make 100,000 points about a quarter of the bytes;
    the browser expands them into GeoJSON features (see OVERLAY_DATA_JS).
    """
    document: dict = {"p": tooltip_values(overlay)}
    if overlay.geometries is None:
        document["x"] = np.round(overlay.lon, COORDINATE_DECIMALS).tolist()
        document["y"] = np.round(overlay.lat, COORDINATE_DECIMALS).tolist()
    else:
        document["g"] = [compact_geometry(g) for g in overlay.geometries]
    return script_json(document)


def feature_collection(overlay: Overlay) -> dict:
    """The overlay as GeoJSON, as the browser builds it from overlay_document (for exports and tests)."""
    columns = tooltip_values(overlay)
    keys = [f"f{i}" for i in range(len(columns))]
    rows = zip(*columns) if columns else ([] for _ in range(len(overlay)))
    if overlay.geometries is None:
        lats = np.round(overlay.lat, COORDINATE_DECIMALS).tolist()
        lons = np.round(overlay.lon, COORDINATE_DECIMALS).tolist()
        geometries = ({"type": "Point", "coordinates": [x, y]} for x, y in zip(lons, lats))
    else:
        geometries = (compact_geometry(g) for g in overlay.geometries)
    features = [
        {"type": "Feature", "id": i, "geometry": geometry, "properties": dict(zip(keys, row))}
        for i, (geometry, row) in enumerate(zip(geometries, rows))
    ]
    return {"type": "FeatureCollection", "features": features}


POINT_STYLE = {"color": "#ffffff", "weight": 1, "fillColor": OVERLAY_COLOUR, "fillOpacity": 0.85, "opacity": 1}


SHAPE_STYLE = {"color": OVERLAY_COLOUR, "weight": 2, "fillColor": OVERLAY_COLOUR, "fillOpacity": 0.3, "opacity": 0.9}


OVERLAY_STYLE_JS = JsCode(
    f"function (feature) {{ return feature.geometry.type === 'Point' ? {json.dumps(POINT_STYLE)} "
    f": {json.dumps(SHAPE_STYLE)}; }}"
)


"""One colour for the whole overlay, distinct from the atlas's layers; points get a white rim (styled in the browser,
so no per-feature style map is built in Python)."""


OVERLAY_DATA_JS = Template("""
{% macro script(this, kwargs) %}
(function (layer, data) {
    var n = data.x ? data.x.length : data.g.length, columns = data.p, features = new Array(n);
    for (var i = 0; i < n; i++) {
        var properties = {};
        for (var c = 0; c < columns.length; c++) { properties["f" + c] = columns[c][i]; }
        features[i] = {type: "Feature", id: i, properties: properties,
                       geometry: data.x ? {type: "Point", coordinates: [data.x[i], data.y[i]]} : data.g[i]};
    }
    layer.addData({type: "FeatureCollection", features: features});
    function drawn() {  /* after the canvas has painted: a readiness mark for tests and benchmarks */
        var root = layer._map.getContainer();
        requestAnimationFrame(function () { requestAnimationFrame(function () {
            root.setAttribute("data-ba-overlay", String(n));
        }); });
    }
    layer.on("remove", function () { layer._map && layer._map.getContainer().removeAttribute("data-ba-overlay"); });
    if (layer._map) { drawn(); } else { layer.once("add", drawn); }
})({{ this._parent.get_name() }}, {{ this.document }});
{% endmacro %}
""")


class OverlayData(MacroElement):
    """Adds the overlay's features to its parent GeoJson layer from the compact columnar document."""

    _template = OVERLAY_DATA_JS

    def __init__(self, document: str):
        super().__init__()
        self._name = "OverlayData"
        self.document = document


def placeholder_collection(field_count: int) -> dict:
    """What folium itself embeds: one feature without geometry (Leaflet skips it) carrying the tooltip's field names,
    which folium's GeoJsonTooltip checks; the real features come from OverlayData."""
    properties = {f"f{i}": "" for i in range(field_count)}
    return {"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": None, "properties": properties}]}


def overlay_layer(overlay: Overlay, document: str | None = None) -> folium.GeoJson:
    """ONE GeoJson layer for the whole overlay: points as circle markers on a shared canvas, tooltips from columns."""
    columns = overlay.tooltip_columns
    tooltip = None
    if columns:
        tooltip = folium.GeoJsonTooltip(
            fields=[f"f{i}" for i in range(len(columns))],
            aliases=[html.escape(str(c), quote=True) for c in columns],
            sticky=False,
            style="font-size: 12px;",
        )
    marker = folium.CircleMarker(radius=4, fill=True)
    marker.options["renderer"] = SHARED_CANVAS  # folium drops unknown options; Leaflet reads this one
    layer = folium.GeoJson(
        placeholder_collection(len(columns)),
        name=OVERLAY_GROUP,
        marker=marker,
        tooltip=tooltip,
        renderer=SHARED_CANVAS,
        style=OVERLAY_STYLE_JS,
        control=False,
    )
    OverlayData(document if document is not None else overlay_document(overlay)).add_to(layer)
    return layer


def overlay_group(overlay: Overlay, payload: OverlayPayload | str | None = None) -> folium.FeatureGroup:
    """The overlay as its own feature group, drawn over the atlas's layers; a large point overlay aggregated.

    Pass the payload kept from an earlier build (overlay_payload) to skip building the document again.
    """
    if isinstance(payload, str):
        payload = OverlayPayload(payload, False, "")
    payload = payload if payload is not None else overlay_payload(overlay)
    group = folium.FeatureGroup(name=OVERLAY_GROUP)
    if payload.aggregated:
        OverlayClusters(payload).add_to(group)
    else:
        overlay_layer(overlay, payload.document).add_to(group)
    return group


AGGREGATE_FROM = 2_000
"""From this many points, an overlay of points only is drawn aggregated (overlayclusters.js); below it, and for
lines and areas, as the one GeoJson layer above."""


CLUSTERS_JS = compact_js(Path(__file__).resolve().parent.parent / "overlayclusters.js")


def point_coordinates(overlay: Overlay) -> tuple[np.ndarray, np.ndarray] | None:
    """(lon, lat) of every feature when the overlay is points only (a CSV, or a GeoJSON of Points), else None."""
    if overlay.geometries is None:
        return np.asarray(overlay.lon, dtype=float), np.asarray(overlay.lat, dtype=float)
    if not all(g.get("type") == "Point" for g in overlay.geometries):
        return None
    positions = [g["coordinates"][:2] for g in overlay.geometries]
    array = np.asarray(positions, dtype=float).reshape(-1, 2)
    return array[:, 0], array[:, 1]


def is_aggregated(overlay: Overlay) -> bool:
    """Whether the overlay is drawn aggregated: points only, at least AGGREGATE_FROM of them."""
    return len(overlay) >= AGGREGATE_FROM and point_coordinates(overlay) is not None


def packed(data: bytes) -> str:
    """Bytes deflated (zlib, which the browser's DecompressionStream("deflate") reads) and base64-encoded."""
    return base64.b64encode(zlib.compress(data, 6)).decode("ascii")


def planar(values: np.ndarray) -> bytes:
    """Little-endian int32 values byte plane by byte plane (all lowest bytes first): small numbers then leave long
    runs of zero bytes, which deflate to almost nothing."""
    return np.ascontiguousarray(values, dtype="<i4").view(np.uint8).reshape(-1, 4).T.tobytes()


def text_column(values: pd.Series) -> dict:
    """A tooltip column, shortened, as plain text (drawn with DOM text nodes): its values, or when they repeat, its
    distinct values and one code per point."""
    values = values.fillna("").astype(str)
    values = values.where(values.str.len() <= MAX_TOOLTIP_CHARS, values.str.slice(0, MAX_TOOLTIP_CHARS) + "…")
    codes, distinct = pd.factorize(values, sort=False)
    if len(distinct) * 4 > len(values):
        return {"v": values.tolist()}
    return {"d": [str(v) for v in distinct], "k": codes.tolist()}


def clustered_document(overlay: Overlay) -> str:
    """The aggregated overlay for the browser: per zoom band its cells (mean position, count, first point), then the
    points themselves, deflated: sorted by longitude, longitudes as differences and latitudes as 1e-5 degree
    integers (byte-planar), and their tooltip columns as text. About 8 bytes a point instead of about 27."""
    lon, lat = point_coordinates(overlay)
    scale = 10**COORDINATE_DECIMALS
    x, y = np.round(lon * scale).astype(np.int64), np.round(lat * scale).astype(np.int64)
    order = np.argsort(x, kind="stable")
    x, y, lon, lat = x[order], y[order], lon[order], lat[order]
    table = overlay.table.iloc[order]
    bands = [
        {
            "z": band.zoom,
            "x": np.round(band.lon, COORDINATE_DECIMALS).tolist(),
            "y": np.round(band.lat, COORDINATE_DECIMALS).tolist(),
            "c": band.count.tolist(),
            "i": band.first.tolist(),
        }
        for band in aggregate.bands(lon, lat)
    ]
    columns = [text_column(table[c]) for c in overlay.tooltip_columns]
    columns_text = json.dumps(columns, separators=(",", ":"), ensure_ascii=False)
    return script_json(
        {
            "n": len(overlay),
            "colour": OVERLAY_COLOUR,
            "pz": aggregate.POINTS_ZOOM,
            "bands": bands,
            "xy": packed(planar(np.diff(x, prepend=0)) + planar(y)),
            "fields": [str(c) for c in overlay.tooltip_columns],
            "cols": packed(columns_text.encode()),
        }
    )


@dataclass(frozen=True)
class OverlayPayload:
    """What the browser gets for an overlay, built once per overlay and date window: its document and a digest."""

    document: str
    aggregated: bool
    digest: str


def overlay_payload(overlay: Overlay) -> OverlayPayload:
    """Build the overlay's document (aggregated for a large point overlay)."""
    aggregated = is_aggregated(overlay)
    document = clustered_document(overlay) if aggregated else overlay_document(overlay)
    return OverlayPayload(document, aggregated, hashlib.sha1(document.encode()).hexdigest())


class OverlayClusters(MacroElement):
    """Draws an aggregated overlay in its parent feature group (see overlayclusters.js)."""

    _template = Template(
        "{% macro script(this, kwargs) %}{% raw %}"
        + CLUSTERS_JS
        + "{% endraw %}({{ this._parent.get_name() }}, {{ this.digest|tojson }}, {{ this.document }});{% endmacro %}"
    )

    def __init__(self, payload: OverlayPayload):
        super().__init__()
        self._name = "OverlayClusters"
        self.digest = payload.digest
        self.document = payload.document
