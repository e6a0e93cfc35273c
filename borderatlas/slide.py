"""The editable slide in the link: a title, a subtitle, numbered notes tied to features, the legend rows chosen and
whether the user's overlay is included. Cleaning and limits, and reading and writing their query parameters."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from borderatlas import legend
from borderatlas.layers import MAP_LAYER_IDS

MAX_TITLE_CHARS = 120
MAX_SUBTITLE_CHARS = 160
MAX_NOTES = 5
MAX_NOTE_CHARS = 140
NOTE_PARAMS = tuple(f"note{number}" for number in range(1, MAX_NOTES + 1))
"""One query parameter per note, `note1` … `note5`, each `<feature id>~<text>` (the id never holds a "~")."""
NOTE_SEPARATOR = "~"
NOTE_PARAM_RE = re.compile(r"note(\d+)")
LEGEND_KEY_CHARS = 28
SELECTION_ENTRY = legend.LegendEntry("Selection", "Selected feature", "")
"""The selection ring's row (drawn only when a feature is selected in the view)."""
OVERLAY_SECTION = "Your overlay"
BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")


@dataclass(frozen=True)
class Note:
    """A short note tied to a feature, drawn as a numbered marker at the feature and as a numbered line in a box."""

    feature_id: str
    text: str


@dataclass(frozen=True)
class SlideOverlay:
    """The user's overlay as an export draws it: a key telling overlays apart, its name, and the data itself (the
    data is not compared, so an ExportView holding it stays hashable)."""

    key: str
    name: str
    overlay: object = field(compare=False, repr=False)
    payload: object = field(default=None, compare=False, repr=False)
    """The web map's built payload for this overlay, reused by the HTML download."""


def clean_text(text: str) -> str:
    """User text on one line: control, separator and bidi-override characters dropped, whitespace runs made one
    space, ends trimmed."""
    kept = []
    for char in text:
        category = unicodedata.category(char)
        if char in "\t\n\r\v\f" or category in ("Zl", "Zp"):
            kept.append(" ")
        elif category not in ("Cc", "Cs", "Co", "Cn") and char not in BIDI_CONTROLS:
            kept.append(char)
    return re.sub(r"\s+", " ", "".join(kept)).strip()


def limited(text: str, limit: int) -> tuple[str, bool]:
    """Cleaned text cut to at most `limit` characters (ending in "…" when cut), and whether it was cut."""
    text = clean_text(text)
    if len(text) <= limit:
        return text, False
    return text[: limit - 1].rstrip() + "…", True


def slug(text: str) -> str:
    """Lower-case letters and digits joined by single hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def legend_key(entry: legend.LegendEntry) -> str:
    """A legend row's short, stable key for links: "crossings-status.open"."""
    return f"{slug(entry.section)}.{slug(entry.label)[:LEGEND_KEY_CHARS].strip('-')}"


def choosable_entries(layers: tuple[str, ...] | list[str]) -> list[legend.LegendEntry]:
    """The legend rows a slide can show for these layers: the web legend's, then the selection ring's."""
    return [*legend.legend_entries(layers), SELECTION_ENTRY]


LEGEND_KEYS = tuple(legend_key(entry) for entry in choosable_entries(MAP_LAYER_IDS))


def note_value(note: Note) -> str:
    """A note as its query value."""
    return f"{note.feature_id}{NOTE_SEPARATOR}{note.text}"


def added_note(notes: tuple[Note, ...], feature_id: str | None, text: str) -> tuple[tuple[Note, ...], str | None]:
    """The notes with one more (cleaned and cut), or unchanged with the reason."""
    text, cut = limited(text or "", MAX_NOTE_CHARS)
    if len(notes) >= MAX_NOTES:
        return notes, f"At most {MAX_NOTES} notes: remove one first."
    if not feature_id:
        return notes, "Choose the feature the note is about."
    if not text:
        return notes, "Write the note's text first."
    return (*notes, Note(feature_id, text)), (f"The note was cut to {MAX_NOTE_CHARS} characters." if cut else None)
