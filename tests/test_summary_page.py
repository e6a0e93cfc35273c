"""AppTest of the Map page's side panel: the headline summary leads, and a flood county's figures are by date."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import APP
from streamlit.testing.v1 import AppTest

from borderatlas.asof import DATE_MARKS
from borderatlas.dates import date_start
from borderatlas.ui.markdown import escape_md
from borderatlas.ui.sidepanel import SUMMARY_HEADING
from tests.test_summary import HEADLINES


def run(params: dict) -> AppTest:
    """The Map page run once with these URL parameters."""
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def headline_block(at: AppTest) -> str:
    """The markdown of the summary's bordered headline block: the first markdown that opens with a bold label."""
    return next(m.value for m in at.markdown if m.value.startswith("**") and "\n- " in m.value)


@pytest.mark.parametrize("day", [dt.date(2016, 11, 30), dt.date(2012, 6, 1)])
def test_summary_leads_with_the_headline_rows_of_the_date(fake_map, day):
    """With nothing selected the panel opens with the date's headline rows, in rank order, each with its source."""
    at = run({"date": day.isoformat()})
    assert not at.exception
    assert SUMMARY_HEADING in [s.value for s in at.subheader]
    block = headline_block(at)
    labels = [label for label, _ in HEADLINES[day]]
    positions = [block.find(f"**{label}**") for label in labels]
    assert all(p >= 0 for p in positions), (labels, block[:400])
    assert positions == sorted(positions)
    assert block.count(":small[") == sum(len(ids) for _, ids in HEADLINES[day]), "each figure carries its source"
    caption = next(c.value for c in at.caption if "facts reported by then" in c.value)
    assert caption.startswith(f"As of {day.isoformat()}:")
    assert f"{len(labels)} headlines" in caption


def test_summary_detail_is_collapsed_by_topic(fake_map):
    """After the headlines come the other facts, one collapsed expander per topic, each counting its facts."""
    at = run({})
    labels = [e.label for e in at.expander]
    topics = [label for label in labels if "facts, newest first" in label]
    assert [t.split(" (")[0] for t in topics] == ["Sanctions", "Trade", "Aid", "Economy and investment"]


@pytest.mark.parametrize("day", [dt.date(2016, 9, 5), dt.date(2016, 11, 30)])
def test_flood_county_panel_lists_figures_known_by_the_date_once(fake_map, atlas, day):
    """Musan's panel: one table of figures reported by the date, own ones first, no figure or fact listed twice."""
    at = run({"sel": "flood-kp-musan", "date": day.isoformat()})
    assert not at.exception
    latest = at.dataframe[0].value
    assert list(latest.columns) == ["Figure", "Value", "Covers", "Reported", "Source"]
    assert all(date_start(reported) <= day for reported in latest["Reported"])
    covers = list(latest["Covers"])
    assert covers == sorted(covers, key=lambda c: c != "this area"), "this area's own figures come first"
    assert not latest.duplicated().any()
    everything = [tuple(row) for frame in at.dataframe for row in frame.value.itertuples(index=False)]
    assert len(everything) == len(set(everything))
    reported_later = [
        f for f in atlas.flood_figures if "flood-kp-musan" in f.area_ids and date_start(f.report_date) > day
    ]
    assert len(everything) == sum("flood-kp-musan" in f.area_ids for f in atlas.flood_figures) - len(reported_later)
    facts = "\n".join(m.value for m in at.markdown)
    statements = [f.statement for f in atlas.facts if "flood-kp-musan" in f.place_ids]
    for statement in statements:
        assert facts.count(escape_md(statement)) <= 1


@pytest.mark.parametrize(
    "typed, shown, notice",
    [
        ("2012-06-01", dt.date(2012, 6, 1), None),
        (" 2016-09-09 ", dt.date(2016, 9, 9), None),
        ("2012-13-01", dt.date(2016, 11, 30), "“2012\\-13\\-01” is not a day from"),
        ("2009-12-31", dt.date(2016, 11, 30), "is not a day from"),
        ("yesterday", dt.date(2016, 11, 30), "is not a day from"),
    ],
)
def test_the_date_box_sets_the_date_or_says_why_not(fake_map, typed, shown, notice):
    """A typed day moves the slider and the link; anything else keeps the date and says so once."""
    at = run({})
    at.text_input(key="ba_date_box").input(typed).run()
    assert not at.exception
    assert at.slider(key="ba_date").value == shown
    assert at.text_input(key="ba_date_box").value == shown.isoformat()
    infos = [i.value for i in at.info]
    assert any(notice in i for i in infos) if notice else not any("is not a day" in i for i in infos)
    at.run()
    assert not any("is not a day" in i.value for i in at.info), "the notice is shown once"


def test_date_marks_are_dated_events(atlas):
    """Each key date beside the slider is the date of an event in events.csv."""
    events = {event.id: event.date for event in atlas.events}
    for label, date, event_id in DATE_MARKS:
        assert events.get(event_id) == date, label
    assert [date for _, date, _ in DATE_MARKS] == sorted(date for _, date, _ in DATE_MARKS)


@pytest.mark.parametrize("day", [dt.date(2016, 9, 10), dt.date(2016, 11, 30)])
def test_floods_page_lists_the_aid_known_by_the_date(fake_map, atlas, day):
    """The Floods & aid page's aid list counts and shows only the aid facts reported by the date."""
    from conftest import open_page

    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["date"] = day.isoformat()
    at = open_page("floods", at.run())
    assert not at.exception
    known = [f for f in atlas.facts if f.topic == "aid" and (f.reported is None or date_start(f.reported) <= day)]
    later = [f for f in atlas.facts if f.topic == "aid" and f.reported and date_start(f.reported) > day]
    assert any(c.value.startswith(f"{len(known)} aid facts reported by {day.isoformat()}") for c in at.caption)
    shown = "\n".join(m.value for m in at.markdown)
    assert all(escape_md(f.statement) not in shown for f in later)
