"""Start the dashboard (or another script) on a free loopback port and wait until it answers; keep Chromium local.

Shared by the browser tests (tests/browser/conftest.py) and the benchmarks (bench/harness.py). Imports neither
Streamlit nor Playwright: the server is a `python -m streamlit run` subprocess and pages are passed in.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from borderatlas.paths import REPO_DIR
from borderatlas.viewport import MAP_TITLE

CHROMIUM = "/usr/bin/chromium"
"""Debian's Chromium, driven headless through Playwright (no browser is downloaded)."""

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
"""Flags that keep Chromium from calling home (updates, sync, QUIC) and let it run in a container."""

LOCAL_HOSTS = {"127.0.0.1", "localhost"}
DASHBOARD = REPO_DIR / "dashboard.py"
MAP_FRAME = f'iframe[title="streamlit_folium.st_folium"], iframe[title="{MAP_TITLE}"]'


def free_port() -> int:
    """A TCP port on loopback nobody is listening on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def is_local(url: str) -> bool:
    """True for requests that stay on this machine (or never leave the page)."""
    parsed = urlparse(url)
    return parsed.scheme in ("data", "blob", "about") or parsed.hostname in LOCAL_HOSTS


@dataclass
class Server:
    """A running `streamlit run` server and where its log goes."""

    url: str
    process: subprocess.Popen
    log: Path
    started: float = 0.0
    """time.monotonic() when the process was launched."""

    def log_tail(self, lines: int = 60) -> str:
        """The end of the server log, for failure messages."""
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])

    def rss_bytes(self) -> int:
        """The server process's resident memory (VmRSS), from /proc."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
        raise RuntimeError("no VmRSS line")

    def stop(self) -> None:
        """Stop the server and wait for it to exit."""
        stop_process(self.process, timeout=15)


def stop_process(process: subprocess.Popen, timeout: float) -> None:
    """Terminate a process and wait for it; kill it if it has not exited after timeout seconds."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def stop_server(server: Server) -> None:
    """Stop a server and wait for it to exit."""
    server.stop()


def wait_until_healthy(server: Server, timeout: float = 90, interval: float = 0.2) -> None:
    """Poll the health endpoint every interval seconds until the server answers, it dies, or the timeout passes."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"streamlit exited early:\n{server.log.read_text(errors='replace')[-3000:]}")
        try:
            with urllib.request.urlopen(f"{server.url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(interval)  # polling interval while the server starts, not a wait on the page
    raise RuntimeError(f"streamlit did not answer within {timeout}s:\n{server.log.read_text(errors='replace')[-3000:]}")


def start_server(
    log: Path,
    script: Path = DASHBOARD,
    *,
    base_path: str = "",
    extra_env: dict | None = None,
    extra_flags: Sequence[str] = (),
    wait: bool = True,
    interval: float = 0.2,
) -> Server:
    """Start `python -m streamlit run script` on a free loopback port, logging to log; wait until it answers."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(script),
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        *extra_flags,
    ]
    if base_path:
        command += ["--server.baseUrlPath", base_path]
    env = {**os.environ, **(extra_env or {})}
    url = f"http://127.0.0.1:{port}" + (f"/{base_path}" if base_path else "")
    started = time.monotonic()
    process = subprocess.Popen(command, cwd=REPO_DIR, stdout=log.open("w"), stderr=subprocess.STDOUT, env=env)
    server = Server(url, process, log, started)
    if wait:
        try:
            wait_until_healthy(server, interval=interval)
        except Exception:
            server.stop()
            raise
    return server


def map_frame(page, timeout: float = 60_000, state: str = "visible"):
    """The st_folium iframe of a Playwright page once its map has been drawn (its data-ba-ready marker in state)."""
    element = page.locator(MAP_FRAME).first
    element.wait_for(timeout=timeout)
    frame = element.element_handle().content_frame()
    frame.locator("[data-ba-ready]").wait_for(state=state, timeout=timeout)
    return frame
