"""An unexpected error on a page shows one short message with an incident id, never a traceback or a server path;
the traceback is logged under that id, and the rest of the page (sidebar, body, footer) is still drawn."""

from __future__ import annotations

import logging
import re
import tomllib

import pytest
import streamlit as st
from conftest import APP, open_page
from streamlit.testing.v1 import AppTest

import borderatlas.ui as ui
import borderatlas.ui.chrome as chrome
from borderatlas.paths import REPO_DIR
from borderatlas.registry import PAGES, page_by_id

SECRET = f"cannot open {REPO_DIR}/geodata/secret.csv"
"""What the failing function says: a server path that must never reach the page."""
INCIDENT = re.compile(
    r"^Something went wrong on this page \(incident ([0-9a-f]{8})\)\. The rest of the app still works"
)
FOOTER = "Boundaries are shown for reference only"


@pytest.fixture(autouse=True)
def incidents_contained(monkeypatch):
    """These tests check what a visitor sees, so errors are contained as in production (the suite lets them raise)."""
    monkeypatch.delenv(chrome.RAISE_ERRORS_ENV, raising=False)


@pytest.fixture(autouse=True)
def stand_in_map(fake_map):
    """st_folium replaced (see conftest.FakeMap)."""
    return fake_map


def boom(*args, **kwargs):
    """A page function that fails the way a bug would."""
    raise RuntimeError(SECRET)


def page_text(at: AppTest) -> str:
    """Everything a run put on the page (main area and sidebar), as the protobuf text of every element."""
    parts, stack = [], [at._tree]
    while stack:
        node = stack.pop()
        stack.extend(getattr(node, "children", {}).values())
        parts.append(str(getattr(node, "proto", "") or ""))
    return "\n".join(parts)


def incident_id(at: AppTest) -> str:
    """The id in the one incident message on the page (there must be exactly one)."""
    messages = [error.value for error in at.error if INCIDENT.match(error.value)]
    assert len(messages) == 1, [error.value for error in at.error]
    return INCIDENT.match(messages[0]).group(1)


def assert_contained(at: AppTest, caplog) -> str:
    """One incident message, no exception box, no traceback or path on the page, the id and traceback in the log."""
    assert not at.exception
    incident = incident_id(at)
    text = page_text(at)
    assert "Traceback" not in text and str(REPO_DIR) not in text and "RuntimeError" not in text
    records = [r for r in caplog.records if r.levelno == logging.ERROR and incident in r.getMessage()]
    assert len(records) >= 1, [r.getMessage() for r in caplog.records]
    assert records[0].exc_info and SECRET in str(records[0].exc_info[1])
    return incident


def body_failing(monkeypatch, page_id: str) -> None:
    """Make a page's body fail after the frame: the Map page's side panel, another page's use of the atlas."""
    if page_by_id(page_id).is_home:
        monkeypatch.setattr(ui, "draw_side_panel", boom)
    else:
        monkeypatch.setattr(ui, "cached_atlas", boom)


@pytest.mark.parametrize("spec", PAGES, ids=[spec.id for spec in PAGES])
def test_an_error_in_the_body_is_an_incident_and_the_footer_is_drawn(monkeypatch, caplog, spec):
    """Each page whose body raises: the incident message, the page's heading, sidebar and footer."""
    body_failing(monkeypatch, spec.id)
    at = open_page(spec)
    assert_contained(at, caplog)
    assert [t.value for t in at.title] == [spec.heading]
    assert any(FOOTER in caption.value for caption in at.caption)
    assert at.sidebar.checkbox and at.sidebar.text_input


def test_an_error_in_the_sidebar_leaves_the_page_working(monkeypatch, caplog, fake_map):
    """The search box failing: the incident is shown, and the map, side panel and footer are still drawn."""
    monkeypatch.setattr(chrome, "draw_search", boom)
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert_contained(at, caplog)
    assert [call["key"] for call in fake_map.calls] == ["ba_map"]
    assert any(FOOTER in caption.value for caption in at.caption)


@pytest.mark.parametrize("part", ["draw_notices", "draw_navigation", "draw_footer", "sync_view_from_url"])
def test_an_error_in_the_frame_leaves_the_page_working(monkeypatch, caplog, fake_map, part):
    """The notices, navigation, footer or URL sync failing: one incident, the map and heading still drawn."""
    monkeypatch.setattr(chrome, part, boom)
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert_contained(at, caplog)
    assert [call["key"] for call in fake_map.calls] == ["ba_map"]
    assert [t.value for t in at.title] == [page_by_id("map").heading]


def test_several_errors_in_one_run_share_one_incident(monkeypatch, caplog):
    """Sidebar, body and footer all failing: one message, every failure logged under its id."""
    for name in ("draw_search", "draw_footer"):
        monkeypatch.setattr(chrome, name, boom)
    monkeypatch.setattr(ui, "draw_side_panel", boom)
    at = AppTest.from_file(APP, default_timeout=60).run()
    incident = assert_contained(at, caplog)
    logged = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR and incident in r.getMessage()]
    assert len(logged) == 3, logged


def test_each_incident_has_its_own_id(monkeypatch, caplog):
    """Two runs that fail get two ids."""
    monkeypatch.setattr(ui, "draw_side_panel", boom)
    at = AppTest.from_file(APP, default_timeout=60).run()
    first = incident_id(at)
    assert incident_id(at.run()) != first


def test_stop_rerun_and_switch_page_pass_through(monkeypatch, caplog):
    """Streamlit's control flow inside a page is not an incident: st.stop stops, st.switch_page switches."""
    monkeypatch.setattr(ui, "draw_side_panel", lambda state: st.stop())
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception and not at.error
    assert not any(FOOTER in caption.value for caption in at.caption)
    monkeypatch.setattr(ui, "draw_side_panel", lambda state: st.switch_page(page_by_id("crossings").script))
    at.run()
    assert not at.exception and not at.error
    assert [t.value for t in at.title] == [page_by_id("crossings").heading]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


def test_shipped_config_hides_error_details():
    """client.showErrorDetails is off or the type only: no message, traceback or path for uncaught errors."""
    config = tomllib.loads((REPO_DIR / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["showErrorDetails"] in ("none", "type")


def test_an_uncaught_error_in_a_callback_shows_no_details(monkeypatch):
    """An error outside any page body (a widget callback) is Streamlit's own box: with the shipped config it has no
    traceback and no message, only (at most) the type; AppTest still sees it as an exception."""
    monkeypatch.setattr(chrome, "on_layer_toggle", boom)
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.sidebar.checkbox[0].uncheck().run()
    assert at.exception
    box = at.exception[0]
    assert list(box.stack_trace) == [] and SECRET not in box.message and str(REPO_DIR) not in page_text(at)
