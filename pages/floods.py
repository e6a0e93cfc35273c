"""Floods & aid: the areas hit by the 2016 Tumen floods, every reported figure by source, and the aid facts."""

import streamlit as st

from borderatlas import charts, tables, ui

with ui.frame("floods") as state:
    atlas = ui.cached_atlas()
    map_column, areas_column = st.columns([3, 2], gap="medium")
    with map_column:
        ui.draw_map(key="floods_map", layers=("boundaries", "flood_areas"), height=420)
        ui.draw_legend(("flood_areas",))
    with areas_column:
        st.subheader("Affected areas")
        areas = tables.layer_table(atlas, "flood_areas", state.as_of)
        st.dataframe(areas, hide_index=True, column_order=[c for c in areas.columns if c not in ("id", "Sources")])
    figures_column, aid_column = st.columns([3, 2], gap="medium")
    with figures_column:
        st.subheader("Reported figures")
        chart_data = tables.flood_chart_frame(atlas)
        if chart_data.empty:
            st.info("No flood figures are loaded yet (geodata/flood_figures.csv is missing or empty).")
        else:
            st.caption(
                "Each point is one figure as one source reported it; lines join a reporter's figures for the "
                "same coverage. Nothing is averaged."
            )
            metrics = ["all metrics", *sorted(set(chart_data["metric"]))]
            metric = st.selectbox("Metric", metrics, key="floods_metric")
            st.altair_chart(
                charts.flood_chart(chart_data, None if metric == "all metrics" else metric), width="stretch"
            )
            st.dataframe(
                tables.flood_figures_table(atlas),
                hide_index=True,
                column_order=tables.FLOOD_FIGURE_COLUMNS[:-1],
                column_config={"Value": st.column_config.NumberColumn(format="localized")},
            )
    with aid_column:
        st.subheader("Aid")
        for fact_view in tables.topic_facts(atlas, "aid"):
            ui.draw_fact(fact_view)
