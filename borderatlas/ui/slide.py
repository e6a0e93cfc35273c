""" "Export this view" → "Edit the slide": title, subtitle, notes on features, legend rows and the user's overlay,
all kept in the view (so in the link) and applied to the exported graphics and HTML map."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from borderatlas import slide, slideview, urlstate, views
from borderatlas.ui.cache import cached_atlas
from borderatlas.ui.markdown import escape_md
from borderatlas.ui.overlay import OVERLAY_DRAWN_KEY
from borderatlas.ui.state import set_view, view

EDIT_KEY = "ba_slide_edit"
TITLE_KEY, SUBTITLE_KEY = "ba_slide_title", "ba_slide_subtitle"
NOTE_FEATURE_KEY, NOTE_TEXT_KEY = "ba_slide_note_feature", "ba_slide_note_text"
LEGEND_KEY = "ba_slide_legend"
OVERLAY_CHOICE_KEY = "ba_slide_overlay"
MESSAGE_KEY = "ba_slide_message"
OVERLAY_LINK_NOTE = (
    "The link records that your overlay is included, not the file: a colleague opening it must upload the same "
    "file under *Overlay your data*."
)


def drawn_overlay() -> slide.SlideOverlay | None:
    """This session's overlay as the map draws it (date filter applied), ready for an export; None without one."""
    drawn = st.session_state.get(OVERLAY_DRAWN_KEY)
    if drawn is None or not len(drawn[1]):
        return None
    key, shown, payload = drawn
    return slide.SlideOverlay(payload.digest or repr(key), shown.name, shown, payload)


def with_slide(state: urlstate.ViewState, view_: views.ExportView) -> views.ExportView:
    """The export view with this session's slide choices: title, subtitle, notes, legend rows and the overlay."""
    overlay = drawn_overlay() if state.overlay_in_export else None
    return replace(
        view_, title=state.title, subtitle=state.subtitle, notes=state.notes, legend=state.legend, overlay=overlay
    )


def has_choices(state: urlstate.ViewState) -> bool:
    """Whether the view carries any slide choice (then the editor opens by itself)."""
    return bool(state.title or state.subtitle or state.notes or state.legend is not None or state.overlay_in_export)


def on_text_change(key: str, field: str, limit: int) -> None:
    """Widget callback: the title or subtitle was edited (Enter or leaving the box); empty goes back to the computed."""
    text, cut = slide.limited(st.session_state.get(key) or "", limit)
    set_view(**{field: text or None})
    st.session_state[MESSAGE_KEY] = f"Cut to {limit} characters." if cut else None


def on_add_note() -> None:
    """Form callback: "Add note" was pressed."""
    notes, message = slide.added_note(
        view().notes, st.session_state.get(NOTE_FEATURE_KEY), st.session_state.get(NOTE_TEXT_KEY) or ""
    )
    set_view(notes=notes)
    st.session_state[MESSAGE_KEY] = message


def on_remove_note(index: int) -> None:
    """Button callback: remove one note (the others are numbered again)."""
    notes = view().notes
    set_view(notes=notes[:index] + notes[index + 1 :])


def on_legend_change(in_view: tuple[str, ...]) -> None:
    """Widget callback: the legend rows chosen; the rows of what is in view are the default (left out of the link)."""
    chosen = tuple(st.session_state.get(LEGEND_KEY) or ())
    set_view(legend=None if set(chosen) == set(in_view) else chosen)


def on_overlay_choice() -> None:
    """Widget callback: "Include my overlay" switched."""
    set_view(overlay_in_export=bool(st.session_state.get(OVERLAY_CHOICE_KEY)))


def draw_slide_editor(state: urlstate.ViewState, view_: views.ExportView) -> None:
    """A switch, then (when on) the title and subtitle boxes, the notes, the legend rows and the overlay choice."""
    st.session_state.setdefault(EDIT_KEY, has_choices(state))
    if not st.toggle("Edit the slide: title, notes, legend", key=EDIT_KEY):
        return
    with st.container(key="ba_slide_editor"):
        atlas = cached_atlas()
        plain = replace(view_, title=None, subtitle=None)
        st.session_state[TITLE_KEY], st.session_state[SUBTITLE_KEY] = state.title or "", state.subtitle or ""
        left, right = st.columns(2)
        for column, key, field, limit, label, placeholder in (
            (left, TITLE_KEY, "title", slide.MAX_TITLE_CHARS, "Title", views.export_title(atlas, plain)),
            (right, SUBTITLE_KEY, "subtitle", slide.MAX_SUBTITLE_CHARS, "Subtitle", views.export_subtitle(plain)),
        ):
            column.text_input(
                label,
                key=key,
                max_chars=limit,
                placeholder=placeholder,
                on_change=on_text_change,
                args=(key, field, limit),
                help="Press Enter to apply; leave empty for the title the atlas gives.",
            )
        draw_notes_editor(state, view_)
        draw_legend_choice(state, view_)
        draw_overlay_choice(state)
        if message := st.session_state.pop(MESSAGE_KEY, None):
            st.caption(escape_md(message))


def draw_notes_editor(state: urlstate.ViewState, view_: views.ExportView) -> None:
    """The notes, each removable, and a small form adding one on a feature in view."""
    atlas = cached_atlas()
    for place in slideview.note_places(atlas, replace(view_, notes=state.notes)):
        text_column, button_column = st.columns([5, 1], vertical_alignment="center")
        text_column.markdown(escape_md(place.line))
        button_column.button(
            "Remove", key=f"ba_slide_note_remove_{place.number}", on_click=on_remove_note, args=(place.number - 1,)
        )
    if len(state.notes) >= slide.MAX_NOTES:
        st.caption(f"{slide.MAX_NOTES} notes, the most a slide takes.")
        return
    shown = views.view_frame(atlas.layers, replace(view_, notes=()))
    names = dict(sorted(zip(shown["id"], shown["name_en"]), key=lambda pair: str(pair[1]))) if len(shown) else {}
    with st.form("ba_slide_note_form", clear_on_submit=True, border=False):
        feature_column, text_column = st.columns([2, 3])
        feature_column.selectbox(
            "Note on",
            options=list(names),
            format_func=names.get,
            index=None,
            key=NOTE_FEATURE_KEY,
            placeholder="A feature in view",
        )
        text_column.text_input(
            f"Note (up to {slide.MAX_NOTE_CHARS} characters)", key=NOTE_TEXT_KEY, max_chars=slide.MAX_NOTE_CHARS
        )
        st.form_submit_button("Add note", on_click=on_add_note)


def legend_label(entry) -> str:
    """A legend row as the picker names it."""
    return f"{entry.section} · {entry.label}"


def draw_legend_choice(state: urlstate.ViewState, view_: views.ExportView) -> None:
    """The legend rows to show, the rows of what is in view chosen at first."""
    atlas = cached_atlas()
    labels = {slide.legend_key(entry): legend_label(entry) for entry in slide.choosable_entries(view_.layers)}
    in_view = slideview.in_view_keys(atlas, replace(view_, legend=None))
    chosen = state.legend if state.legend is not None else in_view
    st.session_state[LEGEND_KEY] = [key for key in chosen if key in labels]
    st.multiselect(
        "Legend rows",
        options=list(labels),
        format_func=labels.get,
        key=LEGEND_KEY,
        on_change=on_legend_change,
        args=(in_view,),
        help="At first the rows of what the view shows.",
    )


def draw_overlay_choice(state: urlstate.ViewState) -> None:
    """ "Include my overlay" when one is loaded; a reminder to upload it when the link includes one and none is."""
    if drawn_overlay() is None:
        if state.overlay_in_export:
            st.caption("This link includes an overlay. " + OVERLAY_LINK_NOTE)
        return
    st.session_state[OVERLAY_CHOICE_KEY] = state.overlay_in_export
    st.checkbox("Include my overlay", key=OVERLAY_CHOICE_KEY, on_change=on_overlay_choice, help=OVERLAY_LINK_NOTE)
