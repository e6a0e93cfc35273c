"""Two replicas behind HAProxy (deploy/haproxy.cfg, Debian's haproxy): sessions spread over both by the sticky
cookie; one replica is killed mid-session, and its pages reconnect to the other and restore their view from the link.
Not run in CI (it takes about two minutes and needs /usr/sbin/haproxy and /usr/bin/chromium).

    .venv/bin/python -m bench.failover                  # 20 sessions
    .venv/bin/python -m bench.failover --sessions 6

Each session opens its own link (a selected feature), turns the flood layer off (the app writes that into the link),
and one session per replica overlays a small CSV. Replica a is then killed with SIGKILL. For every page that was on
it: the time from the kill to the first script run finished on a new WebSocket, whether the page then shows the same
view (selection, layers, from the link) on replica b, and any error left on screen. The overlay is the state that is
lost (it lived in the dead replica's memory). Writes artifacts/failover/failover-<n>.json and prints the table that
docs/reliability.md quotes. Everything listens on 127.0.0.1; the browser may reach nothing else.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import secrets
import shutil
import subprocess
import tempfile
import time
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path

from bench.harness import start_app
from borderatlas import devserver
from borderatlas.data import load_atlas
from borderatlas.devserver import CHROMIUM, CHROMIUM_ARGS, DASHBOARD, MAP_FRAME, Server, free_port, is_local
from borderatlas.paths import REPO_DIR

HAPROXY = shutil.which("haproxy") or "/usr/sbin/haproxy"
CONFIG = REPO_DIR / "deploy" / "haproxy.cfg"
ARTIFACTS = REPO_DIR / "artifacts" / "failover"
COOKIE = "ATLAS_REPLICA"
SESSIONS_CAP = 30
LOAD_TIMEOUT_MS = 180_000
RECONNECT_TIMEOUT_S = 90
FLOODS = 'document.querySelectorAll("path.ba-flood").length'
OVERLAY_CSV = b"name,lat,lon\nship one,40.10,124.40\nship two,40.20,124.50\nship three,40.30,124.60\n"


def render_config(bind_port: int, replicas: dict[str, int], text: str | None = None) -> str:
    """The shipped HAProxy config with its bind port and server lines pointed at replicas on loopback ports."""
    text = CONFIG.read_text(encoding="utf-8") if text is None else text
    text = re.sub(r"(?m)^(\s*bind )127\.0\.0\.1:\d+", rf"\g<1>127.0.0.1:{bind_port}", text)
    indent = re.search(r"(?m)^(\s*)server \S+ ", text).group(1)
    text = re.sub(r"(?m)^\s*server \S+ .*\n", "", text)
    lines = "".join(f"{indent}server {name} 127.0.0.1:{port} cookie {name}\n" for name, port in replicas.items())
    return text.rstrip("\n") + "\n" + lines


@dataclass
class Proxy:
    """A running haproxy and where it listens."""

    url: str
    process: subprocess.Popen
    log: Path

    def stop(self) -> None:
        """Stop haproxy and wait for it to exit."""
        devserver.stop_process(self.process, timeout=10)


def start_proxy(replicas: dict[str, int], timeout: float = 30) -> Proxy:
    """haproxy in the foreground with the shipped config (ports replaced); wait until it answers the health path."""
    port = free_port()
    folder = Path(tempfile.mkdtemp(prefix="ba-haproxy-"))
    config, log = folder / "haproxy.cfg", folder / "haproxy.log"
    config.write_text(render_config(port, replicas), encoding="utf-8")
    process = subprocess.Popen([HAPROXY, "-f", str(config), "-db"], stdout=log.open("w"), stderr=subprocess.STDOUT)
    proxy = Proxy(f"http://127.0.0.1:{port}", process, log)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"haproxy exited: {log.read_text(errors='replace')[-2000:]}")
        try:
            with urllib.request.urlopen(f"{proxy.url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return proxy
        except OSError:
            time.sleep(0.2)  # polling while haproxy starts
    proxy.stop()
    raise RuntimeError(f"haproxy did not answer within {timeout}s: {log.read_text(errors='replace')[-2000:]}")


def start_replicas(names: tuple[str, ...] = ("a", "b")) -> dict[str, Server]:
    """`streamlit run dashboard.py` once per name, all with the same cookie secret (as docs/deploy.md asks)."""
    secret = secrets.token_hex(16)
    return {name: start_app(DASHBOARD, extra_env={"STREAMLIT_SERVER_COOKIE_SECRET": secret}) for name in names}


def port_of(server: Server) -> int:
    """The loopback port a replica listens on."""
    return int(server.url.rsplit(":", 1)[1])


def active_sessions(server: Server) -> int | None:
    """Sessions a replica holds, from its own /_stcore/metrics (on its port: the proxy refuses this path)."""
    try:
        with urllib.request.urlopen(f"{server.url}/_stcore/metrics", timeout=5) as response:
            text = response.read().decode()
    except OSError:
        return None
    match = re.search(r"(?m)^active_sessions(?:\{[^}]*\})? (\d+)", text)
    return int(match.group(1)) if match else None


def feature_links(count: int) -> list[tuple[str, str]]:
    """(feature id, English name) for `count` crossings and infrastructure sites, one per session's link."""
    atlas = load_atlas()
    found = []
    for layer in ("crossings", "infrastructure"):
        for record in atlas.layers[layer].drop(columns="geometry").to_dict("records"):
            found.append((record["id"], record["name_en"]))
    if len(found) < count:
        raise SystemExit(f"only {len(found)} features to open; ask for fewer sessions")
    return found[:count]


@dataclass
class Session:
    """One browser session's record."""

    index: int
    feature: str
    name: str
    replica: str = ""
    replica_after: str = ""
    overlay: bool = False
    overlay_after: bool | None = None
    reopened_s: float | None = None
    reconnect_s: float | None = None
    restored_s: float | None = None
    view_restored: bool | None = None
    errors_on_screen: list[str] = field(default_factory=list)
    sockets: list[dict] = field(default_factory=list, repr=False)


def watch_sockets(page, session: Session) -> None:
    """Record each WebSocket the page opens and when each of its script runs finishes (time.monotonic())."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    def attach(socket_) -> None:
        record = {"opened": time.monotonic(), "finished": []}
        session.sockets.append(record)

        def received(payload) -> None:
            if isinstance(payload, (bytes, bytearray)):
                if ForwardMsg.FromString(bytes(payload)).WhichOneof("type") == "script_finished":
                    record["finished"].append(time.monotonic())

        socket_.on("framereceived", received)

    page.on("websocket", attach)


async def replica_of(page) -> str:
    """The replica the proxy's sticky cookie names for this page's context."""
    cookies = await page.context.cookies()
    return next((c["value"] for c in cookies if c["name"] == COOKIE), "")


async def map_ready(page, condition: str = "true", timeout: float = LOAD_TIMEOUT_MS):
    """The map frame once drawn and meeting condition (a JS expression evaluated in the frame)."""
    element = page.locator(MAP_FRAME).first
    await element.wait_for(timeout=timeout)
    frame = await (await element.element_handle()).content_frame()
    await frame.wait_for_function(
        f"document.querySelector('[data-ba-ready]') && ({condition})", timeout=timeout, polling=100
    )
    return frame


async def idle(page, timeout: float = LOAD_TIMEOUT_MS) -> None:
    """Until the script run has finished."""
    await page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for(timeout=timeout)


async def upload_overlay(page) -> None:
    """Overlay a three-point CSV and wait until it is drawn."""
    control = page.get_by_text("Overlay your data", exact=True)
    dropzone = page.locator('[data-testid="stFileUploaderDropzoneInput"]')
    if not await dropzone.is_visible():
        await control.click()
    await dropzone.set_input_files(files=[{"name": "ships.csv", "mimeType": "text/csv", "buffer": OVERLAY_CSV}])
    await map_ready(page, "document.querySelector('[data-ba-overlay=\"3\"]')")


async def overlay_drawn(page) -> bool:
    """Whether the map frame draws the three overlay points now."""
    frame = await (await page.locator(MAP_FRAME).first.element_handle()).content_frame()
    return await frame.locator('[data-ba-overlay="3"]').count() > 0


async def errors_on_screen(page) -> list[str]:
    """Exception boxes, incident messages and Streamlit's connection error on the page now."""
    found = []
    if await page.locator('[data-testid="stException"]').count():
        found.append("exception box")
    if await page.get_by_text("Something went wrong on this page").count():
        found.append("incident message")
    if await page.get_by_text("Is Streamlit still running").count():
        found.append("connection error dialog")
    if await page.locator('[data-testid="stConnectionStatus"]').count():
        found.append("connection status shown")
    return found


async def open_session(browser, url: str, session: Session, errors: list[str]):
    """Open the session's link, turn the flood layer off, note its replica."""
    context = await browser.new_context(viewport={"width": 1440, "height": 950}, locale="en-GB")

    async def route(route_request):
        if is_local(route_request.request.url):
            return await route_request.continue_()
        errors.append(f"session {session.index}: foreign request {route_request.request.url}")
        return await route_request.abort()

    await context.route("**/*", route)
    page = await context.new_page()
    page.on("pageerror", lambda error: errors.append(f"session {session.index}: JS error {error}"))
    watch_sockets(page, session)
    await page.goto(f"{url}/?sel={session.feature}", timeout=LOAD_TIMEOUT_MS)
    await map_ready(page, f"{FLOODS} > 0")
    await page.get_by_text("2016 Tumen floods", exact=True).click()
    await map_ready(page, f"{FLOODS} === 0")
    await page.wait_for_function("location.search.includes('layers=')", timeout=LOAD_TIMEOUT_MS)
    await idle(page)
    session.replica = await replica_of(page)
    return page


async def view_is_restored(page, session: Session) -> bool:
    """The same selection and layers as before the kill: in the link, in the side panel and on the map."""
    search = await page.evaluate("location.search")
    if f"sel={session.feature}" not in search or "layers=" not in search:
        return False
    await map_ready(page, f"{FLOODS} === 0", timeout=30_000)
    heading = page.locator('[data-testid="stHeading"]:visible').filter(has_text=session.name)
    return await heading.count() > 0


async def after_kill(page, session: Session, killed_at: float) -> None:
    """Wait for the page's reconnection (a new WebSocket with a finished run), then check its view and screen."""
    deadline = killed_at + RECONNECT_TIMEOUT_S
    while time.monotonic() < deadline:
        runs = [t for s in session.sockets if s["opened"] > killed_at for t in s["finished"]]
        if runs:
            session.reopened_s = round(
                min(s["opened"] for s in session.sockets if s["opened"] > killed_at) - killed_at, 2
            )
            session.reconnect_s = round(min(runs) - killed_at, 2)
            break
        await asyncio.sleep(0.05)
    if session.reconnect_s is None:
        session.errors_on_screen.append("no reconnection")
        return
    await idle(page)
    session.view_restored = await view_is_restored(page, session)
    session.restored_s = round(time.monotonic() - killed_at, 2)
    session.replica_after = await replica_of(page)
    if session.overlay:
        session.overlay_after = await overlay_drawn(page)
    session.errors_on_screen += await errors_on_screen(page)


async def run(count: int) -> dict:
    """Start two replicas and the proxy, open the sessions, kill replica a, follow every page; stop everything."""
    from playwright.async_api import async_playwright

    replicas = start_replicas()
    proxy = None
    errors: list[str] = []
    sessions = [Session(i, fid, name) for i, (fid, name) in enumerate(feature_links(count))]
    result: dict = {"sessions": count}
    try:
        proxy = start_proxy({name: port_of(server) for name, server in replicas.items()})
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            pages = []
            for session in sessions:  # one at a time: 2 cores, and round robin alternates
                pages.append(await open_session(browser, proxy.url, session, errors))
            for name in ("a", "b"):
                first = next((i for i, s in enumerate(sessions) if s.replica == name), None)
                if first is not None:
                    await upload_overlay(pages[first])
                    sessions[first].overlay = True
            result["per_replica_cookie"] = {n: sum(s.replica == n for s in sessions) for n in replicas}
            result["per_replica_metrics"] = {n: active_sessions(server) for n, server in replicas.items()}
            killed_at = time.monotonic()
            replicas["a"].process.kill()
            replicas["a"].process.wait()
            await asyncio.gather(
                *(after_kill(page, s, killed_at) for page, s in zip(pages, sessions) if s.replica == "a")
            )
            await asyncio.sleep(3)  # let any late reconnection of an unaffected page show itself
            for page, session in zip(pages, sessions):
                if session.replica != "a":
                    session.replica_after = await replica_of(page)
                    session.errors_on_screen += await errors_on_screen(page)
                    session.overlay_after = await overlay_drawn(page) if session.overlay else None
            result["after_metrics"] = {"b": active_sessions(replicas["b"])}
            await browser.close()
    finally:
        if proxy is not None:
            proxy.stop()
        for server in replicas.values():
            server.stop()
    result["errors"] = errors
    result["sessions_detail"] = [{k: v for k, v in asdict(s).items() if k != "sockets"} for s in sessions]
    return result


def markdown(result: dict) -> str:
    """The figures as docs/reliability.md quotes them."""
    detail = result["sessions_detail"]
    moved = [s for s in detail if s["replica"] == "a"]
    stayed = [s for s in detail if s["replica"] != "a"]
    times = sorted(s["reconnect_s"] for s in moved if s["reconnect_s"] is not None)
    reopened = sorted(s["reopened_s"] for s in moved if s["reopened_s"] is not None)
    restored = sorted(s["restored_s"] for s in moved if s["restored_s"] is not None)
    median = lambda values: values[len(values) // 2] if values else None  # noqa: E731
    fmt = lambda v: "–" if v is None else f"{v:.1f} s"  # noqa: E731
    on_screen = sum(len(s["errors_on_screen"]) for s in detail)
    lost = [s["overlay_after"] for s in detail if s["overlay"] and s["replica"] == "a"]
    kept = [s["overlay_after"] for s in detail if s["overlay"] and s["replica"] != "a"]
    return "\n".join(
        [
            "| Sessions | Per replica (cookie) | Per replica (metrics) | Pages on the killed replica | Reconnected | "
            "WebSocket reopened, median / max | First run on b, median / max | View checked, median / max | "
            "View restored | Moved to b | Errors on screen |",
            "|---|---|---|---|---|---|---|---|---|---|---|",
            f"| {result['sessions']} | {result['per_replica_cookie']} | {result['per_replica_metrics']} | {len(moved)} | "
            f"{len(times)} | {fmt(median(reopened))} / {fmt(reopened[-1] if reopened else None)} | "
            f"{fmt(median(times))} / {fmt(times[-1] if times else None)} | "
            f"{fmt(median(restored))} / {fmt(restored[-1] if restored else None)} | "
            f"{sum(bool(s['view_restored']) for s in moved)} of {len(moved)} | "
            f"{sum(s['replica_after'] == 'b' for s in moved)} of {len(moved)} | {on_screen} |",
            "",
            f"Unaffected pages still on b with no error: {sum(not s['errors_on_screen'] for s in stayed)} of "
            f"{len(stayed)}. Overlay after the kill: on the killed replica's page {lost}, on b's page {kept}. "
            f"Sessions on b afterwards (metrics): {result['after_metrics']['b']}. Browser errors: {len(result['errors'])}.",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    """Run once, print and save the figures; exit 1 when a page did not recover or showed an error."""
    parser = argparse.ArgumentParser(prog="python -m bench.failover", description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20, help=f"browser sessions (≤ {SESSIONS_CAP})")
    args = parser.parse_args(argv)
    if not Path(HAPROXY).exists() or not Path(CHROMIUM).exists():
        raise SystemExit(f"needs {HAPROXY} and {CHROMIUM}: apt-get install haproxy chromium fonts-noto-cjk")
    result = asyncio.run(run(max(2, min(args.sessions, SESSIONS_CAP))))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    out = ARTIFACTS / f"failover-{result['sessions']}.json"
    out.write_text(json.dumps(result, indent=1))
    print(markdown(result))
    for error in result["errors"][:20]:
        print("ERROR", error)
    print(f"\nsaved {out.relative_to(REPO_DIR)}")
    moved = [s for s in result["sessions_detail"] if s["replica"] == "a"]
    failed = any(not s["view_restored"] or s["errors_on_screen"] for s in moved) or result["errors"]
    return 1 if failed or not moved else 0


if __name__ == "__main__":
    raise SystemExit(main())
