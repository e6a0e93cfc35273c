"""Crossings: every border crossing in one table, a small map, and the facts tied to each crossing."""

import streamlit as st

from borderatlas import tables, ui

with ui.frame("crossings") as state:
    atlas = ui.cached_atlas()
    st.caption(
        f"Status on {state.as_of.isoformat()} (change the date in the sidebar) · bridges, dams and ferries on "
        "the Yalu and the Tumen"
    )
    picked = ui.draw_layer_table("crossings", state, key="crossings_table")
    ui.draw_show_on_map(picked)
    ui.draw_map(key="crossings_map", layers=("boundaries", "crossings", "towns"), height=420)
    ui.draw_legend(("crossings",))
    with_facts = tables.place_facts(atlas, "crossings", state.as_of)
    if with_facts:
        st.subheader("Facts by crossing")
        st.caption(f"Facts reported by {state.as_of.isoformat()}.")
    for record, facts in with_facts:
        with st.expander(f"{ui.escape_md(record['name_en'])} ({len(facts)})"):
            ui.draw_facts(facts)
