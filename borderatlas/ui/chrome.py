"""The frame every page opens with: page config, navigation, sidebar (search, layers, date, background), notices, footer."""

from __future__ import annotations

import logging
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import streamlit as st

from borderatlas import detail, urlstate, viewport
from borderatlas.asof import DATE_MARKS, EARLIEST_AS_OF, LATEST_AS_OF
from borderatlas.layers import in_toggle_order
from borderatlas.registry import PAGES, PageSpec, page_by_id
from borderatlas.ui.cache import cached_atlas
from borderatlas.ui.markdown import escape_md
from borderatlas.ui.presentation import draw_presentation_toggle
from borderatlas.ui.sessions import start_sweeper
from borderatlas.ui.state import (
    CLOSE_SIDEBAR_KEY,
    DATE_BOX_KEY,
    DATE_MARK_KEY,
    NOTICES_KEY,
    ONCE_NOTICE_KEY,
    SEARCH_KEY,
    SINCE_KEY,
    SINCE_ON_KEY,
    on_compare_toggle,
    on_date_box_change,
    on_date_change,
    on_date_mark,
    on_layer_toggle,
    on_search_choice,
    on_search_submit,
    on_since_change,
    on_tiles_change,
    search_hits,
    select_feature,
    sync_date_widgets,
    sync_view_from_url,
    view,
    write_url,
)

SEARCH_HITS_SHOWN = 8
"""How many other hits are listed under the box for a second choice."""


def draw_search() -> None:
    """The search box: Enter goes to the best hit; the hits are listed as buttons under it, each a one-click choice.

    A form, so that Enter always submits, even an unchanged query (after Clear selection, or a pan away); buttons,
    so that any pick selects, even one chosen before.
    """
    with st.form("ba_search_form", border=False, enter_to_submit=True):
        st.text_input(
            "Search any name, in any script", key=SEARCH_KEY, placeholder="Sinuiju, Sinŭiju, 신의주, 新义州 …"
        )
        st.form_submit_button("Search", key="ba_search_go", on_click=on_search_submit)
    query = st.session_state.get(SEARCH_KEY) or ""
    if not query.strip():
        return
    hits = search_hits(query)
    if not hits:
        st.caption(f"No place is called “{escape_md(query)}”.")
        return
    shown = hits[: 1 + SEARCH_HITS_SHOWN]
    more = f" (the first {len(shown)} shown)" if len(hits) > len(shown) else ""
    st.caption(f"{len(hits)} match(es){more}; Enter goes to the first. Choose another:")
    for index, hit in enumerate(shown):
        st.button(
            escape_md(hit.text),
            key=f"ba_search_hit_{hit.key}",
            on_click=on_search_choice,
            args=(hit.feature_id, hit.target),
            type="secondary" if index == 0 else "tertiary",
            icon=":material/my_location:" if index == 0 else None,
        )


PHONE_WIDTH_PX = 640
"""At or below this width Streamlit stacks columns: the layout of a phone."""

PHONE_CSS = f"""<style>
@media (max-width: {PHONE_WIDTH_PX}px) {{
  h1 {{ font-size: 1.9rem !important; line-height: 1.2 !important; }}
  .st-key-ba_panel_head {{ display: none; }}
}}
@media (min-width: {PHONE_WIDTH_PX + 1}px) {{ .st-key-ba_phone_card {{ display: none; }} }}
</style>"""
"""Phone layout: a smaller title; the selected feature's card shows under the map instead of at the panel's top."""

CLOSE_SIDEBAR_JS = f"""<script>
(function () {{
  if (!window.matchMedia("(max-width: {PHONE_WIDTH_PX}px)").matches) return;
  const button = document.querySelector('[data-testid="stSidebarCollapseButton"] button');
  if (button) button.click();
}})();
</script>"""
"""After a search pick on a phone: close the sidebar (it covers the page), so the chosen place is in view."""


def draw_phone_layout() -> None:
    """The phone CSS (a smaller title; the selected feature's card under the map instead of atop the panel)."""
    st.html(PHONE_CSS)


def draw_date_control() -> None:
    """The as-of date: a slider, a date box under it (type and press Enter), and the key dates as one-click marks."""
    sync_date_widgets()
    st.slider(
        "Map as of",
        min_value=EARLIEST_AS_OF,
        max_value=LATEST_AS_OF,
        key="ba_date",
        format="YYYY-MM-DD",
        on_change=on_date_change,
        help="Features show their status on this date.",
    )
    st.text_input(
        "Or type a date",
        key=DATE_BOX_KEY,
        placeholder="YYYY-MM-DD",
        on_change=on_date_box_change,
        help=f"A day from {EARLIEST_AS_OF} to {LATEST_AS_OF}; Enter sets the map to it.",
    )
    st.pills(
        "Key dates",
        [label for label, _, _ in DATE_MARKS],
        key=DATE_MARK_KEY,
        on_change=on_date_mark,
        help=" · ".join(f"{label}: {date}" for label, date, _ in DATE_MARKS),
    )
    draw_compare_control()


def draw_compare_control() -> None:
    """ "Compare with an earlier date": off by default; when on, the compare date (the map marks what changed)."""
    st.checkbox(
        "Compare with an earlier date",
        key=SINCE_ON_KEY,
        on_change=on_compare_toggle,
        help="Mark on the map and list in the panel what changed between that date and the map's date.",
    )
    as_of = view().as_of
    if view().since is not None:
        st.date_input(
            "Compare with",
            key=SINCE_KEY,
            min_value=EARLIEST_AS_OF,
            max_value=as_of - timedelta(days=1),
            format="YYYY-MM-DD",
            on_change=on_since_change,
            help=f"A day before {as_of}; the link keeps it as since=YYYY-MM-DD.",
        )


def draw_sidebar() -> None:
    """The shared sidebar: search, layers, as-of date, background."""
    state = view()
    with st.sidebar:
        st.markdown("### Find a place")
        draw_search()
        st.markdown("### Layers")
        for layer in in_toggle_order():
            st.session_state.setdefault(f"ba_layer_{layer.id}", layer.id in state.layers)
            st.checkbox(layer.title, key=f"ba_layer_{layer.id}", on_change=on_layer_toggle)
        draw_date_control()
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
        # last in the sidebar: the main area's elements keep their place
        if st.session_state.pop(CLOSE_SIDEBAR_KEY, False):
            st.html(CLOSE_SIDEBAR_JS, unsafe_allow_javascript=True)


def draw_notices() -> None:
    """Warnings about data that was skipped and URL values that were replaced."""
    atlas = cached_atlas()
    if atlas.notices:
        st.warning(
            escape_md(atlas.notice_headline())
            + " "
            + " · ".join(escape_md(notice.summary()) for notice in atlas.notices)
        )
        with st.expander("What was skipped and why"):
            st.code("\n".join(problem for notice in atlas.notices for problem in notice.problems), language=None)
    for message in st.session_state.get(NOTICES_KEY, []):
        st.info(escape_md(message))
    if once := st.session_state.pop(ONCE_NOTICE_KEY, None):
        st.info(escape_md(once))


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
        "Map data: Natural Earth (public domain) · " + escape_md(detail.ATTRIBUTION) + " · "
        "North Korean admin units © Who's On First (whosonfirst.org), "
        "incl. data from Quattroshapes (CC BY). "
        f"Sources accessed up to {atlas.data_as_of()}. Boundaries are shown for reference only and are not authoritative."
    )


def draw_navigation(current: PageSpec) -> None:
    """Links to every page, in the registry's order, with the registry's labels (Streamlit's own list is hidden)."""
    with st.sidebar:
        for spec in PAGES:
            st.page_link(spec.script, label=spec.title, disabled=spec == current)


INCIDENT_MESSAGE = (
    "Something went wrong on this page (incident {incident}). The rest of the app still works; reload the page or "
    "open another one, and quote the incident id if you report it."
)
"""What a visitor sees instead of a traceback; the traceback goes to the server log under the same id."""


RAISE_ERRORS_ENV = "BORDERATLAS_RAISE_ERRORS"
"""Set (the test suite sets it) to let a page's errors propagate, so AppTest and the browser tests see every crash."""


class Incidents:
    """The unexpected errors of one page run: logged with their traceback under one id, shown to the visitor once."""

    def __init__(self, page_id: str):
        self.page_id = page_id
        self.id: str | None = None

    @contextmanager
    def guard(self, part: str) -> Iterator[None]:
        """Run one part of the page; an Exception in it becomes an incident and the page carries on after it.

        Streamlit's control flow (st.stop, st.rerun, st.switch_page) raises StopException or RerunException, which
        derive from BaseException, not Exception, so they pass through untouched.
        """
        try:
            yield
        except Exception:
            first = self.id is None
            self.id = self.id or secrets.token_hex(4)
            logging.getLogger(__name__).error(
                "incident %s: unexpected error in %s of the %s page", self.id, part, self.page_id, exc_info=True
            )
            if os.environ.get(RAISE_ERRORS_ENV):
                raise
            if first:
                st.error(INCIDENT_MESSAGE.format(incident=self.id), icon=":material/error:")


@st.fragment(run_every=timedelta(hours=1))
def rerun_on_reconnect() -> None:
    """Draws nothing. A fragment that reruns on a timer makes Streamlit's frontend rerun the whole page whenever its
    WebSocket reconnects. After a failover to another replica (a new, empty session) the page is drawn again from its
    link and widgets there, instead of staying a stale copy whose downloads and uploads point at the dead replica."""


@contextmanager
def frame(page_id: str) -> Iterator[urlstate.ViewState]:
    """Open a page: its config, the view from the URL, navigation, sidebar and notices; the footer after its body.

    Each page script (dashboard.py and every file in pages/) runs on its own, so each opens with this one call. An
    unexpected error in any part (the sidebar, the notices, the page's body, the footer) is logged with an incident
    id and shown as one short message with that id; the other parts are still drawn.
    """
    spec = page_by_id(page_id)
    st.set_page_config(page_title=f"{spec.title} · Border Atlas", layout="wide")
    incidents = Incidents(page_id)
    start_sweeper()
    rerun_on_reconnect()
    with incidents.guard("the view from the link"):
        view()
        sync_view_from_url()
    with incidents.guard("the link and the layout"):
        write_url()
        draw_phone_layout()
    with incidents.guard("the notices"):
        draw_notices()
    state = urlstate.ViewState()
    with incidents.guard("the view"):
        state = view()
    if not (state.present and spec.is_home):
        st.title(spec.heading)
    with incidents.guard("the body"):
        yield state
    # The sidebar is sent after the body, so the map and the page's own content reach the browser first. Its
    # widgets change the view through their on_change callbacks, which run before the next run starts, so drawing
    # them last loses nothing.
    with incidents.guard("the navigation"):
        draw_navigation(spec)
    with incidents.guard("the sidebar"):
        draw_sidebar()
        draw_presentation_toggle()
    with incidents.guard("the footer"):
        draw_footer()
