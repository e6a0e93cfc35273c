"""Infrastructure: projects with their dates, status on the as-of date and sourced budgets, and a small map."""

import streamlit as st

from borderatlas import tables, ui

with ui.frame("infrastructure") as state:
    atlas = ui.cached_atlas()
    st.caption(f"Status on {state.as_of.isoformat()} · budgets only where a source gives them")
    table = tables.layer_table(atlas, "infrastructure", state.as_of)
    if table.empty:
        st.info("No infrastructure projects are loaded yet (geodata/infrastructure.geojson is missing or empty).")
    else:
        st.dataframe(
            table,
            hide_index=True,
            column_order=[c for c in table.columns if c != "id"],
            column_config={
                "Budget": st.column_config.NumberColumn(format="localized"),
                "Precision (km)": st.column_config.NumberColumn(format="± %.1f"),
            },
        )
    ui.draw_map(key="infrastructure_map", layers=("boundaries", "infrastructure", "towns"), height=420)
    ui.draw_legend(("infrastructure",))
    for record, facts in tables.place_facts(atlas, "infrastructure", state.as_of):
        with st.expander(f"{ui.escape_md(record['name_en'])} ({len(facts)})"):
            for fact_view in facts:
                ui.draw_fact(fact_view)
