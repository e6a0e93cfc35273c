"""Trade & sanctions: headline figures, GDP growth, China–DPRK trade per source, and the sanctioned entities."""

import streamlit as st

from borderatlas import charts, tables, ui

with ui.frame("trade") as state:
    atlas = ui.cached_atlas()
    for row in tables.headline_rows(tables.headlines(atlas)):
        for column, card in zip(st.columns(tables.CARDS_PER_ROW), row):
            with column:
                st.metric(
                    ui.escape_md(card.label),
                    card.amount + ui.escape_md(card.unit),
                    help=ui.escape_md(card.statement),
                    border=True,
                )
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
        caps = tables.coal_caps(atlas)
        st.caption(
            "Only the months and years a source reports are drawn; months without a reported figure are left "
            "empty. The dashed red segments are the UNSCR 2321 caps on the DPRK's coal exports to all states, "
            "not to China alone."
        )
        for granularity, title in (("monthly", "By month, 2016"), ("annual", "By year")):
            if len(trade[(trade["series"] == measure) & (trade["granularity"] == granularity)]):
                st.markdown(f"**{title}**")
                st.altair_chart(charts.coal_chart(trade, measure, caps, granularity), width="stretch")
        coal_rows = tables.coal_table(trade, caps, measure)
        st.dataframe(
            coal_rows,
            hide_index=True,
            column_order=[c for c in coal_rows.columns if c != "id"],
            column_config={"Value": st.column_config.NumberColumn(format="localized")},
        )
    st.subheader("Sanctioned entities named in the sources")
    designations = tables.designations_table(atlas)
    st.dataframe(designations, hide_index=True, column_order=[c for c in designations.columns if c != "id"])
