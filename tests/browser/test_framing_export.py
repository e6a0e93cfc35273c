"""Framing, limits and the export of the view on screen, checked by what the user gets in real headless Chromium."""

from __future__ import annotations

import json
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from borderatlas.briefing.render import BBOX_METADATA
from borderatlas.devserver import MAP_FRAME, is_local
from borderatlas.paths import geodata_dir
from borderatlas.viewport import FIT_BOUNDS, LIMIT_BOUNDS, MIN_ZOOM
from tests.browser.conftest import ARTIFACTS, ERROR_PROBE, map_frame, wait_for_app_idle

CROSSINGS = [
    (feature["properties"]["id"], feature["geometry"]["coordinates"][1], feature["geometry"]["coordinates"][0])
    for feature in json.loads((geodata_dir() / "crossings.geojson").read_text(encoding="utf-8"))["features"]
]
BOUNDS_JS = "() => { const b = window.map.getBounds(); return [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]; }"


@pytest.fixture
def sized_page(browser, watch, request):
    """A page at the viewport size given by the test's parameter, blocking every request off this machine."""
    width, height = request.param
    context = browser.new_context(viewport={"width": width, "height": height}, locale="en-GB")
    context.add_init_script(ERROR_PROBE)
    context.route(
        "**/*",
        lambda route: route.continue_() if is_local(route.request.url) else route.abort(),
    )
    new_page = context.new_page()
    new_page.on("pageerror", lambda error: watch.page_errors.append(str(error)))
    yield new_page
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    new_page.screenshot(path=str(ARTIFACTS / f"framing-default-{width}x{height}.png"))
    context.close()
    assert not watch.page_errors, watch.page_errors[:5]


def settled(frame) -> list[float]:
    """The map's bounds once it has stopped moving."""
    frame.wait_for_function("() => window.map && !window.map._animatingZoom && !window.map._panAnim?._inProgress")
    return frame.evaluate(BOUNDS_JS)


@pytest.mark.parametrize("sized_page", [(1440, 900), (390, 844)], indirect=True, ids=["1440x900", "390x844"])
def test_the_default_view_holds_every_crossing(sized_page, server):
    """With no centre or zoom in the link, the map fits the border region to its real size: every crossing is in view."""
    sized_page.goto(server.url)
    frame = map_frame(sized_page)
    wait_for_app_idle(sized_page)
    west, south, east, north = settled(frame)
    outside = [cid for cid, lat, lon in CROSSINGS if not (west <= lon <= east and south <= lat <= north)]
    assert outside == [], f"crossings off the map: {outside}"
    assert "lat=" not in sized_page.url and "zoom=" not in sized_page.url
    assert re.search(r"bbox=[-0-9.]+(%2C|,)", sized_page.url)


def test_zooming_out_stops_at_the_region(page, server):
    """Pressing − many times stops at the region: the zoom stays at or above MIN_ZOOM, the whole region is still the
    view (never the world), and the centre stays inside the pan limits that links accept."""
    page.goto(server.url)
    frame = map_frame(page)
    wait_for_app_idle(page)
    zoom_out = frame.locator(".leaflet-control-zoom-out")
    for _ in range(8):
        if "leaflet-disabled" in (zoom_out.get_attribute("class") or ""):
            break
        zoom_out.click()
        page.wait_for_timeout(300)
    west, south, east, north = settled(frame)
    assert frame.evaluate("window.map.getZoom()") >= MIN_ZOOM
    assert "leaflet-disabled" in zoom_out.get_attribute("class")
    lon_min, lat_min, lon_max, lat_max = LIMIT_BOUNDS
    f_west, f_south, f_east, f_north = FIT_BOUNDS
    assert west <= f_west and f_east <= east and south <= f_south and f_north <= north
    assert east - west <= 2 * (lon_max - lon_min) and north - south <= 2 * (lat_max - lat_min)
    centre = frame.evaluate("(() => { const c = window.map.getCenter(); return [c.lng, c.lat]; })()")
    assert lon_min <= centre[0] <= lon_max and lat_min <= centre[1] <= lat_max
    frame.locator(".leaflet-control-zoom-in").click()
    frame.locator(".ba-reset a").click()
    page.wait_for_function("() => !location.search.includes('zoom=')")


def test_the_wheel_scrolls_the_page_until_the_map_is_clicked(page, server):
    """A wheel over the map does not zoom it until the map has been clicked."""
    page.goto(server.url)
    frame = map_frame(page)
    wait_for_app_idle(page)
    before = frame.evaluate("window.map.getZoom()")
    box = page.locator(MAP_FRAME).first.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.wheel(0, -400)
    page.wait_for_timeout(600)
    assert frame.evaluate("window.map.getZoom()") == before
    page.mouse.click(box["x"] + 30, box["y"] + box["height"] - 30)
    page.mouse.wheel(0, -400)
    frame.wait_for_function(f"() => window.map.getZoom() > {before}")


def test_a_selection_link_centres_on_the_feature(page, server):
    """?sel= with no centre opens on the selected feature (a point at a close zoom)."""
    page.goto(f"{server.url}/?sel=new-yalu-river-bridge")
    frame = map_frame(page)
    wait_for_app_idle(page)
    west, south, east, north = settled(frame)
    lat, lon = next((lat, lon) for cid, lat, lon in CROSSINGS if cid == "new-yalu-river-bridge")
    assert west < lon < east and south < lat < north
    assert frame.evaluate("window.map.getZoom()") >= 9


def test_failed_tiles_say_so_on_the_map(page, server, watch):
    """An online background that cannot be reached leaves the vector map and says so."""
    watch.allowed_hosts.add("tile.openstreetmap.org")
    page.goto(f"{server.url}/?tiles=osm")
    frame = map_frame(page)
    expect(frame.locator(".ba-tile-notice")).to_have_text(
        "Online tiles could not be loaded; showing the offline basemap", timeout=30_000
    )
    watch.foreign_requests.clear()


def test_the_exported_png_covers_the_bounds_on_screen(page, server, tmp_path):
    """After three clicks on + and a drag, "Current map view" exports exactly what the map shows, with no rerun."""
    page.goto(server.url)
    frame = map_frame(page)
    wait_for_app_idle(page)
    for _ in range(3):
        frame.locator(".leaflet-control-zoom-in").click()
        page.wait_for_timeout(400)
    box = page.locator(MAP_FRAME).first.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x - 150, y - 80, steps=10)
    page.mouse.up()
    west, south, east, north = settled(frame)
    page.get_by_text("Export this view", exact=True).click()
    with page.expect_download(timeout=90_000) as info:
        page.get_by_role("button", name="PNG 16:9", exact=True).click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    recorded = [float(v) for v in Image.open(target).text[BBOX_METADATA].split(",")]
    on_screen = [west, south, east, north]
    assert recorded == pytest.approx(on_screen, abs=2e-4), (recorded, on_screen)
    assert "new-yalu" not in info.value.suggested_filename
    page.screenshot(path=str(ARTIFACTS / "framing-export-after-zoom.png"))
