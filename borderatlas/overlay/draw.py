"""Drawing the overlay: ONE folium.GeoJson layer whose points are circle markers on a shared canvas renderer, so
100,000 points stay one layer and one compact JSON document (never one folium object per point)."""

from __future__ import annotations

import html
import json

import folium
import numpy as np
import pandas as pd
from branca.element import MacroElement
from folium.utilities import JsCode
from jinja2 import Template

from borderatlas import verbatim
from borderatlas.overlay.model import COORDINATE_DECIMALS, MAX_TOOLTIP_CHARS, Overlay

verbatim.install()


OVERLAY_COLOUR = "#d6336c"


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
    text = json.dumps(document, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


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


def overlay_group(overlay: Overlay, document: str | None = None) -> folium.FeatureGroup:
    """The overlay as its own feature group, drawn over the atlas's layers (pass a cached document to skip JSON)."""
    group = folium.FeatureGroup(name=OVERLAY_GROUP)
    overlay_layer(overlay, document).add_to(group)
    return group
