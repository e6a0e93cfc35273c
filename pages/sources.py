"""Sources & method: every source and what cites it, how the data was made, what is unverified, the disclaimer."""

import streamlit as st

from borderatlas import tables, ui

with ui.frame("sources"):
    atlas = ui.cached_atlas()
    sources = tables.sources_table(atlas)
    st.subheader(f"Sources ({len(sources)})")
    st.dataframe(sources, hide_index=True, column_config={"Link": st.column_config.LinkColumn(display_text="open")})
    st.subheader("How the data was made")
    st.markdown(
        "Every feature, fact, event, trade value, flood figure and designation was compiled by hand from the sources "
        "above, each row citing its source and, for figures, the one sentence that supports it, verbatim with an "
        "English translation. Values from different sources are kept side by side and never averaged. Each file is "
        "checked against one data model on load; records that fail are left out and listed in a warning. "
        "`geodata/README.md` says how each file was made; `python -m borderatlas validate` checks the data."
    )
    features, records = tables.unverified_features_table(atlas), tables.unverified_records_table(atlas)
    st.subheader("What is unverified")
    st.markdown(
        f"**{len(features)}** map feature(s) and **{len(records)}** other record(s) could not be confirmed "
        "in a source we read; they are shown dashed on the map, with a circle for their location precision."
    )
    st.dataframe(features, hide_index=True, column_order=tables.UNVERIFIED_FEATURE_COLUMNS[:-1])
    st.dataframe(records, hide_index=True, column_order=tables.UNVERIFIED_RECORD_COLUMNS[:-1])
    st.subheader("Boundaries")
    st.markdown(
        "Boundaries and rivers come from Natural Earth and Who's On First and are drawn for reference only: "
        "they are not authoritative and imply no position on any boundary or territorial claim."
    )
