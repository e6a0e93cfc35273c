"""Walk every registry: layers, basemap, tables, map layers, tiles and pages all resolve, and every record is sourced."""

from __future__ import annotations

import datetime as dt

import pytest

from borderatlas import viewport
from borderatlas.asof import status_at
from borderatlas.data import load_basemap
from borderatlas.layers import MAP_LAYERS
from borderatlas.paths import BASEMAP_DIR, GEODATA_DIR, REPO_DIR
from borderatlas.registry import BASEMAP, LAYERS, PAGES, TABLES


def test_real_data_has_no_problems(atlas):
    """Nothing in geodata/ is skipped."""
    assert atlas.problems == [] and atlas.notices == []


@pytest.mark.parametrize("spec", LAYERS, ids=[s.id for s in LAYERS])
def test_every_layer_has_features_and_every_feature_a_known_source(atlas, spec):
    """Each layer file holds features, and each feature cites sources that exist."""
    frame = atlas.layers[spec.id]
    assert len(frame) >= 10 and (GEODATA_DIR / spec.filename).is_file()
    for record in frame.to_dict("records"):
        assert record["source_ids"] and set(record["source_ids"]) <= set(atlas.sources), record["id"]


@pytest.mark.parametrize("spec", BASEMAP, ids=[s.id for s in BASEMAP])
def test_every_basemap_layer_exists_and_cites_a_dataset(atlas, spec):
    """Each basemap file exists and cites a dataset source with a licence."""
    assert (BASEMAP_DIR / spec.filename).is_file()
    assert len(load_basemap()[spec.id]) >= 1
    for source_id in spec.source_ids:
        assert atlas.sources[source_id].kind == "dataset" and atlas.sources[source_id].licence


@pytest.mark.parametrize(
    "spec", [t for t in TABLES if t.source_fields], ids=[t.name for t in TABLES if t.source_fields]
)
def test_every_row_cites_a_known_source(atlas, spec):
    """Every fact, event, series value, flood figure and designation cites a source in the sources table."""
    rows = {
        "facts": atlas.facts,
        "events": atlas.events,
        "trade_series": atlas.trade_series,
        "flood_figures": atlas.flood_figures,
        "designations": atlas.designations,
    }[spec.name]
    assert rows
    for row in rows:
        for field in spec.source_fields:
            value = getattr(row, field)
            assert set([value] if isinstance(value, str) else value) <= set(atlas.sources), row.id


@pytest.mark.parametrize("layer", MAP_LAYERS, ids=[m.id for m in MAP_LAYERS])
def test_every_map_layer_draws_a_known_layer(layer):
    """Each layer draws either its own data file or basemap files that exist, never neither."""
    assert (layer.data is not None) != bool(layer.basemap)
    assert set(layer.basemap) <= {spec.id for spec in BASEMAP}


@pytest.mark.parametrize("choice", [c for c in viewport.TILE_CHOICES if c.url], ids=lambda c: c.id)
def test_every_tile_layer_has_attribution(choice):
    """Online tiles always carry their attribution."""
    assert choice.attribution and choice.url.startswith("https://")


@pytest.mark.parametrize("spec", PAGES, ids=[p.id for p in PAGES])
def test_every_page_has_a_script(spec):
    """Each registered page has its script (the pages run in tests/test_pages.py and the browser tests)."""
    assert (REPO_DIR / spec.script).is_file()


def test_the_mission_content_is_there(atlas):
    """At least 12 crossings with the Khasan bridge, 10 projects, 25 events, and the New Yalu bridge built but shut."""
    crossings = atlas.layers["crossings"]
    assert len(crossings) >= 12 and "korea-russia-friendship-bridge" in set(crossings["id"])
    assert len(atlas.layers["infrastructure"]) >= 10 and len(atlas.events) >= 25
    bridge = atlas.feature("new-yalu-river-bridge")
    assert status_at(bridge["status_history"], bridge["status"], dt.date(2016, 12, 31)) == "completed_not_open"
    assert {v.period for v in atlas.trade_series if v.series == "china_dprk_trade_total"} >= {"2010", "2015", "2016"}


def test_crossings_sit_on_the_border(atlas):
    """Every crossing lies within 10 km of the China–DPRK or DPRK–Russia boundary or the coast (catches swapped or misplaced points)."""
    basemap = load_basemap()
    lines = (
        basemap["boundaries"].to_crs(3857).geometry.union_all().union(basemap["land"].boundary.to_crs(3857).union_all())
    )
    for record, point in zip(atlas.layers["crossings"]["id"], atlas.layers["crossings"].to_crs(3857).geometry):
        assert point.distance(lines) < 10_000 * 1.35, record  # Web Mercator stretches ~1.3x at 41°N
