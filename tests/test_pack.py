"""The briefing pack (.pptx) and the PDF's real text: slides and titles, sources in the speaker notes, Chinese and
Korean names as editable text in their East Asian font, a 16:9 map picture, the CLI; searchable CJK in the PDF."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field

import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.oxml.ns import qn
from pypdf import PdfReader

from borderatlas import export, panels, summary
from borderatlas.__main__ import main
from borderatlas.briefing import pack, slidetext
from borderatlas.data import load_basemap

DANDONG = export.ExportView(area=export.area_by_id("dandong-sinuiju"))
TUMEN = export.ExportView(area=export.area_by_id("tumen"), as_of=dt.date(2017, 6, 1))


@dataclass(frozen=True)
class Change:
    """A stand-in for borderatlas.changes.Change: the attributes the changes slide reads."""

    name_en: str
    name_zh: str
    name_ko: str
    old_status: str | None
    new_status: str
    date: dt.date
    source_ids: list[str] = field(default_factory=list)
    kind: str = "status"


@pytest.fixture(scope="module")
def basemap():
    """The offline vector basemap."""
    return load_basemap()


def opened(data: bytes):
    """A pack's bytes opened with python-pptx."""
    return Presentation(io.BytesIO(data))


def slide_texts(slide) -> list[str]:
    """Every text on a slide: text boxes and table cells."""
    texts = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            texts.append(shape.text_frame.text)
        elif shape.has_table:
            texts += [cell.text for row in shape.table.rows for cell in row.cells]
    return texts


def feature_change(atlas, feature_id: str, source_id: str) -> Change:
    """A made-up change of a real feature (names and a real source from the data; the statuses are not claims)."""
    record = atlas.feature(feature_id)
    return Change(record["name_en"], record["name_zh"], record["name_ko"], "a", "b", dt.date(2016, 1, 1), [source_id])


def some_changes(atlas, count: int) -> list[Change]:
    """`count` stand-in changes of the New Yalu River Bridge, citing the first source of its record."""
    source_id = atlas.feature("new-yalu-river-bridge")["source_ids"][0]
    return [feature_change(atlas, "new-yalu-river-bridge", source_id) for _ in range(count)]


@pytest.mark.parametrize(
    "changes, titles",
    [
        (None, ["China–North Korea border", "Headline facts"]),
        (0, ["China–North Korea border", "Headline facts", "Changes from 2012-06-01 to 2016-11-30"]),
        (1, ["China–North Korea border", "Headline facts", "Changes from 2012-06-01 to 2016-11-30"]),
        (
            pack.CHANGE_ROWS_PER_SLIDE + 1,
            [
                "China–North Korea border",
                "Headline facts",
                "Changes from 2012-06-01 to 2016-11-30",
                "Changes from 2012-06-01 to 2016-11-30 (continued)",
            ],
        ),
    ],
)
def test_slides_and_titles_with_and_without_changes(atlas, basemap, changes, titles):
    """Map and headline facts always; the changes slides only when a comparison is set, however many rows."""
    rows = None if changes is None else some_changes(atlas, changes)
    prs = opened(pack.build_pack(atlas, basemap, DANDONG, changes=rows, since=dt.date(2012, 6, 1), dpi=60))
    assert len(prs.slides) == len(titles)
    for slide, title in zip(prs.slides, titles):
        assert title in slide_texts(slide)
    assert prs.slide_width * 9 == prs.slide_height * 16


@pytest.mark.parametrize("feature_id", ["new-yalu-river-bridge", "quanhe-wonjong-new-bridge"])
def test_compared_view_lists_the_real_changes_with_both_scripts(atlas, basemap, feature_id):
    """A view compared with 2012-06-01 gets its changes slide from the change list: the New Yalu River Bridge
    completed and the new Quanhe bridge opened, each in English, Chinese and Korean, as text."""
    view = export.ExportView(since=dt.date(2012, 6, 1))
    prs = opened(pack.build_pack(atlas, basemap, view, dpi=60))
    changes_text = "\n".join(text for slide in list(prs.slides)[2:] for text in slide_texts(slide))
    record = atlas.feature(feature_id)
    for name in (record["name_en"], record["name_zh"], record["name_ko"]):
        assert name in changes_text
    assert "Under construction → Built, not open" in changes_text  # the New Yalu River Bridge, in the legend's words
    assert "under_construction" not in changes_text


def test_compared_map_slide_is_the_two_panel_graphic_with_text_on_both_maps(atlas, basemap):
    """With a compare date the map slide is the before | after graphic: both dates in its title text, and each map's
    labels as text boxes (the New Yalu River Bridge is labelled on both)."""
    view = export.ExportView(area=export.area_by_id("dandong-sinuiju"), since=dt.date(2012, 6, 1))
    texts = slide_texts(opened(pack.build_pack(atlas, basemap, view, dpi=60)).slides[0])
    assert "China–North Korea border, 1 June 2012 → 30 November 2016" in texts
    assert sum(text.startswith("New Yalu River Bridge") for text in texts) == 2


@pytest.fixture(scope="module")
def dandong_pack(atlas, basemap):
    """The pack of the Dandong–Sinuiju view, with one stand-in change."""
    return opened(pack.build_pack(atlas, basemap, DANDONG, changes=some_changes(atlas, 1), since=dt.date(2012, 6, 1)))


def notes_of(slide) -> str:
    """A slide's speaker notes."""
    return slide.notes_slide.notes_text_frame.text


def test_notes_cite_every_source_of_the_map_and_the_date(atlas, dandong_pack):
    """The map slide's notes: as-of date, and title, publisher, URL and access date of each feature's source."""
    notes = notes_of(dandong_pack.slides[0])
    assert "as of 2016-11-30" in notes
    frame = export.view_frame(atlas.layers, DANDONG)
    cited = {sid for ids in frame["source_ids"] for sid in ids}
    assert cited
    for source_id in cited:
        source = atlas.sources[source_id]
        assert source.title in notes and source.publisher in notes and f"accessed {source.accessed}" in notes
        assert source.url is None or source.url in notes


@pytest.mark.parametrize("view", [DANDONG, TUMEN], ids=["dandong", "tumen-2017"])
def test_facts_slide_has_each_headline_with_its_source(atlas, basemap, view):
    """The headline slide holds the side panel's headline facts, each beside its publisher and title; the notes
    cite each source in full with the as-of date."""
    slide = opened(pack.build_pack(atlas, basemap, view, dpi=60)).slides[1]
    text, notes = "\n".join(slide_texts(slide)), notes_of(slide)
    visible = panels.visible_feature_ids(atlas, view.layers, view.as_of)
    rows = summary.summary(atlas, visible, view.as_of).headlines
    assert rows
    assert f"as of {view.as_of.isoformat()}" in notes
    for row in rows:
        assert row.label in text
        for item in row.facts:
            source = atlas.sources[item.fact.source_id]
            assert item.fact.statement in text and source.publisher in text and source.title in text
            assert source.title in notes


@pytest.mark.parametrize("feature_id", ["new-yalu-river-bridge", "dandong-sinuiju-friendship-bridge"])
def test_map_labels_are_text_with_east_asian_fonts(atlas, dandong_pack, feature_id):
    """The crossings' Chinese and Korean names are slide text, each CJK run with its `a:ea` Noto Sans CJK face."""
    record = atlas.feature(feature_id)
    slide = dandong_pack.slides[0]
    assert any(record["name_zh"] in text and record["name_ko"] in text for text in slide_texts(slide))
    runs = [
        run for shape in slide.shapes if shape.has_text_frame for p in shape.text_frame.paragraphs for run in p.runs
    ]
    for name, face in ((record["name_zh"], "Noto Sans CJK SC"), (record["name_ko"], "Noto Sans CJK KR")):
        run = next(run for run in runs if name in run.text)
        assert run._r.rPr.find(qn("a:ea")).get("typeface") == face


def test_map_picture_is_a_16_by_9_slide(dandong_pack):
    """The map is one picture filling the 16:9 slide, 1920×1080 pixels, under the text boxes."""
    slide = dandong_pack.slides[0]
    pictures = [shape for shape in slide.shapes if shape.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert len(pictures) == 1
    picture = pictures[0]
    assert (picture.width, picture.height) == (dandong_pack.slide_width, dandong_pack.slide_height)
    assert Image.open(io.BytesIO(picture.image.blob)).size == (1920, 1080)
    assert slide.shapes[0].shape_type == MSO_SHAPE_TYPE.PICTURE


def test_changes_slide_takes_any_rows_with_the_attributes(atlas):
    """changes_slide works on plain objects: the names in three scripts, the change, date and publishers as text;
    the notes cite the sources in full."""
    prs = Presentation()
    row = feature_change(atlas, "new-yalu-river-bridge", atlas.feature("new-yalu-river-bridge")["source_ids"][0])
    pack.changes_slide(prs, [row], atlas.sources, "Changes")
    text = "\n".join(slide_texts(prs.slides[0]))
    source = atlas.sources[row.source_ids[0]]
    for expected in (row.name_en, row.name_zh, row.name_ko, "a → b", "2016-01-01", source.publisher):
        assert expected in text
    assert source.title in notes_of(prs.slides[0])


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Dandong", [(None, "Dandong")]),
        ("丹东 · 단둥", [("zh", "丹东 · "), ("ko", "단둥")]),
        ("Sinuiju 新義州", [(None, "Sinuiju "), ("zh", "新義州")]),
    ],
)
def test_text_is_cut_into_runs_by_script(text, expected):
    """Latin, Han and Hangul each get runs of their own (spaces and dots stay with the run before)."""
    assert slidetext.segments(text) == expected


def test_east_asian_font_element_sits_in_drawingml_order():
    """`a:ea` comes after `a:latin` and before `a:hlinkClick`, with the run's language set."""
    prs = Presentation()
    box = prs.slides.add_slide(prs.slide_layouts[6]).shapes.add_textbox(0, 0, 100, 100)
    paragraph = box.text_frame.paragraphs[0]
    slidetext.add_runs(paragraph, "신의주")
    run = paragraph.runs[0]
    run.font.name = "DejaVu Sans"
    run.hyperlink.address = "https://example.org/"
    tags = [child.tag.split("}")[1] for child in run._r.rPr]
    assert tags.index("latin") < tags.index("ea") < tags.index("hlinkClick")
    assert run._r.rPr.get("lang") == "ko-KR"


@pytest.mark.parametrize(
    "args, expected_slides",
    [
        (["--area", "dandong-sinuiju"], 2),
        (["--area", "tumen", "--date", "2012-06-01", "--selected", "quanhe-wonjong-new-bridge", "--dpi", "60"], 2),
        (["--area", "dandong-sinuiju", "--since", "2012-06-01", "--dpi", "60"], 3),
    ],
)
def test_cli_writes_the_pack(tmp_path, capsys, args, expected_slides):
    """`export --format pptx` writes a pack that python-pptx opens."""
    out = tmp_path / "pack.pptx"
    assert main(["export", "--format", "pptx", "--output", str(out), *args]) == 0
    assert "wrote" in capsys.readouterr().out
    assert len(opened(out.read_bytes()).slides) == expected_slides


@pytest.mark.parametrize(
    "args, words",
    [
        (["--output", "pack.pdf"], "does not end in .pptx"),
        (["--size", "1920x1080"], "PNG only"),
        (["--since", "2016-11-30"], "is not before --date"),
    ],
)
def test_cli_rejects_what_a_pack_cannot_be(tmp_path, capsys, args, words):
    """A pack with a wrong file name or a pixel size exits 2 naming the argument."""
    assert main(["export", "--format", "pptx", *args]) == 2
    assert words in capsys.readouterr().err


@pytest.mark.parametrize(
    "view, names",
    [
        (DANDONG, ["丹东", "신의주", "新鸭绿江大桥", "조중압록강다리"]),
        (export.ExportView(area=export.area_by_id("rason")), ["圈河", "신두만강대교", "라선"]),
    ],
    ids=["dandong", "rason"],
)
def test_pdf_text_is_searchable_in_chinese_and_korean(atlas, basemap, view, names):
    """The PDF embeds its fonts as text (Type 42 with ToUnicode maps, no Type 3): CJK labels can be found."""
    reader = PdfReader(io.BytesIO(export.export_bytes(atlas, basemap, view, "pdf")))
    text = reader.pages[0].extract_text()
    for name in names:
        assert name in text
    fonts = [font.get_object() for font in reader.pages[0]["/Resources"]["/Font"].values()]
    assert all(font["/Subtype"] == "/Type0" and "/ToUnicode" in font for font in fonts)


def test_truetype_copies_stay_bounded_and_pdfs_stay_searchable(atlas, basemap, monkeypatch):
    """PDFs of ever new text (each title a new character set) keep at most MAX_COPIES TrueType copies: files and
    matplotlib font entries; a PDF made after older copies were dropped still has its CJK as text."""
    from matplotlib import font_manager

    from borderatlas.briefing import truetype

    monkeypatch.setattr(truetype, "MAX_COPIES", 2)
    for title in ("丹东 一", "丹东 二", "丹东 三", "丹东 四"):
        view = export.ExportView(area=export.area_by_id("dandong-sinuiju"), title=title)
        text = PdfReader(io.BytesIO(export.export_bytes(atlas, basemap, view, "pdf"))).pages[0].extract_text()
        assert title in text and "신의주" in text
    assert len(truetype._FAMILIES) <= 2
    assert len(list(truetype._FOLDER[0].glob("border-atlas-cjk-*.ttf"))) == len(truetype._FAMILIES)
    copies = {entry.name for entry in font_manager.fontManager.ttflist if entry.name.startswith("Border Atlas CJK")}
    assert copies == set(truetype._FAMILIES.values())
