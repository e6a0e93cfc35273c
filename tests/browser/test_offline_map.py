"""The app in real headless Chromium with no internet: every page, the map's symbols, clicks, search, links, toggles."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from borderatlas.asof import DEFAULT_AS_OF, status_at
from borderatlas.registry import PAGES
from tests.browser.conftest import map_frame, start_server, stop_server, wait_for_app_idle

FOOTER = "Boundaries are shown for reference only"


def drawn_ids(atlas, layer):
    """Ids of a layer's features that exist on the default as-of date."""
    frame = atlas.layers[layer]
    return sorted(
        r["id"]
        for r in frame.drop(columns="geometry").to_dict("records")
        if status_at(r.get("status_history"), r["status"], DEFAULT_AS_OF) is not None
    )


def zoom_of(frame) -> int:
    """The map's current zoom, as the page reports it."""
    return int(frame.locator("[data-ba-ready]").get_attribute("data-ba-zoom"))


@pytest.mark.parametrize("spec", PAGES, ids=[spec.id for spec in PAGES])
def test_each_page_opened_first_on_a_fresh_server_has_the_shared_frame(page, spec):
    """Opened as the first page of a new server (each page script runs on its own in pages/ mode), every page shows
    its own heading and tab title, the navigation with the registry's labels in its order, the sidebar's search,
    layers and date, and the footer, with no exception box."""
    fresh = start_server(f"first-{spec.id}")
    try:
        page.goto(f"{fresh.url}/{spec.url_path}")
        expect(page.get_by_text(FOOTER)).to_be_visible(timeout=60_000)
        wait_for_app_idle(page)
        expect(page.locator('[data-testid="stException"]')).to_have_count(0)
        expect(page.locator("h1").first).to_have_text(spec.heading)
        assert page.title() == f"{spec.title} · Border Atlas"
        sidebar = page.locator('[data-testid="stSidebar"]')
        links = sidebar.locator('[data-testid="stPageLink"]')
        expect(links).to_have_text([other.title for other in PAGES])
        expect(sidebar.get_by_label("Search any name, in any script")).to_be_visible()
        expect(sidebar.get_by_text("Map as of")).to_be_visible()
        expect(sidebar.get_by_text("Border crossings")).to_be_visible()
        expect(page.locator('[data-testid="stSidebarNav"]')).to_have_count(0)
    finally:
        stop_server(fresh)


def test_map_draws_every_feature(page, server, atlas):
    """One symbol per crossing and infrastructure item, and the flood polygons, from the local assets alone."""
    page.goto(server.url)
    frame = map_frame(page)
    for layer in ("crossings", "infrastructure"):
        expected = drawn_ids(atlas, layer)
        expect(frame.locator(f'.ba-symbol[data-layer="{layer}"]')).to_have_count(len(expected), timeout=30_000)
        shown = sorted(
            frame.locator(f'.ba-symbol[data-layer="{layer}"]').evaluate_all("els => els.map(e => e.dataset.id)")
        )
        assert shown == expected
    expect(frame.locator("path.ba-flood")).to_have_count(len(drawn_ids(atlas, "flood_areas")))
    assert frame.evaluate("typeof L !== 'undefined' && L.version") == "1.9.3"
    expect(frame.locator(".ba-town", has_text="Dandong")).to_have_count(1)
    expect(frame.locator(".leaflet-control-scale")).to_have_count(1)


def test_click_on_a_crossing_fills_the_side_panel(page, server, atlas):
    """Clicking a crossing shows its name, status and sources in the side panel."""
    page.goto(server.url)
    frame = map_frame(page)
    record = atlas.feature("changbai-hyesan-bridge")
    frame.locator('.ba-symbol[data-id="changbai-hyesan-bridge"]').click()
    expect(page.get_by_role("heading", name=record["name_en"])).to_be_visible(timeout=30_000)
    expect(page.get_by_text("Sources", exact=True)).to_be_visible()
    expect(page.get_by_text(re.compile("Status on 2016-11-30")).filter(visible=True)).to_be_visible()
    assert "sel=changbai-hyesan-bridge" in page.url


def test_search_in_korean_selects_sinuiju_crossing(page, server):
    """A search for 신의주 + Enter selects Sinuiju's crossing and puts it in the URL."""
    page.goto(server.url)
    map_frame(page)
    box = page.get_by_label("Search any name, in any script")
    box.fill("신의주")
    box.press("Enter")
    expect(page.get_by_role("heading", name="Sino-Korean Friendship Bridge")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("조선말 조중우의교").filter(visible=True)).to_be_visible()
    page.wait_for_url(re.compile("sel=dandong-sinuiju-friendship-bridge"))


def test_shared_link_restores_the_view(page, server):
    """Opening a copied link restores layers, date, selection, centre and zoom; panning updates the link."""
    page.goto(
        f"{server.url}/?layers=boundaries,crossings&date=2012-06-01&sel=new-yalu-river-bridge"
        f"&lat=40.0500&lon=124.3800&zoom=11"
    )
    frame = map_frame(page)
    expect(
        page.get_by_text(re.compile(r"Status on 2012-06-01:\s*Under construction")).filter(visible=True)
    ).to_be_visible(timeout=30_000)
    assert zoom_of(frame) == 11
    expect(frame.locator("path.ba-flood")).to_have_count(0)
    expect(frame.locator('.ba-symbol[data-layer="infrastructure"]')).to_have_count(0)
    expect(frame.locator('.ba-symbol[data-id="new-yalu-river-bridge"]')).to_have_count(1)
    centre = frame.evaluate("(() => { const c = window.map.getCenter(); return [c.lat, c.lng]; })()")
    assert centre == pytest.approx([40.05, 124.38], abs=1e-3)
    box = frame.locator(".leaflet-container").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] / 2 - 200, box["y"] + box["height"] / 2, steps=8)
    page.mouse.up()
    page.wait_for_url(lambda url: float(parse_qs(urlparse(url).query)["lon"][0]) > 124.39)
    assert parse_qs(urlparse(page.url).query)["zoom"] == ["11"]


def test_layer_toggle_and_date_keep_the_zoom(page, server):
    """Zoom in, turn the flood layer off, move the date back: what is drawn changes, the zoom stays."""
    page.goto(server.url)
    frame = map_frame(page)
    expect(frame.locator("path.ba-flood").first).to_be_visible(timeout=30_000)
    start = zoom_of(frame)
    frame.locator(".leaflet-control-zoom-in").click()
    expect(frame.locator(f'[data-ba-zoom="{start + 1}"]')).to_have_count(1)
    page.get_by_text("2016 Tumen floods", exact=True).click()
    expect(frame.locator("path.ba-flood")).to_have_count(0, timeout=30_000)
    assert zoom_of(frame) == start + 1
    expect(frame.locator('.ba-symbol[data-layer="crossings"]').first).to_be_attached()
    expect(frame.locator('.ba-symbol[data-id="new-yalu-river-bridge"]')).to_have_count(1)
    thumb = page.get_by_role("slider")
    thumb.focus()
    thumb.press("Home")  # the earliest as-of date: 2010-01-01, before work on the New Yalu River Bridge began
    expect(frame.locator('.ba-symbol[data-id="new-yalu-river-bridge"]')).to_have_count(0, timeout=30_000)
    assert zoom_of(frame) == start + 1


def test_unreachable_tiles_leave_the_vector_map(page, server, watch):
    """Choosing online tiles with no internet keeps the vector land, boundaries and symbols."""
    watch.allowed_hosts.update({"tile.openstreetmap.org"})
    page.goto(f"{server.url}/?tiles=osm")
    frame = map_frame(page)
    expect(frame.locator('.ba-symbol[data-layer="crossings"]').first).to_be_attached(timeout=30_000)
    assert frame.locator(".leaflet-ba-basemap-pane path").count() >= 1
    assert frame.locator("img.leaflet-tile").count() >= 1


def test_assets_work_behind_a_url_prefix(page, prefixed_server, atlas):
    """With server.baseUrlPath set, the local Leaflet still loads and the symbols are drawn."""
    page.goto(prefixed_server.url + "/")
    frame = map_frame(page)
    expect(frame.locator('.ba-symbol[data-layer="crossings"]')).to_have_count(
        len(drawn_ids(atlas, "crossings")), timeout=30_000
    )
    assert "/atlas/component/" in frame.url
