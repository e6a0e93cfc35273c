"""Timeline: the dated events by year, filterable by topic and by the as-of date, with their places and sources."""

import streamlit as st

from borderatlas import charts, tables, ui

with ui.frame("timeline") as state:
    atlas = ui.cached_atlas()
    topics = st.multiselect("Topics", tables.event_topics(atlas), placeholder="All topics", key="timeline_topics")
    show_all = st.checkbox(f"Also show events after {state.as_of.isoformat()}", key="timeline_all")
    newest_first = st.toggle("Newest first", key="timeline_newest")
    entries = tables.timeline(atlas, topics, None if show_all else state.as_of, newest_first)
    st.caption(f"{len(entries)} of {len(atlas.events)} events")
    years = tables.by_year(entries)
    if entries:
        st.altair_chart(
            charts.timeline_chart(tables.timeline_frame(entries), tables.event_topics(atlas), state.as_of),
            width="stretch",
        )
        st.markdown(
            "Jump to: " + " · ".join(f"[{year}](#{tables.year_anchor(year)})" for year, _ in years),
        )
    for year, group in years:
        st.subheader(str(year), anchor=tables.year_anchor(year), divider="gray")
        for entry in group:
            event = entry.event
            lines = [
                f"**{ui.escape_md(event.date)}** · `{event.topic}` · **{ui.escape_md(event.title)}**"
                + ("" if event.verified else " · *unverified*"),
                ui.escape_md(event.summary),
                ":small[:gray[Sources: "
                + " · ".join(ui.citation_markdown(citation) for citation in entry.citations)
                + "]]",
            ]
            if event.note:
                lines.append(f":small[:gray[Note: {ui.escape_md(event.note)}]]")
            st.markdown("  \n".join(lines))
            if entry.places:
                with st.container(horizontal=True, gap="small"):
                    for place_id, name in entry.places:
                        if st.button(
                            f"Show {ui.escape_md(name)} on the map",
                            key=f"timeline_{event.id}_{place_id}",
                            icon=":material/map:",
                            type="tertiary",
                        ):
                            ui.select_feature(place_id, centre=True)
                            st.switch_page("dashboard.py")
