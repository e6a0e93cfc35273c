"""What an exported slide shows besides the map, with no matplotlib and no folium: its legend rows (chosen, or
those of what is in view, plus the overlay's row) and its numbered notes with where each one points."""

from __future__ import annotations

from dataclasses import dataclass

from borderatlas import styles
from borderatlas.data import Atlas
from borderatlas.legend import LegendEntry, change_entry, dot_swatch
from borderatlas.slide import OVERLAY_SECTION, SELECTION_ENTRY, Note, SlideOverlay, choosable_entries, legend_key
from borderatlas.views import ExportView, legend_in_view, selected_in_view


def overlay_entry(overlay: SlideOverlay) -> LegendEntry:
    """The overlay's own legend row: its file name beside a dot in the overlay's colour."""
    return LegendEntry(OVERLAY_SECTION, overlay.name, dot_swatch(styles.OVERLAY_COLOUR))


def in_view_keys(atlas: Atlas, view: ExportView) -> tuple[str, ...]:
    """The keys of the legend rows of what the view shows (the default choice), the selection ring's when shown."""
    entries = legend_in_view(atlas, view)
    if selected_in_view(atlas, view) is not None:
        entries.append(SELECTION_ENTRY)
    return tuple(legend_key(entry) for entry in entries)


def export_legend(atlas: Atlas, view: ExportView) -> list[LegendEntry]:
    """The slide's legend rows in the web legend's order: those chosen (or of what is in view), the selection ring
    only when a selection is drawn, then the overlay's row when the overlay is included, and the changes row when
    compared."""
    chosen = set(view.legend if view.legend is not None else in_view_keys(atlas, view))
    selection_shown = selected_in_view(atlas, view) is not None
    entries = [
        entry
        for entry in choosable_entries(view.layers)
        if legend_key(entry) in chosen and (entry != SELECTION_ENTRY or selection_shown)
    ]
    entries += [overlay_entry(view.overlay)] if view.overlay is not None else []
    return entries + ([change_entry(view.since)] if view.since is not None else [])


@dataclass(frozen=True)
class NotePlace:
    """A numbered note, the name of its feature, and the point its marker is drawn at (None: no such feature)."""

    number: int
    note: Note
    name: str
    lon: float | None = None
    lat: float | None = None

    @property
    def line(self) -> str:
        """The note as the notes box prints it: "1. New Yalu River Bridge: built 2014, not open"."""
        return f"{self.number}. {self.name}: {self.note.text}"


def note_places(atlas: Atlas, view: ExportView) -> list[NotePlace]:
    """The view's notes numbered from 1, each with its feature's English name and representative point."""
    places = []
    for number, note in enumerate(view.notes, start=1):
        record = atlas.feature(note.feature_id)
        if record is None:
            places.append(NotePlace(number, note, note.feature_id))
            continue
        point = record["geometry"].representative_point()
        places.append(NotePlace(number, note, str(record.get("name_en") or note.feature_id), point.x, point.y))
    return places


def notes_metadata(view: ExportView) -> str:
    """The notes as one line per note, "<feature id>~<text>", for the PNG's "Border Atlas notes" text."""
    return "\n".join(f"{note.feature_id}~{note.text}" for note in view.notes)
