"""A new visitor on a warm server: page open → map drawn, script runs and first-run elements, against baselines."""

from __future__ import annotations

import time

from bench.harness import APPS_DIR, RerunCounter, Samples, close_page, map_frame, running
from borderatlas.devserver import DASHBOARD

HELLO = APPS_DIR / "hello.py"
ONE_MARKER = APPS_DIR / "one_marker.py"
QUIET_SECONDS = 3.0
"""How long after the page is drawn a late rerun is still counted (streamlit-folium reports after 250 ms)."""


def dashboard_drawn(page) -> None:
    """The dashboard's map frame with its crossing symbols."""
    map_frame(page).locator('.ba-symbol[data-layer="crossings"]').first.wait_for(state="attached", timeout=120_000)


def marker_drawn(page) -> None:
    """The one-marker map's frame with its marker."""
    frame = page.locator('iframe[title="streamlit_folium.st_folium"]').first
    frame.wait_for(timeout=120_000)
    frame.element_handle().content_frame().locator("path.leaflet-interactive").first.wait_for(timeout=120_000)


def hello_drawn(page) -> None:
    """The hello app's text."""
    page.get_by_text("hello", exact=True).wait_for(timeout=120_000)


def visit_once(ctx, url: str, drawn) -> tuple[float, int, int, int | None]:
    """One new visitor: seconds from opening the page to it drawn, then script runs finished, first-run elements and
    the elements sent before the map."""
    page = ctx.browser.new_page()
    counter = RerunCounter(page)
    start = time.monotonic()
    page.goto(url)
    drawn(page)
    seconds = time.monotonic() - start
    deadline = time.monotonic() + QUIET_SECONDS
    while time.monotonic() < deadline:  # a late rerun would arrive here; the page is not touched meanwhile
        page.wait_for_timeout(100)
    runs, elements, before = counter.runs_finished, counter.first_run_elements, counter.elements_before_map
    close_page(page)
    return seconds, runs, elements, before


def warm_visit(ctx) -> list:
    """New visitors on warm servers (one warm-up visit each, not counted), apps interleaved run by run."""
    from bench.benchmarks import Row

    apps = {"dashboard": (DASHBOARD, dashboard_drawn), "hello": (HELLO, hello_drawn), "one": (ONE_MARKER, marker_drawn)}
    times = {name: Samples() for name in apps}
    runs = {name: Samples() for name in apps}
    elements, before_map = Samples(), Samples()
    with running(DASHBOARD) as dash, running(HELLO) as hello, running(ONE_MARKER) as one:
        urls = {"dashboard": dash.url, "hello": hello.url, "one": one.url}
        for name, (_, drawn) in apps.items():
            visit_once(ctx, urls[name], drawn)
        for run in range(ctx.runs):
            order = list(apps) if run % 2 == 0 else list(apps)[::-1]
            for name in order:
                seconds, finished, first, before = visit_once(ctx, urls[name], apps[name][1])
                times[name].add(seconds)
                runs[name].add(finished)
                if name == "dashboard":
                    elements.add(first)
                    before_map.add(before if before is not None else float("nan"))
                ctx.log(f"warm visit {name}: {seconds:.2f} s, {finished} run(s), {first} first-run elements")
    case = "new visitor, warm server: page open → map drawn"
    return [
        Row(
            "Warm visit",
            case,
            "s",
            times["dashboard"],
            times["hello"],
            "one-line hello app",
            "≤ 1.5× hello",
            times["dashboard"].median <= 1.5 * times["hello"].median,
        ),
        Row("Warm visit", case, "s", times["dashboard"], times["one"], "one-marker st_folium map"),
        Row(
            "Warm visit",
            "script runs per visit",
            "count",
            runs["dashboard"],
            runs["hello"],
            "one-line hello app",
            "1",
            runs["dashboard"].median == 1,
            note=f"one-marker map: {runs['one'].median:g}",
        ),
        Row(
            "Warm visit",
            "elements of the first run (Map page)",
            "count",
            elements,
            note="new_element and add_block deltas before the first script_finished",
        ),
        Row(
            "Warm visit",
            "elements sent before the map (Map page)",
            "count",
            before_map,
            note="the sidebar and navigation are sent after the page body (they were 31 before the map until then)",
        ),
    ]
