"""Every feature can be reached in a real browser: symbols that share a point are spread apart and each click
selects that symbol's own record; Esc and a click on empty map clear the selection; Tab and Enter select a focused
symbol, which has an accessible name; the map frame is named."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from borderatlas.viewport import MAP_TITLE
from tests.browser.conftest import map_frame, wait_for_app_idle

OVERVIEW = "Headlines on this map"
STACKS = [
    ("quanhe", 42.5684, 130.5235, ["quanhe-wonjong-old-bridge", "quanhe-wonjong-new-bridge", "rajin-wonjong-road"]),
    (
        "hunchun",
        42.863,
        130.366,
        ["hunchun-export-processing-zone", "hunchun-seafood-industrial-park", "china-russia-hunchun-trade-zone"],
    ),
    ("jian", 41.1558, 126.2722, ["jian-manpo-road-bridge", "jian-manpo-railway-bridge"]),
]


def open_at(page, server, lat: float, lon: float, zoom: int = 12, layers: str = ""):
    """The Map page at a centre and zoom (and these layers), its map drawn; returns the map frame."""
    page.goto(f"{server.url}/?lat={lat}&lon={lon}&zoom={zoom}" + (f"&layers={layers}" if layers else ""))
    frame = map_frame(page)
    wait_for_app_idle(page)
    return frame


def panel_heading(page):
    """The side panel's heading (the selected feature's name, or the overview)."""
    return page.locator('[data-testid="stHeadingWithActionElements"] h3, h3').filter(has_not_text="Find a place")


@pytest.mark.parametrize("name, lat, lon, ids", STACKS, ids=[s[0] for s in STACKS])
def test_each_stacked_symbol_selects_its_own_record(page, server, atlas, name, lat, lon, ids):
    """Clicking each symbol of a stack selects exactly that feature (its name heads the panel)."""
    frame = open_at(page, server, lat, lon)
    boxes = [frame.locator(f'.ba-symbol[data-id="{fid}"]').first.bounding_box() for fid in ids]
    centres = {(round(b["x"] + b["width"] / 2), round(b["y"] + b["height"] / 2)) for b in boxes}
    assert len(centres) == len(ids), "stacked symbols are drawn on top of each other"
    for feature_id in ids:
        frame.locator(f'.leaflet-marker-icon:has(.ba-symbol[data-id="{feature_id}"])').click()
        expect(page.get_by_role("heading", name=atlas.feature(feature_id)["name_en"], exact=True)).to_be_visible(
            timeout=30_000
        )
    page.screenshot(path=f"artifacts/browser/stack-{name}.png")


def test_esc_and_a_click_on_empty_map_clear_the_selection(page, server, atlas):
    """With a feature selected, Esc clears it; select again, and a click on empty map clears it too (the flood
    areas are off, so the click lands on no feature)."""
    frame = open_at(page, server, 42.5684, 130.5235, layers="boundaries,crossings,infrastructure")
    bridge = atlas.feature("quanhe-wonjong-old-bridge")["name_en"]
    symbol = frame.locator('.leaflet-marker-icon:has(.ba-symbol[data-id="quanhe-wonjong-old-bridge"])')
    symbol.click()
    expect(page.get_by_role("heading", name=bridge, exact=True)).to_be_visible(timeout=30_000)
    wait_for_app_idle(page)
    page.keyboard.press("Escape")
    expect(page.get_by_role("heading", name=OVERVIEW)).to_be_visible(timeout=30_000)
    symbol.click()
    expect(page.get_by_role("heading", name=bridge, exact=True)).to_be_visible(timeout=30_000)
    wait_for_app_idle(page)
    box = page.locator(f'iframe[title="{MAP_TITLE}"]').bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.85, box["y"] + box["height"] * 0.2)
    expect(page.get_by_role("heading", name=OVERVIEW)).to_be_visible(timeout=30_000)


def test_enter_on_a_focused_symbol_selects_it_and_symbols_are_named(page, server, atlas):
    """Symbols are buttons named after their feature; focusing one and pressing Enter selects it."""
    frame = open_at(page, server, 40.0356, 124.3694)
    expect(page.locator(f'iframe[title="{MAP_TITLE}"]')).to_have_count(1)
    name = atlas.feature("new-yalu-river-bridge")["name_en"]
    symbol = frame.locator('.leaflet-marker-icon:has(.ba-symbol[data-id="new-yalu-river-bridge"])')
    expect(symbol).to_have_attribute("role", "button")
    expect(symbol).to_have_attribute("title", name)
    symbol.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=name, exact=True)).to_be_visible(timeout=30_000)
