"""The interactive map on a page: drawn with streamlit-folium, clicks select features, and its legend."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import streamlit as st
from streamlit_folium import st_folium

from borderatlas import clicks, legend, mapview, panels, urlstate
from borderatlas.data import Atlas
from borderatlas.ui.cache import cached_atlas, cached_basemap, component_url_for, detail_url
from borderatlas.ui.overlay import overlay_groups
from borderatlas.ui.state import MOVES_KEY, select_feature, view
from borderatlas.viewport import AREA_MAX_ZOOM, FIT_BOUNDS, POINT_ZOOM

CLICK_KEY = "ba_last_click"
RETURNED_OBJECTS = ("last_object_clicked", "last_object_clicked_count", "last_object_clicked_tooltip", "last_clicked")
"""What the map reports back: clicks on features (with the tooltip that names the feature) and on empty map. Pan and
zoom change none of these, so they never rerun the script."""
MAP_HEIGHT = 620
VIEW_NUDGE = 1e-7
"""Added to the centre sent on every other move the app makes, so streamlit-folium (which applies only a
changed value) moves the map to the same place again after the user panned away from it without a rerun."""


def map_request() -> mapview.MapRequest:
    """The map request for the current view."""
    state = view()
    return mapview.MapRequest(
        layers=state.layers,
        as_of=state.as_of,
        selected=state.selected,
        center=(state.lat, state.lon),
        zoom=state.zoom,
        tiles=state.tiles,
        since=state.since,
    )


def initial_framing(state: urlstate.ViewState, atlas: Atlas) -> mapview.Framing:
    """What the map fits when it is made: nothing when the link gives a centre and zoom; else the selected feature
    (a point at POINT_ZOOM, an area to its bounds), else the whole border region, to the map's real size."""
    controls = not state.present
    if not state.fitted:
        return mapview.Framing(controls=controls)
    record = atlas.feature(state.selected) if state.selected else None
    if record is not None:
        geometry = record["geometry"]
        point = geometry.geom_type == "Point"
        return mapview.Framing(
            fit=tuple(geometry.bounds), fit_max_zoom=POINT_ZOOM if point else AREA_MAX_ZOOM, controls=controls
        )
    return mapview.Framing(fit=FIT_BOUNDS, controls=controls)


def draw_map(
    key: str = "ba_map",
    height: int = MAP_HEIGHT,
    layers: tuple[str, ...] | None = None,
    fit: tuple[float, float, float, float] | None = None,
) -> None:
    """The interactive map; panning and zooming never rerun the script, a click on a feature selects it.

    The map is made once per session and key with the view of its first draw (the browser fits the region or the
    selection itself); later views are sent as centre and zoom, which streamlit-folium applies without remaking it,
    and only when the link has one (a fitted view stays as the browser framed it). With fit (min lon, min lat,
    max lon, max lat), a page's own map is framed on that box instead, and neither follows nor writes the link's view.
    """
    atlas, state = cached_atlas(), view()
    request = map_request()
    if layers is not None:
        request = replace(request, layers=layers)
    if key != "ba_map":  # the changes are marked on the Map page's map, where their legend row and list are
        request = replace(request, since=None)
    framing = (
        initial_framing(state, atlas)
        if fit is None
        else mapview.Framing(fit=fit, fit_max_zoom=AREA_MAX_ZOOM, write_url=False)
    )
    initial = st.session_state.setdefault(f"{key}_initial_view", (state.lat, state.lon, state.zoom, framing))
    framing = replace(initial[3], controls=not state.present)
    parts = mapview.build_map(
        atlas.layers,
        cached_basemap(),
        replace(request, center=initial[:2], zoom=initial[2], framing=framing),
        component_url_for,
        detail_url(),
    )
    parts.groups += overlay_groups() if key == "ba_map" else []
    nudge = VIEW_NUDGE * (st.session_state.get(MOVES_KEY, 0) % 2)
    result = st_folium(
        parts.base,
        key=key,
        height=height,
        use_container_width=True,
        feature_group_to_add=parts.groups,
        center=None if state.fitted or fit else (state.lat + nudge, state.lon),
        zoom=None if state.fitted or fit else state.zoom,
        returned_objects=list(RETURNED_OBJECTS),
    )
    handle_click(atlas, request, result or {}, key)


def handle_click(atlas: Atlas, request: mapview.MapRequest, result: dict, key: str) -> None:
    """Select the clicked symbol's own record, or clear the selection on a click on empty map or Esc."""
    now = clicks.read_clicks(result)
    before = st.session_state.get(f"{key}_{CLICK_KEY}")
    st.session_state[f"{key}_{CLICK_KEY}"] = now
    if clicks.click_action(now, before) is None:
        return
    action = clicks.resolve_click(
        now,
        before,
        mapview.symbol_anchors(atlas.layers, request),
        lambda lat, lon: panels.feature_at_click(atlas, request.layers, lat, lon),
    )
    if action is not None and action[1] != view().selected:
        select_feature(action[1])
        st.rerun()


def draw_legend(layers: tuple[str, ...], since: dt.date | None = None) -> None:
    """The legend for the visible layers, drawn in HTML (no d3), with the changes row when compared."""
    entries = legend.legend_entries(layers) + ([legend.change_entry(since)] if since else [])
    if entries:
        st.html(legend.legend_html(entries))
