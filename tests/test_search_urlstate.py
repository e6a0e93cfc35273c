"""Name search across scripts and romanizations, and the URL view state with its fallbacks."""

from __future__ import annotations

import datetime as dt

import pytest

from borderatlas.data import load_atlas
from borderatlas.search import normalise, search_features
from borderatlas.urlstate import ViewState, parse_bbox, parse_view, view_params
from borderatlas.viewport import LIMIT_BOUNDS, MAX_ZOOM, MIN_ZOOM


@pytest.fixture(scope="module")
def records():
    """(layer, record) pairs of the real data set."""
    atlas = load_atlas()
    return [
        (layer, row)
        for layer, frame in atlas.layers.items()
        for row in frame.drop(columns="geometry").to_dict("records")
    ]


@pytest.mark.parametrize(
    "query, expected_first",
    [
        ("Sinuiju", "dandong-sinuiju-friendship-bridge"),
        ("Sinŭiju", "dandong-sinuiju-friendship-bridge"),
        ("신의주", "dandong-sinuiju-friendship-bridge"),
        ("新义州", "dandong-sinuiju-friendship-bridge"),
        ("新義州", "dandong-sinuiju-friendship-bridge"),
        ("sinuiju ", "dandong-sinuiju-friendship-bridge"),
    ],
)
def test_sinuiju_in_every_script_finds_the_same_crossing(records, query, expected_first):
    """Every spelling of Sinuiju puts the Dandong–Sinuiju Friendship Bridge first."""
    hits = search_features(query, records)
    assert hits and hits[0].feature_id == expected_first


@pytest.mark.parametrize(
    "query, expected",
    [
        ("Wonjong", "quanhe-wonjong-new-bridge"),
        ("圈河", "quanhe-wonjong-new-bridge"),
        ("Rason", "rason-economic-and-trade-zone"),
        ("Hoeryong", "flood-kp-hoeryong"),
        ("Hoeryŏng", "flood-kp-hoeryong"),
    ],
)
def test_other_places_are_found(records, query, expected):
    """Other places are found by their romanized and Chinese names."""
    assert expected in [hit.feature_id for hit in search_features(query, records)]


@pytest.mark.parametrize(
    "text, folded",
    [
        ("Sinŭiju", "sinuiju"),
        ("Hoeryŏng", "hoeryong"),
        ("P'yŏngyang", "pyongyang"),
        ("Rajin-Sŏnbong", "rajinsonbong"),
        ("신의주", "신의주"),
        ("  ", ""),
    ],
)
def test_normalise_folds_diacritics_and_punctuation(text, folded):
    """Diacritics, breves, apostrophes, hyphens and case do not matter."""
    assert normalise(text) == folded


@pytest.mark.parametrize("query", ["", "   ", "zzzz-nowhere", "<script>"])
def test_no_match_returns_nothing(records, query):
    """Empty or unknown queries find nothing."""
    assert search_features(query, records) == []


IDS = {"new-yalu-river-bridge", "quanhe-wonjong-new-bridge"}

GOOD_PARAMS = [
    ({}, ViewState()),
    ({"layers": "crossings,flood_areas"}, ViewState(layers=("crossings", "flood_areas"))),
    ({"layers": ""}, ViewState(layers=())),
    ({"date": "2012-06-01"}, ViewState(as_of=dt.date(2012, 6, 1))),
    ({"sel": "new-yalu-river-bridge"}, ViewState(selected="new-yalu-river-bridge")),
    ({"lat": "40.1", "lon": "124.4", "zoom": "11"}, ViewState(lat=40.1, lon=124.4, zoom=11)),
    ({"tiles": "osm"}, ViewState(tiles="osm")),
    ({"present": "1"}, ViewState(present=True)),
]


@pytest.mark.parametrize("params, expected", GOOD_PARAMS)
def test_good_params_restore_the_view_and_round_trip(params, expected):
    """Valid parameters are read without notices, and writing the view back gives the same view."""
    parsed = parse_view(params, IDS)
    assert parsed.state == expected and parsed.notices == []
    assert parse_view(view_params(parsed.state), IDS).state == expected


BAD_PARAMS = [
    ({"layers": "crossings,volcanoes"}, "layers", ("crossings",), "volcanoes"),
    ({"layers": "volcanoes"}, "layers", ViewState().layers, "volcanoes"),
    ({"date": "2016-02-30"}, "as_of", ViewState().as_of, "2016-02-30"),
    ({"date": "1950-06-25"}, "as_of", ViewState().as_of, "1950-06-25"),
    ({"sel": "atlantis"}, "selected", None, "atlantis"),
    ({"lat": "124.4", "lon": "40.1"}, "lat", ViewState().lat, "outside the region"),
    ({"lat": "nan", "lon": "inf"}, "lon", ViewState().lon, "outside the region"),
    ({"zoom": "1e308"}, "zoom", ViewState().zoom, "Zoom"),
    ({"zoom": "-3"}, "zoom", ViewState().zoom, "Zoom"),
    ({"tiles": "google"}, "tiles", "none", "google"),
    ({"date": "x" * 5000}, "as_of", ViewState().as_of, "…"),
]


@pytest.mark.parametrize("params, field, expected, words", BAD_PARAMS)
def test_bad_params_fall_back_with_a_notice(params, field, expected, words):
    """A bad value falls back to its default and says so briefly."""
    parsed = parse_view(params, IDS)
    assert getattr(parsed.state, field) == expected
    assert len(parsed.notices) == 1 and words in parsed.notices[0]
    assert len(parsed.notices[0]) < 200


BBOX_CASES = [
    ("124.1,40,124.5,40.3", (124.1, 40.0, 124.5, 40.3)),
    ("124.123456,40.1,124.2,40.2", (124.1235, 40.1, 124.2, 40.2)),
    ("110,30,140,50", LIMIT_BOUNDS),
    (" 124.1 , 40 , 124.5 , 40.3 ", (124.1, 40.0, 124.5, 40.3)),
    ("124.5,40,124.1,40.3", None),
    ("1,2,3", None),
    ("1,2,3,4,5", None),
    ("nan,40,124.5,40.3", None),
    ("124.1,40,inf,40.3", None),
    ("100,0,110,10", None),
    ("124.1,40,124.1,40.3", None),
    ("", None),
    ("<script>,1,2,3", None),
]


@pytest.mark.parametrize("text, expected", BBOX_CASES)
def test_bbox_is_four_numbers_cut_to_the_pan_limits(text, expected):
    """The map's on-screen bounds parse to a box inside the pan limits, or to nothing."""
    assert parse_bbox(text) == expected


@pytest.mark.parametrize("text, expected", [case for case in BBOX_CASES if case[1] is not None])
def test_a_bbox_link_restores_and_round_trips(text, expected):
    """A good bbox is kept without a notice and written back the same."""
    parsed = parse_view({"bbox": text}, IDS)
    assert parsed.state.bbox == expected and parsed.notices == []
    assert parse_view(view_params(parsed.state), IDS).state == parsed.state


@pytest.mark.parametrize("text", [case[0] for case in BBOX_CASES if case[1] is None])
def test_a_bad_bbox_is_ignored_with_a_notice(text):
    """A bad bbox leaves the view without bounds and says so once."""
    parsed = parse_view({"bbox": text}, IDS)
    assert parsed.state.bbox is None and len(parsed.notices) == 1 and "Map bounds" in parsed.notices[0]


@pytest.mark.parametrize(
    "params",
    [
        {"zoom": str(MIN_ZOOM)},
        {"lat": f"{LIMIT_BOUNDS[1]}", "lon": f"{LIMIT_BOUNDS[0]}", "zoom": str(MIN_ZOOM)},
        {"lat": f"{LIMIT_BOUNDS[3]}", "lon": f"{LIMIT_BOUNDS[2]}", "zoom": str(MAX_ZOOM)},
    ],
)
def test_every_view_the_map_can_reach_is_a_link_it_restores(params):
    """The pan and zoom limits of the map are the ranges links accept: no notice at the edges."""
    assert parse_view(params, IDS).notices == []
