"""What every benchmark needs: Streamlit servers on loopback, headless Chromium that may only reach them, timings."""

from __future__ import annotations

import statistics
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from borderatlas import devserver
from borderatlas.devserver import CHROMIUM, CHROMIUM_ARGS, Server, is_local
from borderatlas.paths import REPO_DIR

APPS_DIR = Path(__file__).resolve().parent / "apps"
HEALTH_POLL = 0.02
"""Seconds between health polls: the cold-start clock's resolution."""


@dataclass
class Samples:
    """Repeated measurements of one quantity."""

    values: list[float] = field(default_factory=list)

    def add(self, value: float) -> None:
        """Record one measurement."""
        self.values.append(value)

    @property
    def median(self) -> float:
        """The median (NaN when nothing was measured)."""
        return statistics.median(self.values) if self.values else float("nan")

    def spread(self) -> str:
        """min–max of the runs, for the table."""
        return f"{min(self.values):.3g}–{max(self.values):.3g}" if self.values else "–"


def wait_until_healthy(app: Server, timeout: float = 90) -> None:
    """Poll the health endpoint every 20 ms until the server answers."""
    devserver.wait_until_healthy(app, timeout, interval=HEALTH_POLL)


def start_app(script: Path, wait: bool = True, extra_env: dict | None = None) -> Server:
    """`python -m streamlit run script` on a free loopback port, flags as in the browser tests, log in a temp file."""
    log = Path(tempfile.mkstemp(prefix=f"bench-{script.stem}-", suffix=".log")[1])
    return devserver.start_server(
        log,
        script,
        extra_env={"PYTHONPATH": str(REPO_DIR), **(extra_env or {})},
        extra_flags=["--server.fileWatcherType", "none"],
        wait=wait,
        interval=HEALTH_POLL,
    )


@contextmanager
def running(script: Path, extra_env: dict | None = None):
    """A server for the duration of a with-block."""
    app = start_app(script, extra_env=extra_env)
    try:
        yield app
    finally:
        app.stop()


class Browser:
    """Headless Debian Chromium; every page it opens can only reach loopback (other requests are aborted)."""

    def __init__(self):
        from playwright.sync_api import sync_playwright

        if not Path(CHROMIUM).exists():
            raise SystemExit(f"{CHROMIUM} is missing: apt-get install chromium fonts-noto-cjk")
        self._playwright = sync_playwright().start()
        self.chromium = self._playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        self.blocked: list[str] = []

    def new_page(self):
        """A fresh context and page at 1440×950 that can only reach this machine."""
        context = self.chromium.new_context(viewport={"width": 1440, "height": 950}, locale="en-GB")

        def route(route_request):
            if is_local(route_request.request.url):
                return route_request.continue_()
            self.blocked.append(route_request.request.url)
            return route_request.abort()

        context.route("**/*", route)
        return context.new_page()

    def close(self) -> None:
        """Close Chromium and Playwright."""
        self.chromium.close()
        self._playwright.stop()


def map_frame(page, timeout: float = 120_000):
    """The st_folium iframe once its map's ready marker is attached (the map may still be off screen)."""
    return devserver.map_frame(page, timeout, state="attached")


def close_page(page) -> None:
    """Close a page and its context."""
    page.context.close()


WATCH_JS = """
([condition]) => {
    const check = new Function("return (" + condition + ");");
    window.__baWatch = {done: null};
    const finish = () => requestAnimationFrame(() => { window.__baWatch.done = Date.now(); });
    if (check()) { finish(); return; }
    let timer = null;
    const test = () => {
        if (window.__baWatch.done === null && window.__baWatch.seen !== true && check()) {
            window.__baWatch.seen = true; observer.disconnect(); clearInterval(timer); finish();
        }
    };
    const observer = new MutationObserver(test);
    observer.observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
    timer = setInterval(test, 50);  /* a fallback for changes no observer reports */
}
"""


def timed_change(frame, condition: str, action, timeout: float = 60_000) -> float:
    """Seconds from action() to the frame's DOM meeting condition (a JS expression) and the next frame painted.

    The frame watches its own DOM with a MutationObserver (and checks every 50 ms as a fallback) and stamps
    Date.now() at the next animation frame, so the time does not include Playwright's polling; the start is stamped
    on the same wall clock just before the action.
    """
    frame.evaluate(WATCH_JS, [condition])
    start = time.time() * 1000
    action()
    frame.wait_for_function("window.__baWatch && window.__baWatch.done !== null", timeout=timeout, polling=50)
    return (frame.evaluate("window.__baWatch.done") - start) / 1000


def is_map_component(delta) -> bool:
    """Whether a delta adds the streamlit-folium map."""
    if delta.WhichOneof("type") != "new_element" or delta.new_element.WhichOneof("type") != "component_instance":
        return False
    return "st_folium" in delta.new_element.component_instance.component_name


class RerunCounter:
    """Counts, from the page's websocket, the reruns the browser asks for, the script runs that finish, and the
    elements the first run sends (deltas that add an element or a block; tests/browser/test_runs_per_visit.py)."""

    def __init__(self, page):
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        self.rerun_requests = 0
        self.runs_finished = 0
        self.bytes_received = 0
        self.first_run_elements = 0
        self.elements_before_map: int | None = None
        """Elements the first run sent before the map component (None: no map in the first run)."""
        self._back, self._forward = BackMsg, ForwardMsg
        page.on("websocket", self._attach)

    def _attach(self, socket_) -> None:
        socket_.on("framesent", self._sent)
        socket_.on("framereceived", self._received)

    def _sent(self, payload) -> None:
        if isinstance(payload, (bytes, bytearray)):
            message = self._back.FromString(bytes(payload))
            self.rerun_requests += message.WhichOneof("type") == "rerun_script"

    def _received(self, payload) -> None:
        if isinstance(payload, (bytes, bytearray)):
            self.bytes_received += len(payload)
            message = self._forward.FromString(bytes(payload))
            kind = message.WhichOneof("type")
            self.runs_finished += kind == "script_finished"
            if kind == "delta" and self.runs_finished == 0:
                if self.elements_before_map is None and is_map_component(message.delta):
                    self.elements_before_map = self.first_run_elements
                self.first_run_elements += message.delta.WhichOneof("type") in ("new_element", "add_block")


def fmt_seconds(value: float) -> str:
    """Seconds with sensible precision."""
    return "–" if value != value else (f"{value:.2f} s" if value < 10 else f"{value:.1f} s")


def fmt_bytes(value: float) -> str:
    """Bytes as KB/MB (1 KB = 1000 bytes)."""
    if value != value:
        return "–"
    return f"{value / 1e6:.2f} MB" if value >= 1e6 else f"{value / 1e3:.0f} KB"


def fmt_mib(value: float) -> str:
    """Bytes as MiB."""
    return "–" if value != value else f"{value / 2**20:.0f} MiB"
