"""The pure map builder: layers, symbols per feature, tooltips, legend, local assets, as-of filtering."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import folium
import pytest

from borderatlas import legend, mapsymbols, mapview
from borderatlas.asof import status_at
from borderatlas.assets import ASSET_PACKAGES, remote_links, walk
from borderatlas.data import load_basemap
from borderatlas.layers import MAP_LAYER_IDS


def local_url(package, name):
    """A fake local asset URL."""
    return f"/assets/{package.id}/{name}"


@pytest.fixture(scope="module")
def basemap():
    """The real basemap."""
    return load_basemap()


def build(atlas, basemap, **changes):
    """Build the map for a request with some fields changed, as one assembled folium map."""
    request = dataclasses.replace(mapview.MapRequest(), **changes)
    return mapview.build_map(atlas.layers, basemap, request, local_url)


def symbols(parts, layer):
    """The ids of the point symbols drawn for a layer."""
    found = []
    for group in parts.groups:
        for element in walk(group):
            if isinstance(element, folium.Marker) and isinstance(element.icon, folium.DivIcon):
                html = element.icon.options.get("html", "") if hasattr(element.icon, "options") else ""
                html = html or element.icon.html
                match = re.search(r'data-layer="([^"]+)" data-id="([^"]+)"', html)
                if match and match.group(1) == layer:
                    found.append(match.group(2))
    return found


def existing_ids(frame, as_of):
    """Ids of the features that existed on the as-of date."""
    return sorted(
        r["id"]
        for r in frame.drop(columns="geometry").to_dict("records")
        if status_at(r.get("status_history"), r["status"], as_of) is not None
    )


@pytest.mark.parametrize("layer", ["crossings", "infrastructure"])
def test_one_symbol_per_point_feature(atlas, basemap, layer):
    """Every point feature that existed on the default date gets exactly one symbol."""
    parts = build(atlas, basemap)
    assert sorted(symbols(parts, layer)) == existing_ids(atlas.layers[layer], mapview.MapRequest().as_of)
    assert len(symbols(parts, layer)) >= 10


def test_flood_polygons_drawn(atlas, basemap):
    """Each flood area is drawn as its own GeoJson layer."""
    parts = build(atlas, basemap, layers=("flood_areas",))
    group = next(g for g in parts.groups if g.layer_name == "flood_areas")
    drawn = [c for c in group._children.values() if isinstance(c, folium.GeoJson)]
    assert len(drawn) == len(atlas.layers["flood_areas"]) >= 10


@pytest.mark.parametrize(
    "layers, expected_groups",
    [
        (("crossings",), ["crossings"]),
        (("boundaries", "towns"), ["boundaries", "towns"]),
        ((), []),
        (MAP_LAYER_IDS, ["boundaries", "flood_areas", "infrastructure", "crossings", "towns"]),
    ],
)
def test_only_visible_layers_are_drawn(atlas, basemap, layers, expected_groups):
    """Toggled-off layers produce no group; the order is bottom to top."""
    parts = build(atlas, basemap, layers=layers)
    assert [g.layer_name for g in parts.groups] == expected_groups


@pytest.mark.parametrize(
    "as_of, expected",
    [
        (dt.date(2009, 6, 1), None),
        (dt.date(2012, 6, 1), "under_construction"),
        (dt.date(2016, 11, 30), "completed_not_open"),
    ],
)
def test_new_yalu_bridge_status_by_date(atlas, as_of, expected):
    """The New Yalu River Bridge is absent before work began, under construction in 2012, built but shut in 2016."""
    record = atlas.feature("new-yalu-river-bridge")
    assert status_at(record["status_history"], record["status"], as_of) == expected


def test_as_of_date_hides_features_not_yet_begun(atlas, basemap):
    """Moving the date back removes the New Yalu River Bridge from the map."""
    assert "new-yalu-river-bridge" in symbols(build(atlas, basemap), "crossings")
    assert "new-yalu-river-bridge" not in symbols(build(atlas, basemap, as_of=dt.date(2009, 6, 1)), "crossings")


def test_tooltip_has_three_scripts_and_verification(atlas):
    """Tooltips name the feature in English, 中文 and 조선말 and flag unverified locations."""
    record = atlas.feature("kaishantun-sambong-bridge")
    tip = mapsymbols.tooltip_html(record, "damaged")
    assert record["name_en"] in tip and "中文: " + record["name_zh"] in tip and "조선말: " + record["name_ko"] in tip
    assert "Unverified" in tip and f"± {record['precision_km']} km" in tip


def test_tooltip_escapes_markup():
    """Names from data cannot inject markup into tooltips."""
    record = {"name_en": "<img src=x onerror=alert(1)>", "name_zh": "<b>", "name_ko": "&", "verified": True}
    tip = mapsymbols.tooltip_html(record, "<script>")
    assert "<img" not in tip and "<script>" not in tip and "&lt;img" in tip


def test_map_uses_only_local_assets(atlas, basemap):
    """No JS or CSS link leaves the machine, and Leaflet comes from the XStatic package."""
    fmap = build(atlas, basemap).assembled()
    assert remote_links(fmap) == []
    html = fmap.get_root().render()
    assert "/assets/leaflet/leaflet.js" in html and "cdn.jsdelivr" not in html and "d3js" not in html


def test_selected_feature_gets_a_ring(atlas, basemap):
    """A selection adds the selection group on top."""
    parts = build(atlas, basemap, selected="new-yalu-river-bridge")
    assert parts.groups[-1].layer_name == "selection"


@pytest.mark.parametrize("tiles, expected", [("none", False), ("osm", True), ("esri-imagery", True)])
def test_tile_layer_is_optional(atlas, basemap, tiles, expected):
    """Tiles are added only when chosen, under the data."""
    parts = build(atlas, basemap, tiles=tiles)
    assert (parts.groups[0].layer_name == "tiles") is expected


@pytest.mark.parametrize(
    "layers, sections",
    [
        (("crossings",), {"Crossings: kind", "Crossings: status", "Location"}),
        (("flood_areas",), {"2016 floods"}),
        (("boundaries",), {"Reference"}),
        (("infrastructure",), {"Infrastructure: status", "Location"}),
    ],
)
def test_legend_entries_follow_visible_layers(layers, sections):
    """The legend lists the sections of the visible layers only."""
    assert {entry.section for entry in legend.legend_entries(layers)} == sections


def test_legend_html_escapes_labels():
    """Legend labels are escaped."""
    html = legend.legend_html([legend.LegendEntry("<s>", "<script>alert(1)</script>", "<svg></svg>")])
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_asset_packages_are_installed():
    """Every asset file the map loads exists in its installed package."""
    for package in ASSET_PACKAGES:
        for name in (*package.js, *package.css):
            assert (package.directory / name).is_file(), name
