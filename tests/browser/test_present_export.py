"""Presentation mode, the export buttons and the standalone HTML map, in real headless Chromium with no internet."""

from __future__ import annotations

import re
from dataclasses import replace
from urllib.parse import urlparse

import pytest
from PIL import Image
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from borderatlas import downloads, export
from borderatlas.data import load_atlas, load_basemap
from borderatlas.devserver import MAP_FRAME
from borderatlas.registry import REGION_BOUNDS
from tests.browser.conftest import ARTIFACTS, ERROR_PROBE, map_frame

HIDDEN_CHROME = ['header[data-testid="stHeader"]', '[data-testid="stSidebar"]', '[data-testid="stToolbar"]']
FRAME = ".st-key-ba_present_frame"


def test_presentation_mode_is_a_clean_16_9_frame(page, server):
    """?present=1 hides header, toolbar and sidebar; the frame is 16:9 with title, date, map, scale, legend, sources."""
    page.goto(f"{server.url}/?present=1&layers=boundaries,crossings,flood_areas")
    frame = map_frame(page)
    outer = page.locator(FRAME)
    expect(outer).to_be_visible()
    for selector in HIDDEN_CHROME:
        expect(page.locator(selector)).to_be_hidden()
    box = outer.bounding_box()
    assert box["width"] / box["height"] == pytest.approx(16 / 9, rel=0.01)
    expect(outer.locator("h1")).to_have_text("China–North Korea border")
    expect(outer.get_by_text("As of 30 November 2016")).to_be_visible()
    expect(outer.locator(".ba-legend")).to_contain_text("Crossings: status")
    expect(outer.locator(".ba-present-source")).to_contain_text("Sources accessed up to")
    expect(outer.locator(".ba-present-source")).to_contain_text("Boundaries are shown for reference only")
    expect(frame.locator(".leaflet-control-scale")).to_be_visible()
    expect(frame.locator('.ba-symbol[data-layer="crossings"]').first).to_be_attached()
    inner = page.locator(MAP_FRAME).bounding_box()
    assert box["y"] <= inner["y"] and inner["y"] + inner["height"] <= box["y"] + box["height"] + 1
    outer.screenshot(path=str(ARTIFACTS / "presentation-frame.png"))


def test_sidebar_toggle_enters_and_leaves_presentation_mode(page, server):
    """The sidebar switch turns presentation mode on (and into the link); the exit button turns it off."""
    page.goto(server.url)
    map_frame(page)
    page.get_by_text("Presentation mode", exact=True).click()
    expect(page.locator(FRAME)).to_be_visible(timeout=30_000)
    page.wait_for_url(re.compile(r"present=1"))
    page.get_by_role("button", name="Exit presentation mode").click()
    expect(page.locator(FRAME)).to_have_count(0, timeout=30_000)
    expect(page.locator('[data-testid="stSidebar"]')).to_be_visible()


def choose_option(page, box: str, option: str, tries: int = 3) -> None:
    """Pick an option of a Streamlit selectbox; reopen it if a rerun closed the list before the click."""
    for attempt in range(tries):
        page.get_by_role("combobox", name=box).click()
        try:
            page.get_by_role("option", name=option, exact=True).click(timeout=5_000)
            return
        except PlaywrightTimeout:
            if attempt == tries - 1:
                raise


def png_is_a_slide(path) -> None:
    """A 1920×1080 graphic."""
    assert Image.open(path).size == (1920, 1080)


def pptx_has_map_and_facts(path) -> None:
    """A pack python-pptx opens: the map slide and the headline facts slide."""
    from pptx import Presentation

    assert len(Presentation(str(path)).slides) == 2


@pytest.mark.parametrize(
    "button, suffix, check",
    [("PNG 16:9", ".png", png_is_a_slide), ("Briefing pack (.pptx)", ".pptx", pptx_has_map_and_facts)],
    ids=["png", "pptx"],
)
def test_export_button_downloads_a_finished_file(page, server, tmp_path, button, suffix, check):
    """ "Export this view" → PNG 16:9 or the briefing pack downloads a finished file named after the area and date."""
    page.goto(server.url)
    map_frame(page)
    page.get_by_text("Export this view", exact=True).click()
    choose_option(page, "Area", "Tumen River")
    expect(page.get_by_text(re.compile(r"^Tumen River · as of 2016-11-30"))).to_be_visible(timeout=30_000)
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name=button, exact=True).click()
    download = info.value
    assert download.suggested_filename == f"border-atlas_tumen_2016-11-30{suffix}"
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    check(target)


@pytest.fixture
def offline_page(browser):
    """A page in a context with the network switched off, recording any request that is not to a file or data URL."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, offline=True)
    context.add_init_script(ERROR_PROBE)
    page = context.new_page()
    page.ba_requests, page.ba_errors = [], []
    page.on(
        "request",
        lambda request: (
            page.ba_requests.append(request.url)
            if urlparse(request.url).scheme not in ("file", "data", "about", "blob")
            else None
        ),
    )
    page.on("pageerror", lambda error: page.ba_errors.append(str(error)))
    yield page
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "standalone-html.png"))
    context.close()


def test_standalone_html_draws_the_map_from_a_file_with_no_network(offline_page, tmp_path):
    """The downloaded HTML, opened from file://, draws land, every symbol in view, legend and source line."""
    atlas, basemap = load_atlas(), load_basemap()
    view = export.ExportView(area=export.area_by_id("tumen"))
    path = tmp_path / view.file_name("_map.html")
    path.write_text(downloads.standalone_html(atlas, basemap, view), encoding="utf-8")
    offline_page.goto(path.as_uri())
    offline_page.locator("[data-ba-ready]").wait_for(timeout=30_000)
    shown = export.view_frame(atlas.layers, replace(view, area=export.bbox_area(REGION_BOUNDS)))
    expect(offline_page.locator('.ba-symbol[data-layer="crossings"]')).to_have_count(
        int((shown["layer"] == "crossings").sum())
    )
    expect(offline_page.locator("path.ba-flood")).to_have_count(int((shown["layer"] == "flood_areas").sum()))
    assert offline_page.locator(".leaflet-ba-basemap-pane path").count() >= 1
    expect(offline_page.locator(".ba-overlay .ba-legend")).to_be_visible()
    expect(offline_page.locator(".ba-overlay").filter(has_text="Sources accessed up to")).to_be_visible()
    assert offline_page.evaluate("L.version") == "1.9.3"
    assert offline_page.ba_requests == [] and offline_page.ba_errors == []
    assert offline_page.evaluate("window.__baErrors") == []
