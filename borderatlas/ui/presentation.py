"""Presentation mode: Streamlit's chrome hidden, the map in a 16:9 frame for clean screenshots."""

from __future__ import annotations

import html
import re

import streamlit as st

from borderatlas import legend, urlstate, viewport, views
from borderatlas.ui.cache import cached_atlas
from borderatlas.ui.export import current_area, export_view_of
from borderatlas.ui.mapframe import draw_map
from borderatlas.ui.state import set_view, view

PRESENT_KEY = "ba_present"
PRESENT_FRAME_PX = (1280, 720)
"""The frame's size on a screen that holds it; smaller screens scale it down, keeping 16:9."""
PRESENT_HEADER_PX, PRESENT_SOURCE_PX, PRESENT_GAP_PX, PRESENT_MARGIN_PX = 62, 50, 8, 12
PRESENT_MAP_PX = PRESENT_FRAME_PX[1] - PRESENT_HEADER_PX - PRESENT_SOURCE_PX - 4 * PRESENT_GAP_PX
FRAME_W = f"min({PRESENT_FRAME_PX[0]}px, calc(100vw - {2 * PRESENT_MARGIN_PX}px), calc((100vh - {2 * PRESENT_MARGIN_PX}px) * 16 / 9))"
PRESENT_CSS = f"""
<style>
header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stSidebar"], [data-testid="stDecoration"],
[data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"], [data-testid="stStatusWidget"]
{{ display: none !important; }}
[data-testid="stMainBlockContainer"], .block-container {{ padding: {PRESENT_MARGIN_PX}px 0 0 0 !important;
  max-width: none !important; }}
.st-key-ba_present_frame {{ --ba-w: {FRAME_W}; width: var(--ba-w); height: calc(var(--ba-w) * 9 / 16);
  margin: 0 auto; background: #fff; border: 1px solid #c8c8c8; padding: {PRESENT_GAP_PX}px; gap: {PRESENT_GAP_PX}px;
  overflow: hidden; box-sizing: border-box; flex: none; }}
.st-key-ba_present_frame iframe {{ height: calc(var(--ba-w) * 9 / 16 - {PRESENT_FRAME_PX[1] - PRESENT_MAP_PX}px)
  !important; }}
.st-key-ba_present_frame .ba-present-head {{ height: {PRESENT_HEADER_PX}px; overflow: hidden; }}
.st-key-ba_present_frame .ba-present-head h1 {{ font-size: 26px; line-height: 1.2; margin: 0; padding: 0; }}
.st-key-ba_present_frame .ba-present-head div {{ font-size: 16px; color: #333; }}
.st-key-ba_present_frame .ba-present-source {{ height: {PRESENT_SOURCE_PX}px; overflow: hidden; font-size: 11px;
  line-height: 1.35; color: #333; }}
.st-key-ba_present_frame .ba-legend {{ font-size: 0.7rem !important; line-height: 1.3 !important; }}
.st-key-ba_present_frame [data-testid="stHorizontalBlock"] {{ gap: {PRESENT_GAP_PX}px; }}
</style>
"""
"""Presentation mode: Streamlit's chrome hidden, the map in a 16:9 frame scaled to the screen for clean screenshots."""


def on_present_toggle() -> None:
    """Widget callback: presentation mode switched in the sidebar."""
    set_view(present=bool(st.session_state.get(PRESENT_KEY)))


def exit_presentation() -> None:
    """Button callback: leave presentation mode."""
    st.session_state[PRESENT_KEY] = False
    set_view(present=False)


def draw_presentation_toggle() -> None:
    """The sidebar switch for presentation mode (also `?present=1`)."""
    st.session_state.setdefault(PRESENT_KEY, view().present)
    st.sidebar.toggle(
        "Presentation mode",
        key=PRESENT_KEY,
        on_change=on_present_toggle,
        help="Hides the menus and draws the map in a 16:9 frame with title, legend, scale and sources.",
    )


def tile_credit(state: urlstate.ViewState) -> str:
    """The online background's credit as plain text (the map's own attribution is hidden when presenting)."""
    choice = next((c for c in viewport.TILE_CHOICES if c.id == state.tiles and c.url), None)
    return "Background: " + html.unescape(re.sub(r"<[^>]+>", "", choice.attribution)) + ". " if choice else ""


def draw_presentation(state: urlstate.ViewState) -> None:
    """The 16:9 presentation frame: title, the view's area and as-of date, the map with its scale bar, the legend of
    what is shown, the source line."""
    atlas = cached_atlas()
    view_ = export_view_of(state, current_area(state))
    st.html(PRESENT_CSS)
    with st.container(key="ba_present_frame"):
        st.html(
            f'<div class="ba-present-head"><h1>{html.escape(views.export_title(atlas, view_))}</h1>'
            f"<div>{html.escape(view_.area.title)} · as of {html.escape(views.long_date(state.as_of))}</div></div>"
        )
        map_column, legend_column = st.columns([5, 1.25], gap="small")
        with map_column:
            draw_map(height=PRESENT_MAP_PX)
        with legend_column:
            entries = views.legend_in_view(atlas, view_) + ([legend.change_entry(state.since)] if state.since else [])
            if entries:
                st.html(legend.legend_html(entries))
        shown = views.view_frame(atlas.layers, view_)
        st.html(
            f'<div class="ba-present-source">{html.escape(views.source_line(atlas, shown, view_))} '
            f"{html.escape(tile_credit(state))}{html.escape(views.DISCLAIMER)}</div>"
        )
    st.button("Exit presentation mode", on_click=exit_presentation, key="ba_present_exit")
