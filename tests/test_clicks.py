"""A click selects the clicked symbol's own record, a click on empty map or Esc clears, and anything malformed from
the browser counts as no click (never an exception)."""

from __future__ import annotations

import pytest
from conftest import open_page

from borderatlas import clicks, mapview
from borderatlas.ui.state import STATE_KEY

POINT = {"lat": 42.56, "lng": 130.52}
TIP = "Quanhe–Wonjong bridge\n中文: 圈河\nStatus: Open\nid: quanhe-wonjong-old-bridge"


@pytest.mark.parametrize(
    "result, expected",
    [
        (
            {"last_object_clicked": POINT, "last_object_clicked_count": 1, "last_object_clicked_tooltip": TIP},
            ("select", "quanhe-wonjong-old-bridge"),
        ),
        ({"last_object_clicked": POINT, "last_object_clicked_count": 1}, ("select", None)),
        ({"last_clicked": {"lat": 41.0, "lng": 128.0}}, ("clear", None)),
        ({"last_clicked": {"lat": -88.99, "lng": 0}}, ("clear", None)),
        ({}, None),
        (None, None),
        ([], None),
        ("not json", None),
        ({"last_object_clicked": {"lat": "42", "lng": 130}}, None),
        ({"last_object_clicked": {"lat": 42}}, None),
        ({"last_object_clicked": [42, 130]}, None),
        ({"last_object_clicked": {"lat": float("nan"), "lng": 130}}, None),
        ({"last_object_clicked": {"lat": True, "lng": 130}}, None),
        ({"last_object_clicked": {"lat": {"x": 1}, "lng": 130}}, None),
        ({"last_clicked": {"lat": 1e309, "lng": 0}}, None),
        ({"last_object_clicked": POINT, "last_object_clicked_tooltip": {"id": "x"}}, ("select", None)),
        ({"last_object_clicked": POINT, "last_object_clicked_tooltip": "id: ../../etc"}, ("select", None)),
    ],
)
def test_click_actions(result, expected):
    """What each reported value means, from nothing before."""
    assert clicks.click_action(clicks.read_clicks(result), None) == expected


def test_the_same_report_twice_is_one_click_and_a_new_count_is_another():
    """A rerun re-reports the last click: nothing new; the same symbol clicked again has a new count."""
    first = clicks.read_clicks({"last_object_clicked": POINT, "last_object_clicked_count": 1})
    assert clicks.click_action(first, first) is None
    again = clicks.read_clicks({"last_object_clicked": POINT, "last_object_clicked_count": 2})
    assert clicks.click_action(again, first) == ("select", None)


@pytest.mark.parametrize(
    "feature_id",
    ["quanhe-wonjong-old-bridge", "quanhe-wonjong-new-bridge", "wonjong-customs-upgrade"],
)
def test_stacked_symbols_each_select_their_own_record(fake_map, atlas, feature_id):
    """Symbols at (nearly) one point: the click's tooltip names the record, so each one is selected, not a neighbour."""
    record = atlas.feature(feature_id)
    lon, lat = mapview.symbol_anchors(atlas.layers, mapview.MapRequest())[feature_id]
    at = open_page("map")
    fake_map.click, fake_map.count = {"lat": lat, "lng": lon}, 1
    fake_map.tooltip = f"{record['name_en']}\nid: {feature_id}"
    at.run()
    assert at.session_state[STATE_KEY].selected == feature_id


def test_a_click_on_empty_map_clears_the_selection(fake_map, atlas):
    """With a feature selected, a click on empty map (or Esc, reported the same way) clears it."""
    lon, lat = mapview.symbol_anchors(atlas.layers, mapview.MapRequest())["quanhe-wonjong-old-bridge"]
    at = open_page("map")
    fake_map.click, fake_map.count, fake_map.tooltip = {"lat": lat, "lng": lon}, 1, TIP
    at.run()
    assert at.session_state[STATE_KEY].selected == "quanhe-wonjong-old-bridge"
    fake_map.empty_click = {"lat": -88.99, "lng": 0}
    at.run()
    assert at.session_state[STATE_KEY].selected is None


ANCHORS = {"quanhe-wonjong-old-bridge": (130.52, 42.56)}


@pytest.mark.parametrize(
    "now, expected",
    [
        (
            {"last_object_clicked": POINT, "last_object_clicked_count": 1, "last_object_clicked_tooltip": TIP},
            ("select", "quanhe-wonjong-old-bridge"),
        ),
        (
            {
                "last_object_clicked": {"lat": 42.7, "lng": 130.6},
                "last_object_clicked_count": 1,
                "last_object_clicked_tooltip": TIP,
                "last_clicked": {"lat": 42.7, "lng": 130.6},
            },
            ("clear", None),
        ),
        (
            {
                "last_object_clicked": {"lat": 42.0, "lng": 130.0},
                "last_object_clicked_count": 1,
                "last_object_clicked_tooltip": TIP,
                "last_clicked": {"lat": 42.0, "lng": 130.0},
            },
            ("select", "flood-area"),
        ),
        ({"last_clicked": {"lat": -88.99, "lng": 0}}, ("clear", None)),
    ],
    ids=["own-symbol", "stale-tooltip-on-empty-map", "stale-tooltip-on-an-area", "esc"],
)
def test_resolve_click(now, expected):
    """A stale tooltip never selects: where the click landed decides (an area there, or nothing: clear)."""
    area = {(42.0, 130.0): "flood-area"}
    action = clicks.resolve_click(clicks.read_clicks(now), None, ANCHORS, lambda lat, lon: area.get((lat, lon)))
    assert action == expected
