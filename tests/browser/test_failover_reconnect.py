"""A page whose server process dies reconnects at once to another process (a new, empty session, as after a failover
to another replica) and draws itself again there from its link: same selection and layers, no error on screen.

A small TCP forwarder stands in for the load balancer, so no proxy package is needed; `python -m bench.failover` does
the same with two replicas behind haproxy. Without `ui.chrome.rerun_on_reconnect` the page kept its old content and
the new session never ran (its downloads and uploads then pointed at the dead process)."""

from __future__ import annotations

import secrets
import socket
import threading
import time

from playwright.sync_api import expect

from borderatlas import devserver
from tests.browser.conftest import ARTIFACTS, map_frame, wait_for_app_idle

FEATURE, NAME = "new-yalu-river-bridge", "New Yalu River Bridge"
FLOODS = 'document.querySelectorAll("path.ba-flood").length'


class Forwarder:
    """Loopback TCP forwarding to whichever port `target` names when a connection opens (a failover switch)."""

    def __init__(self, target: int):
        self.target = target
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self) -> None:
        """Forward each incoming connection until the listener is closed."""
        while True:
            try:
                client, _ = self.listener.accept()
                backend = socket.create_connection(("127.0.0.1", self.target))
            except OSError:
                if self.listener.fileno() == -1:
                    return
                client.close()
                continue
            for source, sink in ((client, backend), (backend, client)):
                threading.Thread(target=self.pipe, args=(source, sink), daemon=True).start()

    @staticmethod
    def pipe(source: socket.socket, sink: socket.socket) -> None:
        """Copy bytes one way; when either side ends, shut both down (which also wakes the other direction)."""
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                try:
                    end.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                end.close()

    def close(self) -> None:
        """Stop accepting."""
        self.listener.close()


def start(name: str, secret: str) -> devserver.Server:
    """`streamlit run dashboard.py` with a cookie secret shared by the replicas."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return devserver.start_server(
        ARTIFACTS / f"server-{name}.log", extra_env={"STREAMLIT_SERVER_COOKIE_SECRET": secret}
    )


def port_of(server: devserver.Server) -> int:
    """A server's loopback port."""
    return int(server.url.rsplit(":", 1)[1])


def watch_runs(page) -> list[dict]:
    """Each WebSocket the page opens, with the times its script runs finish."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    sockets: list[dict] = []

    def attach(socket_) -> None:
        record = {"opened": time.monotonic(), "finished": []}
        sockets.append(record)

        def received(payload) -> None:
            if isinstance(payload, bytes) and ForwardMsg.FromString(payload).WhichOneof("type") == "script_finished":
                record["finished"].append(time.monotonic())

        socket_.on("framereceived", received)

    page.on("websocket", attach)
    return sockets


def settle(page) -> None:
    """Until no script run is going on or asked for (a page that was mid-run is rerun on reconnection anyway)."""
    for _ in range(3):
        wait_for_app_idle(page)
        page.wait_for_timeout(700)  # the map reports its bounds a moment after drawing, which may start a run
    wait_for_app_idle(page)


def test_a_page_draws_itself_again_on_another_server(page):
    """Kill the server mid-session with another one ready behind the same address: the page reruns there."""
    secret = secrets.token_hex(16)
    first, second = start("reconnect-a", secret), start("reconnect-b", secret)
    forwarder = Forwarder(port_of(first))
    try:
        sockets = watch_runs(page)
        page.goto(f"{forwarder.url}/?sel={FEATURE}")
        frame = map_frame(page)
        page.get_by_text("2016 Tumen floods", exact=True).click()
        frame.wait_for_function(f"{FLOODS} === 0", timeout=60_000)
        page.wait_for_function("location.search.includes('layers=')", timeout=60_000)
        settle(page)
        forwarder.target = port_of(second)
        killed = time.monotonic()
        first.process.kill()
        first.process.wait()
        deadline = time.monotonic() + 60
        while not any(s["finished"] for s in sockets if s["opened"] > killed) and time.monotonic() < deadline:
            page.wait_for_timeout(100)  # lets Playwright deliver the WebSocket events
        assert any(s["finished"] for s in sockets if s["opened"] > killed), (
            f"no script run on the other server: {[(round(s['opened'] - killed, 1), len(s['finished'])) for s in sockets]}"
        )
        frame = map_frame(page)
        frame.wait_for_function(f"{FLOODS} === 0", timeout=60_000)
        assert f"sel={FEATURE}" in page.evaluate("location.search")
        expect(page.locator('[data-testid="stHeading"]:visible').filter(has_text=NAME).first).to_be_visible()
        expect(page.locator('[data-testid="stException"]')).to_have_count(0)
        expect(page.get_by_text("Something went wrong on this page")).to_have_count(0)
        expect(page.locator('[data-testid="stConnectionStatus"]')).to_have_count(0)
    finally:
        forwarder.close()
        first.stop()
        second.stop()
