"""100,000 uploaded points in real headless Chromium: drawn as count clusters on one canvas (not 100,000 DOM
elements), whose counts at the region view add up to every point; zoomed in, the points themselves with text-only
tooltips; a later rerun reuses the drawn layer instead of building it again."""

from __future__ import annotations

import numpy as np
from playwright.sync_api import expect

from tests.browser.conftest import hover_map_at, map_frame, wait_for_app_idle
from tests.browser.test_overlay_browser import upload

COUNT = 100_000
REGION = ((39.5, 43.0), (124.0, 131.0))
HOSTILE = "<b>bold</b> & <img src=x onerror=alert(1)>"
FIRST = (41.61234, 127.61234)


def points_csv() -> bytes:
    """COUNT random points over the region; the first one at FIRST with a hostile name."""
    rng = np.random.default_rng(11)
    lat, lon = rng.uniform(*REGION[0], COUNT), rng.uniform(*REGION[1], COUNT)
    lat[0], lon[0] = FIRST
    names = [HOSTILE, *(f"obs {i}" for i in range(1, COUNT))]
    rows = "\n".join(f"{a:.5f},{b:.5f},{name}" for a, b, name in zip(lat, lon, names))
    return ("lat,lon,name\n" + rows + "\n").encode()


SHOWN = "(() => window.__baOverlayStore.layer.shown())()"


def test_100k_points_are_clusters_then_points_and_a_rerun_reuses_the_layer(page, server):
    """Count clusters at the region view adding up to 100,000; individual points with escaped tooltips zoomed in."""
    page.goto(server.url)
    frame = map_frame(page)
    upload(page, "many.csv", points_csv())
    expect(page.get_by_text(f"{COUNT:,} point(s) from many.csv")).to_be_visible(timeout=120_000)
    expect(frame.locator(f'[data-ba-overlay="{COUNT}"]')).to_have_count(1, timeout=120_000)
    expect(frame.locator('[data-ba-overlay-mode="clusters"]')).to_have_count(1)
    assert frame.locator("canvas.ba-overlay-canvas").count() == 1
    assert frame.locator(".leaflet-pane *").count() < 3_000  # the atlas's own symbols, not a node per point

    frame.evaluate(
        f"() => window.map.fitBounds([[{REGION[0][0]}, {REGION[1][0]}], [{REGION[0][1]}, {REGION[1][1]}]],"
        " {animate: false})"
    )
    expect(frame.locator('[data-ba-overlay-mode="clusters"]')).to_have_count(1)
    shown = frame.evaluate(SHOWN)
    assert sum(count for _, _, count in shown) == COUNT
    assert len(shown) < 2_000 and max(count for _, _, count in shown) > 100

    hover_map_at(page, frame, *FIRST, zoom=13)
    expect(frame.locator('[data-ba-overlay-mode="points"]')).to_have_count(1)
    shown = frame.evaluate(SHOWN)
    assert shown and all(count == 1 for _, _, count in shown)
    tooltip = frame.locator(".leaflet-tooltip")
    expect(tooltip).to_contain_text(f"name: {HOSTILE}", timeout=10_000)
    assert frame.locator(".leaflet-tooltip img, .leaflet-tooltip b").count() == 0

    wait_for_app_idle(page)
    floods = frame.locator("path.ba-flood").count()
    page.get_by_text("2016 Tumen floods", exact=True).click()  # a layer toggle reruns the script and the map
    expect(frame.locator("path.ba-flood")).not_to_have_count(floods, timeout=60_000)
    expect(frame.locator('[data-ba-overlay-mode="points"]')).to_have_count(1, timeout=60_000)
    wait_for_app_idle(page)
    expect(frame.locator(f'[data-ba-overlay="{COUNT}"]')).to_have_count(1, timeout=60_000)
    assert frame.evaluate("window.__baOverlayStore.builds") == 1
