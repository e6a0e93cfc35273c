"""Infrastructure: projects with their dates, status on the as-of date and sourced budgets, and a small map."""

import streamlit as st

from borderatlas import tables, ui

with ui.frame("infrastructure") as state:
    atlas = ui.cached_atlas()
    st.caption(f"Status on {state.as_of.isoformat()} · budgets only where a source gives them")
    picked = ui.draw_layer_table("infrastructure", state, key="infrastructure_table")
    ui.draw_show_on_map(picked)
    ui.draw_map(key="infrastructure_map", layers=("boundaries", "infrastructure", "towns"), height=420)
    ui.draw_legend(("infrastructure",))
    for record, facts in tables.place_facts(atlas, "infrastructure", state.as_of):
        with st.expander(f"{ui.escape_md(record['name_en'])} ({len(facts)})"):
            ui.draw_facts(facts)
