"""Floods & aid: the areas hit by the 2016 Tumen floods, every reported figure by source, and the aid facts."""

import streamlit as st

from borderatlas import charts, tables, ui

with ui.frame("floods") as state:
    atlas = ui.cached_atlas()
    map_column, areas_column = st.columns([3, 2], gap="medium")
    with map_column:
        ui.draw_map(key="floods_map", layers=("boundaries", "flood_areas"), height=420, fit=tables.flood_bounds(atlas))
        ui.draw_legend(("flood_areas",))
    with areas_column:
        st.subheader("Affected areas")
        picked = ui.draw_layer_table("flood_areas", state, key="flood_areas_table")
        ui.draw_show_on_map(picked)
    figures_column, aid_column = st.columns([3, 2], gap="medium")
    with figures_column:
        st.subheader("Reported figures")
        chart_data = tables.flood_chart_frame(atlas, state.as_of)
        if not atlas.flood_figures:
            st.info("No flood figures are loaded yet (geodata/flood_figures.csv is missing or empty).")
        elif chart_data.empty:
            st.info(f"No flood figure had been reported by {state.as_of.isoformat()}.")
        else:
            st.caption(
                f"Figures reported by {state.as_of.isoformat()}. Each point is one figure as one source reported "
                "it, at its report date; a colour and shape per reporter. Nothing is averaged or joined."
            )
            metrics = ["all metrics", *sorted(set(chart_data["metric"]))]
            metric = st.selectbox("Metric", metrics, key="floods_metric")
            st.altair_chart(
                charts.flood_chart(chart_data, None if metric == "all metrics" else metric, state.as_of),
                width="stretch",
            )
            st.dataframe(
                tables.flood_figures_table(atlas, state.as_of),
                hide_index=True,
                column_order=tables.FLOOD_FIGURE_COLUMNS[:-1],
                column_config={"Value": st.column_config.NumberColumn(format="localized")},
            )
    with aid_column:
        st.subheader("Aid")
        aid = tables.topic_facts(atlas, "aid", state.as_of)
        st.caption(f"{len(aid)} aid facts reported by {state.as_of.isoformat()}, newest first.")
        ui.draw_facts(aid)
