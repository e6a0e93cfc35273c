"""The briefing pack: a PowerPoint file of a view (python-pptx), every word on it editable slide text.

Slides: the map (the PNG export as a 16:9 picture, its title, subtitle, place labels, source line and disclaimer
as text boxes over it), the headline facts the side panel shows for the view's date and layers, each with its
source, and, when a comparison date is set, the changes since then. Each slide's speaker notes hold the full
citations of what it shows and the as-of date.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable

import geopandas as gpd
from matplotlib.colors import to_hex
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.oxml.xmlchemy import OxmlElement
from pptx.util import Emu, Inches, Pt

from borderatlas import citations, panels, summary
from borderatlas.briefing.labels import HALO_GID, LABEL_GID
from borderatlas.briefing.render import disclaimer_text, render, save
from borderatlas.briefing.slidetext import write_lines
from borderatlas.changes import changes_between, changes_in_area
from borderatlas.data import Atlas
from borderatlas.layers import MAP_LAYER_IDS, layer_by_id
from borderatlas.registry import BASEMAP
from borderatlas.views import ExportView, export_subtitle, export_title, format_by_id, source_line, view_frame

MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
SLIDE_W, SLIDE_H = Emu(12192000), Emu(6858000)
"""A 16:9 slide, PowerPoint's widescreen size (13.333 × 7.5 in)."""
CHANGE_ROWS_PER_SLIDE = 8
"""How many changes one slide lists before the next continues."""
SOURCES_PER_CHANGE = 2
"""Publishers named in a change's row; the speaker notes cite every source in full."""
LABEL_OPACITY = 0.7
"""How opaque the white ground under a map label is."""
ALIGN = {"left": PP_ALIGN.LEFT, "center": PP_ALIGN.CENTER, "right": PP_ALIGN.RIGHT}


def text_box(slide, left, top, width, height, lines: list[str], size: float, wrap: bool = True, **style):
    """A text box of plain lines with no inner margins, so it sits where the graphic had the text."""
    box = slide.shapes.add_textbox(Emu(int(left)), Emu(int(top)), Emu(int(width)), Emu(int(height)))
    frame = box.text_frame
    frame.word_wrap = wrap
    frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = 0
    write_lines(frame, lines, size, **style)
    return box


def set_notes(slide, as_of: dt.date, heading: str, source_ids: Iterable[str], sources: dict) -> None:
    """Speaker notes: the as-of date, then the full citation of every source the slide cites, one a line."""
    ids = sorted(dict.fromkeys(sid for sid in source_ids if sid))
    lines = [f"Map and data as of {as_of.isoformat()}.", heading]
    lines += [f"- {citations.cite(sources, sid, 'notes').text}" for sid in ids] or ["- (no source cited)"]
    slide.notes_slide.notes_text_frame.text = "\n".join(lines)


def slide_heading(prs, title: str, subtitle: str):
    """A blank slide with a title and a subtitle line as text boxes."""
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    text_box(slide, Inches(0.4), Inches(0.3), SLIDE_W - Inches(0.8), Inches(0.6), [title], 26, bold=True)
    text_box(slide, Inches(0.4), Inches(0.9), SLIDE_W - Inches(0.8), Inches(0.4), [subtitle], 13, colour="#444444")
    return slide


def translucent_white(shape, opacity: float = LABEL_OPACITY) -> None:
    """Fill a shape white at some opacity (python-pptx has no transparency setting: DrawingML's `a:alpha`)."""
    shape.fill.solid()
    shape.fill.fore_color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    colour = shape.fill._xPr.find(qn("a:solidFill")).find(qn("a:srgbClr"))
    alpha = OxmlElement("a:alpha")
    alpha.set("val", str(int(opacity * 100000)))
    colour.append(alpha)


def label_boxes(slide, rendered, scale: float) -> None:
    """The map's place labels as text boxes where the graphic drew them, on a translucent white ground instead of
    the graphic's white outline (an outline drawn in the picture would not match the viewer's fonts)."""
    texts = [text for ax in rendered.figure.axes for text in ax.texts]  # both maps of a before | after graphic
    for halo in (text for text in texts if text.get_gid() == HALO_GID):
        halo.set_visible(False)
    renderer = rendered.figure.canvas.get_renderer()
    height_pt = rendered.figure.get_size_inches()[1] * 72
    for label in [text for text in texts if text.get_gid() == LABEL_GID]:
        extent = label.get_window_extent(renderer)
        size = label.get_fontsize() * scale
        box = text_box(
            slide,
            Pt(extent.x0 * scale),
            Pt((height_pt - extent.y1) * scale),
            Pt(extent.width * scale + size),
            Pt(extent.height * scale),
            label.get_text().split("\n"),
            size,
            wrap=False,
            bold=label.get_fontweight() in ("bold", "semibold", "heavy", 600, 700, 800, 900),
            italic=label.get_fontstyle() == "italic",
            colour=to_hex(label.get_color()),
        )
        translucent_white(box)
        box.text_frame.vertical_anchor = MSO_ANCHOR.TOP
        box.text_frame.auto_size = None
        for paragraph in box.text_frame.paragraphs:
            paragraph.alignment = ALIGN.get(label.get_horizontalalignment(), PP_ALIGN.LEFT)
            paragraph.line_spacing = Pt(size * label.get_linespacing() * 1.17)
        if label.get_horizontalalignment() == "right":
            box.left = Emu(int(box.left - Pt(size)))
        label.set_visible(False)


def send_to_back(slide, shape) -> None:
    """Put a shape under every other shape on its slide (first in the shape tree after its two property
    elements)."""
    tree = slide.shapes._spTree
    tree.remove(shape._element)
    tree.insert(2, shape._element)


def map_slide(prs, atlas: Atlas, basemap: dict[str, gpd.GeoDataFrame], view: ExportView, dpi=None) -> None:
    """The map: the PNG graphic (one map, or before | after when compared) as a full-slide 16:9 picture, its title,
    subtitle, source line, disclaimer and place labels as text boxes where the graphic drew them."""
    fmt = format_by_id("png")
    rendered = render(atlas, basemap, view, fmt, dpi=dpi)
    layout, scale = fmt.layout, SLIDE_W / Inches(fmt.size_in[0])
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    label_boxes(slide, rendered, scale)
    features = view_frame(atlas.layers, view)
    drawn = {text.get_text(): text for text in rendered.figure.texts}
    left, width = layout.map_box[0] * SLIDE_W, (0.985 - layout.map_box[0]) * SLIDE_W
    parts = (
        (export_title(atlas, view), layout.title_y, layout.title_size, 1.3, {"bold": True}),
        (export_subtitle(view), layout.subtitle_y, layout.title_size * 0.62, 1.6, {"colour": "#333333"}),
        (source_line(atlas, features, view), layout.source_y, layout.text_size * 0.9, 4.0, {"colour": "#222222"}),
    )
    for line, y, size, lines_high, style in parts:
        artist = drawn.get(line)
        y, size = (artist.get_position()[1], artist.get_fontsize()) if artist is not None else (y, size)
        if artist is not None:
            artist.set_visible(False)
        text_box(slide, left, (1 - y) * SLIDE_H, width, Pt(size * scale * lines_high), [line], size * scale, **style)
    disclaimer = drawn.get(disclaimer_text())
    if disclaimer is not None:
        disclaimer.set_visible(False)
    small = layout.text_size * scale
    bottom = (1 - (disclaimer.get_position()[1] if disclaimer else layout.disclaimer_y)) * SLIDE_H - Pt(small * 1.3)
    text_box(slide, left, bottom, width, Pt(small * 1.3), [disclaimer_text()], small, italic=True, colour="#444444")
    picture = slide.shapes.add_picture(io.BytesIO(save(rendered, fmt)), 0, 0, width=SLIDE_W, height=SLIDE_H)
    send_to_back(slide, picture)
    cited = [sid for ids in features.get("source_ids", []) if isinstance(ids, list) for sid in ids]
    basemap_ids = [sid for spec in BASEMAP for sid in spec.source_ids]
    set_notes(slide, view.as_of, "Sources of the features and basemap shown:", cited + basemap_ids, atlas.sources)


def table(slide, top, columns: list[tuple[str, float]], rows: list[list[str]], size: float = 9.5):
    """A table of plain text cells under a heading row; column widths in inches."""
    width = sum(inches for _, inches in columns)
    shape = slide.shapes.add_table(len(rows) + 1, len(columns), Inches(0.4), top, Inches(width), Inches(0.4))
    grid = shape.table
    for index, (heading, inches) in enumerate(columns):
        grid.columns[index].width = Inches(inches)
        write_lines(grid.cell(0, index).text_frame, [heading], size, bold=True)
    for r, row in enumerate(rows, start=1):
        grid.rows[r].height = Inches(0.3)
        for c, value in enumerate(row):
            write_lines(grid.cell(r, c).text_frame, value.split("\n"), size)
    return grid


def source_cell(sources: dict, source_id: str, when: str | None) -> str:
    """Publisher, “Title”, date: who reported a figure, as a table cell."""
    source = sources.get(source_id)
    if source is None:
        return f"Unknown source {source_id}"
    return f"{source.publisher}, “{source.title}”, {when or source.published or 'undated'}"


def facts_slide(prs, atlas: Atlas, view: ExportView) -> None:
    """The headline facts the side panel shows for the view's date and layers, each with its source."""
    visible = panels.visible_feature_ids(atlas, view.layers, view.as_of)
    rows = summary.summary(atlas, visible, view.as_of).headlines
    shown = ", ".join(layer_by_id(layer).title for layer in view.layers) or "none"
    slide = slide_heading(
        prs,
        "Headline facts",
        f"Reported by {view.as_of.isoformat()} about the layers shown ({shown}), each with its source",
    )
    cells = [
        [
            row.label if index == 0 else "",
            item.short_value_text or "—",
            item.fact.statement,
            source_cell(atlas.sources, item.fact.source_id, item.fact.reported),
        ]
        for row in rows
        for index, item in enumerate(row.facts)
    ]
    if cells:
        table(slide, Inches(1.45), [("Headline", 2.2), ("Figure", 1.6), ("Reported", 5.3), ("Source", 3.43)], cells)
    else:
        text_box(slide, Inches(0.4), Inches(1.6), Inches(10), Inches(0.5), ["No headline fact yet."], 14)
    cited = [item.fact.source_id for row in rows for item in row.facts]
    set_notes(slide, view.as_of, "Sources of the headline facts:", cited, atlas.sources)


def change_cells(row, sources: dict) -> list[str]:
    """One change as table cells: the place in three scripts, what changed, when, who says so."""
    names = "\n".join(name for name in (row.name_en, " · ".join(n for n in (row.name_zh, row.name_ko) if n)) if name)
    layer = layer_by_id(row.layer) if getattr(row, "layer", None) in MAP_LAYER_IDS else None
    words = layer.status_text if layer else (lambda status: status or "—")
    change = f"{words(row.old_status)} → {words(row.new_status)}"
    publishers = dict.fromkeys(
        sources[sid].publisher if sid in sources else f"Unknown source {sid}" for sid in row.source_ids
    )
    named = list(publishers)[:SOURCES_PER_CHANGE]
    more = len(publishers) - len(named)
    cited = "; ".join(named) + (f"; and {more} more (in the notes)" if more else "")
    return [names, f"{change}\n({row.kind})" if row.kind else change, str(row.date), cited]


def changes_slide(prs, rows: list, sources: dict | None = None, heading: str = "Changes", as_of=None) -> None:
    """The changes between two dates (any objects with name_en, name_zh, name_ko, old_status, new_status, date,
    source_ids and kind), on as many slides as they need; each slide's notes cite its rows' sources."""
    sources = sources or {}
    pages = [rows[start : start + CHANGE_ROWS_PER_SLIDE] for start in range(0, len(rows), CHANGE_ROWS_PER_SLIDE)]
    for number, page in enumerate(pages or [[]]):
        title = heading if number == 0 else f"{heading} (continued)"
        slide = slide_heading(prs, title, f"{len(rows)} recorded change(s): status on the earlier date → later")
        if page:
            columns = [("Place", 4.3), ("Change", 3.6), ("Date", 1.5), ("Sources", 3.13)]
            table(slide, Inches(1.45), columns, [change_cells(row, sources) for row in page])
        else:
            text_box(slide, Inches(0.4), Inches(1.6), Inches(10), Inches(0.5), ["No recorded change."], 14)
        note_date = as_of or max((row.date for row in page), default=dt.date.today())
        set_notes(slide, note_date, "Sources of these changes:", [s for row in page for s in row.source_ids], sources)


def build_pack(
    atlas: Atlas,
    basemap: dict[str, gpd.GeoDataFrame],
    view: ExportView,
    changes: list | None = None,
    since: dt.date | None = None,
    dpi: float | None = None,
) -> bytes:
    """The briefing pack of a view as .pptx bytes: map, headline facts, and the changes when given or when the view
    is compared with an earlier date (the map slide is then the before | after graphic the PNG export makes)."""
    since = since or view.since
    if changes is None and view.since is not None:
        found = changes_between(atlas, view.since, view.as_of, view.layers)
        changes = changes_in_area(atlas, found, view.area.bbox)
    prs = Presentation()
    prs.slide_width, prs.slide_height = SLIDE_W, SLIDE_H
    prs.core_properties.title = export_title(atlas, view)
    prs.core_properties.subject = export_subtitle(view)
    map_slide(prs, atlas, basemap, view, dpi=dpi)
    facts_slide(prs, atlas, view)
    if changes is not None:
        heading = f"Changes from {since.isoformat()} to {view.as_of.isoformat()}" if since else "Changes"
        changes_slide(prs, changes, atlas.sources, heading, as_of=view.as_of)
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()
