"""Data downloads of a view: its features as GeoJSON and CSV, its facts with their sources as CSV, and the
interactive map as one standalone HTML file that opens with no internet and no Streamlit."""

from __future__ import annotations

import csv
import html
import io
import json
import math
from collections.abc import Callable
from dataclasses import dataclass

import folium
import geopandas as gpd
from branca.element import Element, MacroElement
from jinja2 import Template

from borderatlas import legend, models, styles
from borderatlas.assets import inline_url_for, remote_links
from borderatlas.byid import by_id
from borderatlas.data import Atlas
from borderatlas.mapview import DEFAULT_ZOOM, MapRequest, build_map
from borderatlas.overlay.draw import overlay_group
from borderatlas.panels import cite, reported_by
from borderatlas.slideview import NotePlace, export_legend, note_places
from borderatlas.views import (
    DISCLAIMER,
    ExportView,
    export_subtitle,
    export_title,
    source_line,
    view_frame,
)

CSV_BOM = "\ufeff"
"""Written first in every CSV so spreadsheet programs read the Chinese and Korean names as UTF-8."""

FEATURE_COLUMNS = (
    "layer",
    "id",
    "name_en",
    "name_zh",
    "name_ko",
    "status_on_date",
    "status",
    "status_date",
    "kind",
    "verified",
    "precision_km",
    "lon",
    "lat",
    "geometry_type",
    "source_ids",
    "sources",
    "summary",
)
FACT_COLUMNS = (
    "id",
    "topic",
    "statement",
    "value",
    "unit",
    "period_start",
    "period_end",
    "reported",
    "place_ids",
    "scope",
    "verified",
    "quote",
    "quote_lang",
    "quote_en",
    "note",
    "source_id",
    "source_citation",
    "source_url",
    "source_accessed",
)


def plain(value: object) -> object:
    """A value JSON and CSV can hold: numpy scalars unwrapped, NaN as None, tuples as lists."""
    if hasattr(value, "item") and not isinstance(value, (list, tuple, dict, str)):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, tuple):
        return [plain(item) for item in value]
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


def cell(value: object) -> str:
    """A CSV cell: lists joined with '; ', missing values empty."""
    value = plain(value)
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(str(item) for item in value)
    return str(value)


def write_csv(header: tuple[str, ...], rows: list[dict]) -> str:
    """Rows as CSV text (with a BOM), columns in header order."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: cell(row.get(key)) for key in header})
    return CSV_BOM + buffer.getvalue()


def features_geojson(atlas: Atlas, basemap: dict[str, gpd.GeoDataFrame], view: ExportView) -> str:
    """The features in view as a GeoJSON FeatureCollection, with their status on the as-of date."""
    frame = view_frame(atlas.layers, view)
    features = []
    for _, row in frame.iterrows():
        properties = {key: plain(value) for key, value in row.items() if key != "geometry"}
        features.append(
            {"type": "Feature", "id": row["id"], "geometry": row.geometry.__geo_interface__, "properties": properties}
        )
    collection = {
        "type": "FeatureCollection",
        "name": view.file_name(""),
        "bbox": list(view.area.bbox),
        "as_of": view.as_of.isoformat(),
        "data_as_of": atlas.data_as_of(),
        "disclaimer": DISCLAIMER,
        "features": features,
    }
    return json.dumps(collection, ensure_ascii=False, indent=1)


def feature_rows(atlas: Atlas, view: ExportView) -> list[dict]:
    """One flat row per feature in view, with its anchor point and full citations."""
    rows = []
    for _, row in view_frame(atlas.layers, view).iterrows():
        record = {key: plain(value) for key, value in row.items() if key != "geometry"}
        point = row.geometry.representative_point()
        record.update(
            lon=round(point.x, 6),
            lat=round(point.y, 6),
            geometry_type=row.geometry.geom_type,
            sources=[cite(atlas, source_id).text for source_id in record.get("source_ids") or []],
        )
        rows.append(record)
    return rows


def features_csv(atlas: Atlas, basemap: dict[str, gpd.GeoDataFrame], view: ExportView) -> str:
    """The features in view as CSV, one row each."""
    return write_csv(FEATURE_COLUMNS, feature_rows(atlas, view))


def facts_in_view(atlas: Atlas, view: ExportView) -> list[tuple[models.Fact, str]]:
    """Facts reported by the as-of date tied to a feature in view, or to no place (region-wide), with that scope."""
    shown = set(view_frame(atlas.layers, view)["id"])
    chosen = []
    for fact in atlas.facts:
        if not reported_by(fact, view.as_of):
            continue
        if not fact.place_ids:
            chosen.append((fact, "region-wide"))
        elif shown.intersection(fact.place_ids):
            chosen.append((fact, "places in view"))
    return sorted(chosen, key=lambda pair: (pair[0].topic, pair[0].reported or "", pair[0].id))


def facts_csv(atlas: Atlas, basemap: dict[str, gpd.GeoDataFrame], view: ExportView) -> str:
    """The facts in view with their sources (citation, URL, accessed date) as CSV."""
    rows = []
    for fact, scope in facts_in_view(atlas, view):
        citation = cite(atlas, fact.source_id)
        source = atlas.sources.get(fact.source_id)
        rows.append(
            {
                **fact.model_dump(),
                "scope": scope,
                "source_citation": citation.text,
                "source_url": citation.url,
                "source_accessed": source.accessed if source else None,
            }
        )
    return write_csv(FACT_COLUMNS, rows)


OVERLAY_JS = Template("""
{% macro script(this, kwargs) %}
(function () {
    var control = L.control({position: {{ this.position|tojson }}});
    control.onAdd = function () {
        var div = L.DomUtil.create("div", "ba-overlay");
        div.innerHTML = {{ this.html|tojson }};
        L.DomEvent.disableClickPropagation(div);
        L.DomEvent.disableScrollPropagation(div);
        return div;
    };
    control.addTo({{ this._parent.get_name() }});
})();
{% endmacro %}
""")

OVERLAY_CSS = """
<style>
.ba-overlay { background: rgba(255,255,255,0.93); padding: 6px 9px; border-radius: 4px; box-shadow: 0 1px 4px rgba(0,0,0,.3);
              font: 12px/1.4 "Noto Sans CJK SC", "Noto Sans", sans-serif; max-width: 560px; }
.ba-overlay h1 { font-size: 16px; margin: 0 0 2px 0; }
.ba-overlay .ba-legend { max-height: 62vh; overflow-y: auto; columns: 2; column-gap: 14px; font-size: 11px !important; }
.ba-overlay .ba-small { font-size: 10.5px; color: #333; }
.ba-overlay .ba-notes { margin: 6px 0 0 0; padding-left: 20px; font-size: 12px; }
</style>
"""


class MapOverlay(MacroElement):
    """A fixed panel of our own (already escaped) HTML in one corner of a Leaflet map."""

    _template = OVERLAY_JS

    def __init__(self, position: str, html_text: str):
        super().__init__()
        self._name = "MapOverlay"
        self.position = position
        self.html = html_text


def overlay_panels(atlas: Atlas, view: ExportView) -> dict[str, str]:
    """The title, legend and source panels for a map of this view, by Leaflet corner."""
    shown = view_frame(atlas.layers, view)
    title = f"<h1>{html.escape(export_title(atlas, view))}</h1><div>{html.escape(export_subtitle(view))}</div>"
    sources = f'<div class="ba-small">{html.escape(source_line(atlas, shown, view))}<br>{html.escape(DISCLAIMER)}</div>'
    places = note_places(atlas, view)
    if places:
        title += '<ol class="ba-notes">' + "".join(
            f"<li>{html.escape(place.name + ': ' + place.note.text)}</li>" for place in places
        )
        title += "</ol>"
    panels = {"topright": title, "bottomleft": sources}
    entries = export_legend(atlas, view)
    if entries:
        panels["bottomright"] = legend.legend_html(entries)
    return panels


NOTE_ICON = (
    '<div style="width:22px;height:22px;border-radius:50%;background:{colour};color:#fff;border:2px solid #fff;'
    'box-shadow:0 1px 3px rgba(0,0,0,.5);font:bold 12px/22px sans-serif;text-align:center">{number}</div>'
)


def note_marker(place: NotePlace) -> folium.Marker | folium.FeatureGroup:
    """A note's numbered circle at its feature (its text is in the title panel); nothing when it has no place."""
    if place.lon is None:
        return folium.FeatureGroup(name=f"note {place.number}", control=False)
    icon = folium.DivIcon(
        html=NOTE_ICON.format(colour=styles.NOTE_COLOUR, number=int(place.number)),
        icon_size=(26, 26),
        icon_anchor=(13, 30),
        class_name="ba-note-marker",
    )
    return folium.Marker([place.lat, place.lon], icon=icon, z_index_offset=1000)


def standalone_html(atlas: Atlas, basemap: dict[str, gpd.GeoDataFrame], view: ExportView) -> str:
    """The interactive map of the view as one HTML file: Leaflet inlined, no server and no internet needed."""
    lon_min, lat_min, lon_max, lat_max = view.area.bbox
    request = MapRequest(
        layers=view.layers,
        as_of=view.as_of,
        selected=view.selected,
        center=((lat_min + lat_max) / 2, (lon_min + lon_max) / 2),
        zoom=DEFAULT_ZOOM,
        tiles="none",
    )
    fmap = build_map(atlas.layers, basemap, request, inline_url_for).assembled()
    fmap.fit_bounds([[lat_min, lon_min], [lat_max, lon_max]])
    fmap.get_root().header.add_child(Element(OVERLAY_CSS))
    for position, panel in overlay_panels(atlas, view).items():
        MapOverlay(position, panel).add_to(fmap)
    if view.overlay is not None:
        overlay_group(view.overlay.overlay, view.overlay.payload).add_to(fmap)
    for place in note_places(atlas, view):
        note_marker(place).add_to(fmap)
    fmap.get_root().title = html.escape(f"Border Atlas — {export_title(atlas, view)} — {export_subtitle(view)}")
    leaks = remote_links(fmap)
    if leaks:
        raise ValueError(f"standalone map would load from the web: {leaks}")
    return fmap.get_root().render()


@dataclass(frozen=True)
class Download:
    """One data download of a view: its label, file suffix, MIME type and builder."""

    id: str
    label: str
    button: str
    suffix: str
    mime: str
    build: Callable[[Atlas, dict[str, gpd.GeoDataFrame], ExportView], str]


DOWNLOADS: tuple[Download, ...] = (
    Download(
        "geojson",
        "Features in view (GeoJSON)",
        "GeoJSON",
        "_features.geojson",
        "application/geo+json",
        features_geojson,
    ),
    Download("csv", "Features in view (CSV)", "Features CSV", "_features.csv", "text/csv", features_csv),
    Download("facts", "Facts in view with their sources (CSV)", "Facts CSV", "_facts.csv", "text/csv", facts_csv),
    Download(
        "html",
        "The interactive map as one HTML file that works offline",
        "HTML map",
        "_map.html",
        "text/html",
        standalone_html,
    ),
)


def download_by_id(download_id: str) -> Download:
    """Return the download with this id, or raise KeyError."""
    return by_id(DOWNLOADS, download_id)
