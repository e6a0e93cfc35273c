"""The interactive map on a page: drawn with streamlit-folium, clicks select features, and its legend."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st
from streamlit_folium import st_folium

from borderatlas import legend, mapview, panels
from borderatlas.data import Atlas
from borderatlas.ui.cache import cached_atlas, cached_basemap, component_url_for
from borderatlas.ui.overlay import overlay_groups
from borderatlas.ui.state import select_feature, view

CLICK_KEY = "ba_last_click"
RETURNED_OBJECTS = ("last_object_clicked", "last_object_clicked_count")
"""What the map reports back: only clicks on features. Pan and zoom change neither, so they never rerun the script."""
MAP_HEIGHT = 620


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
    )


def draw_map(key: str = "ba_map", height: int = MAP_HEIGHT, layers: tuple[str, ...] | None = None) -> None:
    """The interactive map; panning and zooming never rerun the script, a click on a feature selects it."""
    atlas, state = cached_atlas(), view()
    request = map_request()
    if layers is not None:
        request = replace(request, layers=layers)
    initial = st.session_state.setdefault(f"{key}_initial_view", (state.lat, state.lon, state.zoom))
    parts = mapview.build_map(
        atlas.layers, cached_basemap(), replace(request, center=initial[:2], zoom=initial[2]), component_url_for
    )
    parts.groups += overlay_groups() if key == "ba_map" else []
    result = st_folium(
        parts.base,
        key=key,
        height=height,
        use_container_width=True,
        feature_group_to_add=parts.groups,
        center=(state.lat, state.lon),
        zoom=state.zoom,
        returned_objects=list(RETURNED_OBJECTS),
    )
    handle_click(atlas, request, result or {}, key)


def handle_click(atlas: Atlas, request: mapview.MapRequest, result: dict, key: str) -> None:
    """Select the feature under a new map click (a click counts as new by its count, so re-clicking works)."""
    clicked = result.get("last_object_clicked")
    stamp = (result.get("last_object_clicked_count"), clicked)
    if not clicked or st.session_state.get(f"{key}_{CLICK_KEY}") == stamp:
        return
    st.session_state[f"{key}_{CLICK_KEY}"] = stamp
    feature_id = panels.feature_at_click(atlas, request.layers, clicked["lat"], clicked["lng"])
    if feature_id and feature_id != view().selected:
        select_feature(feature_id)
        st.rerun()


def draw_legend(layers: tuple[str, ...]) -> None:
    """The legend for the visible layers, drawn in HTML (no d3)."""
    entries = legend.legend_entries(layers)
    if entries:
        st.html(legend.legend_html(entries))
