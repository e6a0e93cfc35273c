"""The frame every page opens with: page config, navigation, sidebar (search, layers, date, background), notices, footer."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from borderatlas import urlstate, viewport
from borderatlas.asof import EARLIEST_AS_OF, LATEST_AS_OF
from borderatlas.layers import in_toggle_order
from borderatlas.registry import PAGES, PageSpec, page_by_id
from borderatlas.search import search_features, search_records
from borderatlas.ui.cache import cached_atlas
from borderatlas.ui.markdown import escape_md
from borderatlas.ui.presentation import draw_presentation_toggle
from borderatlas.ui.state import (
    NOTICES_KEY,
    on_date_change,
    on_layer_toggle,
    on_search_choice,
    on_tiles_change,
    select_feature,
    sync_view_from_url,
    view,
    write_url,
)


def draw_sidebar() -> None:
    """The shared sidebar: search, layers, as-of date, background."""
    atlas, state = cached_atlas(), view()
    with st.sidebar:
        st.markdown("### Find a place")
        query = st.text_input(
            "Search any name, in any script", key="ba_search", placeholder="Sinuiju, Sinŭiju, 신의주, 新义州 …"
        )
        if query:
            hits = search_features(query, search_records(atlas))
            if hits:
                labels = {hit.feature_id: hit.label for hit in hits}
                st.selectbox(
                    f"{len(hits)} result(s)",
                    options=list(labels),
                    format_func=labels.get,
                    index=None,
                    placeholder="Choose a result to select it",
                    key="ba_search_choice",
                    on_change=on_search_choice,
                )
            else:
                st.caption(f"No feature is called “{escape_md(query)}”.")
        st.markdown("### Layers")
        for layer in in_toggle_order():
            st.session_state.setdefault(f"ba_layer_{layer.id}", layer.id in state.layers)
            st.checkbox(layer.title, key=f"ba_layer_{layer.id}", on_change=on_layer_toggle)
        st.session_state.setdefault("ba_date", state.as_of)
        st.slider(
            "Map as of",
            min_value=EARLIEST_AS_OF,
            max_value=LATEST_AS_OF,
            key="ba_date",
            format="YYYY-MM-DD",
            on_change=on_date_change,
            help="Features show their status on this date.",
        )
        st.session_state.setdefault("ba_tiles", state.tiles)
        titles = {choice.id: choice.title for choice in viewport.TILE_CHOICES}
        st.selectbox(
            "Background",
            options=list(titles),
            format_func=titles.get,
            key="ba_tiles",
            on_change=on_tiles_change,
            help="Online tiles are optional; the vector basemap works offline.",
        )
        if state.selected:
            st.button("Clear selection", on_click=select_feature, args=(None,))


def draw_notices() -> None:
    """Warnings about data that was skipped and URL values that were replaced."""
    atlas = cached_atlas()
    if atlas.notices:
        skipped = sum(notice.skipped for notice in atlas.notices)
        st.warning(
            f"Some data failed validation and is not shown ({skipped} record(s) skipped in "
            f"{len(atlas.notices)} file(s)); everything else is served. "
            + " · ".join(escape_md(notice.summary()) for notice in atlas.notices)
        )
        with st.expander("What was skipped and why"):
            st.code("\n".join(problem for notice in atlas.notices for problem in notice.problems), language=None)
    for message in st.session_state.get(NOTICES_KEY, []):
        st.info(escape_md(message))


def draw_footer() -> None:
    """Attribution, the data's as-of date, and the boundary disclaimer, on every page."""
    atlas = cached_atlas()
    st.divider()
    primary = atlas.sources.get("sinonk-2016-11-30")
    primary_text = (
        escape_md(f"{primary.author}, “{primary.title}”, {primary.publisher}, {primary.published}") if primary else ""
    )
    st.caption(
        f"Sources: {primary_text} and {max(len(atlas.sources) - 1, 0)} other cited sources (see Sources & method). "
        "Map data: Natural Earth (public domain) · North Korean admin units © Who's On First (whosonfirst.org), "
        "incl. data from Quattroshapes (CC BY). "
        f"Data as of {atlas.data_as_of()}. Boundaries are shown for reference only and are not authoritative."
    )


def draw_navigation(current: PageSpec) -> None:
    """Links to every page, in the registry's order, with the registry's labels (Streamlit's own list is hidden)."""
    with st.sidebar:
        for spec in PAGES:
            st.page_link(spec.script, label=spec.title, disabled=spec == current)


@contextmanager
def frame(page_id: str) -> Iterator[urlstate.ViewState]:
    """Open a page: its config, the view from the URL, navigation, sidebar and notices; the footer after its body.

    Each page script (dashboard.py and every file in pages/) runs on its own, so each opens with this one call.
    """
    spec = page_by_id(page_id)
    st.set_page_config(page_title=f"{spec.title} · Border Atlas", layout="wide")
    view()
    sync_view_from_url()
    draw_navigation(spec)
    draw_sidebar()
    draw_presentation_toggle()
    write_url()
    draw_notices()
    state = view()
    if not (state.present and spec.is_home):
        st.title(spec.heading)
    yield state
    draw_footer()
