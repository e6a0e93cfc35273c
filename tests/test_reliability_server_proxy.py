"""The shipped front doors: deploy/haproxy.cfg (sticky cookie, WebSockets, security headers, diagnostics closed,
nested paths answered) and deploy/asgi.py (the same rules without a proxy). The file checks always run; the live
checks run haproxy (Debian's /usr/sbin/haproxy, skipped when it is missing) and real `streamlit run` servers."""

from __future__ import annotations

import re
import socket
import subprocess
import urllib.error
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest

from bench.failover import CONFIG, HAPROXY, port_of, render_config, start_proxy
from borderatlas import devserver
from borderatlas.paths import REPO_DIR

HEADERS = {
    "X-Frame-Options": "SAMEORIGIN",
    "Content-Security-Policy": "frame-ancestors 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}
"""Sent with every answer by both front doors (SAMEORIGIN: the map and the assets are the app's own frames)."""
NESTED = ["/map/x", "/a/b/c", "/crossings/x", "/sources/a/b/"]
APP_PATHS = ["/", "/crossings", "/sources"]
needs_haproxy = pytest.mark.skipif(not Path(HAPROXY).exists(), reason=f"{HAPROXY} is not installed")


def config_text() -> str:
    """The shipped HAProxy config."""
    return CONFIG.read_text(encoding="utf-8")


def directives(section: str) -> list[str]:
    """The lines of one section ("frontend atlas", "backend replicas", "defaults"), comments dropped."""
    found, inside = [], False
    for raw in config_text().splitlines():
        line = raw.split(" #")[0].strip() if not raw.strip().startswith("#") else ""
        if raw and not raw[0].isspace():
            inside = raw.strip() == section
            continue
        if inside and line:
            found.append(line)
    return found


def seconds(text: str) -> float:
    """An HAProxy duration (30s, 1h, 500ms) in seconds."""
    number, unit = re.fullmatch(r"(\d+)(ms|s|m|h|d)?", text).groups()
    return int(number) * {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400, None: 0.001}[unit]


@needs_haproxy
def test_the_shipped_config_parses(tmp_path):
    """`haproxy -c` accepts the file as shipped and as the tests and the benchmark render it."""
    for text in (config_text(), render_config(18080, {"a": 18501, "b": 18502})):
        checked = tmp_path / "haproxy.cfg"
        checked.write_text(text, encoding="utf-8")
        result = subprocess.run([HAPROXY, "-c", "-f", str(checked)], capture_output=True, text=True, timeout=30)
        assert result.returncode == 0, result.stdout + result.stderr


def test_metrics_are_denied():
    """Streamlit's /_stcore/metrics is refused at the front door, under any prefix."""
    assert "http-request deny deny_status 404 if { path_end /_stcore/metrics }" in directives("frontend atlas")


def test_security_headers_on_every_answer():
    """http-after-response (which covers the proxy's own answers too) sets each header; the Server header goes."""
    lines = directives("frontend atlas")
    for name, value in HEADERS.items():
        quoted = f'"{value}"' if " " in value else value
        assert f"http-after-response set-header {name} {quoted}" in lines, name
    assert "http-after-response del-header Server" in lines


def test_sessions_stick_to_their_replica_by_cookie():
    """A cookie names the replica; every server has its own value; a dead replica's sessions are redispatched."""
    backend = directives("backend replicas")
    assert "balance roundrobin" in backend
    assert any(re.fullmatch(r"cookie ATLAS_REPLICA insert indirect nocache( httponly)?", line) for line in backend)
    servers = [line.split() for line in backend if line.startswith("server ")]
    assert len(servers) >= 2 and all(words[-2:] == ["cookie", words[1]] for words in servers)
    assert "option httpchk GET /_stcore/health" in backend and "http-check expect string ok" in backend
    assert any(line.startswith("option redispatch") for line in directives("defaults"))


def test_websockets_are_passed_and_kept_open():
    """HTTP mode (the Upgrade is passed through) and an idle WebSocket kept for at least an hour."""
    defaults = dict(line.split(" ", 2)[1:] for line in directives("defaults") if line.startswith("timeout "))
    assert "mode http" in directives("defaults")
    assert seconds(defaults["tunnel"]) >= 3600
    assert seconds(defaults["client"]) >= 30 and seconds(defaults["server"]) >= 30


def test_the_nested_path_rule_spares_streamlit_paths():
    """The rule's own ACLs, applied here: nested page paths are answered 404, Streamlit's own paths are not."""
    lines = directives("frontend atlas")
    prefixes = next(line for line in lines if line.startswith("acl streamlit_path path_beg ")).split()[3:]
    pattern = re.compile(next(line for line in lines if line.startswith("acl nested_path path_reg ")).split()[3])
    assert any(
        line.startswith("http-request return status 404 ") and "if nested_path !streamlit_path" in line
        for line in lines
    )

    def refused(path: str) -> bool:
        return bool(pattern.search(path)) and not path.startswith(tuple(prefixes))

    assert all(refused(path) for path in NESTED)
    spared = ["/", "/crossings", "/crossings/", "/_stcore/stream", "/static/js/index.js", "/component/x/y.js"]
    assert not any(refused(path) for path in [*spared, "/media/abc.png", "/_stcore/upload_file/s/f"])


class Scripts(HTMLParser):
    """The module scripts an HTML page loads."""

    def __init__(self):
        super().__init__()
        self.sources: list[str] = []

    def handle_starttag(self, tag, attrs):
        """Collect <script src>."""
        attributes = dict(attrs)
        if tag == "script" and attributes.get("src"):
            self.sources.append(attributes["src"])


def fetch(url: str) -> tuple[int, dict, bytes]:
    """Status, headers and body of a GET, errors included."""
    try:
        with urllib.request.urlopen(url, timeout=20) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def answer(base: str, path: str) -> str:
    """What a browser would show at base+path: "app" (its scripts load as JavaScript), "not found", or "blank"."""
    status, headers, body = fetch(base + path)
    if status == 404 and b"Page not found" in body and b'href="/"' in body:
        return "not found"
    scripts = Scripts()
    scripts.feed(body.decode("utf-8", "replace"))
    if status != 200 or not scripts.sources:
        return "blank"
    script_status, script_headers, _ = fetch(urljoin(base + path, scripts.sources[0]))
    kind = {k.lower(): v for k, v in script_headers.items()}.get("content-type", "")
    return "app" if script_status == 200 and "javascript" in kind else "blank"


@pytest.fixture(scope="module")
def replica(tmp_path_factory):
    """A plain `streamlit run dashboard.py` (no guard): what the proxy forwards to."""
    server = devserver.start_server(tmp_path_factory.mktemp("replica") / "server.log")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def proxy(replica):
    """haproxy with the shipped config in front of the replica."""
    if not Path(HAPROXY).exists():
        pytest.skip(f"{HAPROXY} is not installed")
    running = start_proxy({"a": port_of(replica)})
    yield running
    running.stop()


@pytest.fixture(scope="module")
def guarded(tmp_path_factory):
    """`streamlit run deploy/asgi.py`: the app with the guard and no proxy."""
    server = devserver.start_server(tmp_path_factory.mktemp("asgi") / "server.log", REPO_DIR / "deploy" / "asgi.py")
    yield server
    server.stop()


@pytest.fixture(params=["proxy", "asgi"])
def front(request):
    """Each front door's base URL."""
    return (request.getfixturevalue("proxy") if request.param == "proxy" else request.getfixturevalue("guarded")).url


@pytest.mark.parametrize("path", NESTED)
def test_nested_paths_get_a_clear_not_found(front, path):
    """/map/x, /a/b/c, …: a short not-found page with a link to the app, never Streamlit's blank page."""
    assert answer(front, path) == "not found"


@pytest.mark.parametrize("path", APP_PATHS)
def test_pages_still_load_through_the_front_door(front, path):
    """The app's own pages load, with their scripts, through either front door."""
    assert answer(front, path) == "app"


def test_plain_streamlit_blanks_nested_paths(replica):
    """Why the front doors answer nested paths: plain Streamlit serves index.html there, and its relative scripts
    come back as index.html too (if this fails, Streamlit has fixed it and the rules can go)."""
    assert [answer(replica.url, path) for path in NESTED] == ["blank"] * len(NESTED)
    assert answer(replica.url, "/") == "app"


@pytest.mark.parametrize("path", ["/", "/crossings", "/map/x", "/_stcore/health", "/static/favicon.png"])
def test_security_headers_are_sent(front, path):
    """Every answer, the app's and the front door's own, carries the security headers."""
    _, headers, _ = fetch(front + path)
    lower = {k.lower(): v for k, v in headers.items()}
    assert {name: lower.get(name.lower()) for name in HEADERS} == HEADERS


def test_metrics_are_closed_at_the_front_door_but_open_on_the_replica(front, replica):
    """/_stcore/metrics answers 404 through the front door; the operator still reads it on the replica's port."""
    assert fetch(front + "/_stcore/metrics")[0] == 404
    assert fetch(front + "/_stcore/health")[:1] == (200,)
    assert fetch(replica.url + "/_stcore/metrics")[0] == 200


def test_the_proxy_sets_the_sticky_cookie_and_hides_the_server(proxy):
    """The first answer names the replica in an HttpOnly cookie; uvicorn's Server header is not passed on."""
    _, headers, _ = fetch(proxy.url + "/")
    lower = {k.lower(): v for k, v in headers.items()}
    assert re.match(r"ATLAS_REPLICA=a;", lower.get("set-cookie", "")) and "httponly" in lower["set-cookie"].lower()
    assert "server" not in lower


def status_line(base: str, request: str) -> bytes:
    """The status line a server answers to a raw HTTP request (the request's {host} is filled in)."""
    url = urlparse(base)
    with socket.create_connection((url.hostname, url.port), timeout=20) as conn:
        conn.sendall(request.format(host=url.netloc).encode())
        return conn.recv(4096).split(b"\r\n", 1)[0]


@pytest.mark.parametrize("door", ["proxy", "asgi"])
def test_the_websocket_upgrade_goes_through(request, door):
    """A WebSocket handshake on /_stcore/stream is answered 101 Switching Protocols."""
    base = (request.getfixturevalue("proxy") if door == "proxy" else request.getfixturevalue("guarded")).url
    handshake = (
        "GET /_stcore/stream HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
        "Sec-WebSocket-Protocol: streamlit\r\n\r\n"
    )
    assert status_line(base, handshake).startswith(b"HTTP/1.1 101")


def test_bodies_over_the_upload_limit_are_refused_at_the_proxy(proxy):
    """A request announcing more than 26 MiB is refused with 413 before a replica reads it."""
    upload = f"PUT /_stcore/upload_file/s/f HTTP/1.1\r\nHost: {{host}}\r\nContent-Length: {27 * 2**20}\r\n\r\n"
    assert b" 413 " in status_line(proxy.url, upload)
