"""A closed tab's session ends and its upload is dropped, on a real server (Streamlit alone keeps both for good)."""

from __future__ import annotations

import time

import pytest

from borderatlas.devserver import stop_server
from tests.browser.conftest import map_frame, start_server
from tests.browser.test_overlay_browser import upload

CSV = ("lat,lon,name\n" + "\n".join(f"{40 + i / 100:.2f},{125 + i / 100:.2f},point {i}" for i in range(50))).encode()
SWEPT = f"session sweep: 1 ended session(s) shut down, 1 uploaded file(s) ({len(CSV)} bytes) dropped"


@pytest.fixture
def short_lived_server():
    """A server that keeps a disconnected session for 1 s and sweeps every half second."""
    running = start_server(
        "sweep", extra_env={"STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL": "1", "BORDERATLAS_SWEEP_SECONDS": "0.5"}
    )
    yield running
    stop_server(running)


def wait_for_log(server, text: str, timeout: float = 60) -> bool:
    """Poll the server's log until it holds text (the server writes it when the sweep has run)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if text in server.log.read_text(errors="replace"):
            return True
        time.sleep(0.2)  # polling interval for a file another process writes
    return False


def test_closed_tab_with_an_overlay_is_swept(browser, short_lived_server):
    """Upload an overlay, close the tab: past the reconnect time the session is shut down and its file dropped,
    with no other visitor arriving to make Streamlit look."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.goto(short_lived_server.url)
    frame = map_frame(page)
    upload(page, "points.csv", CSV)
    frame.locator('[data-ba-overlay="50"]').wait_for(state="attached", timeout=60_000)
    assert SWEPT not in short_lived_server.log.read_text(errors="replace")
    context.close()
    assert wait_for_log(short_lived_server, SWEPT), short_lived_server.log_tail()
