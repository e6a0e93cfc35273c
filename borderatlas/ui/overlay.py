""" "Overlay your data": the upload control and this session's overlay (kept in session memory only)."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

import streamlit as st

from borderatlas import overlay as user_overlay
from borderatlas.heap import release_free_memory, use_system_arrow_pool
from borderatlas.overlay.draw import overlay_payload
from borderatlas.ui.markdown import escape_md

OVERLAY_KEY = "ba_overlay"
OVERLAY_DRAWN_KEY = "ba_overlay_drawn"
OVERLAY_HELP = (
    "Kept in this browser session's memory only: never saved on the server, never shown to anyone else. "
    f"Up to {user_overlay.MAX_UPLOAD_BYTES // 2**20} MiB, {user_overlay.MAX_FEATURES:,} features, "
    f"{user_overlay.MAX_VERTICES:,} vertices, {user_overlay.MAX_COLUMNS} columns (or property names) "
    f"and {user_overlay.MAX_CELL_CHARS:,} characters per value."
)


@dataclass
class OverlayUpload:
    """This session's uploaded file: what was read from it, or why it could not be."""

    file_id: str
    name: str
    columns: tuple[str | None, str | None] = (None, None)
    overlay: user_overlay.Overlay | None = None
    error: str | None = None
    column_choices: tuple[str, ...] = ()
    """The file's columns, when the coordinate columns must be chosen by hand."""
    digest: str = ""
    """A hash of the file's bytes: the same content uploaded again reuses what was built for it."""


def read_upload(upload, lat_column: str | None = None, lon_column: str | None = None) -> OverlayUpload:
    """Read an uploaded file (anything with name, file_id and getvalue()) in memory; never raises for a bad file."""
    use_system_arrow_pool()
    data = upload.getvalue()
    state = OverlayUpload(upload.file_id, upload.name, (lat_column, lon_column), digest=hashlib.sha1(data).hexdigest())
    try:
        state.overlay = user_overlay.read_overlay(upload.name, data, lat_column, lon_column)
    except user_overlay.CoordinateColumnsNeeded as err:
        state.error, state.column_choices = str(err), err.columns
    except user_overlay.OverlayError as err:
        state.error = str(err)
    except Exception as err:  # a reader bug must not take the page down: say so, keep the map, log the traceback
        logging.getLogger(__name__).exception("overlay upload %r could not be read", upload.name[:80])
        state.error = f"The file could not be read (an unexpected {type(err).__name__} in the reader)."
    release_free_memory()  # parsing a large file leaves a heap of freed pages: give them back
    return state


def session_overlay(upload, lat_column: str | None = None, lon_column: str | None = None) -> OverlayUpload | None:
    """This session's overlay for the current upload, read again only when the file or the chosen columns change."""
    if upload is None:
        st.session_state.pop(OVERLAY_KEY, None)
        st.session_state.pop(OVERLAY_DRAWN_KEY, None)
        return None
    current = st.session_state.get(OVERLAY_KEY)
    if current is None or (current.file_id, current.columns) != (upload.file_id, (lat_column, lon_column)):
        current = read_upload(upload, lat_column, lon_column)
        st.session_state[OVERLAY_KEY] = current
    return current


def draw_overlay_column_pickers(state: OverlayUpload) -> tuple[str | None, str | None]:
    """Latitude and longitude column choices for a CSV whose coordinate columns were not detected."""
    choices = list(state.column_choices or (state.overlay.table.columns if state.overlay is not None else ()))
    left, right = st.columns(2)
    lat = left.selectbox("Latitude column", choices, index=None, key=f"ba_overlay_lat_{state.file_id}")
    lon = right.selectbox("Longitude column", choices, index=None, key=f"ba_overlay_lon_{state.file_id}")
    return lat, lon


def overlay_date_filter(state: OverlayUpload) -> tuple[user_overlay.Overlay, tuple | None]:
    """A date-range slider when the overlay has a date column; the overlay filtered to it, and the chosen range."""
    data = state.overlay
    span = user_overlay.date_range(data)
    if span is None or span[0] == span[1]:
        return data, None
    window = st.slider(
        f"Dates (column “{escape_md(data.date_column)}”)",
        min_value=span[0],
        max_value=span[1],
        value=span,
        format="YYYY-MM-DD",
        key=f"ba_overlay_dates_{state.file_id}",
    )
    return (data, None) if tuple(window) == span else (user_overlay.filter_by_date(data, *window), tuple(window))


def remember_drawn_overlay(state: OverlayUpload, shown: user_overlay.Overlay, window: tuple | None) -> None:
    """Keep the overlay to draw and its built payload (document and digest) in this session: built once per file
    content, columns and dates, so later reruns (a layer toggle) send the same text and the browser reuses the layer
    it drew. One overlay per session: a new one replaces the old."""
    key = (state.digest or state.file_id, state.columns, window)
    drawn = st.session_state.get(OVERLAY_DRAWN_KEY)
    if drawn is None or drawn[0] != key:
        st.session_state.pop(OVERLAY_DRAWN_KEY, None)  # let the old payload go before the new one is built
        st.session_state[OVERLAY_DRAWN_KEY] = (key, shown, overlay_payload(shown))
        release_free_memory()


def draw_overlay_control() -> None:
    """The "Overlay your data" control: upload a CSV or GeoJSON, choose coordinate columns if needed, filter by date."""
    had_overlay = st.session_state.get(OVERLAY_KEY) is not None
    with st.expander("Overlay your data", expanded=had_overlay):
        # No type= filter: Streamlit would raise (a red exception box) for a file of another type that reaches the
        # server; user_overlay.format_for refuses it with a clear message instead.
        upload = st.file_uploader(
            "A CSV with latitude/longitude columns, or a GeoJSON file", key="ba_overlay_file", help=OVERLAY_HELP
        )
        if upload is None:
            session_overlay(None)
            return
        picked = (
            st.session_state.get(f"ba_overlay_lat_{upload.file_id}"),
            st.session_state.get(f"ba_overlay_lon_{upload.file_id}"),
        )
        state = session_overlay(upload, *(picked if all(picked) else (None, None)))
        if state.column_choices or any(picked):
            draw_overlay_column_pickers(state)
        if state.overlay is None:
            st.session_state.pop(OVERLAY_DRAWN_KEY, None)
            st.error(
                f"Could not overlay “{escape_md(state.name)}”: {escape_md(state.error)} "
                "The rest of the map is unchanged."
            )
            return
        shown, window = overlay_date_filter(state)
        remember_drawn_overlay(state, shown, window)
        st.caption(
            escape_md(state.overlay.summary())
            + (f" · {len(shown):,} shown for the chosen dates" if shown is not state.overlay else "")
        )


def overlay_groups() -> list:
    """This session's overlay as a feature group for the map, or nothing."""
    drawn = st.session_state.get(OVERLAY_DRAWN_KEY)
    if drawn is None or not len(drawn[1]):
        return []
    return [user_overlay.overlay_group(drawn[1], drawn[2])]
