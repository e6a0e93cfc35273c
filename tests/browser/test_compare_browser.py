"""Compare with an earlier date, in a real browser: /?since=2012-06-01&date=2016-11-30 shows the changes legend row,
a badge on the New Yalu River Bridge (and none on an unchanged crossing), and the changes list in the side panel, on
a laptop and on a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, map_frame, wait_for_app_idle

LINK = "/?since=2012-06-01&date=2016-11-30"
SIZES = [("laptop", 1440, 900), ("phone", 390, 844)]


@pytest.mark.parametrize("name, width, height", SIZES, ids=[size[0] for size in SIZES])
def test_changes_since_are_marked_and_listed(page, server, name, width, height):
    """The legend has the "Changes since" row, the bridge's symbol has the badge, and the panel lists the change."""
    page.set_viewport_size({"width": width, "height": height})
    page.goto(server.url + LINK)
    frame = map_frame(page)
    wait_for_app_idle(page)
    bridge = frame.locator('.ba-symbol.ba-changed[data-id="new-yalu-river-bridge"]')
    expect(bridge).to_have_count(1, timeout=30_000)
    assert bridge.get_attribute("data-change") == "completed"
    expect(bridge.locator(".ba-badge")).to_have_count(1)
    unchanged = frame.locator('.ba-symbol[data-id="dandong-sinuiju-friendship-bridge"]')
    expect(unchanged).to_have_count(1)
    assert "ba-changed" not in (unchanged.get_attribute("class") or "")
    legend = page.locator(".ba-legend").first
    expect(legend).to_contain_text("Changes since 2012-06-01")
    heading = page.get_by_role("heading", name="Changes since 2012-06-01")
    expect(heading).to_be_visible()
    panel = page.locator('[data-testid="stMarkdownContainer"]').filter(has_text="New Yalu River Bridge project")
    expect(panel.first).to_contain_text("Under construction → Built, not open · completed 2014-10")
    expect(panel.first).to_contain_text("not yet begun → Open · opened 2016-10-28")
    page.screenshot(path=str(ARTIFACTS / f"compare-{name}.png"), full_page=False)
    heading.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / f"compare-{name}-panel.png"), full_page=False)
    frame.locator("body").screenshot(path=str(ARTIFACTS / f"compare-{name}-map.png"))
