"""Hostile text in the data, the link and the search box never runs: a copy of the real data seeded with script,
event-handler, javascript: and markdown payloads is served, and every page is opened, hovered and clicked.

Each payload, if it ever ran, would set window.__pwned (in its own frame or the top one) or open a dialog. The tests
assert neither happened, that no element carries an injected handler or javascript: link, and that the payloads are
shown as the literal text they are.
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest
from playwright.sync_api import expect

from borderatlas.data import load_atlas
from borderatlas.registry import PAGES
from tests.browser.conftest import hover_map_at, map_frame, start_server, stop_server, wait_for_app_idle
from tests.sample_data import seeded_copy

FOOTER = "Boundaries are shown for reference only"
PAYLOADS = (
    '<script>top.__pwned="script";alert("script")</script>',
    "<img src=x onerror=\"top.__pwned='img';alert('img')\">",
    "<svg onload=\"top.__pwned='svg'\"></svg>",
    "[click me](javascript:top.__pwned='md-link')",
    "<a href=\"javascript:top.__pwned='a'\">a __pwned link</a>",
    "${top.__pwned=1,alert(1)}",
    "`+(top.__pwned=2)+`",
    '"><script>top.__pwned="attr"</script>',
    "</script><script>top.__pwned='close'</script>",
    "![__pwned](x\" onerror=\"top.__pwned='md-img')",
    "\\u00__pwned \\x3cscript\\x3e",
    '<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>',
)
"""Every payload mentions __pwned, so wherever one shows up as text the tests can find it. The two template-literal
payloads are quote-free on purpose: before mapview.esc escaped ` $ \\, they ran inside folium's tooltip code."""
MARKDOWN = "**bold** _it_ # H1 > quote [link](https://example.org) | a | b |"
URL_PAYLOAD = "https://example.org/a)[x](javascript:top.__pwned='url')"
"""Passes the sources.csv URL pattern (http(s), no spaces) but tries to close the markdown link early."""
PROBE = """() => {
    const found = [];
    const walk = (win) => {
        try {
            if (win.__pwned !== undefined) found.push(String(win.__pwned));
            const doc = win.document;
            doc.querySelectorAll('[onerror],[onload],[onclick],[onmouseover]').forEach(e => found.push('handler on ' + e.tagName));
            doc.querySelectorAll('a[href^="javascript:" i],[src^="javascript:" i]').forEach(e => found.push('javascript: ' + e.tagName));
            doc.querySelectorAll('iframe[srcdoc*="__pwned"]').forEach(e => found.push('injected iframe'));
            for (const child of Array.from(win.frames)) walk(child);
        } catch (err) { found.push('probe error ' + err); }
    };
    walk(window);
    return found;
}"""


@pytest.fixture(scope="module")
def hostile_root(tmp_path_factory):
    """A copy of the real geodata/ with payloads in every free-text field; it must still validate clean."""
    root = seeded_copy(
        tmp_path_factory.mktemp("hostile") / "geodata", PAYLOADS, summary_prefix=MARKDOWN, source_url=URL_PAYLOAD
    )
    atlas = load_atlas(root)
    assert not atlas.problems, atlas.problems[:5]
    return root


@pytest.fixture(scope="module")
def hostile_server(hostile_root):
    """The app serving the seeded copy."""
    running = start_server("hostile", extra_env={"BORDERATLAS_GEODATA": str(hostile_root)})
    yield running
    stop_server(running)


@pytest.fixture
def dialogs(page):
    """Every dialog the page tries to open (alert, confirm, prompt), dismissed and recorded."""
    opened = []

    def record(dialog):
        opened.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", record)
    return opened


def assert_nothing_ran(page, dialogs) -> None:
    """No payload set __pwned in any frame, added a handler or javascript: link, or opened a dialog."""
    assert page.evaluate(PROBE) == []
    assert dialogs == []


def test_map_tooltips_and_side_panel_show_payloads_as_text(page, hostile_server, dialogs):
    """Hovering symbols and flood areas shows the payloads literally in tooltips; the clicked panel too.

    Hover is a dispatched mouseover, as Leaflet receives it, so symbols clipped by the map's edge are covered too.
    """
    page.goto(hostile_server.url)
    frame = map_frame(page)
    wait_for_app_idle(page)
    symbols = frame.locator(".ba-symbol[data-layer]")
    expect(symbols.first).to_be_attached(timeout=30_000)
    tooltip = frame.locator(".leaflet-tooltip")
    hovered = 0
    for index in range(0, symbols.count(), 4):
        symbols.nth(index).dispatch_event("mouseover")
        expect(tooltip.last).to_contain_text("__pwned", timeout=10_000)
        hovered += 1
    frame.locator("path.ba-flood").first.dispatch_event("mouseover")
    expect(tooltip.last).to_contain_text("__pwned")
    assert hovered >= 5
    texts = " ".join(tooltip.all_inner_texts())
    assert "<script>" in texts or "<img src=x" in texts or "javascript:" in texts
    assert_nothing_ran(page, dialogs)
    frame.locator('.ba-symbol[data-id="changbai-hyesan-bridge"]').click()
    heading = page.locator("h3", has_text="Changbai").filter(visible=True)
    expect(heading).to_contain_text("__pwned", timeout=30_000)
    wait_for_app_idle(page)
    expect(page.get_by_text(re.compile(r"\*\*bold\*\* _it_ # H1")).filter(visible=True).first).to_be_visible()
    assert_nothing_ran(page, dialogs)


@pytest.mark.parametrize("spec", PAGES, ids=[spec.id for spec in PAGES])
def test_every_page_shows_seeded_data_inert(page, hostile_server, dialogs, spec):
    """Each page renders the seeded data as text; nothing runs, no javascript: link, no dialog."""
    page.goto(f"{hostile_server.url}/{spec.url_path}")
    expect(page.get_by_text(FOOTER)).to_be_visible(timeout=60_000)
    wait_for_app_idle(page)
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    for expander in page.locator('[data-testid="stExpander"] summary').all()[:6]:
        expander.click()
    wait_for_app_idle(page)
    assert_nothing_ran(page, dialogs)


def test_hostile_link_parameters_fall_back_with_escaped_notices(page, hostile_server, dialogs):
    """Every URL parameter set to a payload: the Map page renders with defaults and shows the values as text."""
    params = {
        "layers": PAYLOADS[0],
        "date": PAYLOADS[1],
        "sel": PAYLOADS[3],
        "lat": PAYLOADS[5],
        "lon": "1e309",
        "zoom": PAYLOADS[6],
        "tiles": PAYLOADS[2],
        "present": PAYLOADS[7],
    }
    page.goto(f"{hostile_server.url}/?{urlencode(params)}")
    map_frame(page)
    wait_for_app_idle(page)
    alerts = page.locator('[data-testid="stAlertContentInfo"]')
    expect(alerts.first).to_be_visible(timeout=30_000)
    shown = " ".join(alerts.all_inner_texts())
    assert "Unknown layer(s) '<script>" in shown and 'No feature with id "[click me](javascript:' in shown
    assert "Unknown tile layer '<svg onload=" in shown
    assert "layers=" not in page.url and "tiles=" not in page.url
    assert_nothing_ran(page, dialogs)


SEARCH_PAYLOADS = (
    '<script>top.__pwned="search"</script>',
    "<img src=y onerror=\"top.__pwned='search'\">",
    "[search](javascript:top.__pwned='search')",
    '${top.__pwned="search"}',
    "**search** `x`",
)
"""Search payloads that match no (seeded) name, so the app echoes them back."""


def test_search_box_echoes_payloads_as_text(page, hostile_server, dialogs):
    """Each payload typed into search is echoed back as text in the 'no place' line; nothing runs."""
    page.goto(hostile_server.url)
    map_frame(page)
    box = page.get_by_label("Search any name, in any script")
    for query in SEARCH_PAYLOADS:
        box.fill(query)
        box.press("Enter")
        # A payload close to a seeded hostile name is a near miss (fuzzy search) and lists it; either way, as text.
        echoed = page.get_by_text(f"No place is called “{query}”")
        expect(echoed.or_(page.get_by_text(re.compile(r"match\(es\)")))).to_be_visible(timeout=30_000)
        wait_for_app_idle(page)
        assert_nothing_ran(page, dialogs)


def test_search_results_with_hostile_names_are_inert(page, hostile_server, dialogs):
    """A real name + Enter selects a hit whose names carry payloads: the panel and the listed hits show them as text."""
    page.goto(hostile_server.url)
    map_frame(page)
    box = page.get_by_label("Search any name, in any script")
    box.fill("Changbai")
    box.press("Enter")
    expect(page.locator("h3", has_text="Changbai").filter(visible=True)).to_contain_text("__pwned", timeout=30_000)
    hit = page.locator('[class*="st-key-ba_search_hit_"]').first
    expect(hit).to_contain_text("__pwned")
    assert_nothing_ran(page, dialogs)
    hit.locator("button").click()
    expect(page.locator("h3", has_text="Changbai").filter(visible=True)).to_contain_text("__pwned", timeout=30_000)
    wait_for_app_idle(page)
    assert_nothing_ran(page, dialogs)


OVERLAY_NAME = "<img src=x onerror=\"top.__pwned='file'\">[x](javascript:top.__pwned='file')"
OVERLAY_CSV = (
    b"lat,lon,name,<script>top.__pwned='column'</script>,note\n"
    b'41.6,127.6,"<img src=x onerror=""top.__pwned=\'value\'"">","${top.__pwned=3}",'
    b'"[x](javascript:top.__pwned=4) `+(top.__pwned=5)+`"\n'
)


def upload_overlay(page, name: str, data: bytes) -> None:
    """Open the "Overlay your data" control and give its file input one file."""
    control = page.get_by_text("Overlay your data", exact=True)
    control.wait_for(timeout=60_000)
    dropzone = page.locator('[data-testid="stFileUploaderDropzoneInput"]')
    if not dropzone.is_visible():
        control.click()
    dropzone.set_input_files(files=[{"name": name, "mimeType": "application/octet-stream", "buffer": data}])


def test_hostile_overlay_upload_is_drawn_as_text(page, hostile_server, dialogs):
    """Payloads in an uploaded CSV's file name, column names and values show as text in the summary and tooltip."""
    page.goto(hostile_server.url)
    frame = map_frame(page)
    upload_overlay(page, OVERLAY_NAME + ".csv", OVERLAY_CSV)
    expect(frame.locator('[data-ba-overlay="1"]')).to_have_count(1, timeout=60_000)
    expect(page.get_by_text(re.compile(r"1 point\(s\) from <img src=x onerror=.*\[x\]\(javascript:"))).to_be_visible()
    hover_map_at(page, frame, 41.6, 127.6, zoom=9)
    tooltip = frame.locator(".leaflet-tooltip")
    expect(tooltip).to_contain_text("<img src=x onerror=", timeout=10_000)
    expect(tooltip).to_contain_text("<script>top.__pwned='column'</script>")
    expect(tooltip).to_contain_text("${top.__pwned=3}")
    assert_nothing_ran(page, dialogs)


@pytest.mark.parametrize(
    "name, data, words",
    [
        ("report.pdf", b"%PDF-1.4\n", "is not a CSV or GeoJSON file"),
        (OVERLAY_NAME + ".exe", b"MZ\x90\x00", "is not a CSV or GeoJSON file"),
        ("photo.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "looks binary"),
    ],
    ids=["pdf", "hostile-name-exe", "png-named-csv"],
)
def test_wrong_overlay_file_type_gets_the_apps_message(page, hostile_server, dialogs, name, data, words):
    """A file of another type reaches the app (no browser-side filter) and gets its one-sentence refusal."""
    page.goto(hostile_server.url)
    map_frame(page)
    upload_overlay(page, name, data)
    error = page.locator('[data-testid="stAlertContentError"]')
    expect(error).to_contain_text(words, timeout=60_000)
    expect(error).to_contain_text("The rest of the map is unchanged")
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    assert_nothing_ran(page, dialogs)


def test_oversized_overlay_is_refused_in_the_browser(page, hostile_server, dialogs):
    """A file over server.maxUploadSize (25 MiB, the overlay's own limit) is refused by the uploader before sending."""
    page.goto(hostile_server.url)
    frame = map_frame(page)
    upload_overlay(page, "big.csv", b"lat,lon\n" + b"41.60000,127.60000\n" * (25 * 2**20 // 19 + 1))
    expect(page.get_by_text(re.compile(r"File must be 25(\.0)? ?MB or smaller"))).to_be_visible(timeout=60_000)
    expect(frame.locator("[data-ba-overlay]")).to_have_count(0)
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    assert_nothing_ran(page, dialogs)
