"""AppTest of the Map page: side panel on a (faked) click, search in each script, as-of date, URL state."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import APP
from streamlit.testing.v1 import AppTest

import borderatlas.ui as ui
from borderatlas.asof import DEFAULT_AS_OF


def app(params: dict | None = None) -> AppTest:
    """A fresh app with optional URL query parameters, run once."""
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    return at.run()


def texts(at: AppTest) -> str:
    """All markdown, captions, subheaders and alerts of a run, joined."""
    parts = [e.value for e in at.markdown] + [e.value for e in at.caption] + [e.value for e in at.subheader]
    parts += [e.value for e in at.warning] + [e.value for e in at.success] + [e.value for e in at.info]
    return "\n".join(str(p) for p in parts)


def point_of(atlas, feature_id):
    """The lat/lng a map click on a feature's symbol reports."""
    point = atlas.feature(feature_id)["geometry"].representative_point()
    return {"lat": point.y, "lng": point.x}


def test_default_map_page_shows_the_overview(fake_map):
    """With nothing selected the side panel summarises trade and aid, each figure with its source."""
    at = app()
    assert not at.exception
    assert "Headlines on this map" in [s.value for s in at.subheader]
    assert "UNSCR 2321 coal cap" in texts(at)
    returned = fake_map.calls[0]["returned_objects"]
    assert returned == [
        "last_object_clicked",
        "last_object_clicked_count",
        "last_object_clicked_tooltip",
        "last_clicked",
    ]
    assert not {"center", "zoom", "bounds"} & set(returned), "panning or zooming would rerun the script"


@pytest.mark.parametrize(
    "feature_id, expected",
    [
        ("dandong-sinuiju-friendship-bridge", "Sino-Korean Friendship Bridge"),
        ("quanhe-wonjong-new-bridge", "New Tumen River Bridge (Quanhe–Wonjong)"),
        ("flood-kp-musan", None),
    ],
)
def test_click_selects_feature_and_fills_panel(fake_map, atlas, feature_id, expected):
    """A click on a symbol selects it: name, status and dates, sources, verification and tied facts."""
    at = app()
    fake_map.click = point_of(atlas, feature_id)
    at.run()
    record = atlas.feature(feature_id)
    shown = texts(at)
    assert ui.escape_md(expected or record["name_en"]) in [s.value for s in at.subheader]
    assert "Status on 2016-11-30" in shown and "Sources" in shown
    assert ("Location and key facts confirmed by the sources" in shown) == bool(record["verified"])
    assert ("Unverified: the place may be up to" in shown) != bool(record["verified"])
    assert at.query_params["sel"] == [feature_id] or at.query_params["sel"] == feature_id


def test_clicked_quanhe_panel_quotes_the_primary_source(fake_map, atlas):
    """The Quanhe crossing's panel carries the article's sentence about the humming border post."""
    at = app({"sel": "quanhe-wonjong-new-bridge"})
    shown = texts(at)
    assert "Quanhe border post" in shown and "Amid Sanctions" in shown


def search(at: AppTest, query: str) -> AppTest:
    """Type a query in the search box and press Enter (in the search form, Enter is the Search button)."""
    at.text_input(key="ba_search").set_value(query)
    return at.button(key="ba_search_go").click().run()


def selected(at: AppTest) -> str | None:
    """The selected feature's id."""
    return at.session_state[ui.STATE_KEY].selected


@pytest.mark.parametrize("query", ["Sinuiju", "Sinŭiju", "신의주", "新义州", "Sinuju"])
def test_search_in_each_script_selects_and_centres(fake_map, atlas, query):
    """One Enter finds Sinuiju's crossing in any script (or with a typo), selects it and centres the map on it."""
    at = search(app(), query)
    assert selected(at) == "dandong-sinuiju-friendship-bridge"
    assert ui.escape_md("Sino-Korean Friendship Bridge") in [s.value for s in at.subheader]
    point = atlas.feature("dandong-sinuiju-friendship-bridge")["geometry"]
    assert fake_map.calls[-1]["center"] == pytest.approx((point.y, point.x), abs=1e-3)
    assert fake_map.calls[-1]["zoom"] == 11
    hits = [b.label for b in at.sidebar.button if (b.key or "").startswith("ba_search_hit_")]
    assert hits[0].startswith(ui.escape_md("Sino-Korean Friendship Bridge")) and hits[0].endswith("crossing · open")


def test_search_sequence_selects_each_in_turn(fake_map):
    """신의주 → Quanhe → 신의주 → 新义州: each Enter selects its best hit, also one selected before."""
    at = app()
    for query, expected in [
        ("신의주", "dandong-sinuiju-friendship-bridge"),
        ("Quanhe", "quanhe-wonjong-new-bridge"),
        ("신의주", "dandong-sinuiju-friendship-bridge"),
        ("新义州", "dandong-sinuiju-friendship-bridge"),
    ]:
        search(at, query)
        assert selected(at) == expected, query


def test_same_query_after_clear_selection_selects_again(fake_map):
    """After Clear selection, Enter on the same (unchanged) query selects its best hit again."""
    at = search(app(), "신의주")
    next(b for b in at.button if b.label == "Clear selection").click().run()
    assert selected(at) is None
    at.button(key="ba_search_go").click().run()
    assert selected(at) == "dandong-sinuiju-friendship-bridge"


def test_any_listed_hit_selects_even_one_chosen_before(fake_map, atlas):
    """The other hits are buttons: a pick selects, a second pick of the same one after Clear selects again."""
    at = search(app(), "Sinuiju")
    key = "ba_search_hit_new-yalu-river-bridge"
    at.button(key=key).click().run()
    assert selected(at) == "new-yalu-river-bridge"
    next(b for b in at.button if b.label == "Clear selection").click().run()
    at.button(key=key).click().run()
    assert selected(at) == "new-yalu-river-bridge"


@pytest.mark.parametrize(
    "query, lat, lon, zoom",
    [("Chongjin", 41.7846, 129.79, 11), ("Yalu", None, None, 8)],
)
def test_town_or_river_hit_centres_without_selecting(fake_map, query, lat, lon, zoom):
    """A town goes to its point at zoom 11, a river is fitted; neither selects a feature."""
    at = search(app({"sel": "quanhe-wonjong-new-bridge"}), query)
    assert selected(at) == "quanhe-wonjong-new-bridge"
    call = fake_map.calls[-1]
    assert call["zoom"] == zoom
    if lat is not None:
        assert call["center"] == pytest.approx((lat, lon), abs=1e-3)


def test_polygon_hit_fits_its_bounds(fake_map, atlas):
    """ "Rason" selects the Rason area and centres on its bounds' centre, zoomed to fit it."""
    at = search(app(), "Rason")
    assert selected(at) == "flood-kp-rason"
    west, south, east, north = atlas.feature("flood-kp-rason")["geometry"].bounds
    lat, lon = fake_map.calls[-1]["center"]
    assert south < lat < north and lon == pytest.approx((west + east) / 2, abs=1e-3)
    assert 8 <= fake_map.calls[-1]["zoom"] <= 11


@pytest.mark.parametrize(
    "date, status",
    [
        (dt.date(2012, 6, 1), "Under construction"),
        (dt.date(2016, 11, 30), "Built, not open"),
    ],
)
def test_as_of_date_changes_the_status(fake_map, date, status):
    """Moving the as-of date changes the New Yalu River Bridge's status in the panel."""
    at = app({"sel": "new-yalu-river-bridge"})
    at.slider(key="ba_date").set_value(date).run()
    assert f"Status on {date.isoformat()}: " in texts(at) and f">{status}</span>" in texts(at)
    assert at.query_params.get("date") == (None if date == DEFAULT_AS_OF else date.isoformat())


def test_url_parameters_restore_the_view(fake_map):
    """A shared link restores layers, date, selection, centre and zoom."""
    at = app(
        {
            "layers": "crossings,flood_areas",
            "date": "2012-06-01",
            "sel": "new-yalu-river-bridge",
            "lat": "40.05",
            "lon": "124.40",
            "zoom": "11",
        }
    )
    assert not at.exception
    assert at.checkbox(key="ba_layer_crossings").value is True
    assert at.checkbox(key="ba_layer_towns").value is False
    assert at.slider(key="ba_date").value == dt.date(2012, 6, 1)
    assert "Status on 2012-06-01: " in texts(at) and ">Under construction</span>" in texts(at)
    call = fake_map.calls[-1]
    assert call["center"] == (40.05, 124.40) and call["zoom"] == 11
    assert not at.info


@pytest.mark.parametrize(
    "params, words",
    [
        ({"date": "2016-13-45"}, "is not a date"),
        ({"layers": "<script>alert(1)</script>"}, "Unknown layer"),
        ({"sel": "no-such-place"}, "No feature with id"),
        ({"zoom": "999"}, "Zoom"),
    ],
)
def test_bad_url_parameter_falls_back_with_notice(fake_map, params, words):
    """A bad value in the link gives a short notice and the default view, never a traceback."""
    at = app(params)
    assert not at.exception
    assert any(words in info.value for info in at.info)
    assert "Headlines on this map" in [s.value for s in at.subheader]


def test_layer_toggle_updates_the_url_and_the_groups(fake_map):
    """Turning a layer off removes its group from the map and records it in the URL."""
    at = app()
    at.checkbox(key="ba_layer_flood_areas").uncheck().run()
    names = [g.layer_name for g in fake_map.calls[-1]["feature_group_to_add"]]
    assert "flood_areas" not in names and "crossings" in names
    assert "flood_areas" not in str(at.query_params["layers"])


@pytest.mark.parametrize("date", [dt.date(2011, 1, 1), dt.date(2013, 6, 1), dt.date(2016, 11, 30)])
def test_events_up_to_the_as_of_date_are_listed(fake_map, atlas, date):
    """The Map page lists how many events had happened by the as-of date, and none after it."""
    at = app({"date": date.isoformat()})
    expected = sum(
        1
        for event in atlas.events
        if dt.date.fromisoformat({4: event.date + "-01-01", 7: event.date + "-01"}.get(len(event.date), event.date))
        <= date
    )
    assert f"Events up to {date.isoformat()} ({expected})" in [e.label for e in at.expander]


def test_panned_view_in_the_url_is_adopted_on_the_next_rerun(fake_map):
    """The map writes its centre and zoom into the URL while panning; the next rerun adopts them (no rerun of its own)."""
    at = app()
    at.query_params.update({"lat": "42.5", "lon": "130.2", "zoom": "9"})
    at.checkbox(key="ba_layer_towns").uncheck().run()
    call = fake_map.calls[-1]
    assert call["center"] == (42.5, 130.2) and call["zoom"] == 9
    assert at.session_state[ui.STATE_KEY].zoom == 9


def test_search_centre_wins_over_an_older_url_view(fake_map, atlas):
    """Choosing a search result centres on it even though the URL still holds the previous view."""
    at = app({"lat": "42.5", "lon": "130.2", "zoom": "9"})
    search(at, "신의주")
    point = atlas.feature("dandong-sinuiju-friendship-bridge")["geometry"]
    assert fake_map.calls[-1]["center"] == pytest.approx((point.y, point.x), abs=1e-3)


def test_clicking_the_same_symbol_after_clearing_selects_it_again(fake_map, atlas):
    """Clear the selection, click the same symbol again: it is selected again (the click count makes it new)."""
    at = app()
    fake_map.click, fake_map.count = point_of(atlas, "changbai-hyesan-bridge"), 1
    at.run()
    assert at.session_state[ui.STATE_KEY].selected == "changbai-hyesan-bridge"
    ui_clear = next(b for b in at.button if b.label == "Clear selection")
    ui_clear.click().run()
    assert at.session_state[ui.STATE_KEY].selected is None
    fake_map.count = 2
    at.run()
    assert at.session_state[ui.STATE_KEY].selected == "changbai-hyesan-bridge"
