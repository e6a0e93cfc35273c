"""The detailed offline basemap appears where briefings look closely: at zoom 12 on the New Yalu River Bridge and on
Quanhe, with the network blocked, the map loads the detail chunks from the app itself and hides the coarse land; at
the regional zoom it stays on the light coarse basemap."""

from __future__ import annotations

import time

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import map_frame

PLACES = [("new-yalu-river-bridge", 40.0356, 124.3694), ("quanhe", 42.5684, 130.5235)]


@pytest.mark.parametrize("name, lat, lon", PLACES, ids=[p[0] for p in PLACES])
def test_zoom_12_loads_the_detailed_basemap(page, server, name, lat, lon):
    """At zoom 12 the finest band is drawn for the view and the coarse Natural Earth land is hidden."""
    started = time.monotonic()
    page.goto(f"{server.url}/?lat={lat}&lon={lon}&zoom=12")
    frame = map_frame(page)
    container = frame.locator("[data-ba-detail]")
    expect(container).to_have_attribute("data-ba-detail", __import__("re").compile(r"^z11:[1-9]"), timeout=60_000)
    print(f"\n{name}: detail shown {time.monotonic() - started:.2f} s after opening the link")
    assert frame.locator(".leaflet-ba-detail-pane path").count() > 0
    assert frame.evaluate("getComputedStyle(document.querySelector('.leaflet-ba-basemap-pane')).display") == "none"
    page.screenshot(path=f"artifacts/browser/detail-{name}-z12.png")


def test_regional_view_stays_on_the_coarse_basemap(page, server):
    """At zoom 7 no detail is loaded and the coarse land is drawn."""
    page.goto(f"{server.url}/?lat=41.6&lon=127.6&zoom=7")
    frame = map_frame(page)
    expect(frame.locator(".leaflet-ba-basemap-pane path").first).to_be_visible()
    assert frame.locator("[data-ba-detail]").count() == 0


def test_detail_loads_behind_a_url_prefix(page, prefixed_server):
    """Behind server.baseUrlPath the chunks come from the prefixed component path too."""
    page.goto(f"{prefixed_server.url}/?lat=40.0356&lon=124.3694&zoom=12")
    frame = map_frame(page)
    expect(frame.locator("[data-ba-detail]")).to_have_attribute(
        "data-ba-detail", __import__("re").compile(r"^z11:[1-9]"), timeout=60_000
    )
