"""Search in one step, in real headless Chromium: each Enter selects the best hit, also one selected before."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, map_frame, wait_for_app_idle

SEQUENCE = (
    ("신의주", "Sino-Korean Friendship Bridge", "dandong-sinuiju-friendship-bridge"),
    ("Quanhe", "New Tumen River Bridge (Quanhe–Wonjong)", "quanhe-wonjong-new-bridge"),
    ("신의주", "Sino-Korean Friendship Bridge", "dandong-sinuiju-friendship-bridge"),
)


def search(page, query: str) -> None:
    """Type a query in the sidebar's search box and press Enter, as a user would."""
    box = page.get_by_label("Search any name, in any script")
    box.fill(query)
    box.press("Enter")


def map_centre(frame) -> tuple[float, float, int]:
    """The Leaflet map's centre and zoom."""
    return tuple(
        frame.evaluate("() => { const c = window.map.getCenter(); return [c.lat, c.lng, window.map.getZoom()]; }")
    )


def test_each_enter_selects_the_best_hit(page, server):
    """신의주 → Quanhe → 신의주, one Enter each: the panel shows each crossing in turn and the map centres on it."""
    page.goto(server.url)
    frame = map_frame(page)
    for step, (query, heading, feature_id) in enumerate(SEQUENCE, start=1):
        search(page, query)
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible(timeout=30_000)
        page.wait_for_url(re.compile(f"sel={feature_id}"))
        wait_for_app_idle(page)
        expect(page.get_by_role("button", name=re.compile("crossing · open")).first).to_be_visible()
        page.screenshot(path=str(ARTIFACTS / f"search-step-{step}.png"))
    lat, lon, zoom = map_centre(frame)
    assert abs(lat - 40.115) < 0.05 and abs(lon - 124.39) < 0.05 and zoom == 11


def test_same_query_after_clear_selection_selects_again(page, server):
    """After Clear selection, Enter on the unchanged query selects the same crossing again."""
    page.goto(server.url)
    map_frame(page)
    search(page, "新义州")
    heading = page.get_by_role("heading", name="Sino-Korean Friendship Bridge", exact=True)
    expect(heading).to_be_visible(timeout=30_000)
    page.get_by_role("button", name="Clear selection").click()
    expect(heading).to_have_count(0, timeout=30_000)
    page.get_by_label("Search any name, in any script").press("Enter")
    expect(heading).to_be_visible(timeout=30_000)
