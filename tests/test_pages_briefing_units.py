"""Unit tests of the briefing-grade Trade, Floods and Timeline pages' pure logic (tables and charts)."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest
from sample_data import mutated_tables, write_sample_dataset

from borderatlas import charts, models, tables
from borderatlas.data import load_atlas
from borderatlas.dates import date_start
from borderatlas.tables.floods import reported_by
from borderatlas.tables.timeline import SIMILAR_TITLES, dates_overlap, title_overlap
from borderatlas.tables.trade import Headline

AS_OF = dt.date(2016, 11, 30)


@pytest.fixture(scope="module")
def real():
    """The real data set in geodata/."""
    return load_atlas()


def spec(chart) -> dict:
    return chart.to_dict()


def spec_text(chart) -> str:
    return json.dumps(chart.to_dict(), default=str, ensure_ascii=False)


# --- trade: headline cards -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, unit, parts",
    [
        (400_870_018, "USD", ("US$400.9 M", "")),
        (7_500_000, "tonnes", ("7.5 M", " tonnes")),
        (138, "persons", ("138", " persons")),
        (5, None, ("5", "")),
        (7_500_000, "![x](http://evil/img.png)", ("7.5 M", " ![x](http://evil/img.png)")),
    ],
)
def test_compact_parts_keep_the_data_unit_apart(value, unit, parts):
    """The number is made here; the unit is data, kept apart so the page can escape it."""
    assert tables.compact_parts(value, unit) == parts
    assert tables.compact_value(value, unit) == "".join(parts)


def test_headline_cards_fit_in_rows_of_three(real):
    """Five cards in two rows by topic (3 GDP, 2 coal caps); values short enough for a third of the page."""
    rows = tables.headline_rows(tables.headlines(real))
    assert [[card.topic for card in row] for row in rows] == [["economy"] * 3, ["sanctions"] * 2]
    cards = [card for row in rows for card in row]
    assert max(len(card.value) for card in cards) <= 12
    assert max(len(card.label) for card in cards) <= 36
    values = {card.fact_id: card.value for card in cards}
    assert values["unscr2321-coal-cap-2017-usd"] == "US$400.9 M"
    assert values["unscr2321-coal-cap-2017-tonnes"] == "7.5 M tonnes"


@pytest.mark.parametrize(
    "topics, sizes",
    [
        (["a", "a", "a", "a"], [3, 1]),
        (["a", "b", "b"], [1, 2]),
        (["a", "a", "b", "a"], [2, 1, 1]),
        ([], []),
    ],
)
def test_headline_rows_group_by_topic(real, topics, sizes):
    [card] = tables.headlines(real, ["sinonk-liaoning-gdp-jan-sep-2016"])
    cards = [Headline(**{**card.__dict__, "topic": topic}) for topic in topics]
    assert [len(row) for row in tables.headline_rows(cards)] == sizes


# --- trade: coal ---------------------------------------------------------------------------------------------------


def test_coal_caps_are_the_four_cap_facts(real):
    caps = tables.coal_caps(real)
    assert set(caps["id"]) == set(tables.COAL_CAP_FACTS)
    by_id = caps.set_index("id")
    assert by_id.loc["unscr2321-coal-cap-2017-usd", ["value", "unit", "granularity"]].tolist() == [
        400_870_018,
        "USD",
        "annual",
    ]
    assert by_id.loc["unscr2321-coal-cap-dec-2016-tonnes", "start"] == pd.Timestamp("2016-11-30")
    assert by_id.loc["unscr2321-coal-cap-dec-2016-tonnes", "end"] == pd.Timestamp("2017-01-01")


@pytest.mark.parametrize(
    "series, months",
    [
        ("dprk_coal_exports_to_china_volume", ["2016-04", "2016-05", "2016-08", "2016-09", "2016-10"]),
        ("dprk_coal_exports_to_china_value", ["2016-04"]),
    ],
)
def test_coal_chart_draws_only_the_months_reported(real, series, months):
    """The monthly chart holds exactly the months a source reports, the cap for 30 Nov-31 Dec 2016, no line, and
    no fixed width (it fits its container)."""
    trade, caps = tables.trade_frame(real), tables.coal_caps(real)
    chart = charts.coal_chart(trade, series, caps, "monthly")
    drawn = spec(chart)
    assert "width" not in drawn and not {"vconcat", "hconcat", "facet"} & set(drawn)
    marks = [layer["mark"]["type"] for layer in drawn["layer"]]
    assert "line" not in marks and "point" in marks
    data = [row for rows in drawn["datasets"].values() for row in rows]
    assert sorted(row["period"] for row in data if "series_label" in row) == months
    assert "UNSCR 2321 cap, 2016-11-30–2016-12-31" in spec_text(chart)


def test_coal_table_lists_values_and_caps_in_date_order(real):
    trade, caps = tables.trade_frame(real), tables.coal_caps(real)
    table = tables.coal_table(trade, caps, "dprk_coal_exports_to_china_volume")
    assert list(table["Period"]) == [
        "2016",
        "2016",
        "2016-04",
        "2016-05",
        "2016-08",
        "2016-09",
        "2016-10",
        "2016-11-30–2016-12-31",
        "2017-01-01–2017-12-31",
    ]
    assert list(table["Value"])[-2:] == [1_000_866, 7_500_000]
    assert all(table[column].astype(str).str.strip().ne("").any() for column in table.columns)


@pytest.mark.parametrize(
    "rows, kept",
    [
        ([{"a": "x", "b": "", "id": "1"}], ["a", "id"]),
        ([{"a": "x", "b": None, "id": "1"}, {"a": "", "b": "y", "id": "2"}], ["a", "b", "id"]),
        ([{"a": "", "b": "", "id": ""}], ["id"]),
        ([], ["a", "b", "id"]),
    ],
)
def test_drop_empty_columns(rows, kept):
    table = pd.DataFrame(rows, columns=["a", "b", "id"])
    assert list(tables.drop_empty_columns(table).columns) == kept


def test_designations_table_has_no_empty_column(real):
    table = tables.designations_table(real)
    assert "Native name" not in table.columns
    assert all(table[column].astype(str).str.strip().ne("").any() for column in table.columns)


# --- floods --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "report_date, as_of, shown",
    [
        ("2016-09-10", dt.date(2016, 9, 10), True),
        ("2016-09-11", dt.date(2016, 9, 10), False),
        ("2016-09", dt.date(2016, 9, 10), True),
        ("2017-05", AS_OF, False),
        ("2017-05", None, True),
    ],
)
def test_reported_by(report_date, as_of, shown):
    figure = models.FloodFigure.model_construct(report_date=report_date)
    assert reported_by(figure, as_of) == shown


@pytest.mark.parametrize("as_of", [dt.date(2016, 9, 10), AS_OF])
def test_flood_chart_stops_at_the_as_of_date(real, as_of):
    figures = tables.flood_chart_frame(real, as_of)
    assert len(figures) and figures["report_date"].max() <= pd.Timestamp(as_of)
    assert len(figures) < len(tables.flood_chart_frame(real))
    chart = charts.flood_chart(figures, None, as_of)
    drawn = spec(chart)
    assert "vconcat" in drawn and "facet" not in drawn and "width" not in drawn
    ends = {panel["encoding"]["x"]["scale"]["domain"][1] for panel in drawn["vconcat"]}
    assert ends == {f"{as_of.isoformat()}T00:00:00"}
    assert {panel["mark"]["type"] for panel in drawn["vconcat"]} == {"point"}


def test_every_reporter_has_its_own_colour_and_shape(real):
    reporters = sorted(set(tables.flood_chart_frame(real)["reporter"]))
    styles = charts.category_styles(reporters)
    assert [value for value, _, _ in styles] == reporters
    assert len({(colour, shape) for _, colour, shape in styles}) == len(reporters)
    colours = {value: colour for value, colour, _ in styles}
    ocha = next(r for r in reporters if "OCHA" in r)
    assert colours["FloodList"] != colours[ocha]


@pytest.mark.parametrize("count", [1, 10, 18, 40])
def test_category_styles_are_distinct(count):
    styles = charts.category_styles([f"r{i:02d}" for i in range(count)])
    assert len({(colour, shape) for _, colour, shape in styles}) == count


def test_flood_figures_table_latest_first_per_metric(real):
    table = tables.flood_figures_table(real, dt.date(2016, 9, 10))
    assert list(table["Metric"]) == sorted(table["Metric"])
    for _, group in table.groupby("Metric", sort=False):
        starts = [date_start(text) for text in group["Report date"]]
        assert starts == sorted(starts, reverse=True)
    assert max(date_start(text) for text in table["Report date"]) <= dt.date(2016, 9, 10)
    assert len(tables.flood_figures_table(real)) == len(real.flood_figures)


def test_flood_bounds_frame_the_flood_areas(real, sample_root):
    west, south, east, north = tables.flood_bounds(real)
    assert 128 < west < east < 131.5 and 40.5 < south < north < 44
    (sample_root / "flood_areas.geojson").unlink()
    assert tables.flood_bounds(load_atlas(sample_root)) is None


# --- timeline --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "first, second, overlap",
    [
        ("2010-12", "2010-12-31", True),
        ("2016", "2016-09-30", True),
        ("2014-09", "2014-10", False),
        ("2016-09-30", "2016-09-30", True),
    ],
)
def test_dates_overlap(first, second, overlap):
    assert dates_overlap(first, second) == overlap


@pytest.mark.parametrize(
    "first, second, at_least",
    [
        ("Construction of the New Yalu River Bridge begins", "New Yalu River Bridge ground-breaking", 0.5),
        ("Ambassador Li Jinjun's PRC National Day remarks", "Ambassador Li Jinjun's National Day remarks", 0.8),
    ],
)
def test_title_overlap_of_retold_events(first, second, at_least):
    assert title_overlap(first, second) >= at_least
    assert title_overlap(first, "UN Security Council adopts Resolution 2321") < SIMILAR_TITLES


def duplicate(tables_):
    """The sample event told a second time, on a more precise date, by the same source."""
    event = tables_["events.csv"][0]
    tables_["events.csv"].append({**event, "id": "event-b", "date": "2016-11-30", "title": "A thing happened again"})
    event["date"] = "2016-11"


def test_similar_events_finds_a_retold_event(tmp_path):
    atlas = load_atlas(write_sample_dataset(tmp_path / "geodata", tables=mutated_tables(duplicate)))
    assert tables.similar_events(atlas.events) == [("event-a", "event-b")]
    assert tables.similar_events(atlas.events, frozenset({frozenset({"event-a", "event-b"})})) == []


def test_real_events_are_told_once(real):
    """No two events look like one happening told twice, unless listed as known distinct."""
    assert tables.similar_events(real.events) == []


MERGED = {
    "infra-2010-12-31-new-yalu-bridge-groundbreaking": {
        "dailynk-2014-new-bridge-delayed",
        "xinhua-2013-01-yalu-highway-bridge-zh",
        "wikipedia-new-yalu-river-bridge",
    },
    "crossings-2014-10-new-yalu-bridge-opening-postponed": {
        "nknews-2014-10-new-yalu-postponed",
        "dailynk-2014-new-bridge-delayed",
        "donga-2020-05-04-new-yalu-bridge",
    },
    "crossings-2014-09-new-quanhe-bridge-construction-begins": {
        "chinanews-2015-11-03-tumen-crossborder-bridge",
        "jilin-shinmun-2014-11-18-jian-manpo-bridge",
        "ajunews-2016-11-20-new-tumen-bridge",
    },
    "infra-2016-09-30-quanhe-bridge-opening": {
        "nknews-2016-10-03-new-tumen-bridge",
        "ajunews-2016-11-20-new-tumen-bridge",
        "wikipedia-tumen-river-bridge",
    },
    "crossings-2016-12-new-tumen-namyang-bridge-begins": {"dailynk-2017-01-tumen-new-bridge"},
    "2016-10-01-li-jinjun-national-day": {"sinonk-2016-11-30"},
}
"""Each merged event and the sources of both rows it was merged from."""
DROPPED = [
    "crossings-2010-12-new-yalu-bridge-construction-begins",
    "infra-2014-10-new-yalu-bridge-opening-postponed",
    "infra-2014-09-quanhe-bridge-construction-start",
    "crossings-2016-09-30-new-quanhe-bridge-opening",
    "infra-2016-12-tumen-namyang-bridge-construction",
    "floods-2016-10-01-li-jinjun-national-day-remarks",
]


@pytest.mark.parametrize("event_id, sources", MERGED.items(), ids=list(MERGED))
def test_merged_events_keep_every_source(real, event_id, sources):
    events = {event.id: event for event in real.events}
    assert set(events[event_id].source_ids) == sources
    assert not set(DROPPED) & set(events)


def test_merged_event_says_which_dates_the_sources_give(real):
    event = next(e for e in real.events if e.id == "infra-2010-12-31-new-yalu-bridge-groundbreaking")
    assert "Daily NK: December 2010" in event.note and "31 Dec 2010" in event.note
    assert set(event.place_ids) == {"new-yalu-river-bridge", "new-yalu-river-bridge-project"}


@pytest.mark.parametrize("newest_first", [False, True])
def test_timeline_by_year(real, newest_first):
    entries = tables.timeline(real, as_of=AS_OF, newest_first=newest_first)
    groups = tables.by_year(entries)
    years = [year for year, _ in groups]
    assert years == sorted(set(years), reverse=newest_first)
    assert all(entry.year == year for year, group in groups for entry in group)
    assert sum(len(group) for _, group in groups) == len(entries)
    assert tables.year_anchor(years[0]) == f"year-{years[0]}"


def test_timeline_chart_fits_its_container(real):
    entries = tables.timeline(real)
    frame = tables.timeline_frame(entries)
    assert len(frame) == len(entries) and list(frame["date"]) == sorted(frame["date"])
    drawn = spec(charts.timeline_chart(frame, tables.event_topics(real), AS_OF))
    assert "width" not in drawn and drawn["layer"][0]["encoding"]["x"]["field"] == "date"
