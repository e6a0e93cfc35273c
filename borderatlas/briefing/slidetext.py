"""Slide text with python-pptx: runs split by script, Chinese and Korean set in Noto Sans CJK through `a:ea`.

PowerPoint and LibreOffice pick the font of East Asian characters from a run's `a:ea` typeface, not `a:latin`
(which python-pptx's `font.name` sets), so each run of Han or Hangul gets an `a:ea` element and its language.
"""

from __future__ import annotations

from pptx.dml.color import RGBColor
from pptx.oxml.ns import qn
from pptx.oxml.xmlchemy import OxmlElement
from pptx.util import Pt

EAST_ASIAN = {"zh": ("Noto Sans CJK SC", "zh-CN"), "ko": ("Noto Sans CJK KR", "ko-KR")}
"""Script → (East Asian typeface, language tag) of its runs."""
RPR_AFTER_EA = ("a:cs", "a:sym", "a:hlinkClick", "a:hlinkMouseOver", "a:rtl", "a:extLst")
"""The elements a run's `a:ea` must come before (DrawingML's order)."""


def script_of(char: str) -> str | None:
    """ "ko" for Hangul, "zh" for Han and CJK punctuation, None for anything else (Latin, digits, spaces)."""
    code = ord(char)
    if 0xAC00 <= code <= 0xD7AF or 0x1100 <= code <= 0x11FF or 0x3130 <= code <= 0x318F:
        return "ko"
    if 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF or 0x3000 <= code <= 0x303F:
        return "zh"
    if 0xFF00 <= code <= 0xFFEF:
        return "zh"
    return None


def segments(text: str) -> list[tuple[str | None, str]]:
    """The text cut where its script changes (spaces and punctuation stay with the run before them)."""
    parts: list[tuple[str | None, str]] = []
    for char in text:
        script = script_of(char)
        if parts and (script == parts[-1][0] or (script is None and not char.isalnum())):
            parts[-1] = (parts[-1][0], parts[-1][1] + char)
        else:
            parts.append((script, char))
    return parts


def set_east_asian(run, script: str) -> None:
    """Give a run the East Asian typeface and language of its script."""
    typeface, lang = EAST_ASIAN[script]
    rpr = run._r.get_or_add_rPr()
    rpr.set("lang", lang)
    rpr.set("altLang", "en-US")
    for old in rpr.findall(qn("a:ea")):
        rpr.remove(old)
    ea = OxmlElement("a:ea")
    ea.set("typeface", typeface)
    rpr.insert_element_before(ea, *RPR_AFTER_EA)


def add_runs(
    paragraph,
    text: str,
    size: float | None = None,
    bold: bool = False,
    italic: bool = False,
    colour: str | None = None,
) -> None:
    """Append text to a paragraph as plain runs, one per script, each CJK run in its East Asian font."""
    for script, part in segments(text):
        run = paragraph.add_run()
        run.text = part
        font = run.font
        if size:
            font.size = Pt(size)
        font.bold = bold or None
        font.italic = italic or None
        if colour:
            font.color.rgb = RGBColor.from_string(colour.lstrip("#").upper()[:6])
        if script:
            set_east_asian(run, script)


def write_lines(text_frame, lines: list[str], size: float, **style) -> None:
    """Fill a text frame with one paragraph per line, in the given size and style."""
    text_frame.clear()
    for index, line in enumerate(lines):
        paragraph = text_frame.paragraphs[0] if index == 0 else text_frame.add_paragraph()
        add_runs(paragraph, line, size, **style)
