"""Overlay your data, in real headless Chromium: upload a CSV, see its points drawn on canvas with escaped tooltips."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import hover_map_at, map_frame

POINTS = [(41.60, 127.60, "vessel <b>one</b>"), *[(40.0 + i * 0.01, 125.0 + i * 0.02, f"ship {i}") for i in range(299)]]
CSV = (
    "Name,LAT,Lng,seen\n"
    + "\n".join(f"{name},{lat},{lon},2016-0{1 + i % 9}-15" for i, (lat, lon, name) in enumerate(POINTS))
).encode()


def upload(page, name: str, data: bytes, mime: str = "text/csv") -> None:
    """Open the overlay control if needed and give its file input one file."""
    control = page.get_by_text("Overlay your data", exact=True)
    control.wait_for(timeout=60_000)
    dropzone = page.locator('[data-testid="stFileUploaderDropzoneInput"]')
    if not dropzone.is_visible():
        control.click()
    dropzone.set_input_files(files=[{"name": name, "mimeType": mime, "buffer": data}])


def zoom_of(frame) -> int:
    """The map's current zoom, as the page reports it."""
    return int(frame.locator("[data-ba-ready]").get_attribute("data-ba-zoom"))


def test_uploaded_csv_is_drawn_with_escaped_tooltips_and_the_view_kept(page, server):
    """A CSV with LAT/Lng columns is drawn as one canvas layer of 300 points; zoom is kept; tooltips show text."""
    page.goto(server.url)
    frame = map_frame(page)
    zoomed = zoom_of(frame) + 1
    frame.locator(".leaflet-control-zoom-in").click()
    expect(frame.locator(f'[data-ba-zoom="{zoomed}"]')).to_have_count(1)
    upload(page, "ships.csv", CSV)
    expect(page.get_by_text("300 point(s) from ships.csv")).to_be_visible(timeout=60_000)
    expect(frame.locator(f'[data-ba-overlay="{len(POINTS)}"]')).to_have_count(1, timeout=60_000)
    assert zoom_of(frame) == zoomed
    assert frame.locator(".leaflet-overlay-pane canvas").count() >= 1
    assert frame.locator(".leaflet-marker-icon:not(.ba-symbol):not(.ba-town)").count() == 0
    hover_map_at(page, frame, 41.6, 127.6, zoom=9)
    tooltip = frame.locator(".leaflet-tooltip")
    expect(tooltip).to_contain_text("vessel <b>one</b>", timeout=10_000)
    expect(tooltip).to_contain_text("Name")
    assert frame.locator(".leaflet-tooltip b").count() == 0


@pytest.mark.parametrize(
    "name, data, words",
    [
        ("broken.geojson", b'{"type": "FeatureCollection", "features": [', "not valid JSON"),
        ("far.csv", b"lat,lon\n95,127\n", "outside"),
    ],
)
def test_malformed_upload_gets_a_message_and_the_map_stays(page, server, name, data, words):
    """A malformed file gets a clear message; the atlas's own symbols are still drawn and no overlay is."""
    page.goto(server.url)
    frame = map_frame(page)
    upload(page, name, data, "application/octet-stream")
    expect(page.locator('[data-testid="stAlertContentError"]')).to_contain_text(words, timeout=60_000)
    expect(page.locator('[data-testid="stAlertContentError"]')).to_contain_text("The rest of the map is unchanged")
    expect(frame.locator('.ba-symbol[data-layer="crossings"]').first).to_be_attached()
    expect(frame.locator("[data-ba-overlay]")).to_have_count(0)
