"""Border Atlas: the Map page, and the entry point (`streamlit run dashboard.py`); the other pages are in pages/."""

import streamlit as st

from borderatlas import ui

with ui.frame("map") as state:
    if state.present:
        ui.draw_presentation(state)
    else:
        compared = f" · changes since {state.since.isoformat()} marked" if state.since else ""
        st.caption(f"As of {state.as_of.isoformat()}{compared} · click a symbol, or search a place in the sidebar")
        map_column, panel_column = st.columns([3, 2], gap="medium")
        with map_column:
            ui.draw_overlay_control()
            ui.draw_map()
            ui.draw_phone_card(state)
            ui.draw_legend(state.layers, state.since)
            ui.draw_export_block(state)
        with panel_column:
            ui.draw_events_until(state.as_of)
            ui.draw_side_panel(state)
