"""AppTest of the briefing-grade Trade, Floods and Timeline pages: what each page shows, not how it is built."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest
from conftest import open_page
from sample_data import mutated_tables, write_sample_dataset
from streamlit import dataframe_util
from streamlit.testing.v1 import AppTest

import borderatlas.mapview as mapview
from borderatlas import tables
from borderatlas.data import load_atlas
from borderatlas.ui import escape_md

SEPT_10 = dt.date(2016, 9, 10)


@pytest.fixture(autouse=True)
def stand_in_map(fake_map):
    """Every page test runs with st_folium replaced (see conftest.FakeMap)."""
    return fake_map


def charts_of(at: AppTest) -> list:
    """The page's Vega-Lite chart elements."""
    return list(at.get("vega_lite_chart"))


def chart_data(chart) -> pd.DataFrame:
    """Every row of every dataset a chart element carries."""
    frames = [dataframe_util.convert_arrow_bytes_to_pandas_df(d.data.data) for d in chart.proto.datasets]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def on_date(at: AppTest, day: dt.date) -> AppTest:
    at.sidebar.slider(key="ba_date").set_value(day).run()
    assert not at.exception
    return at


# --- trade -----------------------------------------------------------------------------------------------------------


def test_trade_cards_are_short_and_three_to_a_row():
    """The cards never hold a value too long for a third of the page, and no row holds more than three."""
    at = open_page("trade")
    values = [metric.value for metric in at.metric]
    assert len(values) == 5 and "US$400.9 M" in values and "7.5 M tonnes" in values
    assert all(len(value) <= 12 and "…" not in value for value in values)
    rows = [block for block in at.main.children.values() if getattr(block, "type", None) == "flex_container"]
    metric_rows = [row for row in rows if any(list(column.get("metric")) for column in row.children.values())]
    assert [len(row.children) for row in metric_rows] == [3, 3]


HOSTILE_UNIT = "![x](http://evil/img.png) [link](http://x) <b>b</b>"


def hostile_cap(tables_):
    """A coal-cap headline fact whose unit is markdown and HTML."""
    tables_["facts.csv"][0].update(id="unscr2321-coal-cap-2017-tonnes", unit=HOSTILE_UNIT, value="7500000")


def test_trade_card_unit_is_plain_text(data_folder, tmp_path):
    """A unit from the data never becomes an image, a link or HTML on a card, its caption or its tooltip."""
    data_folder(write_sample_dataset(tmp_path / "geodata", tables=mutated_tables(hostile_cap)))
    at = open_page("trade")
    assert not at.exception
    [card] = at.metric
    assert card.value.startswith("7.5 M") and "x" in card.value
    shown = [card.value, *(caption.value for caption in at.caption)]
    for text in shown:
        assert "![" not in text and "](http://evil" not in text and "](http://x" not in text and "<b>" not in text
    assert "\\!\\[x\\]\\(http://evil/img\\.png\\)" in card.value


def test_trade_coal_charts_and_table():
    """The coal section draws the months and the year separately, each fitting its column, and lists them."""
    at = open_page("trade")
    coal = [c for c in charts_of(at) if "UNSCR 2321 cap" in c.proto.spec]
    assert len(coal) == 2
    for chart in coal:
        drawn = json.loads(chart.proto.spec)
        assert "width" not in drawn and not {"vconcat", "hconcat", "facet"} & set(drawn)
    periods = [frame.value for frame in at.dataframe if "Period" in frame.value.columns]
    assert len(periods) == 1 and "2016-11-30–2016-12-31" in set(periods[0]["Period"])


def test_trade_tables_have_no_empty_column():
    at = open_page("trade")
    for frame in at.dataframe:
        table = frame.value
        assert all(table[c].astype(str).str.strip().ne("").any() for c in table.columns), list(table.columns)
    assert not any("Native name" in frame.value.columns for frame in at.dataframe)


# --- floods ----------------------------------------------------------------------------------------------------------


def test_flood_chart_stops_at_the_as_of_date():
    at = on_date(open_page("floods"), SEPT_10)
    [chart] = charts_of(at)
    data = chart_data(chart)
    assert len(data) and data["report_date"].max() <= pd.Timestamp(SEPT_10)
    drawn = json.loads(chart.proto.spec)
    assert {panel["encoding"]["x"]["scale"]["domain"][1] for panel in drawn["vconcat"]} == {"2016-09-10T00:00:00"}
    assert {panel["encoding"]["shape"]["field"] for panel in drawn["vconcat"]} == {"reporter"}


def test_flood_table_is_filtered_and_latest_first():
    at = on_date(open_page("floods"), SEPT_10)
    table = next(frame.value for frame in at.dataframe if "Report date" in frame.value.columns)
    assert len(table) < len(load_atlas().flood_figures)
    assert all(tables.text(day) <= "2016-09-10" for day in table["Report date"])
    deaths = list(table[table["Metric"] == "deaths"]["Report date"])
    assert deaths == sorted(deaths, reverse=True)


def test_flood_page_map_is_framed_on_the_flood_areas(monkeypatch, fake_map):
    requests = []
    build = mapview.build_map

    def spy(layers, basemap, request, *args, **kwargs):
        requests.append(request)
        return build(layers, basemap, request, *args, **kwargs)

    monkeypatch.setattr(mapview, "build_map", spy)
    at = open_page("floods")
    assert not at.exception
    framing = requests[-1].framing
    assert framing.fit == tables.flood_bounds(load_atlas()) and not framing.write_url
    call = next(call for call in fake_map.calls if call["key"] == "floods_map")
    assert call["center"] is None and call["zoom"] is None


# --- timeline --------------------------------------------------------------------------------------------------------


def year_headings(at: AppTest) -> list[str]:
    return [heading.value for heading in at.subheader if heading.value.isdigit()]


def test_timeline_groups_events_by_year():
    at = open_page("timeline")
    years = year_headings(at)
    assert years[0] == "2010" and years == sorted(years) and "2016" in years
    jump = next(block.value for block in at.markdown if block.value.startswith("Jump to:"))
    assert all(f"[{year}](#year-{year})" in jump for year in years)
    at.toggle(key="timeline_newest").set_value(True).run()
    assert year_headings(at) == sorted(years, reverse=True)


def test_timeline_shows_a_strip_chart_of_the_events():
    at = open_page("timeline")
    [chart] = charts_of(at)
    data = chart_data(chart)
    shown = next(c.value for c in at.caption if c.value.endswith(" events"))
    assert str(data["id"].nunique()) == shown.split(" of ")[0]
    assert "width" not in json.loads(chart.proto.spec)


@pytest.mark.parametrize(
    "title",
    [
        "Construction of the New Yalu River Bridge begins",
        "Opening of the New Yalu River Bridge postponed indefinitely",
        "Construction of the new Quanhe–Wonjong bridge begins",
        "Ambassador Li Jinjun's PRC National Day remarks in Pyongyang",
    ],
)
def test_merged_events_appear_once(title):
    at = open_page("timeline")
    assert sum(escape_md(title) in block.value for block in at.markdown) == 1


def test_timeline_is_one_markdown_block_per_event():
    """The page stays light: one markdown element per event, plus the jump links."""
    at = open_page("timeline")
    at.checkbox(key="timeline_all").check().run()
    events = [block for block in at.markdown if "Sources:" in block.value]
    assert len(events) == len(load_atlas().events)
    assert len(at.markdown) <= len(events) + 3
