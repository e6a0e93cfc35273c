"""The headline summary, a flood area's figures and the feature panel's parts, on the real data; the fact checks."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil

import pytest

from borderatlas import areafigures, panels, summary
from borderatlas.dates import date_start
from borderatlas.paths import GEODATA_DIR
from borderatlas.validation import read_dataset

ALL_LAYERS = ("boundaries", "crossings", "infrastructure", "flood_areas", "towns")

HEADLINES = {
    dt.date(2016, 11, 30): [
        ("UNSCR 2321 coal cap", {"unscr2321-coal-cut-700m", "sinonk-coal-53-5m-next-31-days"}),
        ("Liaoning GDP growth", {"sinonk-liaoning-gdp-jan-sep-2016"}),
        ("China's share of North Korea's trade", {"china-share-nk-trade-2015-kotra"}),
        ("New Quanhe–Wonjong bridge", {"quanhe-new-bridge-all-lanes-open-2016"}),
        (
            "UN flood appeal and funds mobilised",
            {
                "floods-un-erp-appeal-28-9-million",
                "floods-un-erp-appeal-28-2-million",
                "floods-hct-funding-mobilised-12-million",
            },
        ),
        ("China's flood aid", {"floods-china-mofcom-20-million-yuan"}),
    ],
    dt.date(2012, 6, 1): [
        ("China–DPRK trade, latest month reported", {"china-dprk-trade-jan-2012"}),
        ("DPRK coal exports to China, latest month reported", {"dprk-coal-to-china-jan-2012"}),
        ("Hunchun international cooperation demonstration zone", {"infra-hunchun-demo-zone-area"}),
        ("Hwanggumpyong economic zone", {"hwanggumpyong-ground-broken-2011-06"}),
    ],
    dt.date(2017, 6, 1): [
        (
            "UNSCR 2321 coal cap",
            {"unscr2321-coal-cap-2017-usd", "unscr2321-coal-cap-2017-tonnes", "unscr2321-coal-cut-700m"},
        ),
        ("Liaoning GDP growth", {"sinonk-liaoning-gdp-jan-sep-2016"}),
        ("China's share of North Korea's trade", {"china-share-nk-trade-2016-itc"}),
        ("New Quanhe–Wonjong bridge", {"quanhe-new-bridge-all-lanes-open-2016"}),
        (
            "UN flood appeal and funds mobilised",
            {
                "floods-un-erp-appeal-28-9-million",
                "floods-un-erp-appeal-28-2-million",
                "floods-hct-funding-mobilised-12-million",
            },
        ),
        ("China's flood aid", {"floods-china-mofcom-20-million-yuan"}),
    ],
}
"""Hand-checked headline rows per as-of date, with all layers on: (label, the fact ids in the row)."""


def summary_on(atlas, day: dt.date, layers=ALL_LAYERS) -> summary.Summary:
    """The summary panel's content for a date and layers."""
    return summary.summary(atlas, panels.visible_feature_ids(atlas, layers, day), day)


@pytest.mark.parametrize("day", sorted(HEADLINES))
def test_headline_rows_are_the_ranked_facts_of_the_date(atlas, day):
    """The summary leads with the ranked headline rows known on the date; a later report replaces the one it supersedes."""
    rows = summary_on(atlas, day).headlines
    assert [(row.label, {view.fact.id for view in row.facts}) for row in rows] == HEADLINES[day]
    for row in rows:
        for view in row.facts:
            assert view.citation.text and not view.citation.text.startswith("Unknown source")
            assert date_start(view.fact.reported) <= day


@pytest.mark.parametrize("day", [dt.date(2011, 1, 1), dt.date(2012, 6, 1), dt.date(2016, 9, 10), dt.date(2016, 11, 30)])
def test_summary_lists_each_fact_once_newest_first_and_only_once_known(atlas, day):
    """No fact is listed twice (headline or detail), none is from after the date, each group is newest first."""
    view = summary_on(atlas, day)
    ids = [v.fact.id for row in view.headlines for v in row.facts] + [v.fact.id for g in view.groups for v in g.facts]
    assert len(ids) == len(set(ids)) == view.fact_count
    statements = [v.fact.statement for g in view.groups for v in g.facts]
    assert len(statements) == len(set(statements))
    for group in view.groups:
        stamps = [panels.fact_stamp(v.fact) for v in group.facts if panels.fact_stamp(v.fact)]
        assert stamps == sorted(stamps, reverse=True)
        assert all(stamp <= day for stamp in stamps)


def test_hiding_a_layer_drops_the_headlines_tied_only_to_it(atlas):
    """The Quanhe bridge headline concerns a crossing; with crossings and infrastructure off it is not a headline."""
    labels = [row.label for row in summary_on(atlas, dt.date(2016, 11, 30), ("boundaries", "flood_areas")).headlines]
    assert "New Quanhe–Wonjong bridge" not in labels
    assert "UNSCR 2321 coal cap" in labels


@pytest.mark.parametrize(
    "value, unit, text",
    [
        (400870018, "USD", "US$400.9 million"),
        (7500000, "tonnes", "7.5 million tonnes"),
        (-2.2, "percent", "−2.2 %"),
        (700000000, "USD per year", "US$700 million a year"),
        (90, "km2", "90 km²"),
        (20000000, "CNY", "CNY 20 million"),
        (2220000000, "CNY", "CNY 2.22 billion"),
        (41, "companies", "41 companies"),
    ],
)
def test_headline_values_read_short(value, unit, text):
    """Headline numbers read as a briefing writes them, never cut."""
    assert panels.short_value(value, unit) == text


@pytest.mark.parametrize(
    "start, end, text",
    [
        ("2016-11-30", "2016-11-30", "2016-11-30"),
        ("2016-09", "2017-02", "2016-09 – 2017-02"),
        ("2014-09", None, "from 2014-09"),
        (None, "2016-11-20", "until 2016-11-20"),
        (None, None, ""),
    ],
)
def test_a_one_day_range_reads_as_one_date(start, end, text):
    """Date ranges of one day read as one date."""
    assert panels.span_text(start, end) == text


@pytest.mark.parametrize(
    "area, day",
    [
        ("flood-kp-musan", dt.date(2016, 9, 5)),
        ("flood-kp-musan", dt.date(2016, 11, 30)),
        ("flood-kp-hoeryong", dt.date(2016, 9, 4)),
    ],
)
def test_flood_area_figures_are_filtered_labelled_and_latest_first(atlas, area, day):
    """Only figures reported by the date; own figures first; combined ones say so; latest per metric on top."""
    rows = areafigures.area_figures(atlas, area, day)
    assert rows
    figures = {f.id: f for f in atlas.flood_figures}
    assert all(date_start(row.reported) <= day for row in rows)
    latest = [row.latest for row in rows]
    assert latest == sorted(latest, reverse=True), "the latest figures come first"
    for row in rows:
        assert row.covers == "this area" or row.covers.endswith("areas together, not this area alone")
        number = row.value.split()[0]
        assert "," in number or float(number.replace(",", "")) < 1000
    own = [row for row in rows if row.latest and row.covers == "this area"]
    assert [row for row in rows if row.latest][: len(own)] == own
    later = [f for f in figures.values() if area in f.area_ids and date_start(f.report_date) > day]
    assert len(rows) == sum(area in f.area_ids for f in figures.values()) - len(later)


def test_musan_figures_before_and_after_the_un_update(atlas):
    """Musan's own displaced figure: 13,000 early in September, then FloodList's 76,000 (11 Sep) once reported."""
    early = areafigures.area_figures(atlas, "flood-kp-musan", dt.date(2016, 9, 5))
    late = areafigures.area_figures(atlas, "flood-kp-musan", dt.date(2016, 11, 30))

    def own_displaced(rows):
        return [row.value for row in rows if row.latest and row.covers == "this area" and row.metric == "Displaced"]

    assert own_displaced(early) == ["13,000 persons"]
    assert own_displaced(late) == ["76,000 persons"]


@pytest.mark.parametrize(
    "feature_id, day, chip, later",
    [
        ("quanhe-wonjong-new-bridge", dt.date(2016, 10, 1), "Open with restrictions", ("Open", "2016-10-28")),
        ("quanhe-wonjong-new-bridge", dt.date(2016, 11, 30), "Open", None),
        ("new-yalu-river-bridge", dt.date(2012, 6, 1), "Under construction", ("Built, not open", "2014-10")),
    ],
)
def test_feature_panel_status_chip_and_later_status(atlas, feature_id, day, chip, later):
    """The chip says the status on the date in the legend's words; a later recorded status is said as such."""
    panel = panels.feature_panel(atlas, feature_id, day)
    assert panel.status_text == chip
    assert panel.status_colour.startswith("#")
    assert panel.later_status == later
    assert all(label != "Status recorded for" for label, _ in panel.dates)


def test_feature_panel_facts_are_newest_first_and_known_by_the_date(atlas):
    """The Quanhe bridge's figures and facts: none reported after the date, newest first."""
    day = dt.date(2016, 10, 15)
    panel = panels.feature_panel(atlas, "quanhe-wonjong-new-bridge", day)
    for views in (panel.figures, panel.facts):
        stamps = [panels.fact_stamp(v.fact) for v in views if panels.fact_stamp(v.fact)]
        assert stamps == sorted(stamps, reverse=True) and all(s <= day for s in stamps)
    assert all(v.fact.value is not None for v in panel.figures)
    assert "quanhe-new-bridge-all-lanes-open-2016" not in {v.fact.id for v in panel.facts}


def copy_with_facts(tmp_path, edit) -> object:
    """A copy of geodata/ whose facts.csv rows went through edit(rows) -> rows."""
    root = tmp_path / "geodata"
    shutil.copytree(GEODATA_DIR, root)
    path = root / "facts.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text())))
    rows = edit(rows)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue())
    return root


def set_fact(fact_id: str, **cells):
    """An edit that changes cells of one fact row."""

    def edit(rows):
        for row in rows:
            if row["id"] == fact_id:
                row.update(cells)
        return rows

    return edit


def duplicate_fact(fact_id: str, new_id: str):
    """An edit that repeats a fact under another id."""

    def edit(rows):
        row = next(r for r in rows if r["id"] == fact_id)
        return rows + [{**row, "id": new_id, "headline": "", "headline_label": "", "supersedes": ""}]

    return edit


@pytest.mark.parametrize(
    "edit, fact_id, field, words",
    [
        (
            set_fact("china-share-nk-trade-2016-itc", headline_label="China share"),
            "china-share-nk-trade-2016-itc",
            "headline_label",
            "headline 3 is labelled",
        ),
        (
            set_fact("china-share-nk-trade-2015-kotra", headline="2"),
            "china-share-nk-trade-2016-itc",
            "headline",
            "already has headline rank 2",
        ),
        (
            set_fact("china-share-nk-trade-2016-itc", supersedes="no-such-fact"),
            "china-share-nk-trade-2016-itc",
            "supersedes",
            "unknown fact",
        ),
        (
            set_fact("china-share-nk-trade-2016-itc", reported="2016-06-15"),
            "china-share-nk-trade-2016-itc",
            "supersedes",
            "was not reported later",
        ),
        (
            set_fact("china-share-nk-trade-2016-itc", supersedes="sinonk-liaoning-gdp-jan-sep-2016"),
            "china-share-nk-trade-2016-itc",
            "supersedes",
            "not in the same headline row",
        ),
        (
            set_fact("floods-china-mofcom-20-million-yuan", headline_label=""),
            "floods-china-mofcom-20-million-yuan",
            "headline_label",
            "needs the label",
        ),
        (
            set_fact("floods-china-mofcom-20-million-yuan", reported=""),
            "floods-china-mofcom-20-million-yuan",
            "reported",
            "needs a report date",
        ),
        (
            duplicate_fact("sinonk-quanhe-trade-humming", "quanhe-humming-again"),
            "quanhe-humming-again",
            "quote",
            "repeats fact 'sinonk-quanhe-trade-humming'",
        ),
    ],
)
def test_the_validator_names_bad_headlines_and_repeated_facts(tmp_path, edit, fact_id, field, words):
    """Headline ranks, labels, supersessions and repeated facts are checked; the offender is named."""
    report = read_dataset(copy_with_facts(tmp_path, edit))
    lines = [str(problem) for problem in report.problems]
    assert any(f"facts.csv: row '{fact_id}': {field}" in line and words in line for line in lines), lines


def test_the_real_facts_have_headlines_for_every_date_that_leads():
    """At least four headline rows on the default date and on a 2012 date (checked above row by row)."""
    assert all(len(rows) >= 4 for rows in HEADLINES.values())
