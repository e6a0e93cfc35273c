"""Browser fixtures: a real `streamlit run dashboard.py` server and headless Debian Chromium that may only reach it."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest

from borderatlas import devserver
from borderatlas.devserver import CHROMIUM, CHROMIUM_ARGS, MAP_FRAME, Server, is_local, stop_server
from borderatlas.devserver import map_frame as map_frame  # the browser tests import it from here
from borderatlas.paths import REPO_DIR

ARTIFACTS = REPO_DIR / "artifacts" / "browser"
ERROR_PROBE = """
window.__baErrors = [];
window.addEventListener('error', e => window.__baErrors.push(String(e.message || e.type)));
window.addEventListener('unhandledrejection', e => window.__baErrors.push('unhandled rejection: ' + String(e.reason)));
"""


def pytest_collection_modifyitems(items):
    """Mark every test in this folder as a browser test; without Chromium, skip locally but fail in CI."""
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            if not Path(CHROMIUM).exists() and os.environ.get("CI") != "true":
                item.add_marker(pytest.mark.skip(reason=f"{CHROMIUM} is not installed (apt-get install chromium)"))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each test's outcome on the item so fixtures can screenshot failures."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


def start_server(name: str, base_path: str = "", extra_env: dict | None = None) -> Server:
    """Start `streamlit run dashboard.py` on a free port, logging to artifacts/browser/, and wait until it answers."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return devserver.start_server(ARTIFACTS / f"server-{name}.log", base_path=base_path, extra_env=extra_env)


@pytest.fixture(scope="session")
def server():
    """The app served at the root path."""
    running = start_server("root")
    yield running
    stop_server(running)


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium fonts-noto-cjk")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@dataclass
class Watch:
    """What a page tried that it should not: requests to other hosts and JavaScript errors."""

    foreign_requests: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    allowed_hosts: set[str] = field(default_factory=set)


@pytest.fixture
def watch():
    """A fresh record of foreign requests and errors; tests may allow extra hosts (to be blocked, not failed)."""
    return Watch()


@pytest.fixture
def page(browser, watch, request):
    """A new browser page that can only reach this machine; fails the test on foreign requests or JS errors."""
    context = browser.new_context(viewport={"width": 1440, "height": 950}, locale="en-GB")
    context.add_init_script(ERROR_PROBE)

    def route(route_request):
        url = route_request.request.url
        if is_local(url):
            return route_request.continue_()
        if urlparse(url).hostname not in watch.allowed_hosts:
            watch.foreign_requests.append(url)
        return route_request.abort()

    context.route("**/*", route)
    new_page = context.new_page()
    new_page.on("pageerror", lambda error: watch.page_errors.append(str(error)))
    yield new_page
    name = request.node.name.replace("/", "_")
    failed = getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    try:
        new_page.screenshot(path=str(ARTIFACTS / f"{'FAILED-' if failed else ''}{name}.png"))
        for frame in new_page.frames:
            try:
                watch.page_errors.extend(frame.evaluate("window.__baErrors || []"))
            except Exception:  # a frame may be gone already
                pass
    finally:
        context.close()
    assert not watch.foreign_requests, f"requests to other hosts: {watch.foreign_requests[:10]}"
    assert not watch.page_errors, f"JavaScript errors: {watch.page_errors[:10]}"


def wait_for_app_idle(page, timeout: float = 60_000) -> None:
    """Wait until the script run has finished and no element is still a loading skeleton."""
    from playwright.sync_api import expect

    expect(page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]')).to_have_count(1, timeout=timeout)
    expect(page.locator('[data-testid="stSkeleton"], [data-testid="stSkeletonElement"]')).to_have_count(
        0, timeout=timeout
    )


def hover_map_at(page, frame, lat: float, lon: float, zoom: int) -> None:
    """Centre the map on a point at a zoom and move the mouse over it (to raise that spot's tooltip)."""
    frame.evaluate(f"() => {{ window.map.setView([{lat}, {lon}], {zoom}, {{animate: false}}); }}")
    point = frame.evaluate(
        f"(() => {{ const p = window.map.latLngToContainerPoint([{lat}, {lon}]);"
        " const r = window.map.getContainer().getBoundingClientRect();"
        " return [p.x + r.left, p.y + r.top]; })()"
    )
    box = page.locator(MAP_FRAME).first.bounding_box()
    page.mouse.move(box["x"] + point[0], box["y"] + point[1])


@pytest.fixture(scope="session")
def prefixed_server():
    """The app behind a URL prefix, as behind a reverse proxy."""
    running = start_server("prefix", base_path="atlas")
    yield running
    stop_server(running)
