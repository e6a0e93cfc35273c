"""AppTest of the six non-map pages: each runs inside dashboard.py's navigation and shows its data."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import open_page
from sample_data import mutated_layers, mutated_tables, write_sample_dataset
from streamlit.testing.v1 import AppTest

import borderatlas.ui as ui
from borderatlas.data import load_atlas
from borderatlas.registry import PAGES

HOSTILE = "<script>alert(1)</script> **bold** [x](javascript:alert(1))"


@pytest.fixture(autouse=True)
def stand_in_map(fake_map):
    """Every page test runs with st_folium replaced (see conftest.FakeMap)."""
    return fake_map


def page(name: str, at: AppTest | None = None) -> AppTest:
    """Run the app, switch to one page and run it."""
    return open_page(name, at)


def texts(at: AppTest) -> str:
    """All markdown, captions, subheaders, alerts and expander labels of a run, joined."""
    parts = [e.value for kind in ("markdown", "caption", "subheader", "warning", "info") for e in getattr(at, kind)]
    parts += [e.label for e in at.expander]
    return "\n".join(str(p) for p in parts)


def column_values(at: AppTest, column: str) -> set:
    """Every value in a column of any dataframe on the page."""
    return {value for frame in at.dataframe if column in frame.value.columns for value in frame.value[column]}


@pytest.mark.parametrize("spec", PAGES, ids=[spec.id for spec in PAGES])
def test_every_page_runs_with_its_heading(fake_map, spec):
    """Each page in the registry runs without an exception and shows its heading, once."""
    at = open_page(spec)
    assert not at.exception
    assert [t.value for t in at.title] == [spec.heading]


@pytest.mark.parametrize(
    "name, map_key",
    [
        ("crossings", "crossings_map"),
        ("infrastructure", "infrastructure_map"),
        ("floods", "floods_map"),
        ("trade", None),
        ("timeline", None),
        ("sources", None),
    ],
)
def test_page_maps(fake_map, name, map_key):
    """Pages with a map draw their own; the others draw none (the Map page's is drawn only on the Map page)."""
    assert not page(name).exception
    keys = [call["key"] for call in fake_map.calls]
    assert (map_key in keys) if map_key else ("ba_map" in keys and len(keys) == 1)


@pytest.mark.parametrize(
    "name, column, expected",
    [
        ("crossings", "Name", "Sino-Korean Friendship Bridge"),
        ("crossings", "中文", "中朝友谊桥"),
        ("infrastructure", "Kind", "economic zone"),
        ("floods", "Severity", "severe"),
        ("floods", "Metric", "deaths"),
        ("trade", "Entity", "DCB Finance Limited"),
        ("sources", "Title", "Amid Sanctions, a Sino-North Korean Rapprochement"),
        ("sources", "Layer", "Border crossings"),
    ],
)
def test_page_tables_list_known_rows(name, column, expected):
    assert expected in column_values(page(name), column)


@pytest.mark.parametrize(
    "name, expected",
    [
        ("crossings", "Facts by crossing"),
        ("floods", "Aid"),
        ("trade", "GDP growth: border provinces vs the national rate"),
        ("trade", "DPRK coal exports to China and the 2016 resolutions"),
        ("sources", "What is unverified"),
        ("sources", "not authoritative"),
        ("timeline", "Sources:"),
    ],
)
def test_page_text(name, expected):
    assert expected in texts(page(name))


def test_crossings_status_follows_the_as_of_date():
    at = page("crossings")
    before = dict(zip(at.dataframe[0].value["id"], at.dataframe[0].value["Status on date"]))
    at.sidebar.slider(key="ba_date").set_value(dt.date(2010, 1, 15)).run()  # before the Feb 2010 agreement
    after = dict(zip(at.dataframe[0].value["id"], at.dataframe[0].value["Status on date"]))
    assert before["new-yalu-river-bridge"] != after["new-yalu-river-bridge"] == "not yet begun"


def test_trade_metric_cards():
    at = page("trade")
    labels = {metric.label: metric.value for metric in at.metric}
    assert labels[ui.escape_md("Liaoning GDP, Jan–Sep 2016")] == "-2.2%"
    assert any("coal cap" in label for label in labels)


@pytest.mark.parametrize(
    "kind, key, value",
    [
        ("selectbox", "trade_series", "china_exports_to_dprk"),
        ("selectbox", "trade_series", "china_imports_from_dprk"),
        ("radio", "trade_coal", "dprk_coal_exports_to_china_value"),
        ("selectbox", "floods_metric", "deaths"),
    ],
)
def test_chart_choices_rerun(kind, key, value):
    at = page("floods" if key.startswith("floods") else "trade")
    getattr(at, kind)(key=key).set_value(value).run()
    assert not at.exception
    assert getattr(at, kind)(key=key).value == value


def event_count(at: AppTest) -> int:
    """The number of events the timeline says it shows."""
    caption = next(c.value for c in at.caption if " of " in c.value and c.value.endswith(" events"))
    return int(caption.split(" of ")[0])


@pytest.mark.parametrize("topics", [["sanctions"], ["aid"], ["disaster", "nuclear"]])
def test_timeline_topic_filter_reduces_events(topics):
    at = page("timeline")
    everything = event_count(at)
    at.multiselect(key="timeline_topics").set_value(topics).run()
    assert 0 < event_count(at) < everything
    assert all(f"`{topic}`" in texts(at) for topic in topics)


def test_timeline_as_of_checkbox_shows_later_events():
    at = page("timeline")
    up_to_date = event_count(at)
    at.checkbox(key="timeline_all").check().run()
    assert event_count(at) == len(load_atlas().events) > up_to_date


def test_timeline_place_button_selects_feature_and_opens_the_map():
    at = page("timeline")
    button = next(b for b in at.button if b.key.endswith("_new-yalu-river-bridge"))
    button.click().run()
    assert not at.exception
    assert at.session_state[ui.STATE_KEY].selected == "new-yalu-river-bridge"
    assert [t.value for t in at.title] == ["China–North Korea border"]


def hostile_layers(layers):
    """Hostile names and notes on every feature."""
    for collection in layers.values():
        for feature in collection["features"]:
            feature["properties"].update(name_en=HOSTILE, verification_note=HOSTILE, summary=HOSTILE)


def hostile_tables(tables_):
    """Hostile text in every free-text field shown on the pages."""
    tables_["facts.csv"][0].update(statement=HOSTILE, quote=HOSTILE, note=HOSTILE)
    tables_["events.csv"][0].update(title=HOSTILE, summary=HOSTILE, note=HOSTILE, place_ids="crossing-a")
    tables_["sources.csv"][0].update(title=HOSTILE, publisher=HOSTILE)


@pytest.mark.parametrize(
    "name, rendered",
    [
        ("crossings", True),
        ("infrastructure", False),
        ("floods", False),
        ("trade", False),
        ("timeline", True),
        ("sources", False),
    ],
)
def test_hostile_text_never_runs(data_folder, tmp_path, name, rendered):
    """Data text shown as markdown is escaped (tables are safe anyway); rendered: the page shows it as markdown."""
    data_folder(
        write_sample_dataset(
            tmp_path / "geodata", layers=mutated_layers(hostile_layers), tables=mutated_tables(hostile_tables)
        )
    )
    at = page(name)
    assert not at.exception
    shown = texts(at) + "\n".join(b.label for b in at.button)
    assert "<script>" not in shown and "**bold**" not in shown and "](javascript" not in shown
    assert ("alert" in shown) == rendered


@pytest.mark.parametrize(
    "name, notice",
    [
        ("infrastructure", "No infrastructure projects are loaded yet"),
        ("floods", "No flood figures are loaded yet"),
    ],
)
def test_pages_cope_with_missing_files(data_folder, sample_root, name, notice):
    for missing in ("infrastructure.geojson", "flood_figures.csv", "trade_series.csv"):
        (sample_root / missing).unlink()
    data_folder(sample_root)
    at = page(name)
    assert not at.exception
    assert notice in texts(at)


@pytest.mark.parametrize("name", ["crossings", "trade", "timeline", "sources"])
def test_other_pages_run_on_a_partial_data_set(data_folder, sample_root, name):
    for missing in ("infrastructure.geojson", "flood_figures.csv", "trade_series.csv"):
        (sample_root / missing).unlink()
    data_folder(sample_root)
    assert not page(name).exception
