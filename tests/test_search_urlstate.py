"""Name search across scripts and romanizations, and the URL view state with its fallbacks."""

from __future__ import annotations

import datetime as dt

import pytest

from borderatlas.data import load_atlas
from borderatlas.search import normalise, search_features
from borderatlas.urlstate import ViewState, parse_view, view_params


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
