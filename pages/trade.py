"""Trade & sanctions: headline figures, GDP growth, China–DPRK trade per source, and the sanctioned entities."""

import streamlit as st

from borderatlas import charts, tables, ui

with ui.frame("trade") as state:
    atlas = ui.cached_atlas()
    cards = tables.headlines(atlas)
    for column, card in zip(st.columns(max(len(cards), 1)), cards):
        with column:
            st.metric(ui.escape_md(card.label), card.value, help=ui.escape_md(card.statement), border=True)
            st.caption(f"{ui.escape_md(card.period)} · {ui.citation_markdown(card.citation)}")
    growth = tables.gdp_growth_frame(atlas)
    if not growth.empty:
        st.subheader("GDP growth: border provinces vs the national rate")
        st.altair_chart(charts.gdp_growth_chart(growth), width="stretch")
        st.caption("Sources: " + " · ".join(ui.escape_md(source) for source in dict.fromkeys(growth["source"])))
    trade = tables.trade_frame(atlas)
    annual = tables.series_options(trade, "annual", [s for s in tables.SERIES_LABELS if s not in tables.COAL_SERIES])
    if annual:
        st.subheader("China–DPRK trade by year")
        st.caption("One bar per source and year, side by side; figures from different sources are never averaged.")
        series = st.selectbox("Series", annual, format_func=tables.SERIES_LABELS.get, key="trade_series")
        st.altair_chart(charts.annual_trade_chart(trade, series), width="stretch")
    coal = [s for s in tables.COAL_SERIES if s in set(trade["series"])]
    if coal:
        st.subheader("DPRK coal exports to China and the 2016 resolutions")
        measure = st.radio("Measure", coal, format_func=tables.SERIES_LABELS.get, horizontal=True, key="trade_coal")
        st.altair_chart(charts.coal_chart(trade, measure), width="stretch")
    st.subheader("Sanctioned entities named in the sources")
    st.dataframe(tables.designations_table(atlas), hide_index=True, column_order=tables.DESIGNATION_COLUMNS[:-1])
