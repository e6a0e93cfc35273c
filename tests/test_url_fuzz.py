"""Property-based tests: random and hostile query parameters and search text never break the app.

Two layers: a fast fuzz of the pure parser (borderatlas.urlstate.parse_view, thousands of cases) and a slower fuzz of
the whole app through AppTest (tens of cases), which must always render the Map page with a valid view, show a notice
for each replaced value, escape what it echoes, and rewrite the link to a clean one.
"""

from __future__ import annotations

import datetime as dt
import math
import re

import pytest
from conftest import APP
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as s
from streamlit.testing.v1 import AppTest

import borderatlas.ui as ui
import borderatlas.ui.mapframe as mapframe
from borderatlas.asof import EARLIEST_AS_OF, LATEST_AS_OF
from borderatlas.data import load_atlas
from borderatlas.layers import MAP_LAYER_IDS
from borderatlas.registry import PAGES, REGION_BOUNDS
from borderatlas.slide import LEGEND_KEYS, MAX_NOTE_CHARS, MAX_NOTES, MAX_SUBTITLE_CHARS, MAX_TITLE_CHARS
from borderatlas.urlstate import ViewState, parse_view, view_params
from borderatlas.viewport import MAX_ZOOM, MIN_ZOOM, TILE_IDS

SLIDE_KEYS = ("title", "subtitle", "note1", "note2", "note5", "note6", "legend", "ovl")
VIEW_KEYS = ("layers", "date", "since", "sel", "lat", "lon", "zoom", "tiles", "present", "bbox", *SLIDE_KEYS)
FEATURE_IDS = {fid for frame in load_atlas().layers.values() for fid in frame["id"]}
PAYLOADS = (
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=1">',
    "javascript:alert(1)",
    "[click](javascript:alert(1))",
    "**bold** _it_ `code` # head",
    "![img](https://example.org/x.png)",
    "${window.__pwned=1}",
    "`+alert(1)+`",
    "\\u0000\\",
    "'; DROP TABLE facts; --",
    "{{7*7}}",
    "%3Cscript%3E",
    "‮evil‭",
    "\u200b",
    "新义州<b>",
    "신의주\n\n# heading",
    "😀" * 50,
    "NaN",
    "Infinity",
    "-inf",
    "1e309",
    "9" * 400,
    "-0",
    "0x1F",
    "2016-02-30",
    "9999-12-31",
    "0000-00-00",
    "2016-11-30T00:00",
    "+002016-11-30",
    "crossings,<script>",
    ",,,",
    "none,osm",
    "../../etc/passwd",
    "\x00",
    "true",
    "yes",
    "∞",
)
"""Hand-picked hostile values: HTML/JS/markdown injection, template-literal escapes, odd numbers and dates."""

hostile = s.sampled_from(PAYLOADS)
numbers = s.one_of(s.floats(allow_nan=True, allow_infinity=True).map(repr), s.integers(-(10**400), 10**400).map(str))
dates = s.one_of(
    s.dates().map(dt.date.isoformat),
    s.dates(EARLIEST_AS_OF, LATEST_AS_OF).map(dt.date.isoformat),
    s.tuples(s.integers(-99999, 99999), s.integers(-5, 99), s.integers(-5, 99)).map(
        lambda t: f"{t[0]}-{t[1]:02d}-{t[2]:02d}"
    ),
)
layer_lists = s.lists(s.one_of(s.sampled_from(MAP_LAYER_IDS), hostile, s.text(max_size=12)), max_size=8).map(",".join)
long_text = s.tuples(s.text(min_size=1, max_size=4), s.integers(500, 5000)).map(lambda t: t[0] * t[1])
values = s.one_of(
    hostile,
    numbers,
    dates,
    layer_lists,
    long_text,
    s.text(max_size=60),
    s.sampled_from(sorted(FEATURE_IDS)),
    s.sampled_from(TILE_IDS),
    s.lists(numbers, min_size=3, max_size=5).map(",".join),
    s.tuples(*[s.floats(120, 132)] * 4).map(lambda t: ",".join(f"{v:.4f}" for v in t)),
    s.tuples(s.sampled_from(sorted(FEATURE_IDS)), s.one_of(hostile, long_text, s.text(max_size=200))).map("~".join),
    s.lists(s.one_of(s.sampled_from(LEGEND_KEYS), hostile), max_size=6).map(",".join),
)
keys = s.one_of(s.sampled_from(VIEW_KEYS), s.text(min_size=1, max_size=12))
query_params = s.dictionaries(keys, s.one_of(values, s.lists(values, min_size=1, max_size=3)), max_size=8)
NOTICE_CAP = 600
"""Notices quote at most 40 characters of a value, as repr (up to 10 characters each for unprintable ones)."""
UNESCAPED_MARKDOWN = re.compile(r"(?<!\\)[\[\]()<>*_`#!|~$]")


def assert_valid(state: ViewState) -> None:
    """Every field of a view is one the app can draw."""
    lon_min, lat_min, lon_max, lat_max = REGION_BOUNDS
    assert set(state.layers) <= set(MAP_LAYER_IDS)
    assert EARLIEST_AS_OF <= state.as_of <= LATEST_AS_OF
    assert state.since is None or EARLIEST_AS_OF <= state.since < state.as_of
    assert state.selected is None or state.selected in FEATURE_IDS
    assert lat_min <= state.lat <= lat_max and lon_min <= state.lon <= lon_max
    assert MIN_ZOOM <= state.zoom <= MAX_ZOOM and isinstance(state.zoom, int)
    assert state.tiles in TILE_IDS
    assert state.title is None or 0 < len(state.title) <= MAX_TITLE_CHARS
    assert state.subtitle is None or 0 < len(state.subtitle) <= MAX_SUBTITLE_CHARS
    assert len(state.notes) <= MAX_NOTES
    assert all(note.feature_id in FEATURE_IDS and 0 < len(note.text) <= MAX_NOTE_CHARS for note in state.notes)
    assert state.legend is None or set(state.legend) <= set(LEGEND_KEYS)
    texts = [state.title or "", state.subtitle or "", *(note.text for note in state.notes)]
    assert not any(ch in text for text in texts for ch in "\x00\n\r\t\u202e\u2028")
    if state.bbox is not None:
        b_lon_min, b_lat_min, b_lon_max, b_lat_max = state.bbox
        assert lon_min <= b_lon_min < b_lon_max <= lon_max and lat_min <= b_lat_min < b_lat_max <= lat_max


@settings(max_examples=2000, deadline=None)
@given(query_params)
def test_parse_view_always_returns_a_drawable_view(params):
    """Any query string parses to a valid view; each replaced value gets a short notice; the result round-trips."""
    parsed = parse_view(params, FEATURE_IDS)
    assert_valid(parsed.state)
    assert all(len(notice) < NOTICE_CAP for notice in parsed.notices)
    again = parse_view(view_params(parsed.state), FEATURE_IDS)
    assert again.state == parsed.state and again.notices == []


def accepted(key: str, value: str) -> bool:
    """An oracle written apart from the parser: is this a value the view can take for this key?"""
    if key == "tiles":
        return value in TILE_IDS
    if key == "sel":
        return not value or value in FEATURE_IDS
    if key == "date":
        try:
            return EARLIEST_AS_OF <= dt.date.fromisoformat(value.strip()) <= LATEST_AS_OF
        except ValueError:
            return False
    try:
        number = float(value)
    except (ValueError, OverflowError):
        return False
    return math.isfinite(number) and MIN_ZOOM <= number <= MAX_ZOOM


@settings(max_examples=1000, deadline=None)
@given(
    s.sampled_from(["date", "zoom", "tiles", "sel"]),
    s.one_of(hostile, numbers, dates, long_text, s.text(), s.sampled_from(sorted(FEATURE_IDS))),
)
def test_a_rejected_value_falls_back_to_the_default_with_one_notice(key, value):
    """A value the view cannot take leaves its field at the default and says so; a good one says nothing."""
    parsed = parse_view({key: value}, FEATURE_IDS)
    field = {"date": "as_of", "sel": "selected"}.get(key, key)
    if accepted(key, value):
        assert parsed.notices == []
    else:
        assert len(parsed.notices) == 1 and getattr(parsed.state, field) == getattr(ViewState(), field)
        assert len(parsed.notices[0]) < NOTICE_CAP


@settings(max_examples=300, deadline=None)
@given(s.dates(EARLIEST_AS_OF, LATEST_AS_OF), s.sampled_from(MAP_LAYER_IDS), s.integers(MIN_ZOOM, MAX_ZOOM))
def test_valid_values_are_taken_without_a_notice(date, layer, zoom):
    """Good links restore exactly what they say."""
    parsed = parse_view({"date": date.isoformat(), "layers": layer, "zoom": str(zoom)}, FEATURE_IDS)
    assert (parsed.state.as_of, parsed.state.layers, parsed.state.zoom, parsed.notices) == (date, (layer,), zoom, [])


@pytest.fixture(scope="module", autouse=True)
def fake_map():
    """st_folium replaced for the whole module (hypothesis runs many examples per test function)."""
    original = mapframe.st_folium
    mapframe.st_folium = lambda fig, **kwargs: {"last_object_clicked": None}
    yield
    mapframe.st_folium = original


def app_with(params: dict) -> AppTest:
    """The app run once with these query parameters."""
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def assert_renders_safely(at: AppTest, params: dict) -> None:
    """The page rendered with a valid view, one escaped notice per replaced value, and a clean link.

    A repeated parameter counts by its last value, as st.query_params.to_dict() gives it.
    """
    assert not at.exception, at.exception
    state = at.session_state[ui.STATE_KEY]
    assert [t.value for t in at.title] == ([] if state.present else ["China–North Korea border"])
    assert_valid(state)
    expected = parse_view({k: v[-1] if isinstance(v, list) else v for k, v in params.items()}, FEATURE_IDS)
    assert state == expected.state
    notices = [info.value for info in at.info]
    assert notices == [ui.escape_md(notice) for notice in expected.notices]
    assert all(not UNESCAPED_MARKDOWN.search(notice) for notice in notices), notices
    assert {k: (v[0] if isinstance(v, list) and len(v) == 1 else v) for k, v in at.query_params.items()} == view_params(
        state
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(query_params)
def test_app_renders_any_link(params):
    """Random and hostile query parameters: the Map page renders with defaults and notices, never an exception."""
    assert_renders_safely(app_with(params), params)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(s.one_of(hostile, long_text, s.text(min_size=1, max_size=80)))
def test_search_box_takes_any_text(query):
    """Any search text + Enter shows results or an escaped 'no place' line, never an exception."""
    at = app_with({})
    at.text_input(key="ba_search").input(query)
    at.button(key="ba_search_go").click().run()
    assert not at.exception, at.exception
    captions = [c.value for c in at.sidebar.caption if c.value.startswith("No place is called")]
    hits = [b for b in at.sidebar.button if (b.key or "").startswith("ba_search_hit_")]
    assert captions or hits or not query.strip()
    assert all("<" not in caption and not re.search(r"(?<!\\)[\[\]()]", caption) for caption in captions)


HOSTILE_LINK = {
    "layers": "<script>window.__pwned=1</script>,crossings",
    "date": "2016-02-30",
    "sel": "[x](javascript:alert(1))",
    "lat": "NaN",
    "lon": "1e309",
    "zoom": "9" * 400,
    "tiles": '<img src=x onerror="window.__pwned=1">',
    "present": "**yes**",
}


@pytest.mark.parametrize("spec", PAGES, ids=[spec.id for spec in PAGES])
def test_every_page_survives_a_hostile_link(spec):
    """Each page renders under a link whose every value is hostile, with a notice per value."""
    at = app_with(HOSTILE_LINK)
    if not spec.is_home:
        at.switch_page(spec.script).run()
    assert not at.exception, at.exception
    assert len(at.info) >= 6
    shown = "\n".join(str(e.value) for kind in ("markdown", "caption", "info", "warning") for e in getattr(at, kind))
    assert "<script>" not in shown and "<img" not in shown and "](javascript" not in shown


@settings(max_examples=1000, deadline=None)
@given(
    s.sampled_from(["title", "subtitle", "note1", "legend"]),
    s.one_of(
        hostile,
        long_text,
        s.text(),
        s.tuples(s.sampled_from(sorted(FEATURE_IDS)), s.one_of(hostile, long_text, s.text())).map("~".join),
        s.lists(s.one_of(s.sampled_from(LEGEND_KEYS), hostile, s.text(max_size=10)), max_size=5).map(",".join),
    ),
)
def test_any_slide_value_gives_a_linkable_slide_with_at_most_one_notice(key, value):
    """A title, subtitle, note or legend value of any text is cleaned, cut or refused with at most one short notice,
    and the view it gives writes a link that restores it exactly."""
    parsed = parse_view({key: value}, FEATURE_IDS)
    assert_valid(parsed.state)
    assert len(parsed.notices) <= 1 and all(len(notice) < NOTICE_CAP for notice in parsed.notices)
    again = parse_view(view_params(parsed.state), FEATURE_IDS)
    assert again.state == parsed.state and again.notices == []
