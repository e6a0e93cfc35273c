"""No data string is ever template source: Jinja payloads in every data field and overlay column name come out of
every output (the web map, the HTML download, the PNG and PDF graphics, the data downloads, every page) as the
literal text they are, and nothing is evaluated on the server.

Each evaluating payload would print SSTI-RAN or the output of `id` ("uid=…") if it ran; the comment and
unclosed-tag payloads would crash a template compile or silently vanish.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import subprocess
import sys

import pytest
from conftest import open_page
from PIL import Image
from sample_data import seeded_copy

from borderatlas import downloads, export, overlay, verbatim
from borderatlas.assets import inline_url_for
from borderatlas.briefing.render import NOTES_METADATA, TITLE_METADATA
from borderatlas.data import load_atlas, load_basemap
from borderatlas.layers import MAP_LAYER_IDS
from borderatlas.mapview import MapRequest, build_map
from borderatlas.paths import REPO_DIR
from borderatlas.registry import PAGES
from borderatlas.slide import Note

EVALUATED = "SSTI-RAN"
PAYLOADS = (
    "{{ 'SSTI' ~ '-RAN' }}",
    "{% print 'SSTI' ~ '-RAN' %}",
    "{{ lipsum.__globals__.os.popen(dict(id=1)|first).read() }}",
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "{# a comment that must stay #}",
    "{%",
    "{{",
    "}}{{ {%- raw %}",
    "$x^{{'SSTI'~'-RAN'}}$ 100% {#",
)
"""Jinja expressions, statements, comments and broken tags; the last one is also matplotlib mathtext. The slide's
own strings (title, subtitle, notes) get these and SLIDE_PAYLOADS below."""


def leaked(text: str) -> list[str]:
    """Signs that a payload ran: its evaluated value, or the output of `id`."""
    return [sign for sign in (EVALUATED, "uid=") if sign in text]


@pytest.fixture(scope="module")
def seeded_root(tmp_path_factory):
    """A copy of the real data with a Jinja payload in every free-text field; it still validates clean."""
    root = seeded_copy(tmp_path_factory.mktemp("ssti") / "geodata", PAYLOADS)
    return root


@pytest.fixture(scope="module")
def seeded_atlas(seeded_root):
    """The seeded data set, loaded."""
    atlas = load_atlas(seeded_root)
    assert not atlas.problems, atlas.problems[:5]
    return atlas


@pytest.fixture(scope="module")
def basemap():
    """The offline basemap."""
    return load_basemap()


def selected_ids(atlas) -> list[str]:
    """One feature id per layer, to render each layer's selection and title too."""
    return [frame["id"].iloc[0] for frame in atlas.layers.values() if len(frame)]


def test_second_pass_is_off_wherever_maps_are_built():
    """Importing the map builder switches off branca's second pass for good."""
    assert verbatim.installed()


def test_seeded_names_reach_the_data(seeded_atlas):
    """The payloads really are in the names the outputs draw (so the tests below test something)."""
    names = " ".join(" ".join(frame["name_en"]) for frame in seeded_atlas.layers.values())
    assert all(payload in names for payload in PAYLOADS)


@pytest.mark.parametrize("layers", [MAP_LAYER_IDS, ("crossings",), ("flood_areas",)])
def test_web_map_renders_payloads_as_text(seeded_atlas, basemap, layers):
    """The whole map page (what st_folium renders) carries the payloads escaped, none evaluated."""
    for selected in [None, *selected_ids(seeded_atlas)]:
        request = MapRequest(layers=layers, as_of=dt.date(2016, 11, 30), selected=selected)
        page = build_map(seeded_atlas.layers, basemap, request, inline_url_for).assembled().get_root().render()
        assert leaked(page) == []
    assert html.escape(PAYLOADS[0]) in page or PAYLOADS[0] in page


@pytest.mark.parametrize("download", downloads.DOWNLOADS, ids=lambda d: d.id)
def test_downloads_carry_payloads_as_text(seeded_atlas, basemap, download):
    """Every data download, and the standalone HTML map, keeps the payloads as text."""
    for selected in [None, *selected_ids(seeded_atlas)]:
        view = export.ExportView(selected=selected)
        text = download.build(seeded_atlas, basemap, view)
        assert leaked(text) == []
    assert PAYLOADS[0] in text or html.escape(PAYLOADS[0]) in text


def test_html_map_title_cannot_break_out(seeded_atlas, basemap, tmp_path):
    """A selected feature's name goes into <title> escaped: no tag from the data opens in the downloaded file."""
    atlas = load_atlas(seeded_copy(tmp_path / "geodata", ("</title><img src=x onerror=alert(1)>",)))
    selected = selected_ids(atlas)[0]
    text = downloads.standalone_html(atlas, basemap, export.ExportView(selected=selected))
    title = text.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "<img" not in title and "&lt;img" in title


@pytest.mark.parametrize("format_id", [fmt.id for fmt in export.FORMATS])
def test_graphics_render_payload_names(seeded_atlas, basemap, format_id):
    """PNG and PDF graphics with payload names and a payload-named selection are drawn, not crashed."""
    view = export.ExportView(area=export.area_by_id("tumen"), selected=selected_ids(seeded_atlas)[0])
    data = export.export_bytes(
        seeded_atlas, basemap, view, format_id, size_px=(640, 360) if format_id != "pdf" else None
    )
    assert len(data) > 1000


def test_briefing_pack_carries_payloads_as_text(seeded_atlas, basemap):
    """The .pptx pack (labels, title, headline facts, a change row, notes) keeps payload names as literal text."""
    import io
    from dataclasses import dataclass

    from pptx import Presentation

    from borderatlas.briefing.pack import build_pack

    @dataclass
    class Change:
        name_en: str
        name_zh: str
        name_ko: str
        old_status: str
        new_status: str
        date: dt.date
        source_ids: list
        kind: str

    row = Change(*PAYLOADS[:5], dt.date(2016, 1, 1), [next(iter(seeded_atlas.sources))], PAYLOADS[5])
    view = export.ExportView(area=export.area_by_id("tumen"), selected=selected_ids(seeded_atlas)[0])
    prs = Presentation(io.BytesIO(build_pack(seeded_atlas, basemap, view, changes=[row], dpi=40)))
    texts = []
    for slide in prs.slides:
        texts.append(slide.notes_slide.notes_text_frame.text)
        for shape in slide.shapes:
            if shape.has_text_frame:
                texts.append(shape.text_frame.text)
            elif shape.has_table:
                texts += [cell.text for r in shape.table.rows for cell in r.cells]
    text = "\n".join(texts)
    assert leaked(text) == []
    assert all(payload in text for payload in PAYLOADS[:6])


def payload_csv() -> bytes:
    """An overlay CSV whose column names and cells are Jinja payloads."""
    columns = ["lat", "lon", *PAYLOADS]
    row = ["40.1", "124.4", *PAYLOADS]
    quoted = [",".join('"' + c.replace('"', '""') + '"' for c in line) for line in (columns, row)]
    return ("\n".join(quoted) + "\n").encode()


def test_overlay_column_names_are_not_template_source(seeded_atlas, basemap):
    """An uploaded file with payloads in its column names and cells is read and drawn; nothing is compiled."""
    read = overlay.read_overlay("hostile.csv", payload_csv())
    parts = build_map(seeded_atlas.layers, basemap, MapRequest(), inline_url_for)
    parts.groups.append(overlay.overlay_group(read))
    page = parts.assembled().get_root().render()
    assert leaked(page) == []
    assert html.escape(PAYLOADS[1], quote=True) in page


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.id)
def test_every_page_runs_with_payload_data(seeded_root, monkeypatch, page):
    """Every page, with the real st_folium, renders the seeded data without an exception or an evaluated payload."""
    monkeypatch.setenv("BORDERATLAS_GEODATA", str(seeded_root))
    at = open_page(page, timeout=90)
    assert not at.exception
    shown = "\n".join(str(e.value) for kind in ("markdown", "caption", "title") for e in getattr(at, kind))
    assert leaked(shown) == []


MAP_MODULES = sorted(
    path.stem
    for path in (REPO_DIR / "borderatlas").glob("*.py")
    if path.stem != "verbatim"
    and any(
        word in path.read_text(encoding="utf-8")
        for word in ("import folium", "from folium", "import branca", "from branca")
    )
)


@pytest.mark.parametrize("module", MAP_MODULES)
def test_each_module_that_builds_map_elements_switches_the_second_pass_off(module):
    """Imported on its own, in a fresh interpreter, each module that uses folium or branca leaves the pass off."""
    code = f"import borderatlas.{module}; from borderatlas import verbatim; assert verbatim.installed(), '{module}'"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-500:]


SLIDE_PAYLOADS = (*PAYLOADS, "$\\frac{$ and $x$", "</title><img src=x onerror=alert(1)>", "<script>alert(1)</script>")
"""The user's own slide strings (title, subtitle, note text): the Jinja payloads, broken mathtext and HTML."""


def slide_view(payload: str) -> export.ExportView:
    """The Dandong–Sinuiju area with a payload as title, subtitle and the text of two notes."""
    notes = (Note("new-yalu-river-bridge", payload), Note("dandong-sinuiju-friendship-bridge", payload))
    return export.ExportView(area=export.area_by_id("dandong-sinuiju"), title=payload, subtitle=payload, notes=notes)


@pytest.mark.parametrize("payload", SLIDE_PAYLOADS)
def test_slide_strings_stay_text_in_the_html_map(seeded_atlas, basemap, payload):
    """Title, subtitle and notes in the HTML download: nothing evaluated, no tag of theirs opens, the text is there."""
    page = downloads.standalone_html(seeded_atlas, basemap, slide_view(payload))
    assert leaked(page) == []
    title = page.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "<img" not in title and "<script" not in title
    assert "<img src=x" not in page and "<script>alert" not in page
    assert html.escape(payload) in title


@pytest.mark.parametrize("format_id", [fmt.id for fmt in export.FORMATS])
@pytest.mark.parametrize("payload", SLIDE_PAYLOADS)
def test_slide_strings_are_drawn_as_plain_text_in_graphics(seeded_atlas, basemap, format_id, payload):
    """PNG and PDF graphics draw a payload title, subtitle and notes as they are (never mathtext, never a template);
    the PNG's metadata holds the literal text."""
    size = (640, 360) if format_id == "png" else None
    data = export.export_bytes(seeded_atlas, basemap, slide_view(payload), format_id, size_px=size)
    assert len(data) > 1000
    if format_id == "png":
        text = Image.open(io.BytesIO(data)).text
        assert text[TITLE_METADATA] == payload and payload in text[NOTES_METADATA]


def test_slide_strings_in_a_link_stay_text_on_the_map_page(monkeypatch):
    """A link whose title, subtitle and note are payloads opens the Map page: no exception, nothing evaluated, the
    title box holds the literal text."""
    from streamlit.testing.v1 import AppTest

    import borderatlas.ui.mapframe as mapframe

    monkeypatch.setattr(mapframe, "st_folium", lambda fig, **kwargs: {"last_object_clicked": None})
    for payload in SLIDE_PAYLOADS:
        at = AppTest.from_file(str(REPO_DIR / "dashboard.py"), default_timeout=90)
        at.query_params.update(title=payload, subtitle=payload, note1=f"new-yalu-river-bridge~{payload}")
        at.run()
        assert not at.exception, at.exception
        shown = "\n".join(str(e.value) for kind in ("markdown", "caption", "title", "info") for e in at.get(kind))
        assert leaked(shown) == [] and "<img src=x" not in shown and "<script>" not in shown
        assert at.text_input(key="ba_slide_title").value == payload.strip()
