"""Server memory while 10 sessions each upload the largest overlay the limits accept, and after they leave.

Run: `.venv/bin/python -m bench.upload_memory [--sessions 10]`. One server; RSS (VmRSS) is read before any
session, after every session has drawn its overlay, and after all sessions closed their pages (the server drops a
session's state, its one overlay included, when the session ends). Prints a markdown table.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from bench.harness import Browser, map_frame, running
from borderatlas.devserver import DASHBOARD
from borderatlas.overlay import MAX_UPLOAD_BYTES, MAX_VERTICES

BUDGET_MIB = 600
SETTLE_SECONDS = 180
"""How long RSS is watched after the sessions left: Streamlit keeps a disconnected session (its state and uploaded
files) for server.disconnectedSessionTTL, 120 s by default, before it may drop it."""


def largest_csv() -> bytes:
    """A CSV with as many points as the vertex limit accepts, under the upload size limit."""
    rng = np.random.default_rng(7)
    count = MAX_VERTICES
    lat, lon = rng.uniform(38.5, 44.0, count), rng.uniform(121.0, 131.0, count)
    rows = "\n".join(f"{a:.5f},{b:.5f},observation {i} near the border" for i, (a, b) in enumerate(zip(lat, lon)))
    data = ("lat,lon,name\n" + rows + "\n").encode()
    assert len(data) < MAX_UPLOAD_BYTES, len(data)
    return data


def upload(page, data: bytes) -> None:
    """Give the Map page's overlay control the file and wait until the map has drawn it."""
    control = page.get_by_text("Overlay your data", exact=True)
    control.wait_for(timeout=60_000)
    dropzone = page.locator('[data-testid="stFileUploaderDropzoneInput"]')
    if not dropzone.is_visible():
        control.click()
    dropzone.set_input_files(files=[{"name": "largest.csv", "mimeType": "text/csv", "buffer": data}])
    map_frame(page).locator(f'[data-ba-overlay="{MAX_VERTICES}"]').wait_for(state="attached", timeout=300_000)


def mib(value: int) -> str:
    """Bytes as MiB."""
    return f"{value / 2**20:.0f} MiB"


def main() -> None:
    """Measure and print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sessions", type=int, default=10)
    args = parser.parse_args()
    data = largest_csv()
    browser = Browser()
    try:
        with running(DASHBOARD) as server:
            warm = browser.new_page()
            warm.goto(server.url)
            map_frame(warm)
            warm.context.close()
            baseline = server.rss_bytes()
            pages, peak = [], baseline
            for index in range(args.sessions):
                page = browser.new_page()
                page.goto(server.url)
                map_frame(page)
                upload(page, data)
                pages.append(page)
                peak = max(peak, server.rss_bytes())
                print(f"session {index + 1}: {mib(server.rss_bytes())}", flush=True)
            loaded = server.rss_bytes()
            for page in pages:
                page.context.close()
            lowest, deadline = loaded, time.monotonic() + SETTLE_SECONDS
            while time.monotonic() < deadline:
                time.sleep(1)
                lowest = min(lowest, server.rss_bytes())
    finally:
        browser.close()
    print(f"\nFile: {len(data) / 1e6:.1f} MB, {MAX_VERTICES:,} points (the vertex limit); {args.sessions} sessions.\n")
    print("| Server RSS | Value |\n| --- | --- |")
    print(f"| before any session (after one warm-up visit) | {mib(baseline)} |")
    print(
        f"| peak while {args.sessions} sessions each held the file | {mib(peak)} (budget {BUDGET_MIB} MiB: "
        f"{'met' if peak / 2**20 < BUDGET_MIB else 'missed'}) |"
    )
    print(f"| all sessions loaded | {mib(loaded)} |")
    print(f"| lowest within {SETTLE_SECONDS} s after they closed | {mib(lowest)} |")


if __name__ == "__main__":
    main()
