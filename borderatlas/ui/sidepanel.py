"""The side panel: the selected feature's details, or the overview of what the map shows; facts and events."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from borderatlas import panels, tables, urlstate
from borderatlas.ui.cache import cached_atlas
from borderatlas.ui.markdown import citation_markdown, escape_md


def draw_fact(view_: panels.FactView) -> None:
    """One fact: statement, value, dates, source link, quote and translation, verification."""
    fact = view_.fact
    head = escape_md(fact.statement)
    if view_.value_text:
        head = f"**{escape_md(view_.value_text)}** — {head}"
    st.markdown(head)
    when = " · ".join(
        part
        for part in (
            f"period {fact.period_start}–{fact.period_end or ''}" if fact.period_start else "",
            f"reported {fact.reported}" if fact.reported else "",
        )
        if part
    )
    st.caption(
        f"{escape_md(when)} · Source: {citation_markdown(view_.citation)}"
        + ("" if fact.verified else " · **unverified**")
    )
    quote = f"> {escape_md(fact.quote)}"
    if fact.quote_en:
        quote += f"\n>\n> *{escape_md(fact.quote_en)}*"
    st.markdown(quote)
    if fact.note:
        st.caption(f"Note: {escape_md(fact.note)}")


def draw_feature_panel(panel: panels.FeaturePanel, as_of: dt.date) -> None:
    """The side panel for the selected feature."""
    record = panel.record
    st.subheader(escape_md(record["name_en"]))
    st.markdown(f"中文 **{escape_md(record['name_zh'])}** · 조선말 **{escape_md(record['name_ko'])}**")
    if record.get("alt_names"):
        st.caption("Also: " + escape_md(", ".join(record["alt_names"])))
    st.markdown(
        f"**Status on {as_of.isoformat()}:** {escape_md(panel.status_text)}  \n"
        f"Latest status in the sources: {escape_md(panel.recorded_status_text)} "
        f"(from {escape_md(record['status_date'])})"
    )
    for label, value in panel.dates:
        st.markdown(f"- {escape_md(label)}: {escape_md(value)}")
    if record.get("verified"):
        st.success(f"Verified location (precision ± {record['precision_km']} km)")
    else:
        st.warning(
            f"Unverified — location precision ± {record['precision_km']} km. "
            f"{escape_md(record.get('verification_note') or '')}"
        )
    st.markdown(escape_md(record["summary"]))
    st.markdown("**Sources**")
    for citation in panel.citations:
        st.markdown(f"- {citation_markdown(citation)}")
    if panel.facts:
        st.markdown(f"**Facts tied to this place ({len(panel.facts)})**")
        for fact_view in panel.facts:
            draw_fact(fact_view)
    if panel.figures:
        st.markdown("**Flood figures reported for this area**")
        for figure in panel.figures:
            st.markdown(
                f"- {escape_md(figure.metric.replace('_', ' '))}: **{figure.value:g}** {escape_md(figure.unit)} "
                f"(reported {escape_md(figure.report_date)}; source: {citation_markdown(panels.cite(cached_atlas(), figure.source_id))})"
            )


def draw_overview_panel(layers: tuple[str, ...], as_of: dt.date) -> None:
    """With nothing selected: the trade and aid facts for what is on the map, each with source and date."""
    atlas = cached_atlas()
    visible = panels.visible_feature_ids(atlas, layers, as_of)
    facts = panels.overview_facts(atlas, visible, as_of)
    st.subheader("Trade and aid on this map")
    st.caption(
        f"{len(facts)} sourced figure(s) reported by {as_of.isoformat()}, for the visible layers. "
        "Click a symbol or search a place for its details."
    )
    for topic in ("trade", "aid"):
        chosen = [f for f in facts if f.fact.topic == topic]
        if chosen:
            st.markdown(f"#### {topic.title()}")
            for fact_view in chosen:
                draw_fact(fact_view)


def draw_events_until(as_of: dt.date, limit: int = 8) -> None:
    """The latest events up to the as-of date, newest first, with their sources (the Timeline page has them all)."""
    entries = tables.timeline(cached_atlas(), as_of=as_of)
    with st.expander(f"Events up to {as_of.isoformat()} ({len(entries)})", expanded=False):
        for entry in reversed(entries[-limit:]):
            event = entry.event
            st.markdown(
                f"**{escape_md(event.date)}** · {escape_md(event.title)}"
                + ("" if event.verified else " · *unverified*")
            )
            st.caption("Sources: " + " · ".join(citation_markdown(c) for c in entry.citations))
        if len(entries) > limit:
            st.caption(f"{len(entries) - limit} earlier event(s) on the Timeline page.")


def draw_side_panel(state: urlstate.ViewState) -> None:
    """The selected feature's panel, or the overview when nothing is selected."""
    panel = panels.feature_panel(cached_atlas(), state.selected, state.as_of) if state.selected else None
    if panel is not None:
        draw_feature_panel(panel, state.as_of)
    else:
        draw_overview_panel(state.layers, state.as_of)
