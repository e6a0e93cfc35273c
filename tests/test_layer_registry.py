"""Every map layer in the one registry (borderatlas.layers) goes through everything a layer must do: the web map
draws it, the legend explains it, a click on it selects its own record, search finds it, its page table lists it,
and the PNG export draws it. A new layer that misses any of these fails here."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from PIL import Image

from borderatlas import legend, mapview, panels, search, tables
from borderatlas.assets import inline_url_for
from borderatlas.briefing.layers import PLOTTERS
from borderatlas.data import load_basemap
from borderatlas.export import ExportView, bbox_area, export_bytes, view_frame
from borderatlas.layers import MAP_LAYERS, TOGGLE_ORDER, layer_by_id
from borderatlas.mapview import DRAWERS, MapRequest, build_map
from borderatlas.registry import BASEMAP, LAYERS, REGION_BOUNDS

AS_OF = dt.date(2016, 11, 30)
DATA_LAYERS = [layer for layer in MAP_LAYERS if layer.data is not None]
ids = [layer.id for layer in MAP_LAYERS]


@pytest.fixture(scope="module")
def basemap():
    """The offline basemap."""
    return load_basemap()


def lone_feature(atlas, layer_id: str) -> dict:
    """A feature of the layer, shown on the as-of date, whose symbol no other feature shares (so a click is exact)."""
    frame = atlas.layers[layer_id]
    shown = view_frame(atlas.layers, ExportView(layers=(layer_id,), as_of=AS_OF))
    anchors = shown.geometry.representative_point()
    spots = [(round(p.x, 5), round(p.y, 5)) for p in anchors]
    for (_, row), spot in zip(shown.iterrows(), spots):
        if spots.count(spot) == 1 and row["verified"]:
            return frame[frame["id"] == row["id"]].iloc[0].to_dict()
    raise AssertionError(f"{layer_id}: no verified feature with a symbol of its own")


@pytest.mark.parametrize("layer", MAP_LAYERS, ids=ids)
def test_every_layer_is_complete_in_the_registry(layer):
    """Each record names a drawing every renderer knows, and a data layer has what every view of it needs."""
    assert layer.id in TOGGLE_ORDER and layer.drawing in DRAWERS
    if layer.data is None:
        assert layer.basemap and set(layer.basemap) <= {spec.id for spec in BASEMAP}
        return
    assert layer.data in LAYERS and layer.drawing in PLOTTERS
    assert layer.statuses and layer.columns and layer.clickable and layer.searchable
    allowed = layer.data.properties_model.status_vocabulary()
    assert set(allowed) <= {style.status for style in layer.statuses}, "every allowed status has words and a colour"
    if layer.drawing == "points":
        assert layer.symbols


@pytest.mark.parametrize("layer", MAP_LAYERS, ids=ids)
def test_web_map_and_legend_show_every_layer(atlas, basemap, layer):
    """Toggled on alone, each layer gets its own group on the map and its own rows in the legend."""
    parts = build_map(atlas.layers, basemap, MapRequest(layers=(layer.id,), as_of=AS_OF), inline_url_for)
    assert [group.layer_name for group in parts.groups] == [layer.id]
    html = parts.assembled().get_root().render()
    if layer.drawing == "points":
        shown = view_frame(atlas.layers, ExportView(layers=(layer.id,), as_of=AS_OF))
        assert html.count(f'data-layer=\\"{layer.id}\\"') == len(shown) > 0
    assert legend.legend_entries((layer.id,)), f"{layer.id} has no legend rows"


@pytest.mark.parametrize("layer", DATA_LAYERS, ids=[layer.id for layer in DATA_LAYERS])
def test_a_click_on_a_feature_selects_its_own_record(atlas, layer):
    """A click where a feature's symbol (or area) is drawn selects that feature."""
    record = lone_feature(atlas, layer.id)
    point = record["geometry"].representative_point()
    assert panels.feature_at_click(atlas, (layer.id,), point.y, point.x) == record["id"]


@pytest.mark.parametrize("layer", DATA_LAYERS, ids=[layer.id for layer in DATA_LAYERS])
def test_search_finds_each_layers_features_by_name(atlas, layer):
    """Searching a feature's English name finds it."""
    record = lone_feature(atlas, layer.id)
    hits = search.search_features(record["name_en"], search.search_records(atlas))
    assert record["id"] in [hit.feature_id for hit in hits[:3]]


@pytest.mark.parametrize("layer", DATA_LAYERS, ids=[layer.id for layer in DATA_LAYERS])
def test_page_table_lists_every_feature_with_its_status_in_the_legends_words(atlas, layer):
    """The layer's table has a row per feature; the key columns lead (name, status, severity, budget, verified,
    sources), the other scripts after them; the status is in the legend's vocabulary."""
    table = tables.layer_table(atlas, layer.id, AS_OF)
    assert sorted(table["id"]) == sorted(atlas.layers[layer.id]["id"])
    columns = list(table.columns)
    assert columns[0] == "Name" and "Status on date" in columns[:3]
    assert columns.index("Verified") < columns.index("中文") and columns.index("Sources") < columns.index("中文")
    for key in ("Severity", "Budget"):
        assert key not in columns or columns.index(key) < columns.index("Verified")
    words = {style.label for style in layer.statuses} | {"not yet begun"}
    assert set(table["Status on date"]) <= words


@pytest.mark.parametrize("layer", DATA_LAYERS, ids=[layer.id for layer in DATA_LAYERS])
def test_png_export_draws_each_layer(atlas, basemap, layer):
    """A PNG of one layer around one of its features is drawn, and carries the layer's colour where it is."""
    record = lone_feature(atlas, layer.id)
    lon_min, lat_min, lon_max, lat_max = record["geometry"].buffer(0.3).bounds
    r_lon_min, r_lat_min, r_lon_max, r_lat_max = REGION_BOUNDS
    box = (max(lon_min, r_lon_min), max(lat_min, r_lat_min), min(lon_max, r_lon_max), min(lat_max, r_lat_max))
    view = ExportView(area=bbox_area(box), layers=(layer.id,), as_of=AS_OF, selected=record["id"])
    png = export_bytes(atlas, basemap, view, "png", size_px=(960, 540))
    image = Image.open(io.BytesIO(png)).convert("RGB")
    colour = layer_by_id(layer.id).colour_for(record, record["status"]).lstrip("#")
    wanted = tuple(int(colour[i : i + 2], 16) for i in (0, 2, 4))
    close = [pixel for pixel in image.getdata() if all(abs(a - b) <= 60 for a, b in zip(pixel, wanted))]
    assert close, f"no pixel near the {layer.id} colour #{colour}"


def test_drawing_kinds_are_the_same_everywhere():
    """The web map, the export and the legend know the same kinds of layer."""
    assert set(PLOTTERS) <= set(DRAWERS)
    assert {layer.drawing for layer in MAP_LAYERS} <= set(DRAWERS)
    assert set(legend.ENTRIES_BY_DRAWING) <= set(DRAWERS)
    assert mapview.DRAWERS is DRAWERS
