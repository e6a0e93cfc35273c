"""This session's view: read from and written to the URL, changed by widget callbacks."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import streamlit as st

from borderatlas import search, urlstate
from borderatlas.asof import EARLIEST_AS_OF, LATEST_AS_OF, mark_date, mark_on
from borderatlas.data import Atlas
from borderatlas.layers import in_toggle_order
from borderatlas.ui.cache import cached_atlas, cached_basemap

STATE_KEY = "ba_view"
NOTICES_KEY = "ba_url_notices"
ONCE_NOTICE_KEY = "ba_once_notice"
"""A notice shown on the next run only (a mistyped date)."""
CENTRED_KEY = "ba_centred_this_run"
MOVES_KEY = "ba_view_moves"
"""How many times the app (not the user) moved the map this session."""
SEARCH_KEY = "ba_search"


def all_feature_ids(atlas: Atlas) -> set[str]:
    """Every feature id across the data layers."""
    return atlas.feature_ids()


def view() -> urlstate.ViewState:
    """This session's view, first read from the URL (bad values fall back to defaults with a notice)."""
    if STATE_KEY not in st.session_state:
        parsed = urlstate.parse_view(st.query_params.to_dict(), all_feature_ids(cached_atlas()))
        st.session_state[STATE_KEY] = parsed.state
        st.session_state[NOTICES_KEY] = parsed.notices
    return st.session_state[STATE_KEY]


def set_view(**changes) -> None:
    """Change this session's view."""
    st.session_state[STATE_KEY] = replace(view(), **changes)


def write_url() -> None:
    """Put the current view into the URL so a copied link restores it."""
    wanted = urlstate.view_params(view())
    current = st.query_params.to_dict()
    if current != wanted:
        st.query_params.from_dict(wanted)


def on_layer_toggle() -> None:
    """Widget callback: the layer checkboxes changed."""
    set_view(layers=tuple(layer.id for layer in in_toggle_order() if st.session_state.get(f"ba_layer_{layer.id}")))


DATE_BOX_KEY = "ba_date_box"
DATE_MARK_KEY = "ba_date_mark"
CLOSE_SIDEBAR_KEY = "ba_close_sidebar"
"""Set by a search pick: the next run closes the sidebar on a narrow screen, so the map is in view."""


SINCE_ON_KEY = "ba_since_on"
SINCE_KEY = "ba_since"


def set_as_of(day: dt.date) -> None:
    """Move the map to a day; a compare date not before it is dropped, with a notice."""
    since = view().since
    if since is not None and since >= day:
        st.session_state[ONCE_NOTICE_KEY] = f"The compare date {since} is not before {day}; comparison turned off."
        since = None
    set_view(as_of=day, since=since)


def on_date_change() -> None:
    """Widget callback: the as-of slider moved."""
    set_as_of(st.session_state["ba_date"])


def default_since(as_of: dt.date) -> dt.date:
    """The compare date first offered: a year before the map's date, not before the earliest date."""
    try:
        earlier = as_of.replace(year=as_of.year - 1)
    except ValueError:  # 29 February
        earlier = as_of - dt.timedelta(days=365)
    return max(earlier, EARLIEST_AS_OF)


def on_compare_toggle() -> None:
    """Widget callback: "Compare with an earlier date" was ticked or cleared."""
    as_of = view().as_of
    if not st.session_state.get(SINCE_ON_KEY):
        set_view(since=None)
    elif as_of <= EARLIEST_AS_OF:
        st.session_state[ONCE_NOTICE_KEY] = f"Nothing to compare with before {EARLIEST_AS_OF}: move the map date later."
    else:
        set_view(since=default_since(as_of))


def on_since_change() -> None:
    """Widget callback: the compare date was changed; one not before the map's date is refused, with a notice."""
    day = st.session_state.get(SINCE_KEY)
    if isinstance(day, dt.date) and EARLIEST_AS_OF <= day < view().as_of:
        set_view(since=day)
    else:
        st.session_state[ONCE_NOTICE_KEY] = f"The compare date must be before the map date {view().as_of}."


def on_date_box_change() -> None:
    """Widget callback: a date was typed in the date box; a text that is no day in range leaves the date, with a notice."""
    text = (st.session_state.get(DATE_BOX_KEY) or "").strip()
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        day = None
    if day is not None and EARLIEST_AS_OF <= day <= LATEST_AS_OF:
        set_as_of(day)
        return
    shown = text[:20]
    st.session_state[ONCE_NOTICE_KEY] = (
        f"“{shown}” is not a day from {EARLIEST_AS_OF} to {LATEST_AS_OF} (YYYY-MM-DD); the map stays at {view().as_of}."
    )


def on_date_mark() -> None:
    """Widget callback: a key date was chosen; the map goes to that day."""
    day = mark_date(st.session_state.get(DATE_MARK_KEY))
    if day is not None:
        set_as_of(day)


def sync_date_widgets() -> None:
    """Before the date widgets are drawn: slider, box and marks all show the view's date."""
    as_of = view().as_of
    st.session_state["ba_date"] = as_of
    st.session_state[DATE_BOX_KEY] = as_of.isoformat()
    st.session_state[DATE_MARK_KEY] = mark_on(as_of)
    since = view().since
    st.session_state[SINCE_ON_KEY] = since is not None
    if since is not None:
        st.session_state[SINCE_KEY] = since


def on_tiles_change() -> None:
    """Widget callback: the tile layer changed."""
    set_view(tiles=st.session_state["ba_tiles"])


def search_hits(query: str) -> list[search.SearchHit]:
    """The features and basemap places matching a query, best first, described as on the view's date."""
    records = [*search.search_records(cached_atlas()), *search.place_records(cached_basemap())]
    return search.search_features(query, records, as_of=view().as_of)


def on_search_submit() -> None:
    """Form callback: Enter (or Search) in the search box; go to the best hit, every time, even the same query."""
    hits = search_hits(st.session_state.get(SEARCH_KEY) or "")
    if hits:
        on_search_choice(hits[0].feature_id, hits[0].target)


def on_search_choice(feature_id: str | None, target: search.ViewTarget | None = None) -> None:
    """Button callback: a search hit was chosen. A feature is selected and centred; a town or river is centred."""
    st.session_state[CLOSE_SIDEBAR_KEY] = True
    if feature_id:
        select_feature(feature_id, centre=True)
    elif target is not None:
        set_view(lat=target.lat, lon=target.lon, zoom=target.zoom)
        st.session_state[CENTRED_KEY] = True


def select_feature(feature_id: str | None, centre: bool = False) -> None:
    """Select a feature (or clear the selection), optionally centring the map on it (a polygon fitted to its bounds)."""
    changes: dict = {"selected": feature_id}
    if feature_id and centre:
        record = cached_atlas().feature(feature_id)
        target = search.view_target(record["geometry"]) if record is not None else None
        if target is not None:
            changes.update(lat=target.lat, lon=target.lon, zoom=target.zoom)
            st.session_state[CENTRED_KEY] = True
    set_view(**changes)


def sync_view_from_url() -> None:
    """Adopt the centre, zoom and on-screen bounds the map wrote into the URL (each rerun sends the URL).

    Panning reruns nothing; the next rerun brings the view along, so exports and links use what is on screen. A link
    with no centre or zoom is a map fitted to the region (the map drops them while it shows the fit). A feature
    centred by this run's callback wins over the older URL view, and its bounds are not known until the map moves.
    """
    if st.session_state.pop(CENTRED_KEY, False):
        st.session_state[MOVES_KEY] = st.session_state.get(MOVES_KEY, 0) + 1
        set_view(bbox=None)
        return
    params = st.query_params.to_dict()
    wanted = {key: params[key] for key in ("lat", "lon", "zoom", "bbox") if key in params}
    parsed = urlstate.parse_view(wanted, set()).state
    default = urlstate.ViewState()
    changes: dict = {}
    if not {"lat", "lon", "zoom"} & set(wanted):
        changes.update(lat=default.lat, lon=default.lon, zoom=default.zoom)
    if "zoom" in wanted and urlstate.parse_view({"zoom": wanted["zoom"]}, set()).notices == []:
        changes["zoom"] = parsed.zoom
    if "lat" in wanted and "lon" in wanted and (parsed.lat, parsed.lon) != (default.lat, default.lon):
        changes.update(lat=parsed.lat, lon=parsed.lon)
    if parsed.bbox is not None:
        changes["bbox"] = parsed.bbox
    current = view()
    if any(getattr(current, name) != value for name, value in changes.items()):
        set_view(**changes)
