"""The side panel: the selected feature in briefing order, or the headline summary of what the map shows; events."""

from __future__ import annotations

import datetime as dt
import re

import streamlit as st

from borderatlas import areafigures, changes, citations, models, panels, summary, tables, urlstate
from borderatlas.layers import layer_by_id
from borderatlas.ui.cache import cached_atlas
from borderatlas.ui.markdown import citation_markdown, escape_md, fact_markdown, html_text

SUMMARY_HEADING = "Headlines on this map"
"""The summary panel's heading (the date follows in its caption)."""

FACTS_OPEN_UP_TO = 3
"""A place's fact list starts open when it has at most this many facts."""

PANEL_KEY = "ba_selected_panel"
"""This session's last built feature panel, with the (atlas, selection, date) it was built for."""


def draw_fact(view_: panels.FactView) -> None:
    """One fact as one markdown block: value, statement, dates, source; the quote on demand."""
    st.markdown(fact_markdown(view_), unsafe_allow_html=True)


def draw_facts(views: list[panels.FactView]) -> None:
    """Several facts as one markdown block (one element, however long the list)."""
    st.markdown("\n\n---\n\n".join(fact_markdown(view_) for view_ in views), unsafe_allow_html=True)


def status_chip(text: str, colour: str) -> str:
    """A status as a coloured chip, in the map's and legend's colour and words."""
    colour = colour if re.fullmatch(r"#[0-9a-fA-F]{3,8}", colour) else "#757575"
    return (
        f'<span style="background:{html_text(colour)};color:#fff;padding:0.1rem 0.55rem;border-radius:0.8rem;'
        f'font-weight:600;text-shadow:0 0 2px rgba(0,0,0,0.6)">{html_text(text)}</span>'
    )


def first_sentence(text: str) -> str:
    """The first sentence of a summary, for the one-line summary under the name."""
    head, dot, _ = text.partition(". ")
    return head + dot.strip() if dot else text


def draw_area_figures(feature_id: str, as_of: dt.date) -> None:
    """A flood area's figures as one compact table: own figures, then combined ones, latest per metric first."""
    rows = areafigures.area_figures(cached_atlas(), feature_id, as_of)
    if not rows:
        st.caption(f"No flood figure for this area was reported by {as_of.isoformat()}.")
        return
    latest = [row for row in rows if row.latest]
    own = sum(row.covers == "this area" for row in latest)
    st.markdown(
        f"**Reported flood figures** (latest per figure, by {as_of.isoformat()}): {own} for this area alone, "
        f"{len(latest) - own} counted for several areas together — those are not this area's own figures."
    )
    columns = ["Figure", "Value", "Covers", "Reported", "Source"]
    table = [dict(zip(columns, (r.metric, r.value, r.covers, r.reported, r.source))) for r in latest]
    st.dataframe(table, hide_index=True, column_order=columns)
    earlier = [row for row in rows if not row.latest]
    if earlier:
        with st.expander(f"Earlier reports of these figures ({len(earlier)})"):
            table = [dict(zip(columns, (r.metric, r.value, r.covers, r.reported, r.source))) for r in earlier]
            st.dataframe(table, hide_index=True, column_order=columns)


def draw_verification(record: dict) -> None:
    """Whether the sources confirm the location, and how far off it may be, said plainly."""
    km = record["precision_km"]
    if record.get("verified"):
        st.success(f"Location and key facts confirmed by the sources; the symbol is within {km} km of the place.")
    else:
        note = escape_md(record.get("verification_note") or "")
        st.warning(f"Unverified: the place may be up to {km} km from the symbol. {note}")


def draw_feature_head(panel: panels.FeaturePanel, as_of: dt.date) -> None:
    """The top of a feature's panel: name, status chip, names in Chinese and Korean, one line, key dates."""
    record = panel.record
    st.subheader(escape_md(record["name_en"]))
    st.markdown(
        f"Status on {as_of.isoformat()}: {status_chip(panel.status_text, panel.status_colour)} · "
        f"中文 **{escape_md(record['name_zh'])}** · 조선말 **{escape_md(record['name_ko'])}**\n\n"
        + escape_md(first_sentence(record["summary"])),
        unsafe_allow_html=True,
    )
    lines = [" · ".join(f"{escape_md(label)} {escape_md(value)}" for label, value in panel.dates)]
    if panel.later_status:
        words, since = panel.later_status
        lines.append(f"Next recorded change: {escape_md(words)} from {escape_md(since)}.")
    st.markdown("  \n".join(line for line in lines if line))


def draw_feature_panel(panel: panels.FeaturePanel, as_of: dt.date) -> None:
    """The selected feature: name, status chip and one line; dates and figures; facts; verification; sources."""
    record = panel.record
    with st.container(key="ba_panel_head"):
        draw_feature_head(panel, as_of)
    if panel.layer == "flood_areas":
        draw_area_figures(panel.id, as_of)
    if panel.figures:
        st.markdown(f"**Figures tied to this place** ({len(panel.figures)}, newest first)")
        draw_facts(panel.figures)
    if panel.facts:
        with st.expander(
            f"Facts tied to this place ({len(panel.facts)}, newest first)",
            expanded=len(panel.facts) <= FACTS_OPEN_UP_TO,
        ):
            draw_facts(panel.facts)
    with st.expander("About this place"):
        st.markdown(escape_md(record["summary"]))
    draw_verification(record)
    st.markdown("**Sources**\n\n" + "\n".join(f"- {citation_markdown(c)}" for c in panel.citations))
    if record.get("alt_names"):
        with st.expander(f"Other names ({len(record['alt_names'])})"):
            st.markdown(escape_md(", ".join(record["alt_names"])))


def headline_markdown(row: summary.HeadlineRow, sources: dict) -> str:
    """One headline row: its label, then each current figure, small, with its statement, publisher and date."""
    items = []
    for view_ in row.facts:
        value = f"**{escape_md(view_.short_value_text)}** " if view_.short_value_text else ""
        cited = citation_markdown(citations.cite(sources, view_.fact.source_id, "publisher"))
        when = escape_md(view_.fact.reported or "")
        items.append(f"- {value}:small[{escape_md(view_.fact.statement)} — {cited}, {when}]")
    return f"**{escape_md(row.label)}**\n" + "\n".join(items)


def draw_summary_panel(layers: tuple[str, ...], as_of: dt.date) -> None:
    """With nothing selected: the headline rows for the date, then the other facts by topic, collapsed."""
    atlas = cached_atlas()
    visible = panels.visible_feature_ids(atlas, layers, as_of)
    view_ = summary.summary(atlas, visible, as_of)
    st.subheader(SUMMARY_HEADING)
    st.caption(
        f"As of {as_of.isoformat()}: {view_.fact_count} facts reported by then about what the map shows, "
        f"{len(view_.headlines)} headlines, then the rest by topic. Click a symbol or search a place for its details."
    )
    with st.container(border=True):
        st.markdown(
            "\n\n".join(headline_markdown(row, atlas.sources) for row in view_.headlines) or "No headline fact yet."
        )
    for group in view_.groups:
        with st.expander(f"{group.heading} ({len(group.facts)} facts, newest first)"):
            draw_facts(group.facts)


def draw_events_until(as_of: dt.date, limit: int = 8) -> None:
    """The latest events up to the as-of date, newest first, with their sources (the Timeline page has them all)."""
    entries = tables.timeline(cached_atlas(), as_of=as_of)
    with st.expander(f"Events up to {as_of.isoformat()} ({len(entries)})", expanded=False):
        blocks = [
            f"**{escape_md(entry.event.date)}** · {escape_md(entry.event.title)}"
            + ("" if entry.event.verified else " · *unverified*")
            + "  \n:gray[Sources: "
            + " · ".join(citation_markdown(c) for c in entry.citations)
            + "]"
            for entry in reversed(entries[-limit:])
        ]
        if len(entries) > limit:
            blocks.append(f":gray[{len(entries) - limit} earlier event(s) on the Timeline page.]")
        st.markdown("\n\n".join(blocks))


def selected_panel(state: urlstate.ViewState) -> panels.FeaturePanel | None:
    """The selected feature's panel for this view, built once per selection and date (the phone card and the side
    panel both draw it), or None when nothing known is selected."""
    if not state.selected:
        return None
    atlas = cached_atlas()
    key = (id(atlas), state.selected, state.as_of)
    kept = st.session_state.get(PANEL_KEY)
    if kept is None or kept[0] != key:
        kept = (key, panels.feature_panel(atlas, state.selected, state.as_of))
        st.session_state[PANEL_KEY] = kept
    return kept[1]


CHANGE_SOURCES_SHOWN = 2
"""How many of a change's sources are named in the changes list (the feature's panel has them all)."""


def change_markdown(change: changes.Change, sources: dict) -> str:
    """One change: name, old → new status in the layer's words, its kind and date, the statuses in between, and
    its sources (title, publisher, date, linked)."""
    layer = layer_by_id(change.layer)
    line = (
        f"**{escape_md(change.name_en)}** · {escape_md(layer.status_text(change.old_status))} → "
        f"**{escape_md(layer.status_text(change.new_status))}** · {escape_md(change.kind)} {escape_md(change.date)}"
    )
    if change.steps:
        between = ", ".join(f"{layer.status_text(status)} {date}" for date, status in change.steps)
        line += f"  \n:gray[in between: {escape_md(between)}]"
    cited = [citation_markdown(citations.cite(sources, sid, "short")) for sid in change.source_ids]
    more = len(cited) - CHANGE_SOURCES_SHOWN
    shown = " · ".join(cited[:CHANGE_SOURCES_SHOWN]) + (f" and {more} more" if more > 0 else "")
    return line + f"  \n:gray[Source: {shown}]"


def draw_changes_panel(state: urlstate.ViewState) -> None:
    """With a compare date and nothing selected: what changed on the map, newest first, then the events between."""
    atlas, since = cached_atlas(), state.since
    found = changes.changes_between(atlas, since, state.as_of, state.layers)
    st.subheader(f"Changes since {since.isoformat()}")
    st.caption(
        f"{len(found)} change(s) of what the map shows between {since.isoformat()} and {state.as_of.isoformat()}, "
        "newest first: the status on each date, and when and by whom the change was reported. A feature that changed "
        "and changed back is not listed."
    )
    st.markdown(
        "\n\n".join(change_markdown(change, atlas.sources) for change in found) or "Nothing on the map changed."
    )
    events = changes.events_between(atlas, since, state.as_of)
    with st.expander(f"Events between {since.isoformat()} and {state.as_of.isoformat()} ({len(events)})"):
        st.markdown("\n\n".join(event_markdown(event, atlas.sources) for event in events) or "No event.")


def event_markdown(event: models.Event, sources: dict) -> str:
    """One event: date, title, whether verified, and its sources."""
    cited = " · ".join(citation_markdown(citations.cite(sources, sid, "short")) for sid in event.source_ids)
    unverified = "" if event.verified else " · *unverified*"
    return f"**{escape_md(event.date)}** · {escape_md(event.title)}{unverified}  \n:gray[Sources: {cited}]"


def draw_side_panel(state: urlstate.ViewState) -> None:
    """The selected feature's panel, or (with a compare date) the changes and then the summary when nothing is
    selected."""
    panel = selected_panel(state)
    if panel is not None:
        draw_feature_panel(panel, state.as_of)
        return
    if state.since is not None:
        draw_changes_panel(state)
    draw_summary_panel(state.layers, state.as_of)


def draw_phone_card(state: urlstate.ViewState) -> None:
    """Under the map, on a phone only (CSS hides it elsewhere): the selected feature's head, so a tap shows it."""
    panel = selected_panel(state)
    if panel is None:
        return
    with st.container(key="ba_phone_card", border=True):
        draw_feature_head(panel, state.as_of)
        st.caption("Figures, facts, verification and sources follow below the legend.")
