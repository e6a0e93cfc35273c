""" "Export this view": briefing graphics and data downloads, each built when its button is clicked."""

from __future__ import annotations

import streamlit as st

from borderatlas import downloads, urlstate, views
from borderatlas.paths import geodata_dir
from borderatlas.ui.cache import cached_atlas, cached_basemap, lazily
from borderatlas.ui.markdown import escape_md


def export_view_of(state: urlstate.ViewState, area: views.Area) -> views.ExportView:
    """The export view for this session's layers, date and selection over an area."""
    return views.ExportView(area=area, layers=state.layers, as_of=state.as_of, selected=state.selected)


def current_area(state: urlstate.ViewState) -> views.Area:
    """The area the interactive map shows at its last known centre and zoom."""
    return views.web_view_area(state.lat, state.lon, state.zoom)


def graphic_bytes(atlas, basemap, view_: views.ExportView, format_id: str, dpi: int | None) -> bytes:
    """One briefing graphic; matplotlib is imported here, when a graphic is first asked for, never on page load."""
    from borderatlas.briefing import export_bytes

    return export_bytes(atlas, basemap, view_, format_id, dpi=dpi)


GRAPHIC_BUTTONS = (
    ("png", None, "PNG 16:9", "1920×1080 slide", ""),
    ("png", 300, "PNG 300 dpi", "3840×2160 at 300 dpi, for print", "_300dpi"),
    ("pdf", None, "PDF A4", "one A4 landscape page", ""),
)
"""The export buttons: format, dpi (None: the format's default), label, help, file-name suffix."""


def draw_export_block(state: urlstate.ViewState) -> None:
    """ "Export this view": briefing graphics and data downloads, each built only when its button is clicked."""
    atlas, basemap, root = cached_atlas(), cached_basemap(), str(geodata_dir())
    with st.expander("Export this view"):
        choices = {"view": "Current map view", **{area.id: area.title for area in views.AREAS}}
        chosen = st.selectbox("Area", options=list(choices), format_func=choices.get, key="ba_export_area")
        area = current_area(state) if chosen == "view" else views.area_by_id(chosen)
        view_ = export_view_of(state, area)
        st.caption(f"{escape_md(area.title)} · as of {state.as_of.isoformat()} · the layers and selection shown")
        st.markdown("**Briefing graphic**")
        for column, (format_id, dpi, label, help_, suffix) in zip(st.columns(len(GRAPHIC_BUTTONS)), GRAPHIC_BUTTONS):
            fmt = views.format_by_id(format_id)
            column.download_button(
                label,
                data=lazily(
                    (root, view_, format_id, dpi), lambda f=format_id, d=dpi: graphic_bytes(atlas, basemap, view_, f, d)
                ),
                file_name=view_.file_name(f"{suffix}.{fmt.extension}"),
                mime=fmt.mime,
                on_click="ignore",
                key=f"ba_export_{format_id}{suffix}",
                help=help_,
                width="stretch",
            )
        st.markdown("**Data**")
        for column, item in zip(st.columns(len(downloads.DOWNLOADS)), downloads.DOWNLOADS):
            column.download_button(
                item.button,
                data=lazily((root, view_, item.id), lambda b=item.build: b(atlas, basemap, view_)),
                file_name=view_.file_name(item.suffix),
                mime=item.mime,
                on_click="ignore",
                key=f"ba_download_{item.id}",
                help=item.label,
                width="stretch",
            )
