"""The briefing layout in real headless Chromium: the date box and key dates, the phone layout, and every page's
cards and charts fitting their boxes at 1440×900 and 390×844."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from borderatlas.registry import PAGES
from tests.browser.conftest import ARTIFACTS, MAP_FRAME, map_frame, wait_for_app_idle

VIEWPORTS = {"desktop": (1440, 900), "phone": (390, 844)}

OVERFLOW_JS = """() => {
  const cut = [];
  for (const el of document.querySelectorAll('[data-testid="stMetricValue"], [data-testid="stMetricValue"] *, [data-testid="stMetricLabel"] *')) {
    if (el.scrollWidth > el.clientWidth + 1) cut.push("card: " + el.textContent);
  }
  for (const chart of document.querySelectorAll('[data-testid="stVegaLiteChart"], [data-testid="stArrowVegaLiteChart"]')) {
    const box = chart.getBoundingClientRect();
    for (const drawn of chart.querySelectorAll('canvas, svg.marks')) {
      const r = drawn.getBoundingClientRect();
      if (r.right > box.right + 2 || r.left < box.left - 2) cut.push('chart wider than its box: ' + Math.round(r.width) + ' > ' + Math.round(box.width));
    }
  }
  const main = document.querySelector('[data-testid="stMain"]');
  if (main && main.scrollWidth > main.clientWidth + 1) cut.push('page scrolls sideways: ' + main.scrollWidth);
  return cut;
}"""
"""Metric values or labels cut with an ellipsis, charts drawn wider than their container, a page wider than the screen."""


def phone_page(browser, watch):
    """A 390×844 page that may only reach this machine."""
    from tests.browser.conftest import ERROR_PROBE, is_local

    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="en-GB", is_mobile=True, has_touch=True
    )
    context.add_init_script(ERROR_PROBE)
    context.route(
        "**/*",
        lambda r: (
            r.continue_() if is_local(r.request.url) else (watch.foreign_requests.append(r.request.url), r.abort())
        ),
    )
    return context, context.new_page()


@pytest.mark.parametrize("size", list(VIEWPORTS))
@pytest.mark.parametrize("spec", PAGES, ids=[spec.id for spec in PAGES])
def test_every_page_fits_its_screen(browser, server, watch, spec, size):
    """Each page, scrolled through top to bottom: no card value is cut, no chart is wider than its column."""
    width, height = VIEWPORTS[size]
    context = browser.new_context(viewport={"width": width, "height": height}, locale="en-GB")
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(server.url) else r.abort())
    page = context.new_page()
    try:
        page.goto(server.url + "/" + ("" if spec.is_home else spec.url_path))
        wait_for_app_idle(page)
        main = page.locator('[data-testid="stMain"]')
        total = main.evaluate("el => el.scrollHeight")
        problems = []
        for step, top in enumerate(range(0, total, height)):
            main.evaluate(f"el => el.scrollTo(0, {top})")
            wait_for_app_idle(page)
            problems += page.evaluate(OVERFLOW_JS)
            if step < 3:
                page.screenshot(path=str(ARTIFACTS / f"fit-{spec.id}-{width}x{height}-{step}.png"))
        assert not problems, sorted(set(problems))
    finally:
        context.close()


def test_date_box_and_key_dates_move_the_map(page, server):
    """Typing a date and pressing Enter sets the map's date; a key date is one click; the slider follows both."""
    page.goto(server.url)
    map_frame(page)
    box = page.get_by_role("textbox", name="Or type a date")
    box.fill("2012-06-01")
    box.press("Enter")
    page.wait_for_url(re.compile("date=2012-06-01"), timeout=30_000)
    wait_for_app_idle(page)
    expect(page.get_by_text("China–DPRK trade, latest month reported")).to_be_visible()
    expect(page.locator('[data-testid="stSidebar"] [data-testid="stSliderThumbValue"]')).to_have_text("2012-06-01")
    page.get_by_role("radio", name="Fifth nuclear test").click()
    page.wait_for_url(re.compile("date=2016-09-09"), timeout=30_000)
    wait_for_app_idle(page)
    expect(box).to_have_value("2016-09-09")
    expect(page.get_by_role("radio", name="Fifth nuclear test")).to_have_attribute("aria-checked", "true")
    expect(page.locator('[data-testid="stSidebar"] [data-testid="stSliderThumbValue"]')).to_have_text("2016-09-09")
    page.screenshot(path=str(ARTIFACTS / "date-key-date-fifth-test.png"))


def test_phone_search_closes_the_sidebar_and_shows_the_pick_under_the_map(browser, server, watch):
    """On a phone, a search pick closes the sidebar; the chosen crossing's card sits right under the map."""
    context, page = phone_page(browser, watch)
    try:
        page.goto(server.url)
        map_frame(page)
        page.get_by_test_id("stExpandSidebarButton").click()
        expect(page.get_by_test_id("stSidebar")).to_have_attribute("data-collapsed", "false")
        box = page.get_by_label("Search any name, in any script")
        box.fill("Quanhe")
        box.press("Enter")
        heading = page.get_by_role("heading", name="New Tumen River Bridge (Quanhe–Wonjong)", exact=True)
        expect(heading).to_have_count(1, timeout=30_000)
        wait_for_app_idle(page)
        expect(page.get_by_test_id("stSidebar")).to_have_attribute("data-collapsed", "true", timeout=10_000)
        card = page.locator(".st-key-ba_phone_card")
        wait_for_app_idle(page)
        expect(card).to_have_count(1)
        expect(card).to_be_visible()
        gap = f"""() => {{
          const frames = [...document.querySelectorAll({MAP_FRAME!r})].filter(f => f.getBoundingClientRect().height > 0);
          const cards = document.querySelectorAll('.st-key-ba_phone_card');
          if (frames.length !== 1 || cards.length !== 1) return null;
          return cards[0].getBoundingClientRect().top - frames[0].getBoundingClientRect().bottom;
        }}"""
        page.wait_for_function(
            f"() => {{ const g = ({gap})(); return g !== null && g >= 0 && g < 40; }}", timeout=20_000
        )
        expect(card).to_contain_text("Open")
        page.screenshot(path=str(ARTIFACTS / "phone-search-quanhe.png"))
        title = page.evaluate(
            "() => { const r = document.querySelector('h1').getBoundingClientRect(); return [r.left, r.right]; }"
        )
        assert title[0] >= 0 and title[1] <= 390, title
    finally:
        context.close()


def test_a_table_row_click_selects_and_shows_it_on_the_map(page, server):
    """On Crossings, a click on a row selects that crossing; its button opens the Map page on it."""
    page.goto(server.url + "/crossings")
    wait_for_app_idle(page)
    grid = page.locator('[data-testid="stDataFrame"]').first
    box = grid.bounding_box()
    header, row = 36, 66  # the header row, then ui.layertable.ROW_HEIGHT_PX per row
    page.mouse.click(box["x"] + 16, box["y"] + header + row * 1 + row / 2)  # the second row's selection box
    button = page.get_by_role("button", name="Show Sino-Korean Friendship Bridge on the Map page")
    expect(button).to_be_visible(timeout=30_000)
    page.wait_for_url(re.compile("sel=dandong-sinuiju-friendship-bridge"))
    page.screenshot(path=str(ARTIFACTS / "crossings-row-selected.png"))
    button.click()
    expect(page.get_by_role("heading", name="Sino-Korean Friendship Bridge", exact=True)).to_be_visible(timeout=30_000)
    map_frame(page)
    assert "/crossings" not in page.url and "sel=dandong-sinuiju-friendship-bridge" in page.url
