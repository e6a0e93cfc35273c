"""Searchable Chinese and Korean in PDFs: a TrueType-outline copy of the CJK glyphs a figure uses.

Noto Sans CJK has CFF (PostScript) outlines. matplotlib's Type 42 embedding writes every font as a TrueType font
file, and a CFF font in that slot is invalid (poppler: "Mismatch between font type and embedded font file"), so the
PDF used to draw Chinese and Korean as Type 3 outlines that could not be searched or selected. Here fontTools (a
matplotlib dependency) cuts the font down to the characters of one figure and turns its cubic outlines into
quadratic ones; the copy is registered with matplotlib under a family name of its own, the figure's texts are set
in it, and the PDF embeds it as a CID TrueType font with a ToUnicode map.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import tempfile
import threading
import warnings
from collections import OrderedDict
from collections.abc import Iterator
from pathlib import Path

from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.text import Text

from borderatlas.briefing.fonts import cjk_font_family

_LOCK = threading.Lock()
_FAMILIES: OrderedDict[str, str] = OrderedDict()
_FOLDER: list[Path] = []
MAX_COPIES = 32
"""TrueType copies kept at once (each a file and a matplotlib font entry); the least recently used goes first, so a
long-running server exporting PDFs of ever new text does not pile them up."""
MAXP_ZEROES = (
    "maxTwilightPoints",
    "maxStorage",
    "maxFunctionDefs",
    "maxInstructionDefs",
    "maxStackElements",
    "maxSizeOfInstructions",
    "maxComponentElements",
    "maxComponentDepth",
)
"""The TrueType maxp fields a font without hinting instructions leaves at zero (the rest are recounted on save)."""


def quadratic_outlines(font) -> None:
    """Replace a font's CFF table by TrueType glyf outlines (cubic curves approximated within one font unit)."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyphs[name] = pen.glyph()
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder, glyf.glyphs = order, glyphs
    for glyph in glyphs.values():
        glyph.recalcBounds(glyf)
    font["loca"] = newTable("loca")
    for table in ("CFF ", "VORG"):
        if table in font:
            del font[table]
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion, maxp.numGlyphs, maxp.maxZones = 0x00010000, len(order), 1
    for field in MAXP_ZEROES:
        setattr(maxp, field, 0)
    font["head"].glyphDataFormat = 0
    post = font["post"]
    post.formatType, post.extraNames, post.mapping = 2.0, [], {}
    font.sfntVersion, font.recalcBBoxes = "\x00\x01\x00\x00", True


def renamed(font, family: str) -> None:
    """Give a font a family, full and PostScript name of its own, so matplotlib finds exactly this copy (its
    weight and style stay those of the face it was cut from)."""
    for record in font["name"].names:
        if record.nameID in (1, 4, 16):
            record.string = family
        elif record.nameID == 6:
            record.string = family.replace(" ", "")


def truetype_subset(path: str, index: int, text: str, new_family: str) -> bytes:
    """Face `index` of a font file, cut to the characters of `text`, with TrueType outlines and a new name."""
    from fontTools import subset

    options = subset.Options()
    options.font_number = index
    options.name_IDs = ["*"]
    options.notdef_outline = True
    font = subset.load_font(path, options)
    subsetter = subset.Subsetter(options=options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    if "CFF " in font:
        quadratic_outlines(font)
    renamed(font, new_family)
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue()


def subset_family(face: font_manager.FontPath, text: str) -> str:
    """The matplotlib family of a TrueType copy of one CJK face that covers `text` (made once per face and
    character set)."""
    chars = "".join(sorted(set(text)))
    key = hashlib.sha1(f"{face.path}|{face.face_index}|{chars}".encode()).hexdigest()[:12]
    with _LOCK:
        if key not in _FAMILIES:
            if not _FOLDER:
                _FOLDER.append(Path(tempfile.mkdtemp(prefix="borderatlas-fonts-")))
            new_family = f"Border Atlas CJK {key}"
            target = copy_path(key)
            target.write_bytes(truetype_subset(str(face.path), face.face_index, chars, new_family))
            font_manager.fontManager.addfont(str(target))
            _FAMILIES[key] = new_family
            while len(_FAMILIES) > MAX_COPIES:
                forget_copy(*_FAMILIES.popitem(last=False))
        _FAMILIES.move_to_end(key)
        return _FAMILIES[key]


def copy_path(key: str) -> Path:
    """Where the TrueType copy with this key is written."""
    return _FOLDER[0] / f"border-atlas-cjk-{key}.ttf"


def forget_copy(key: str, family: str) -> None:
    """Drop one TrueType copy: its matplotlib font entry, its cached lookups and its file."""
    manager = font_manager.fontManager
    manager.ttflist = [entry for entry in manager.ttflist if entry.name != family]
    cached = getattr(font_manager, "_findfont_cached", None) or getattr(manager, "_findfont_cached", None)
    if cached is not None and hasattr(cached, "cache_clear"):
        cached.cache_clear()
    copy_path(key).unlink(missing_ok=True)


def cjk_face(text: Text, family: str) -> font_manager.FontPath:
    """The CJK face matplotlib sets a text's Chinese and Korean in (its weight and style: Bold for a bold title)."""
    prop = text.get_fontproperties().copy()
    prop.set_family([family])
    return font_manager.findfont(prop)


def texts_by_face(figure: Figure, family: str) -> dict[font_manager.FontPath, list[Text]]:
    """The figure's texts that fall back on the CJK family, grouped by the CJK face each uses."""
    groups: dict[font_manager.FontPath, list[Text]] = {}
    for text in figure.findobj(Text):
        if text.get_text() and family in text.get_fontfamily():
            groups.setdefault(cjk_face(text, family), []).append(text)
    return groups


def swapped_families(figure: Figure, cjk: str) -> list[tuple[Text, list[str], list[str]]]:
    """For each text that uses the CJK family: its families now, and with the CJK family replaced by a TrueType
    copy of the glyphs it uses."""
    swaps = []
    for face, texts in texts_by_face(figure, cjk).items():
        copy = subset_family(face, "".join(text.get_text() for text in texts))
        swaps += [(t, t.get_fontfamily(), [copy if n == cjk else n for n in t.get_fontfamily()]) for t in texts]
    return swaps


@contextlib.contextmanager
def searchable_text(figure: Figure) -> Iterator[dict]:
    """While saving a PDF: the figure's texts set in TrueType copies of the CJK glyphs they use, and the rc setting
    that embeds fonts as Type 42 (real text); if a copy cannot be made, Type 3 outlines as before."""
    cjk = cjk_font_family()
    try:
        swaps = swapped_families(figure, cjk) if cjk else []
    except Exception as error:  # a font fontTools cannot convert: keep outlines rather than fail the export
        warnings.warn(f"PDF text stays as outlines: {error}", stacklevel=2)
        yield {}
        return
    for text, _, families in swaps:
        text.set_fontfamily(families)
    try:
        yield {"pdf.fonttype": 42}
    finally:
        for text, families, _ in swaps:
            text.set_fontfamily(families)
