"""The editable slide in the exports: the PNG carries its title and notes (drawn and in its metadata), the PDF's text
and the HTML map hold them, the legend shows the rows chosen, and the user's overlay is drawn with its own row."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image
from pypdf import PdfReader

from borderatlas import downloads, export, overlay, slide, styles
from borderatlas.briefing.decorations import legend_rows
from borderatlas.briefing.render import NOTES_METADATA, TITLE_METADATA
from borderatlas.data import load_basemap
from borderatlas.slideview import export_legend

BRIDGE, FRIENDSHIP = "new-yalu-river-bridge", "dandong-sinuiju-friendship-bridge"
NOTES = (slide.Note(BRIDGE, "First test note"), slide.Note(FRIENDSHIP, "Second test note, 新义州"))
OVERLAY_CSV = b"lat,lon,name\n40.02,124.30,west point\n40.12,124.50,east point\n"


@pytest.fixture(scope="module")
def basemap():
    """The offline vector basemap."""
    return load_basemap()


@pytest.fixture(scope="module")
def user_overlay():
    """A two-point overlay inside the Dandong–Sinuiju area, as an export holds it."""
    read = overlay.read_overlay("my points.csv", OVERLAY_CSV)
    return slide.SlideOverlay("test", read.name, read)


def dandong(**fields) -> export.ExportView:
    """The Dandong–Sinuiju area with slide fields."""
    return export.ExportView(area=export.area_by_id("dandong-sinuiju"), **fields)


def squash(text: str) -> str:
    """Whitespace collapsed."""
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize(
    "fields, title, notes",
    [
        ({}, export.TITLE, ""),
        ({"title": "Yalu crossings, draft"}, "Yalu crossings, draft", ""),
        (
            {"title": "Two notes", "notes": NOTES},
            "Two notes",
            f"{BRIDGE}~First test note\n{FRIENDSHIP}~Second test note, 新义州",
        ),
    ],
)
def test_png_metadata_carries_the_title_and_notes(atlas, basemap, fields, title, notes):
    """The PNG's "Border Atlas title" and "Border Atlas notes" texts say what the slide shows."""
    data = export.export_bytes(atlas, basemap, dandong(**fields), "png", size_px=(960, 540))
    text = Image.open(io.BytesIO(data)).text
    assert (text[TITLE_METADATA], text[NOTES_METADATA]) == (title, notes)


def test_pdf_text_has_the_slides_title_subtitle_and_numbered_notes(atlas, basemap):
    """The PDF page's text holds the user's title and subtitle, the "Notes" box and each numbered note."""
    view = dandong(title="My slide title", subtitle="For the weekly brief", notes=NOTES)
    text = squash(PdfReader(io.BytesIO(export.export_bytes(atlas, basemap, view, "pdf"))).pages[0].extract_text())
    for expected in ("My slide title", "For the weekly brief", "Notes", "1. New Yalu River Bridge: First test note"):
        assert expected in text
    assert "2. Sino-Korean Friendship Bridge: Second test note" in text
    assert export.TITLE not in text.split("For the weekly brief")[0]


def test_note_markers_are_drawn_beside_their_features(atlas, basemap):
    """Each note's number sits in a circle of the note colour just up and left of its feature."""
    fmt = export.format_by_id("png")
    without = export.render(atlas, basemap, dandong(), fmt)
    rendered = export.render(atlas, basemap, dandong(notes=NOTES), fmt)
    images = [Image.open(io.BytesIO(export.save(r, fmt))).convert("RGB") for r in (without, rendered)]
    scale = rendered.dpi / 72
    expected = tuple(int(styles.NOTE_COLOUR[i : i + 2], 16) for i in (1, 3, 5))
    for note in NOTES:
        point = atlas.feature(note.feature_id)["geometry"].representative_point()
        column, row = rendered.pixel_of(point.x, point.y)
        dx, dy = slide_offset_px(scale)
        near = [images[1].getpixel((column + dx + ox, row + dy + oy)) for ox in (-5, 5) for oy in (-5, 5)]
        assert any(all(abs(a - b) <= 20 for a, b in zip(colour, expected)) for colour in near), near
        before = [images[0].getpixel((column + dx + ox, row + dy + oy)) for ox in (-5, 5) for oy in (-5, 5)]
        assert before != near


def slide_offset_px(scale: float) -> tuple[int, int]:
    """The marker's offset from its feature in image pixels (right and down positive)."""
    from borderatlas.briefing.slide import MARKER_OFFSET_PT

    return round(MARKER_OFFSET_PT[0] * scale), round(-MARKER_OFFSET_PT[1] * scale)


@pytest.mark.parametrize(
    "legend, shown, hidden",
    [
        (None, {"Open", "Built, not open", "River"}, {"Under construction", "Your overlay"}),
        (("crossings-status.open",), {"Crossings: status", "Open"}, {"Built, not open", "River", "Reference"}),
        ((), set(), {"Open", "River"}),
    ],
)
def test_the_legend_row_choice_changes_the_graphics_legend(atlas, legend, shown, hidden):
    """The graphic's legend holds the rows chosen (by default those of what is in view), with their headings."""
    rows = {row.text for row in legend_rows(export_legend(atlas, dandong(legend=legend)))}
    assert shown <= rows and not hidden & rows


def test_the_overlay_is_drawn_in_the_png_with_its_own_legend_row(atlas, basemap, user_overlay):
    """Included, the overlay's points are drawn in its colour where they are, and the legend names the file."""
    fmt = export.format_by_id("png")
    view = dandong(overlay=user_overlay)
    rendered = export.render(atlas, basemap, view, fmt)
    image = Image.open(io.BytesIO(export.save(rendered, fmt))).convert("RGB")
    expected = tuple(int(styles.OVERLAY_COLOUR[i : i + 2], 16) for i in (1, 3, 5))
    for lat, lon in zip(user_overlay.overlay.lat, user_overlay.overlay.lon):
        colour = image.getpixel(rendered.pixel_of(float(lon), float(lat)))
        assert all(abs(a - b) <= 14 for a, b in zip(colour, expected)), colour
    rows = [row.text for row in legend_rows(export_legend(atlas, view))]
    assert rows[-2:] == ["Your overlay", "my points.csv"]


def test_the_html_map_has_the_title_notes_markers_and_overlay(atlas, basemap, user_overlay):
    """The standalone HTML map carries the user's title, a numbered marker per note, the notes list, and the overlay
    with its legend row; it still loads nothing from the web."""
    view = dandong(title="HTML slide", notes=NOTES, overlay=user_overlay, legend=("reference.river",))
    page = downloads.standalone_html(atlas, basemap, view)
    assert "<title>Border Atlas — HTML slide" in page
    assert page.count('class=\\"ba-notes\\"') + page.count('class="ba-notes"') == 1
    assert page.count("ba-note-marker") == len(NOTES)
    assert "First test note" in page and "west point" in page and "my points.csv" in page
    legend_panel = downloads.overlay_panels(atlas, view)["bottomright"]
    assert "River" in legend_panel and "my points.csv" in legend_panel and "Built, not open" not in legend_panel
    links = set(re.findall(r"""(?:src|href)=["']([^"']+)""", page))
    assert all(link.startswith("data:") for link in links), links


LINK = (
    "http://localhost:8501/?since=2012-06-01&title=Yalu%20brief&note1=new-yalu-river-bridge~Built%202014"
    "&bbox=124.2200,39.9300,124.5600,40.1700"
)


@pytest.mark.parametrize(
    "link, metadata, note",
    [
        (
            LINK,
            {
                "Border Atlas title": "Yalu brief",
                "Border Atlas since": "2012-06-01",
                "Border Atlas notes": "new-yalu-river-bridge~Built 2014",
                "Border Atlas bbox": "124.2200,39.9300,124.5600,40.1700",
            },
            "",
        ),
        (LINK + "&ovl=1", {"Border Atlas title": "Yalu brief"}, "overlay"),
        ("/?title=Brief&since=2020-01-01", {"Border Atlas title": "Brief"}, "2020-01-01"),
    ],
    ids=["slide-from-link", "overlay-left-out", "bad-since-noted"],
)
def test_cli_exports_the_slide_a_link_describes(tmp_path, capsys, link, metadata, note):
    """`export --link URL` reproduces a colleague's slide: its title, compare date, notes and map bounds reach the
    PNG; what the link holds that the CLI cannot use is said on stderr."""
    from borderatlas.__main__ import main

    out = tmp_path / "slide.png"
    assert main(["export", "--link", link, "--output", str(out), "--dpi", "60"]) == 0
    image = Image.open(out)
    for key, value in metadata.items():
        assert image.text[key] == value
    assert note in capsys.readouterr().err
