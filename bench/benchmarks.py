"""The benchmarks: each runs its measured case and a baseline in the same run and returns table rows."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from bench.harness import (
    APPS_DIR,
    Browser,
    RerunCounter,
    Samples,
    close_page,
    map_frame,
    running,
    start_app,
    timed_change,
    wait_until_healthy,
)
from bench.points import points_csv
from bench.visit import warm_visit
from borderatlas import styles
from borderatlas.devserver import DASHBOARD, MAP_FRAME
from borderatlas.ui.mapframe import RETURNED_OBJECTS

HELLO = APPS_DIR / "hello.py"
TOGGLE_APP = APPS_DIR / "toggle.py"
STOCK_MAP = APPS_DIR / "stock_map.py"
FLOOR = "one-checkbox app's round trip"
SCALE_APP = APPS_DIR / "scale.py"
SETTLE_S = 1.5
"""How long to keep listening after a pan or zoom for a rerun that might still come (streamlit-folium debounces)."""


@dataclass
class Row:
    """One line of the results table: a measured case beside its baseline, and the target it must meet."""

    benchmark: str
    case: str
    unit: str
    """s, bytes, MiB-bytes (bytes shown in MiB), count."""
    measured: Samples
    baseline: Samples | None = None
    baseline_case: str = ""
    target: str = ""
    met: bool | None = None
    note: str = ""
    extrapolated: bool = False
    """The baseline was extrapolated, not measured."""

    @property
    def ratio(self) -> float | None:
        """Measured median over baseline median."""
        if self.baseline is None or not self.baseline.values or not self.baseline.median:
            return None
        return self.measured.median / self.baseline.median


@dataclass
class Context:
    """What every benchmark gets: the browser, the number of runs, and a progress logger."""

    browser: Browser
    runs: int
    log: Callable[[str], None]
    memory_runs: int = 3
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Benchmark:
    """A named benchmark."""

    id: str
    title: str
    run: Callable[[Context], list[Row]]


def map_drawn(page) -> None:
    """Wait until the dashboard's map and its crossing symbols are drawn."""
    frame = map_frame(page)
    frame.locator('.ba-symbol[data-layer="crossings"]').first.wait_for(state="attached", timeout=120_000)


def hello_drawn(page) -> None:
    """Wait until the hello app's text is shown."""
    page.get_by_text("hello", exact=True).wait_for(timeout=120_000)


def cold_start_once(ctx: Context, script, drawn) -> tuple[float, int]:
    """Seconds from launching `streamlit run script` to its page drawn in a fresh page, and the websocket bytes."""
    app = start_app(script, wait=False)
    try:
        wait_until_healthy(app)
        page = ctx.browser.new_page()
        counter = RerunCounter(page)
        page.goto(app.url)
        drawn(page)
        seconds = time.monotonic() - app.started
        close_page(page)
        return seconds, counter.bytes_received
    finally:
        app.stop()


def cold_start(ctx: Context) -> list[Row]:
    """Cold start of dashboard.py against the hello app, alternating which goes first; also first-load bytes."""
    dash, hello, dash_bytes, hello_bytes = Samples(), Samples(), Samples(), Samples()
    for run in range(ctx.runs):
        order = [(DASHBOARD, map_drawn, dash, dash_bytes), (HELLO, hello_drawn, hello, hello_bytes)]
        for script, drawn, samples, wire in order if run % 2 == 0 else order[::-1]:
            seconds, received = cold_start_once(ctx, script, drawn)
            samples.add(seconds)
            wire.add(received)
            ctx.log(f"cold start {script.name}: {seconds:.2f} s, {received} bytes")
    ratio = dash.median / hello.median
    return [
        Row(
            "Cold start",
            "`streamlit run dashboard.py` → map drawn",
            "s",
            dash,
            hello,
            "one-line hello app",
            "≤ 1.5× hello",
            ratio <= 1.5,
        ),
        Row(
            "Payload",
            "websocket bytes for the first page load (default view)",
            "bytes",
            dash_bytes,
            hello_bytes,
            "one-line hello app",
            note="all ForwardMsgs of the first run, from the cold-start runs",
        ),
    ]


def view_of(frame) -> tuple:
    """The map's centre (rounded) and zoom."""
    return tuple(
        frame.evaluate(
            "(() => { const c = window.map.getCenter();"
            " return [c.lat.toFixed(5), c.lng.toFixed(5), window.map.getZoom()]; })()"
        )
    )


def wait_for_run(page, counter: RerunCounter, before: int, timeout: float = 60) -> None:
    """Wait until the websocket has reported a script run finished after `before` runs."""
    deadline = time.monotonic() + timeout
    while counter.runs_finished <= before and time.monotonic() < deadline:
        page.wait_for_timeout(25)


def flip_feature(kind: str) -> str:
    """A crossing that exists at the latest as-of date but not at the earliest: its symbol shows a date change."""
    from borderatlas.asof import EARLIEST_AS_OF, LATEST_AS_OF, status_at
    from borderatlas.data import load_atlas

    frame = load_atlas().layers[kind]
    for record in frame.drop(columns="geometry").to_dict("records"):
        early = status_at(record.get("status_history"), record["status"], EARLIEST_AS_OF)
        late = status_at(record.get("status_history"), record["status"], LATEST_AS_OF)
        if early is None and late is not None:
            return record["id"]
    raise RuntimeError("no feature appears between the earliest and latest as-of dates")


def measure_changes(
    page,
    frame,
    counter,
    samples: Samples,
    steps: list[tuple[str, Callable[[], None]]],
    views: list[bool],
    keep_view: tuple | None,
) -> None:
    """Time each (condition, action) step; note whether the view stayed as it was."""
    for condition, action in steps:
        before = counter.runs_finished
        samples.add(timed_change(frame, condition, action))
        wait_for_run(page, counter, before)
        if keep_view is not None:
            views.append(view_of(frame) == keep_view)


CLICKABLE_SYMBOLS_JS = """(() => {
    const box = window.map.getContainer().getBoundingClientRect(), found = [];
    for (const icon of document.querySelectorAll('.leaflet-marker-icon.ba-symbol')) {
        if (!icon.querySelector('[data-layer="crossings"]')) continue;
        const r = icon.getBoundingClientRect(), x = (r.left + r.right) / 2, y = (r.top + r.bottom) / 2;
        const inside = x > box.left + 60 && x < box.right - 60 && y > box.top + 100 && y < box.bottom - 60;
        const hit = document.elementFromPoint(x, y);
        if (inside && hit && hit.closest('.leaflet-marker-icon') === icon) found.push([x, y]);
    }
    return found;
})()"""


def clickable_symbols(page, frame, count: int = 2) -> list[tuple[float, float]]:
    """Page coordinates of crossing symbols well inside the map that nothing covers.

    Two are needed: streamlit-folium sends a click only when it differs from the last one, so clicking the same
    symbol again after clearing the selection would not select it.
    """
    points = frame.evaluate(CLICKABLE_SYMBOLS_JS)
    if len(points) < count:
        raise RuntimeError(f"fewer than {count} uncovered crossing symbols in the map view")
    box = page.locator(MAP_FRAME).first.bounding_box()
    return [(box["x"] + x, box["y"] + y) for x, y in points[:count]]


def pan_zoom_reruns(page, frame, counter: RerunCounter, runs: int) -> tuple[Samples, Samples]:
    """Rerun requests sent and script runs finished after one drag-pan and one zoom-button click, per run."""
    requests_, finished = Samples(), Samples()
    box = frame.locator(".leaflet-container").bounding_box()  # in page coordinates already
    for run in range(runs):
        requests, done = counter.rerun_requests, counter.runs_finished
        start_url = page.url
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        page.mouse.move(x, y)
        page.mouse.down()
        page.mouse.move(x + (-120 if run % 2 == 0 else 120), y - 40, steps=8)
        page.mouse.up()
        page.wait_for_function("url => window.location.href !== url", arg=start_url)
        zoom = view_of(frame)[2]
        step = 1 if run % 2 == 0 else -1
        frame.locator(".leaflet-control-zoom-in" if step > 0 else ".leaflet-control-zoom-out").click()
        frame.locator(f'[data-ba-zoom="{zoom + step}"]').wait_for(state="attached")
        page.wait_for_timeout(SETTLE_S * 1000)
        requests_.add(counter.rerun_requests - requests)
        finished.add(counter.runs_finished - done)
    return requests_, finished


def streamlit_round_trip(ctx: Context) -> Samples:
    """The floor of any interaction: one checkbox click rerunning a one-line app, to its text changed."""
    samples = Samples()
    with running(TOGGLE_APP) as app:
        page = ctx.browser.new_page()
        page.goto(app.url)
        state = page.locator(".bench-state")
        state.wait_for()
        box = page.get_by_text("Show", exact=True)
        for run in range(ctx.runs * 2):
            wanted = "hidden" if run % 2 == 0 else "shown"
            condition = f'(document.querySelector(".bench-state") || {{}}).textContent === "{wanted}"'
            samples.add(timed_change(page.main_frame, condition, box.click))
        close_page(page)
    ctx.log(f"streamlit round trip: {samples.values}")
    return samples


def interaction(ctx: Context) -> list[Row]:
    """Layer toggle, as-of date and selection → map redrawn; reruns from one pan and one zoom."""
    flood = 'document.querySelectorAll("path.ba-flood").length'
    ring = f"document.querySelectorAll('path[stroke=\"{styles.SELECTION_COLOUR}\"]').length"
    dated = flip_feature("crossings")
    symbol = f"document.querySelectorAll('.ba-symbol[data-id=\"{dated}\"]').length"
    toggle, date, select = Samples(), Samples(), Samples()
    toggle_views, date_views = [], []
    with running(DASHBOARD) as app:
        page = ctx.browser.new_page()
        counter = RerunCounter(page)
        page.goto(app.url)
        map_drawn(page)
        frame = map_frame(page)
        wait_for_run(page, counter, 0)
        first, second = clickable_symbols(page, frame)
        clear = page.get_by_role("button", name="Clear selection")
        select_steps = [
            (f"{ring} > 0", lambda: page.mouse.click(*first)),
            (f"{ring} === 0", lambda: clear.click()),
            (f"{ring} > 0", lambda: page.mouse.click(*second)),
            (f"{ring} === 0", lambda: clear.click()),
        ]
        measure_changes(page, frame, counter, select, select_steps * ((ctx.runs + 1) // 2), [], None)
        ctx.log(f"selection: {select.values}")

        zoom = view_of(frame)[2]
        frame.locator(".leaflet-control-zoom-in").click()
        frame.locator(f'[data-ba-zoom="{zoom + 1}"]').wait_for(state="attached")
        page.wait_for_timeout(SETTLE_S * 1000)
        kept = view_of(frame)
        floods = page.get_by_text("2016 Tumen floods", exact=True)
        toggle_steps = [(f"{flood} === 0", lambda: floods.click()), (f"{flood} > 0", lambda: floods.click())]
        measure_changes(page, frame, counter, toggle, toggle_steps * ctx.runs, toggle_views, kept)
        ctx.log(f"toggle: {toggle.values}")

        thumb = page.locator('[data-testid="stSidebar"] input[type="range"]').first
        date_steps = [(f"{symbol} === 0", lambda: thumb.press("Home")), (f"{symbol} > 0", lambda: thumb.press("End"))]
        measure_changes(page, frame, counter, date, date_steps * ctx.runs, date_views, kept)
        ctx.log(f"date: {date.values}")

        pan_zoom_requests, pan_zoom_runs = pan_zoom_reruns(page, frame, counter, ctx.runs)
        close_page(page)
    toggle_floor = streamlit_round_trip(ctx)
    with running(STOCK_MAP) as app:
        page = ctx.browser.new_page()
        counter = RerunCounter(page)
        page.goto(app.url)
        frame = map_frame(page)
        wait_for_run(page, counter, 0)
        stock_requests, stock_runs = pan_zoom_reruns(page, frame, counter, ctx.runs)
        close_page(page)
    ctx.log(f"pan+zoom reruns: {pan_zoom_requests.values}; stock streamlit-folium: {stock_requests.values}")
    kept_toggle, kept_date = all(toggle_views), all(date_views)
    return [
        Row(
            "Interaction",
            "layer toggle → map redrawn",
            "s",
            toggle,
            toggle_floor,
            FLOOR,
            "≤ 0.5 s, view kept",
            toggle.median <= 0.5 and kept_toggle,
            note=f"view kept in {sum(toggle_views)}/{len(toggle_views)}",
        ),
        Row(
            "Interaction",
            "as-of date change → map redrawn",
            "s",
            date,
            toggle_floor,
            FLOOR,
            "≤ 0.5 s, view kept",
            date.median <= 0.5 and kept_date,
            note=f"view kept in {sum(date_views)}/{len(date_views)}",
        ),
        Row(
            "Interaction",
            "click a feature → selection ring drawn (and cleared)",
            "s",
            select,
            toggle_floor,
            FLOOR,
            note="selecting reruns twice (the click, then the selection); clearing once",
        ),
        Row(
            "Interaction",
            "script reruns from one pan + one zoom",
            "count",
            pan_zoom_runs,
            stock_runs,
            "stock `st_folium(map)`, same base map",
            "0",
            max(pan_zoom_runs.values) == 0,
            note=f"rerun requests sent: {max(pan_zoom_requests.values):g} (stock: {max(stock_requests.values):g})",
        ),
    ]


class ArgsCapture:
    """Stands in for streamlit-folium's component: keeps the arguments it would send to the browser."""

    def __init__(self):
        self.args: dict = {}

    def __call__(self, **kwargs):
        self.args = kwargs
        return None

    def size(self) -> int:
        """Bytes of the arguments as JSON, as Streamlit serialises them for the component."""
        sent = {k: v for k, v in self.args.items() if k != "on_change"}
        return len(json.dumps(sent).encode())


def folium_args_bytes(groups_for: Callable[[], list], base_for: Callable[[], object]) -> tuple[int, float]:
    """Bytes of st_folium's arguments for a base map and groups, and seconds spent building and serialising them."""
    import streamlit_folium

    capture = ArgsCapture()
    original = streamlit_folium._component_func
    streamlit_folium._component_func = capture
    try:
        start = time.perf_counter()
        streamlit_folium.st_folium(
            base_for(),
            key="bench",
            feature_group_to_add=groups_for(),
            height=620,
            returned_objects=list(RETURNED_OBJECTS),
        )
        return capture.size(), time.perf_counter() - start
    finally:
        streamlit_folium._component_func = original


def default_view_parts():
    """The dashboard's default view, built as the Map page builds it."""
    from borderatlas import mapview
    from borderatlas.data import load_atlas, load_basemap

    atlas, basemap = load_atlas(), load_basemap()
    return lambda: mapview.build_map(
        atlas.layers, basemap, mapview.MapRequest(), lambda package, name: f"../assets_{package.id}/{name}"
    )


def payload(ctx: Context) -> list[Row]:
    """Bytes the map component gets for the default view (st_folium's arguments)."""
    build = default_view_parts()
    sizes, seconds = Samples(), Samples()
    for _ in range(ctx.runs):
        holder = {}

        def base(holder=holder):
            holder["parts"] = build()
            return holder["parts"].base

        size, took = folium_args_bytes(lambda holder=holder: holder["parts"].groups, base)
        sizes.add(size)
        seconds.add(took)
    budget = Samples([300_000])
    return [
        Row(
            "Payload",
            "st_folium arguments for the default view",
            "bytes",
            sizes,
            budget,
            "the 300 KB budget",
            "< 300 KB",
            sizes.median < 300_000,
            note=f"built and serialised in {seconds.median:.2f} s (median)",
        )
    ]


def scale_drawn(page, mode: str, count: int) -> None:
    """Wait until the scale app's points are all drawn."""
    frame = map_frame(page)
    if mode == "overlay" and count:
        frame.locator(f'[data-ba-overlay="{count}"]').wait_for(state="attached", timeout=300_000)
    elif mode == "markers":
        frame.wait_for_function(
            "n => document.querySelectorAll('.leaflet-marker-icon').length >= n",
            arg=count,
            timeout=600_000,
            polling=200,
        )
    frame.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")


def time_to_drawn(ctx: Context, app, mode: str, count: int) -> float:
    """Seconds from opening the scale app's page to all points drawn."""
    page = ctx.browser.new_page()
    try:
        start = time.monotonic()
        page.goto(f"{app.url}/?mode={mode}&n={count}")
        scale_drawn(page, mode, count)
        return time.monotonic() - start
    finally:
        close_page(page)


def extrapolated(samples_by_count: dict[int, Samples], count: int) -> Samples:
    """A straight line through the two largest measured sizes' medians, read at count (marked as extrapolated)."""
    (n1, s1), (n2, s2) = sorted(samples_by_count.items())[-2:]
    slope = (s2.median - s1.median) / (n2 - n1)
    return Samples([s2.median + slope * (count - n2)])


def points_group(mode: str, count: int):
    """The scale app's group for mode and count, built in this process (for payload sizes)."""
    import folium

    from borderatlas import overlay

    data = overlay.read_overlay("points.csv", points_csv(count))
    if mode == "overlay":
        return overlay.overlay_group(data)
    group = folium.FeatureGroup(name="markers")
    for lat, lon, name in zip(data.lat, data.lon, data.table["name"]):
        folium.Marker([lat, lon], tooltip=name).add_to(group)
    return group


def scale_payload(count: int, mode: str) -> int:
    """Bytes of st_folium's arguments for count points over an empty base map."""
    import folium

    return folium_args_bytes(lambda: [points_group(mode, count)], lambda: folium.Map(tiles=None))[0]


OVERLAY_SIZES = (1_000, 10_000, 100_000)
MARKER_SIZES = (1_000, 2_000)
"""Plain markers are measured at these sizes and extrapolated beyond (10,000 markers take over a minute each)."""


def upload_drawn(ctx: Context, app, data: bytes, count: int) -> float:
    """Seconds from giving the Map page's uploader a CSV to its points drawn."""
    page = ctx.browser.new_page()
    try:
        page.goto(app.url)
        frame = map_frame(page)
        page.get_by_text("Overlay your data", exact=True).click()
        dropzone = page.locator('[data-testid="stFileUploaderDropzoneInput"]')
        dropzone.wait_for(state="attached")
        files = [{"name": f"points-{count}.csv", "mimeType": "text/csv", "buffer": data}]
        return timed_change(
            frame,
            f"document.querySelector('[data-ba-overlay=\"{count}\"]') !== null",
            lambda: dropzone.set_input_files(files=files),
            timeout=300_000,
        )
    finally:
        close_page(page)


FLOODS_DRAWN = 'document.querySelectorAll("path.ba-flood").length'


def toggle_with_overlay(ctx: Context, app, data: bytes | None, count: int) -> Samples:
    """Layer toggle (the 2016 Tumen floods) on the Map page → map redrawn, with an uploaded overlay or without one.

    With the overlay, the map counts as redrawn once the flood areas changed and the overlay is painted again.
    """
    samples = Samples()
    page = ctx.browser.new_page()
    try:
        counter = RerunCounter(page)
        page.goto(app.url)
        map_drawn(page)
        frame = map_frame(page)
        wait_for_run(page, counter, 0)
        ready = "true"
        if data is not None:
            page.get_by_text("Overlay your data", exact=True).click()
            dropzone = page.locator('[data-testid="stFileUploaderDropzoneInput"]')
            dropzone.wait_for(state="attached")
            before = counter.runs_finished
            dropzone.set_input_files(files=[{"name": f"points-{count}.csv", "mimeType": "text/csv", "buffer": data}])
            ready = f"document.querySelector('[data-ba-overlay=\"{count}\"]') !== null"
            frame.wait_for_function(ready, timeout=300_000)
            wait_for_run(page, counter, before)
        floods = page.get_by_text("2016 Tumen floods", exact=True)
        steps = [
            (f"{FLOODS_DRAWN} === 0 && {ready}", lambda: floods.click()),
            (f"{FLOODS_DRAWN} > 0 && {ready}", lambda: floods.click()),
        ]
        measure_changes(page, frame, counter, samples, steps * ctx.runs, [], None)
    finally:
        close_page(page)
    return samples


def overlay_reruns(ctx: Context) -> list[Row]:
    """A later rerun (layer toggle) with the 100,000-point overlay loaded against the same without it, one run."""
    with running(DASHBOARD) as app:
        plain = toggle_with_overlay(ctx, app, None, 0)
        loaded = toggle_with_overlay(ctx, app, points_csv(100_000), 100_000)
    ctx.log(f"toggle without overlay: {plain.values}; with 100k overlay: {loaded.values}")
    extra = loaded.median - plain.median
    return [
        Row(
            "Scale",
            "layer toggle with 100,000 overlay points loaded → map redrawn",
            "s",
            loaded,
            plain,
            "the same toggle without an overlay",
            "≤ baseline + 0.2 s",
            extra <= 0.2,
            note=f"{extra:+.2f} s over the baseline (medians)",
        )
    ]


def scale(ctx: Context) -> list[Row]:
    """Overlay of 1k/10k/100k points against the same points as plain folium.Markers: time to drawn and payload."""
    drawn: dict[tuple[str, int], Samples] = {}
    with running(SCALE_APP) as app:
        time_to_drawn(ctx, app, "overlay", 0)  # warm the server's caches once, for both modes alike
        cases = [("overlay", 0)] + [("overlay", n) for n in OVERLAY_SIZES] + [("markers", n) for n in MARKER_SIZES]
        for _run in range(ctx.runs):
            for mode, count in cases:
                seconds = time_to_drawn(ctx, app, mode, count)
                drawn.setdefault((mode, count), Samples()).add(seconds)
                ctx.log(f"scale {mode} {count}: {seconds:.2f} s")
    markers = {n: drawn[("markers", n)] for n in MARKER_SIZES}
    rows = [Row("Scale", "empty map (page load floor)", "s", drawn[("overlay", 0)])]
    for count in OVERLAY_SIZES:
        measured_marker = ("markers", count) in drawn
        baseline = drawn[("markers", count)] if measured_marker else extrapolated(markers, count)
        target = "≤ 3 s" if count == 100_000 else ""
        rows.append(
            Row(
                "Scale",
                f"{count:,} points as the overlay layer → drawn",
                "s",
                drawn[("overlay", count)],
                baseline,
                f"{count:,} plain folium.Markers",
                target,
                drawn[("overlay", count)].median <= 3 if target else None,
                extrapolated=not measured_marker,
            )
        )
    for count in MARKER_SIZES:
        rows.append(
            Row("Scale", f"{count:,} plain folium.Markers → drawn (measured baseline)", "s", drawn[("markers", count)])
        )
    for count in OVERLAY_SIZES:
        sizes = Samples([scale_payload(count, "overlay")])
        small = min(count, 10_000)
        marker_bytes = scale_payload(small, "markers") * count / small
        rows.append(
            Row(
                "Scale",
                f"{count:,} points: st_folium arguments",
                "bytes",
                sizes,
                Samples([marker_bytes]),
                f"{count:,} plain folium.Markers",
                extrapolated=count > small,
                note="sizes are deterministic: one build each",
            )
        )
    with running(DASHBOARD) as app:
        uploads: dict[int, Samples] = {}
        for _ in range(ctx.runs):
            for count in (1_000, 100_000):
                seconds = upload_drawn(ctx, app, points_csv(count), count)
                uploads.setdefault(count, Samples()).add(seconds)
                ctx.log(f"upload {count}: {seconds:.2f} s")
    rows.append(
        Row(
            "Scale",
            "upload a 100,000-row CSV on the Map page → drawn",
            "s",
            uploads[100_000],
            uploads[1_000],
            "the same with 1,000 rows",
            "≤ 3 s",
            uploads[100_000].median <= 3,
            note="from handing the file to the uploader to the points painted, map already open",
        )
    )
    return rows + overlay_reruns(ctx)


SESSION_COUNTS = (1, 5, 20)
MEMORY_RUNS = 3
"""Ramps per app. A ramp opens 20 Chromium sessions (about 100 s for the dashboard on 2 shared cores), so five
would take over ten minutes; RSS varies by a few MiB between ramps. `--memory-runs 5` for the strict version."""


def memory_run(ctx: Context, script, drawn) -> dict[int, int]:
    """Server RSS after 1, 5 and 20 browser sessions have each drawn the app, on a fresh server."""
    rss: dict[int, int] = {}
    pages = []
    with running(script) as app:
        try:
            for target in SESSION_COUNTS:
                while len(pages) < target:
                    page = ctx.browser.new_page()
                    page.goto(app.url)
                    pages.append(page)
                for page in pages:
                    drawn(page)
                time.sleep(0.5)  # let the last runs' garbage be collected before reading RSS
                rss[target] = app.rss_bytes()
        finally:
            for page in pages:
                close_page(page)
    return rss


def memory(ctx: Context) -> list[Row]:
    """Server RSS with 1, 5 and 20 concurrent sessions of the dashboard, against the hello app."""
    dash = {n: Samples() for n in SESSION_COUNTS}
    hello = {n: Samples() for n in SESSION_COUNTS}
    for _run in range(ctx.memory_runs):
        for script, drawn, store in ((DASHBOARD, map_drawn, dash), (HELLO, hello_drawn, hello)):
            for count, value in memory_run(ctx, script, drawn).items():
                store[count].add(value)
            ctx.log(f"memory {script.name}: {[round(s.values[-1] / 2**20) for s in store.values()]} MiB")
    rows = []
    for count in SESSION_COUNTS:
        target = "< 400 MiB" if count == 20 else ""
        rows.append(
            Row(
                "Memory",
                f"server RSS, {count} concurrent session(s)",
                "MiB-bytes",
                dash[count],
                hello[count],
                "one-line hello app",
                target,
                dash[count].median < 400 * 2**20 if target else None,
            )
        )
    return rows


def export(ctx: Context) -> list[Row]:
    """Time for one briefing PNG against saving a blank figure of the same size."""
    try:
        from borderatlas import export as briefing
    except ImportError as err:
        return [
            Row("Export", "one briefing PNG", "s", Samples(), note=f"pending: borderatlas.export unavailable ({err})")
        ]
    if not hasattr(briefing, "export_bytes"):
        return [
            Row("Export", "one briefing PNG", "s", Samples(), note="pending: no export_bytes in borderatlas.export")
        ]
    import io

    from matplotlib.figure import Figure

    from borderatlas.data import load_atlas, load_basemap

    atlas, basemap = load_atlas(), load_basemap()
    fmt = briefing.format_by_id("png")
    start = time.perf_counter()
    briefing.export_bytes(atlas, basemap, briefing.ExportView(), "png")
    first = time.perf_counter() - start
    png, blank = Samples(), Samples()
    for _ in range(ctx.runs):
        start = time.perf_counter()
        briefing.export_bytes(atlas, basemap, briefing.ExportView(), "png")
        png.add(time.perf_counter() - start)
        start = time.perf_counter()
        figure = Figure(figsize=fmt.size_in)
        figure.savefig(io.BytesIO(), format="png", dpi=fmt.dpi)
        blank.add(time.perf_counter() - start)
    return [
        Row(
            "Export",
            "one briefing PNG (default view)",
            "s",
            png,
            blank,
            f"blank {fmt.size_in[0]:g}×{fmt.size_in[1]:g} in figure at {fmt.dpi} dpi",
            note=f"first call in the process (fonts loaded): {first:.2f} s",
        )
    ]


BENCHMARKS: tuple[Benchmark, ...] = (
    Benchmark("cold", "Cold start", cold_start),
    Benchmark("visit", "Warm visit", warm_visit),
    Benchmark("interaction", "Interaction", interaction),
    Benchmark("payload", "Payload", payload),
    Benchmark("scale", "Scale", scale),
    Benchmark("memory", "Memory", memory),
    Benchmark("export", "Export", export),
)
BENCHMARK_IDS = tuple(b.id for b in BENCHMARKS)
