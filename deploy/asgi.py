"""Border Atlas served with a guard in front, for a deployment without a reverse proxy: `streamlit run deploy/asgi.py`.

The app is dashboard.py, unchanged, run as a Streamlit `st.App` (ASGI). A small ASGI middleware does what
deploy/haproxy.cfg does at a proxy:

- a path of two or more segments that Streamlit does not serve (`/map/x`, `/a/b/c`) gets a short “Page not found”
  page with a link to the app. Without it Streamlit answers such a path with its index.html, whose relative script
  URLs then resolve under the path (`/map/static/js/…`) to index.html again, so the browser shows a blank page;
- `/_stcore/metrics` (Streamlit's per-process diagnostics) is refused with 404;
- every answer carries the security headers of `SECURITY_HEADERS` (no framing by other sites, no MIME sniffing,
  the origin only as referrer).

It honours `server.baseUrlPath`. Behind deploy/haproxy.cfg either entry point works; the proxy applies the same rules.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from starlette.middleware import Middleware
from streamlit import config

SECURITY_HEADERS = {
    "X-Frame-Options": "SAMEORIGIN",
    "Content-Security-Policy": "frame-ancestors 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}
"""Sent with every answer. SAMEORIGIN, not DENY: the map and the asset components are the app's own frames."""

STREAMLIT_PREFIXES = ("_stcore/", "static/", "component/", "media/", "app/static/", "auth/")
"""Paths of more than one segment that Streamlit itself serves (after the base URL path)."""

DENIED_SUFFIX = "/_stcore/metrics"

NOT_FOUND_PAGE = (
    '<!doctype html><html lang="en"><meta charset="utf-8"><title>Page not found · Border Atlas</title>'
    "<h1>Page not found</h1><p>Nothing is at this address. "
    '<a href="{home}">Open Border Atlas</a></p></html>'
)


def app_path(path: str) -> str | None:
    """The request path inside the app (no leading slash), or None when it is outside server.baseUrlPath."""
    base = (config.get_option("server.baseUrlPath") or "").strip("/")
    inner = path.lstrip("/")
    if not base:
        return inner
    if inner == base or inner.startswith(base + "/"):
        return inner[len(base) :].lstrip("/")
    return None


def refusal(path: str) -> tuple[int, bytes] | None:
    """The status and body to answer instead of Streamlit, or None to let Streamlit answer."""
    inner = app_path(path)
    if path.rstrip("/").endswith(DENIED_SUFFIX):
        return 404, b"Not found"
    if inner is None or inner.startswith(STREAMLIT_PREFIXES) or len([p for p in inner.split("/") if p]) < 2:
        return None
    base = (config.get_option("server.baseUrlPath") or "").strip("/")
    return 404, NOT_FOUND_PAGE.format(home=f"/{base}/" if base else "/").encode()


def with_headers(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """The response headers plus the security headers it does not already have."""
    present = {name.lower() for name, _ in headers}
    extra = [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items() if k.lower().encode() not in present]
    return [*headers, *extra]


class Guard:
    """ASGI middleware: nested paths answered with a not-found page, metrics refused, security headers added."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        """Answer or pass on one request; WebSocket and lifespan traffic pass untouched."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refused = refusal(scope.get("path", "/"))
        if refused is not None:
            status, body = refused
            kind = b"text/html; charset=utf-8" if body.startswith(b"<!doctype") else b"text/plain; charset=utf-8"
            headers = with_headers([(b"content-type", kind), (b"content-length", str(len(body)).encode())])
            await send({"type": "http.response.start", "status": status, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                message = {**message, "headers": with_headers(list(message.get("headers", [])))}
            await send(message)

        await self.app(scope, receive, send_with_headers)


app = st.App(str(Path(__file__).resolve().parent.parent / "dashboard.py"), middleware=[Middleware(Guard)])
