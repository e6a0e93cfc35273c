"""Timeline: the dated events, filterable by topic and by the as-of date, with their places and sources."""

import streamlit as st

from borderatlas import tables, ui

with ui.frame("timeline") as state:
    atlas = ui.cached_atlas()
    topics = st.multiselect("Topics", tables.event_topics(atlas), placeholder="All topics", key="timeline_topics")
    show_all = st.checkbox(f"Also show events after {state.as_of.isoformat()}", key="timeline_all")
    entries = tables.timeline(atlas, topics, None if show_all else state.as_of)
    st.caption(f"{len(entries)} of {len(atlas.events)} events")
    for entry in entries:
        event = entry.event
        st.markdown(
            f"**{ui.escape_md(event.date)}** · `{event.topic}` · **{ui.escape_md(event.title)}**"
            + ("" if event.verified else " · *unverified*")
        )
        st.markdown(ui.escape_md(event.summary))
        for column, (place_id, name) in zip(st.columns(max(len(entry.places), 1)), entry.places):
            if column.button(
                f"Show {ui.escape_md(name)} on the map",
                key=f"timeline_{event.id}_{place_id}",
                icon=":material/map:",
                type="tertiary",
            ):
                ui.select_feature(place_id, centre=True)
                st.switch_page("dashboard.py")
        st.caption("Sources: " + " · ".join(ui.citation_markdown(citation) for citation in entry.citations))
        if event.note:
            st.caption(f"Note: {ui.escape_md(event.note)}")
        st.divider()
