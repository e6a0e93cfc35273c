"""Fonts for the graphics: Latin text in DejaVu Sans, Chinese and Korean in Noto Sans CJK (from PyPI, else the system)."""

from __future__ import annotations

import threading
import warnings
from pathlib import Path

from matplotlib import font_manager

SYSTEM_CJK_FONTS = (
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/opentype/noto-cjk/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc"),
)
"""Where Debian and other systems keep Noto Sans CJK, used when the PyPI font package is missing."""
LATIN_FONT = "DejaVu Sans"
_FONT_LOCK = threading.Lock()
_CJK_FAMILY: list[str] = []


def cjk_font_path() -> Path | None:
    """The Noto Sans CJK file: from the noto-cjk-sans-otc package, else the system's, else None."""
    try:
        import noto_cjk_sans_otc

        packaged = Path(str(noto_cjk_sans_otc.FONT_PATH))
        if packaged.exists():
            return packaged
    except ImportError:
        pass
    return next((path for path in SYSTEM_CJK_FONTS if path.exists()), None)


def cjk_font_family() -> str | None:
    """Register the CJK font with matplotlib once and return its family name (Simplified Chinese face first)."""
    with _FONT_LOCK:
        if not _CJK_FAMILY:
            path = cjk_font_path()
            if path is None:
                warnings.warn("No Noto Sans CJK font found: Chinese and Korean labels will not render.", stacklevel=2)
                _CJK_FAMILY.append("")
            else:
                font_manager.fontManager.addfont(str(path))
                names = [
                    entry.name
                    for entry in font_manager.fontManager.ttflist
                    if Path(entry.fname) == path and "Mono" not in entry.name
                ]
                preferred = [name for name in names if name.endswith(" SC")] or names
                _CJK_FAMILY.append(preferred[0] if preferred else "")
        return _CJK_FAMILY[0] or None


def font_rc() -> dict:
    """matplotlib settings: Latin text in DejaVu Sans, Chinese and Korean glyphs from Noto Sans CJK."""
    family = [LATIN_FONT] + ([cjk_font_family()] if cjk_font_family() else [])
    return {"font.family": family, "pdf.fonttype": 3, "svg.fonttype": "none", "axes.unicode_minus": False}
