"""A bounded load test: N concurrent headless browser sessions on one loopback server, each loading the Map page and
then, for the given seconds after its own page load, changing the as-of date and toggling a layer. Not run in CI.

    .venv/bin/python -m bench.load                      # 30 sessions for 120 s (the caps)
    .venv/bin/python -m bench.load --sessions 5 --seconds 30

Both the session count and the time are capped (SESSIONS_CAP, SECONDS_CAP, and a hard wall-clock cap over the whole
run). The server is started here on 127.0.0.1 and the browser may reach nothing else: every other request is aborted
and counted as an error. Reports errors, interaction times (median, p95, max) and the server's RSS over time, and
writes them to artifacts/load/load-<sessions>x<seconds>s.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from dataclasses import asdict, dataclass, field

from bench.harness import start_app
from borderatlas.asof import EARLIEST_AS_OF, LATEST_AS_OF, status_at
from borderatlas.data import load_atlas
from borderatlas.devserver import CHROMIUM, CHROMIUM_ARGS, DASHBOARD, MAP_FRAME, Server, is_local
from borderatlas.paths import REPO_DIR

SESSIONS_CAP = 30
SECONDS_CAP = 120
WALL_CLOCK_CAP_S = SECONDS_CAP + 480
"""Nothing runs longer than this, whatever happens: start-up, page loads, the interaction phase and shutdown."""
LOAD_TIMEOUT_MS = 180_000
STEP_TIMEOUT_MS = 60_000
RSS_EVERY_S = 5
RAMP_S = 0.25
"""Sessions start this far apart (30 sessions: all running within 7.5 s)."""
ARTIFACTS = REPO_DIR / "artifacts" / "load"
FLOODS = 'document.querySelectorAll("path.ba-flood").length'


@dataclass
class Report:
    """What the run saw."""

    sessions: int
    seconds: int
    page_loads: list[float] = field(default_factory=list)
    interactions: dict[str, list[float]] = field(default_factory=lambda: {"date": [], "toggle": []})
    errors: list[str] = field(default_factory=list)
    rss_mib: list[tuple[float, float]] = field(default_factory=list)
    cycles: int = 0

    def summary(self) -> dict:
        """The headline figures."""
        every = sorted(self.interactions["date"] + self.interactions["toggle"])
        return {
            "sessions": self.sessions,
            "seconds": self.seconds,
            "cycles": self.cycles,
            "errors": len(self.errors),
            "interactions": len(every),
            "median_s": quantile(every, 0.5),
            "p95_s": quantile(every, 0.95),
            "max_s": max(every) if every else None,
            "date_p95_s": quantile(sorted(self.interactions["date"]), 0.95),
            "toggle_p95_s": quantile(sorted(self.interactions["toggle"]), 0.95),
            "page_load_median_s": quantile(sorted(self.page_loads), 0.5),
            "page_load_max_s": max(self.page_loads) if self.page_loads else None,
            "rss_start_mib": self.rss_mib[0][1] if self.rss_mib else None,
            "rss_peak_mib": max(r for _, r in self.rss_mib) if self.rss_mib else None,
            "rss_end_mib": self.rss_mib[-1][1] if self.rss_mib else None,
        }


def quantile(values: list[float], q: float) -> float | None:
    """The q-quantile of sorted values (nearest rank), or None when there are none."""
    if not values:
        return None
    return values[min(len(values) - 1, max(0, round(q * len(values) + 0.5) - 1))]


def dated_feature() -> str:
    """A crossing drawn at the latest as-of date but not the earliest: its symbol shows that a date change landed."""
    frame = load_atlas().layers["crossings"]
    for record in frame.drop(columns="geometry").to_dict("records"):
        history, status = record.get("status_history"), record["status"]
        if status_at(history, status, EARLIEST_AS_OF) is None and status_at(history, status, LATEST_AS_OF):
            return record["id"]
    raise RuntimeError("no crossing appears between the earliest and latest as-of dates")


async def timed(frame, condition: str, action) -> float:
    """Seconds from an action until the map frame's DOM meets condition (a JS expression)."""
    start = time.monotonic()
    await action()
    await frame.wait_for_function(condition, timeout=STEP_TIMEOUT_MS, polling=50)
    return time.monotonic() - start


async def session(browser, url: str, symbol: str, report: Report, seconds: int, deadline: float, index: int) -> None:
    """One user: load the Map page, then for `seconds` (never past deadline) alternate the date and the flood layer."""
    context = await browser.new_context(viewport={"width": 1440, "height": 950}, locale="en-GB")

    async def route(route_request):
        if is_local(route_request.request.url):
            return await route_request.continue_()
        report.errors.append(f"session {index}: foreign request {route_request.request.url}")
        return await route_request.abort()

    await context.route("**/*", route)
    page = await context.new_page()
    page.on("pageerror", lambda error: report.errors.append(f"session {index}: JS error {error}"))
    page.on(
        "response",
        lambda response: (
            response.status >= 500 and report.errors.append(f"session {index}: HTTP {response.status} {response.url}")
        ),
    )
    try:
        start = time.monotonic()
        await page.goto(url, timeout=LOAD_TIMEOUT_MS)
        element = page.locator(MAP_FRAME).first
        await element.wait_for(timeout=LOAD_TIMEOUT_MS)
        frame = await (await element.element_handle()).content_frame()
        await frame.wait_for_function(f"{symbol} > 0 && {FLOODS} > 0", timeout=LOAD_TIMEOUT_MS, polling=100)
        report.page_loads.append(time.monotonic() - start)
        stop_at = min(time.monotonic() + seconds, deadline)
        thumb = page.get_by_role("slider", name="Map as of")
        floods = page.get_by_text("2016 Tumen floods", exact=True)
        while time.monotonic() < stop_at:
            report.interactions["date"].append(await timed(frame, f"{symbol} === 0", lambda: thumb.press("Home")))
            report.interactions["date"].append(await timed(frame, f"{symbol} > 0", lambda: thumb.press("End")))
            report.interactions["toggle"].append(await timed(frame, f"{FLOODS} === 0", floods.click))
            report.interactions["toggle"].append(await timed(frame, f"{FLOODS} > 0", floods.click))
            if await page.locator('[data-testid="stException"]').count():
                report.errors.append(f"session {index}: exception box on the page")
            report.cycles += 1
    except Exception as err:  # a timeout or a crash is what this test counts
        report.errors.append(f"session {index}: {type(err).__name__}: {str(err).splitlines()[0][:200]}")
    finally:
        await context.close()


async def sample_rss(app: Server, report: Report, started: float, done: asyncio.Event) -> None:
    """The server's resident memory every RSS_EVERY_S seconds until done."""
    while not done.is_set():
        report.rss_mib.append((round(time.monotonic() - started, 1), round(app.rss_bytes() / 2**20, 1)))
        try:
            await asyncio.wait_for(done.wait(), RSS_EVERY_S)
        except TimeoutError:
            pass
    report.rss_mib.append((round(time.monotonic() - started, 1), round(app.rss_bytes() / 2**20, 1)))


async def run(sessions: int, seconds: int) -> Report:
    """Start the server, run the sessions, stop everything; bounded by WALL_CLOCK_CAP_S."""
    from playwright.async_api import async_playwright

    report = Report(sessions, seconds)
    symbol = f"document.querySelectorAll('.ba-symbol[data-id=\"{dated_feature()}\"]').length"
    app = start_app(DASHBOARD)
    assert app.url.startswith("http://127.0.0.1:"), app.url
    done = asyncio.Event()
    started = time.monotonic()
    try:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            rss = asyncio.create_task(sample_rss(app, report, started, done))
            deadline = started + WALL_CLOCK_CAP_S - 60

            async def ramped(index: int) -> None:
                await asyncio.sleep(index * RAMP_S)
                await session(browser, app.url, symbol, report, seconds, deadline, index)

            try:
                await asyncio.wait_for(asyncio.gather(*(ramped(i) for i in range(sessions))), WALL_CLOCK_CAP_S)
            except TimeoutError:
                report.errors.append(f"wall-clock cap of {WALL_CLOCK_CAP_S} s reached")
            done.set()
            await rss
            await browser.close()
    finally:
        app.stop()
    return report


def markdown(report: Report) -> str:
    """The results as the table docs/reliability.md quotes."""
    s = report.summary()
    fmt = lambda v: "–" if v is None else f"{v:.2f} s"  # noqa: E731
    lines = [
        "| Sessions | Duration | Cycles | Interactions | Errors | Median | p95 | p95 date | p95 toggle | Max |",
        "|---|---|---|---|---|---|---|---|---|---|",
        f"| {s['sessions']} | {s['seconds']} s | {s['cycles']} | {s['interactions']} | {s['errors']} | "
        f"{fmt(s['median_s'])} | {fmt(s['p95_s'])} | {fmt(s['date_p95_s'])} | {fmt(s['toggle_p95_s'])} | "
        f"{fmt(s['max_s'])} |",
        "",
        f"Page load to map drawn: median {fmt(s['page_load_median_s'])}, max {fmt(s['page_load_max_s'])}.",
        "",
        "| t (s) | server RSS (MiB) |",
        "|---|---|",
    ]
    lines += [f"| {t:g} | {rss:.0f} |" for t, rss in report.rss_mib]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Parse the caps, run, print and save the report; exit 1 when any error was seen."""
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=SESSIONS_CAP, help=f"concurrent sessions (≤ {SESSIONS_CAP})")
    parser.add_argument("--seconds", type=int, default=SECONDS_CAP, help=f"interaction phase (≤ {SECONDS_CAP})")
    args = parser.parse_args(argv)
    sessions, seconds = max(1, min(args.sessions, SESSIONS_CAP)), max(1, min(args.seconds, SECONDS_CAP))
    report = asyncio.run(run(sessions, seconds))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    out = ARTIFACTS / f"load-{sessions}x{seconds}s.json"
    out.write_text(json.dumps({"summary": report.summary(), **asdict(report)}, indent=1))
    print(markdown(report))
    for error in report.errors[:20]:
        print("ERROR", error)
    print(f"\nsaved {out.relative_to(REPO_DIR)}")
    return 1 if report.errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
