"""The editable slide in real headless Chromium: a title typed and a note added reach the exported PNG, and the link
restores them."""

from __future__ import annotations

import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from borderatlas import styles
from borderatlas.briefing.render import NOTES_METADATA, SINCE_METADATA, TITLE_METADATA
from borderatlas.devserver import is_local
from tests.browser.conftest import ARTIFACTS, ERROR_PROBE, map_frame, wait_for_app_idle
from tests.browser.test_overlay_browser import CSV as SHIPS_CSV
from tests.browser.test_overlay_browser import POINTS as SHIPS
from tests.browser.test_overlay_browser import upload
from tests.browser.test_present_export import choose_option

TITLE = "Yalu crossings for the Monday brief"
NOTE = "Test note: check the opening date"
EDIT = "Edit the slide: title, notes, legend"


def open_export_block(page) -> None:
    """Open "Export this view" and wait for its area picker."""
    page.get_by_text("Export this view", exact=True).click()
    expect(page.get_by_role("combobox", name="Area")).to_be_visible(timeout=30_000)


def type_title_and_add_note(page) -> None:
    """Switch the slide editor on, type TITLE and press Enter, then add NOTE on the New Yalu River Bridge."""
    page.get_by_text(EDIT, exact=True).click()
    title_box = page.get_by_role("textbox", name="Title", exact=True)
    title_box.fill(TITLE)
    title_box.press("Enter")
    page.wait_for_url(re.compile(r"title=Yalu"), timeout=30_000)
    wait_for_app_idle(page)
    choose_option(page, "Note on", "New Yalu River Bridge")
    page.get_by_role("textbox", name=re.compile(r"^Note \(up to")).fill(NOTE)
    page.get_by_role("button", name="Add note", exact=True).click()


def exported_png(page, folder) -> tuple[Image.Image, str]:
    """Click "PNG 16:9"; the file it downloads, opened, and its suggested name."""
    with page.expect_download(timeout=120_000) as info:
        page.get_by_role("button", name="PNG 16:9", exact=True).click()
    folder.mkdir(exist_ok=True)
    target = folder / info.value.suggested_filename
    info.value.save_as(target)
    return Image.open(target), info.value.suggested_filename


def test_a_typed_title_and_a_note_reach_the_png_and_the_link(page, server, tmp_path):
    """Type a title + Enter, add a note on the New Yalu River Bridge, export the PNG: its metadata carries both; the
    link, opened again, shows the same title in the title box and the note in the list."""
    page.goto(server.url)
    map_frame(page)
    open_export_block(page)
    choose_option(page, "Area", "Dandong–Sinuiju")
    expect(page.get_by_text(re.compile(r"^Dandong–Sinuiju · as of 2016-11-30"))).to_be_visible(timeout=30_000)
    type_title_and_add_note(page)
    expect(page.get_by_text(f"1. New Yalu River Bridge: {NOTE}")).to_be_visible(timeout=30_000)
    page.wait_for_url(re.compile(r"note1=new-yalu-river-bridge"), timeout=30_000)
    wait_for_app_idle(page)
    page.locator(".st-key-ba_slide_editor").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "slide-editor-after-note.png"), full_page=True)
    image, _ = exported_png(page, tmp_path)
    assert image.size == (1920, 1080)
    assert image.text[TITLE_METADATA] == TITLE
    assert image.text[NOTES_METADATA] == f"new-yalu-river-bridge~{NOTE}"
    image.save(ARTIFACTS / "slide-export.png")
    link = page.url
    page.goto(link)
    map_frame(page)
    open_export_block(page)
    expect(page.get_by_role("textbox", name="Title", exact=True)).to_have_value(TITLE, timeout=30_000)
    expect(page.get_by_text(f"1. New Yalu River Bridge: {NOTE}")).to_be_visible()


def test_compare_date_title_and_note_reach_the_two_panel_png(page, server, tmp_path):
    """Tick "Compare with an earlier date" and type 2012-06-01, type a title, add a note, export the PNG: it is the
    two-panel graphic, and its metadata carries the compare date, the title and the note."""
    page.goto(server.url)
    map_frame(page)
    page.get_by_text("Compare with an earlier date", exact=True).click()
    year = page.get_by_role("spinbutton", name="year, Compare with")
    expect(year).to_be_visible(timeout=30_000)
    year.click()
    page.keyboard.type("20120601")  # year, month and day: each field moves on to the next when full
    page.keyboard.press("Escape")  # close the calendar the click opened
    page.get_by_role("heading", name="China–North Korea border").click()  # the date is sent when the field blurs
    page.wait_for_url(re.compile(r"since=2012-06-01"), timeout=30_000)
    wait_for_app_idle(page)
    open_export_block(page)
    choose_option(page, "Area", "Dandong–Sinuiju")
    type_title_and_add_note(page)
    page.wait_for_url(re.compile(r"note1=new-yalu-river-bridge"), timeout=30_000)
    wait_for_app_idle(page)
    image, name = exported_png(page, tmp_path)
    assert "since-2012-06-01" in name
    assert image.size == (1920, 1080)
    assert image.text[SINCE_METADATA] == "2012-06-01"
    assert image.text[TITLE_METADATA] == TITLE
    assert image.text[NOTES_METADATA] == f"new-yalu-river-bridge~{NOTE}"
    image.save(ARTIFACTS / "slide-compare-export.png")


def overlay_pixels(image: Image.Image) -> int:
    """How many pixels are the overlay's colour."""
    wanted = tuple(int(styles.OVERLAY_COLOUR[i : i + 2], 16) for i in (1, 3, 5))
    return sum(1 for pixel in image.convert("RGB").getdata() if all(abs(a - b) <= 30 for a, b in zip(pixel, wanted)))


def test_included_overlay_is_drawn_in_the_png(page, server, tmp_path):
    """Upload 300 points, export the PNG, tick "Include my overlay", export again: only the second has the
    overlay's dots, and the link says ovl=1."""
    page.goto(server.url)
    frame = map_frame(page)
    upload(page, "ships.csv", SHIPS_CSV)
    expect(frame.locator(f'[data-ba-overlay="{len(SHIPS)}"]')).to_have_count(1, timeout=60_000)
    open_export_block(page)
    page.get_by_text(EDIT, exact=True).click()
    include = page.get_by_text("Include my overlay", exact=True)
    expect(include).to_be_visible(timeout=30_000)
    without = overlay_pixels(exported_png(page, tmp_path / "without")[0])
    include.click()
    page.wait_for_url(re.compile(r"ovl=1"), timeout=30_000)
    wait_for_app_idle(page)
    image, _ = exported_png(page, tmp_path / "with")
    image.save(ARTIFACTS / "slide-overlay-export.png")
    assert overlay_pixels(image) > without + 300, (without, overlay_pixels(image))


@pytest.fixture
def sized_page(browser, watch, request):
    """A page at the viewport size given by the test's parameter, blocking every request off this machine."""
    width, height = request.param
    context = browser.new_context(viewport={"width": width, "height": height}, locale="en-GB")
    context.add_init_script(ERROR_PROBE)
    context.route("**/*", lambda route: route.continue_() if is_local(route.request.url) else route.abort())
    new_page = context.new_page()
    new_page.on("pageerror", lambda error: watch.page_errors.append(str(error)))
    yield new_page
    context.close()
    assert not watch.page_errors, watch.page_errors[:5]


@pytest.mark.parametrize("sized_page", [(1440, 900), (390, 844)], indirect=True, ids=["1440x900", "390x844"])
def test_a_slide_link_opens_the_editor_with_its_choices(sized_page, server):
    """A link with a title, a note, a legend choice and an overlay opens the editor filled in, with the reminder to
    upload the overlay again, and every part of the editor inside the page's width."""
    query = (
        "?title=Border%20bridges&subtitle=Draft&note1=new-yalu-river-bridge~Test%20note"
        "&legend=crossings-status.open,reference.river&ovl=1"
    )
    sized_page.goto(server.url + "/" + query)
    map_frame(sized_page)
    open_export_block(sized_page)
    expect(sized_page.get_by_role("textbox", name="Title", exact=True)).to_have_value("Border bridges")
    expect(sized_page.get_by_role("textbox", name="Subtitle", exact=True)).to_have_value("Draft")
    expect(sized_page.get_by_text("must upload the same file", exact=False)).to_be_visible()
    legend = sized_page.locator(".st-key-ba_slide_legend")
    expect(legend).to_contain_text("Crossings: status · Open")
    expect(legend).to_contain_text("Reference · River")
    width = sized_page.viewport_size["width"]
    for part in (".st-key-ba_slide_title", ".st-key-ba_slide_legend", ".st-key-ba_slide_note_text"):
        box = sized_page.locator(part).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width + 1, (part, box)
    sized_page.locator(".st-key-ba_slide_legend").scroll_into_view_if_needed()
    sized_page.screenshot(path=str(ARTIFACTS / f"slide-editor-{width}.png"))
