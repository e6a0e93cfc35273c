"""Search ranking, coverage (features, towns, rivers), near misses, hit descriptions and where the map goes."""

from __future__ import annotations

import math

import pytest
from shapely.geometry import LineString, Point, box

from borderatlas.data import load_basemap
from borderatlas.search import place_records, search_features, search_records, view_target
from borderatlas.search.target import POINT_ZOOM, fit_zoom, mercator_y


@pytest.fixture(scope="module")
def records(atlas):
    """Every searchable record: the data features and the basemap towns and rivers."""
    return [*search_records(atlas), *place_records(load_basemap())]


def first(records, query):
    """The best hit's key for a query (a feature id, or town:/river: for a basemap place)."""
    hits = search_features(query, records)
    assert hits, f"nothing found for {query!r}"
    return hits[0].key


@pytest.mark.parametrize(
    "query, expected_first",
    [
        ("Rason", "flood-kp-rason"),  # the Rason area's own name beats the bridges that list Rason as a town
        ("Sinuiju", "dandong-sinuiju-friendship-bridge"),
        ("Sinŭiju", "dandong-sinuiju-friendship-bridge"),
        ("신의주", "dandong-sinuiju-friendship-bridge"),
        ("新义州", "dandong-sinuiju-friendship-bridge"),
        ("Sinuju", "dandong-sinuiju-friendship-bridge"),  # a typo still finds Sinuiju
        ("Yalu", "river:Yalu"),
        ("Amnok", "river:Yalu"),
        ("鸭绿江", "river:Yalu"),
        ("압록강", "river:Yalu"),
        ("Tumen River", "river:Tumen"),
        ("Tuman", "river:Tumen"),
        ("图们江", "river:Tumen"),
        ("두만강", "river:Tumen"),
        ("Tumen City", "flood-cn-tumen"),
        ("图们市", "flood-cn-tumen"),
        ("Chongjin", "town:Chongjin"),
        ("청진", "town:Chongjin"),
        ("Yanji", "flood-cn-yanji"),
        ("Quanhe", "quanhe-wonjong-new-bridge"),
    ],
)
def test_best_hit(records, query, expected_first):
    """The hit Enter goes to: own names before aliases, rivers and data features before towns, typos forgiven."""
    assert first(records, query) == expected_first


@pytest.mark.parametrize(
    "query, also_found",
    [
        ("Rason", {"rason-economic-and-trade-zone", "korea-russia-friendship-bridge"}),
        ("Tumen", {"river:Tumen", "town:Tumen", "flood-cn-tumen", "tumen-namyang-road-bridge"}),
        ("Yanji", {"town:Yanji"}),
        ("Sinuiju", {"town:Sinuiju", "sinuiju-special-administrative-region"}),
        ("Chongjin", {"town:Chongjin"}),
    ],
)
def test_other_hits_are_listed(records, query, also_found):
    """The second choices include the town and river of the same name and the other features."""
    assert also_found <= {hit.key for hit in search_features(query, records)}


def test_exact_name_beats_alias(records):
    """ "Rason": the feature named Rason comes before the Korea–Russia bridge that only lists Rason among its names."""
    keys = [hit.key for hit in search_features("Rason", records)]
    assert keys.index("flood-kp-rason") < keys.index("korea-russia-friendship-bridge")


@pytest.mark.parametrize(
    "query, key, text",
    [
        (
            "Sinuiju",
            "dandong-sinuiju-friendship-bridge",
            "Sino-Korean Friendship Bridge · 中朝友谊桥 · 조중우의교 — crossing · open",
        ),
        ("Sinuiju", "new-yalu-river-bridge", "— crossing · built, not open"),
        ("Rason", "flood-kp-rason", "Rason · 罗先市 · 라선시 — flood county"),
        ("Rason", "rason-economic-and-trade-zone", "— economic zone · active"),
        ("Hunchun", "flood-cn-hunchun", "— flood area"),
        ("Chongjin", "town:Chongjin", "Chongjin · 清津 · 청진 — town · DPRK"),
        ("Yanji", "town:Yanji", "— town · China"),
        ("Yalu", "river:Yalu", "Yalu River · 鸭绿江 · 압록강 — river"),
    ],
)
def test_hits_say_what_they_are(records, query, key, text):
    """Each hit reads its names and its kind and status in the layer registry's words."""
    hit = next(hit for hit in search_features(query, records) if hit.key == key)
    assert hit.text.endswith(text) or hit.text == text


@pytest.mark.parametrize(
    "query, selects",
    [("Sinuiju", True), ("Rason", True), ("Yalu", False), ("Chongjin", False)],
)
def test_only_data_features_select(records, query, selects):
    """A feature hit selects (it has an id); a town or river hit only moves the map."""
    assert (search_features(query, records)[0].feature_id is not None) == selects


@pytest.mark.parametrize("query", ["", "   ", "zzzz-nowhere", "<script>", "xq"])
def test_no_match_returns_nothing(records, query):
    """Empty, unknown or too-short-to-guess queries find nothing."""
    assert search_features(query, records) == []


def test_point_hit_zooms_to_the_point():
    """A point centres at a sensible zoom and has no bounds."""
    target = view_target(Point(124.3925, 40.115))
    assert (target.lat, target.lon, target.zoom, target.bounds) == (40.115, 124.3925, POINT_ZOOM, None)


@pytest.mark.parametrize(
    "geometry, zoom",
    [
        (box(129.9, 42.0, 130.7, 42.6), 9),  # a county-sized polygon
        (box(130.0, 42.0, 130.02, 42.01), 13),  # tiny: capped, not blown up to street level
        (box(123.0, 38.0, 131.0, 44.0), 6),  # the whole region
        (LineString([(124.3, 39.9), (128.1, 41.97)]), 8),  # the Yalu's extent
    ],
)
def test_shape_hit_fits_its_bounds(geometry, zoom):
    """A polygon or line is fitted: the centre is its bounds' centre, the zoom the closest that shows all of it."""
    target = view_target(geometry)
    west, south, east, north = geometry.bounds
    assert target.bounds == (south, west, north, east)
    assert target.zoom == zoom and target.lon == pytest.approx((west + east) / 2, abs=1e-4)
    assert south < target.lat < north


def test_fit_zoom_shows_the_bounds_in_the_map():
    """At the fitted zoom the bounds fit the map; one zoom closer they would not."""
    bounds = (40.0, 124.0, 41.0, 126.0)

    def size_px(zoom):
        world = 256 * 2**zoom
        lat_share = (mercator_y(bounds[2]) - mercator_y(bounds[0])) / (2 * math.pi)
        return world * (bounds[3] - bounds[1]) / 360, world * lat_share

    zoom = fit_zoom(bounds, (900, 620))
    assert size_px(zoom)[0] <= 900 and size_px(zoom)[1] <= 620
    assert size_px(zoom + 1)[0] > 900 * 0.9 or size_px(zoom + 1)[1] > 620 * 0.9


def test_search_targets_for_real_features(records):
    """Real hits carry their target: a crossing point at POINT_ZOOM, the Rason polygon and the Tumen fitted."""
    by_key = {hit.key: hit for query in ("Sinuiju", "Rason", "Tumen") for hit in search_features(query, records)}
    assert by_key["dandong-sinuiju-friendship-bridge"].target.zoom == POINT_ZOOM
    assert by_key["flood-kp-rason"].target.bounds is not None
    assert by_key["river:Tumen"].target.bounds is not None and by_key["river:Tumen"].target.zoom <= 9
