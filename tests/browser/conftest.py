"""Browser fixtures: a real `streamlit run dashboard.py` server and headless Debian Chromium that may only reach it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest

from borderatlas.paths import REPO_DIR

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = REPO_DIR / "artifacts" / "browser"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
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


def free_port() -> int:
    """A TCP port nobody is listening on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    """A running Streamlit server and where its log goes."""

    url: str
    process: subprocess.Popen
    log: Path

    def log_tail(self, lines: int = 60) -> str:
        """The end of the server log, for failure messages."""
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


def wait_until_healthy(url: str, process: subprocess.Popen, log: Path, timeout: float = 90) -> None:
    """Poll the health endpoint until the server answers, it dies, or the timeout passes."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited early:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)  # polling interval while the server starts, not a wait on the page
    raise RuntimeError(f"streamlit did not answer within {timeout}s:\n{log.read_text(errors='replace')[-3000:]}")


def start_server(name: str, base_path: str = "", extra_env: dict | None = None) -> Server:
    """Start `streamlit run dashboard.py` on a free port and wait until it answers."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log = ARTIFACTS / f"server-{name}.log"
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(REPO_DIR / "dashboard.py"),
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
    ]
    if base_path:
        command += ["--server.baseUrlPath", base_path]
    env = {**os.environ, **(extra_env or {})}
    process = subprocess.Popen(command, cwd=REPO_DIR, stdout=log.open("w"), stderr=subprocess.STDOUT, env=env)
    url = f"http://127.0.0.1:{port}" + (f"/{base_path}" if base_path else "")
    try:
        wait_until_healthy(url, process, log)
    except Exception:
        process.terminate()
        raise
    return Server(url, process, log)


def stop_server(server: Server) -> None:
    """Stop a server and wait for it to exit."""
    server.process.terminate()
    try:
        server.process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.process.kill()


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


def is_local(url: str) -> bool:
    """True for requests that stay on this machine (or never leave the page)."""
    parsed = urlparse(url)
    return parsed.scheme in ("data", "blob", "about") or parsed.hostname in LOCAL_HOSTS


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


def map_frame(page, timeout: float = 60_000):
    """The st_folium iframe once its map has been drawn."""
    frame_element = page.locator('iframe[title="streamlit_folium.st_folium"]').first
    frame_element.wait_for(timeout=timeout)
    frame = frame_element.element_handle().content_frame()
    frame.locator("[data-ba-ready]").wait_for(timeout=timeout)
    return frame


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
    box = page.locator('iframe[title="streamlit_folium.st_folium"]').first.bounding_box()
    page.mouse.move(box["x"] + point[0], box["y"] + point[1])
