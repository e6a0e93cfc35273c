"""Unit tests of the pure page logic: borderatlas.tables (DataFrames) and borderatlas.charts (Altair specs)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sample_data import SOURCE, mutated_layers, mutated_tables, write_sample_dataset

from borderatlas import charts, tables
from borderatlas.data import load_atlas
from borderatlas.dates import date_start
from borderatlas.layers import layer_by_id

AS_OF = dt.date(2016, 11, 30)


@pytest.fixture
def atlas(sample_root):
    """The sample data set, loaded."""
    return load_atlas(sample_root)


@pytest.fixture(scope="module")
def real():
    """The real data set in geodata/."""
    return load_atlas()


def spec_text(chart) -> str:
    """A chart's Vega-Lite spec as JSON text."""
    return json.dumps(chart.to_dict(), default=str)


# --- small helpers -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value, expected", [(None, ""), (float("nan"), ""), ("x", "x"), (3, "3")])
def test_text(value, expected):
    assert tables.text(value) == expected


@pytest.mark.parametrize("values, expected", [(None, ""), ([], ""), (["a", None, "b"], "a; b")])
def test_join(values, expected):
    assert tables.join(values) == expected


@pytest.mark.parametrize(
    "layer, status, expected",
    [
        ("crossings", "completed_not_open", "Built, not open"),
        ("infrastructure", "restricted", "Partly open"),
        ("crossings", None, "not yet begun"),
        ("flood_areas", "2016_flood_extent", "2016 flood extent"),
    ],
)
def test_status_text_is_the_legend_vocabulary(layer, status, expected):
    """Tables, panels, tooltips and the legend say a status in the same words."""
    assert layer_by_id(layer).status_text(status) == expected


@pytest.mark.parametrize(
    "start, end, expected",
    [
        ("2016-01", "2016-09", "2016-01–2016-09"),
        ("2016", "2016", "2016"),
        (None, "2018", "2018"),
        (None, None, ""),
    ],
)
def test_period_text(start, end, expected):
    assert tables.period_text(start, end) == expected


# --- crossings, infrastructure, flood areas ------------------------------------------------------------------------


@pytest.mark.parametrize("as_of, expected", [(dt.date(2009, 6, 1), "not yet begun"), (AS_OF, "Open")])
def test_crossings_table_status_on_date(atlas, as_of, expected):
    table = tables.layer_table(atlas, "crossings", as_of)
    assert list(table.columns) == tables.layer_columns("crossings")
    assert list(table.columns[:4]) == ["Name", "Status on date", "Verified", "Sources"]
    assert set(table["Status on date"]) == {expected}


@pytest.mark.parametrize(
    "feature_id, mode, river", [("crossing-a", "Road and rail", "Yalu"), ("crossing-b", "Rail", "Tumen")]
)
def test_crossings_table_row(atlas, feature_id, mode, river):
    row = tables.layer_table(atlas, "crossings", AS_OF).set_index("id").loc[feature_id]
    assert (row["Mode"], row["River"], row["Town (China)"], row["Town (Russia)"]) == (mode, river, "Dandong", "")
    assert row["中文"] == "新义州" and row["조선말"] == "신의주"
    assert row["Verified"] and row["Precision (km)"] == 1.0
    assert "A test source" in row["Sources"]


def test_infrastructure_table(atlas):
    row = tables.layer_table(atlas, "infrastructure", AS_OF).iloc[0]
    assert (row["Name"], row["Kind"], row["Status on date"]) == ("Name infra-a", "port", "Operating")
    assert row["Budget unit"] == ""


def test_infrastructure_budget_when_sourced(tmp_path):
    def add_budget(layers):
        props = layers["infrastructure.geojson"]["features"][0]["properties"]
        props.update(budget_value=140000000, budget_unit="CNY", budget_note="estimate")

    atlas = load_atlas(write_sample_dataset(tmp_path / "geodata", layers=mutated_layers(add_budget)))
    row = tables.layer_table(atlas, "infrastructure", AS_OF).iloc[0]
    assert (row["Budget"], row["Budget unit"], row["Budget note"]) == (140000000, "CNY", "estimate")


@pytest.mark.parametrize(
    "missing, build",
    [
        ("infrastructure.geojson", lambda a: tables.layer_table(a, "infrastructure", AS_OF)),
        ("flood_figures.csv", tables.flood_figures_table),
        ("flood_figures.csv", tables.flood_chart_frame),
        ("trade_series.csv", tables.trade_frame),
        ("designations.csv", tables.designations_table),
    ],
)
def test_missing_file_gives_empty_table_with_columns(sample_root, missing, build):
    (sample_root / missing).unlink()
    table = build(load_atlas(sample_root))
    assert table.empty and len(table.columns) > 3


def test_flood_areas_table(atlas):
    row = tables.layer_table(atlas, "flood_areas", AS_OF).iloc[0]
    assert (row["Kind"], row["Severity"], row["Approximate extent"]) == ("county", "severe", False)


def test_place_facts_respects_as_of(atlas):
    [(record, facts)] = tables.place_facts(atlas, "crossings")
    assert record["id"] == "crossing-a" and facts[0].fact.id == "fact-a"
    assert tables.place_facts(atlas, "crossings", dt.date(2016, 11, 29)) == []
    assert tables.place_facts(atlas, "infrastructure", AS_OF) == []


# --- floods ----------------------------------------------------------------------------------------------------------


def two_reports(tables_):
    """A second source reporting a different death toll on the same day."""
    tables_["sources.csv"].append({**SOURCE, "id": "src-b", "title": "Second source", "publisher": "Other"})
    tables_["flood_figures.csv"].append(
        {**tables_["flood_figures.csv"][0], "id": "flood-fig-b", "value": "60", "source_id": "src-b"}
    )


@pytest.fixture
def two_source_atlas(tmp_path):
    """The sample data set with two sources for the same flood figure and trade period."""

    def mutate(tables_):
        two_reports(tables_)
        tables_["trade_series.csv"].append(
            {**tables_["trade_series.csv"][0], "id": "trade-b", "value": "5.1", "source_id": "src-b"}
        )

    return load_atlas(write_sample_dataset(tmp_path / "geodata", tables=mutated_tables(mutate)))


def test_flood_figures_are_never_merged(two_source_atlas):
    table = tables.flood_figures_table(two_source_atlas)
    assert sorted(table["Value"]) == [60, 138]
    assert set(table["Reported by"]) == {"Test Publisher", "Other"}
    assert set(table["Covers"]) == {"Name flood-a"}
    frame = tables.flood_chart_frame(two_source_atlas)
    assert len(frame) == 2 and set(frame["reporter"]) == {"Test Publisher", "Other"}


@pytest.mark.parametrize("area_ids, expected", [([], "unspecified"), (["a"], "Alpha"), (["a", "b"], "2 areas")])
def test_area_scope(area_ids, expected):
    assert tables.area_scope(area_ids, {"a": "Alpha"}) == expected


@pytest.mark.parametrize("metric, stacked", [(None, False), ("deaths", False)])
def test_flood_chart(two_source_atlas, metric, stacked):
    """One metric in the data: one panel either way (a stack of panels only when there are several metrics)."""
    chart = charts.flood_chart(tables.flood_chart_frame(two_source_atlas), metric)
    spec = chart.to_dict()
    assert ("vconcat" in spec) == stacked and "facet" not in spec
    text = spec_text(chart)
    assert "aggregate" not in text and '"reporter"' in text and "report_date" in text


def test_topic_facts(atlas):
    assert [view.fact.id for view in tables.topic_facts(atlas, "trade")] == ["fact-a"]
    assert tables.topic_facts(atlas, "aid") == []


# --- trade and sanctions -------------------------------------------------------------------------------------------


def test_trade_frame_keeps_each_source(two_source_atlas):
    frame = tables.trade_frame(two_source_atlas)
    assert sorted(frame["value"]) == [5.1, 5.3]
    assert sorted(frame["slot"]) == [0, 1]
    assert set(frame["granularity"]) == {"annual"} and set(frame["year"]) == {2016}


def test_annual_trade_chart_puts_sources_side_by_side(two_source_atlas):
    chart = charts.annual_trade_chart(tables.trade_frame(two_source_atlas), "china_dprk_trade_total")
    encoding = chart.to_dict()["encoding"]
    assert encoding["xOffset"]["field"] == "slot" and encoding["color"]["field"] == "source"
    assert "aggregate" not in spec_text(chart)


def test_headlines_skip_missing_and_format_percent(atlas):
    [card] = tables.headlines(atlas, ["fact-a", "no-such-fact"])
    assert (card.value, card.period, card.citation.source_id) == ("6.9%", "2016-01–2016-09", "src-a")


def test_gdp_growth_frame_is_data_driven(atlas):
    frame = tables.gdp_growth_frame(atlas, {"fact-a": ("Somewhere", "province")})
    assert frame.iloc[0][["place", "growth", "label"]].tolist() == ["Somewhere", 6.9, "Somewhere (2016-01–2016-09)"]
    assert tables.gdp_growth_frame(atlas).empty
    assert "growth" in spec_text(charts.gdp_growth_chart(frame))


def test_designations_table(atlas):
    row = tables.designations_table(atlas).iloc[0]
    assert (row["Entity"], row["Designated by"], row["Instrument"], row["Date"]) == (
        "DCB Finance Limited",
        "UN Security Council",
        "Resolution 2321",
        "2016-11-30",
    )
    assert row["Designation"] == "asset freeze" and "A test source" in row["Source"]


def test_sanction_rules_mark_both_resolutions():
    text = spec_text(charts.sanction_rules())
    assert "UNSCR 2270" in text and "UNSCR 2321" in text
    assert list(charts.markers_frame()["date"].dt.strftime("%Y-%m-%d")) == ["2016-03-02", "2016-11-30"]


# --- timeline ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "topics, as_of, count",
    [
        ((), None, 1),
        (["sanctions"], None, 1),
        (["aid"], None, 0),
        ((), AS_OF, 1),
        ((), dt.date(2016, 11, 29), 0),
    ],
)
def test_timeline_filters(atlas, topics, as_of, count):
    assert len(tables.timeline(atlas, topics, as_of)) == count


def test_timeline_names_places(tmp_path):
    def tie(tables_):
        tables_["events.csv"][0]["place_ids"] = "crossing-a;flood-a"

    atlas = load_atlas(write_sample_dataset(tmp_path / "geodata", tables=mutated_tables(tie)))
    [entry] = tables.timeline(atlas)
    assert entry.places == [("crossing-a", "Name crossing-a"), ("flood-a", "Name flood-a")]
    assert entry.citations[0].url == "https://example.org/a"


# --- sources and verification ----------------------------------------------------------------------------------------


def test_sources_table_counts_citations(atlas):
    row = tables.sources_table(atlas).set_index("id").loc["src-a"]
    assert (row["Features"], row["Facts"], row["Events"], row["Figures"]) == (4, 1, 1, 3)
    assert (row["Title"], row["Link"], row["Kind"]) == ("A test source", "https://example.org/a", "analysis")


def test_unverified_tables(tmp_path):
    def unverify_layer(layers):
        props = layers["crossings.geojson"]["features"][1]["properties"]
        props.update(verified=False, verification_note="no source gives the spot", precision_km=5)

    def unverify_rows(tables_):
        tables_["facts.csv"][0]["verified"] = "false"
        tables_["flood_figures.csv"][0]["verified"] = "false"

    root = write_sample_dataset(
        tmp_path / "geodata", layers=mutated_layers(unverify_layer), tables=mutated_tables(unverify_rows)
    )
    atlas = load_atlas(root)
    features = tables.unverified_features_table(atlas)
    assert features[["Layer", "Name", "Precision (km)", "Why unverified"]].values.tolist() == [
        ["Border crossings", "Name crossing-b", 5.0, "no source gives the spot"]
    ]
    records = tables.unverified_records_table(atlas)
    assert records[["Table", "What"]].values.tolist() == [
        ["facts", "Trade rose."],
        ["flood figures", "deaths: 138 persons (reported 2016-09-16)"],
    ]


def test_everything_verified_in_sample(atlas):
    assert tables.unverified_features_table(atlas).empty and tables.unverified_records_table(atlas).empty


# --- the real data set ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "build, column, expected",
    [
        (lambda a: tables.layer_table(a, "crossings", AS_OF), "Name", "Sino-Korean Friendship Bridge"),
        (tables.designations_table, "Entity", "DCB Finance Limited"),
        (tables.sources_table, "Title", "Amid Sanctions, a Sino-North Korean Rapprochement"),
    ],
)
def test_real_tables_list_known_rows(real, build, column, expected):
    assert expected in set(build(real)[column])


def test_real_headline_and_gdp_fact_ids_exist(real):
    ids = {fact.id for fact in real.facts}
    assert set(tables.HEADLINE_FACTS) <= ids and set(tables.GDP_GROWTH_FACTS) <= ids
    values = {card.fact_id: card.value for card in tables.headlines(real)}
    assert values["sinonk-liaoning-gdp-jan-sep-2016"] == "-2.2%"
    assert set(tables.gdp_growth_frame(real)["level"]) == {"province", "region", "national"}


def test_real_charts_build(real):
    trade = tables.trade_frame(real)
    for series in tables.series_options(trade, "annual"):
        charts.annual_trade_chart(trade, series).to_dict()
    caps = tables.coal_caps(real)
    for series in tables.COAL_SERIES:
        for granularity in ("monthly", "annual"):
            assert "UNSCR 2321" in spec_text(charts.coal_chart(trade, series, caps, granularity))
    figures = tables.flood_chart_frame(real)
    for metric in [None, *set(figures["metric"])]:
        charts.flood_chart(figures, metric, AS_OF).to_dict()
    charts.gdp_growth_chart(tables.gdp_growth_frame(real)).to_dict()


def test_real_timeline_is_in_date_order(real):
    entries = tables.timeline(real)
    assert len(entries) == len(real.events)
    starts = [entry.event.date for entry in entries]
    assert [date_start(d) for d in starts] == sorted(date_start(d) for d in starts)


@pytest.mark.parametrize(
    "value, unit, expected",
    [
        (400_870_018, "USD", "US$400.9 M"),
        (7_500_000, "tonnes", "7.5 M tonnes"),
        (2_000_000_000, "CNY", "2.0 bn CNY"),
        (138, "persons", "138 persons"),
        (-2.2, None, "-2.2"),
    ],
)
def test_compact_value_for_metric_cards(value, unit, expected):
    """Large headline figures are shortened so the card shows them whole."""
    assert tables.compact_value(value, unit) == expected
