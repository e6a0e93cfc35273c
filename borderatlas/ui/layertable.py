"""A layer's page table: the registry's columns, wrapped text, and a row click that selects the feature."""

from __future__ import annotations

import streamlit as st

from borderatlas import tables, urlstate
from borderatlas.layers import layer_by_id
from borderatlas.ui.cache import cached_atlas
from borderatlas.ui.markdown import escape_md
from borderatlas.ui.state import select_feature, write_url

ROW_HEIGHT_PX = 66
"""Tall enough for Streamlit to wrap cell text (it wraps rows taller than 4 rem), about three lines."""


def column_config(layer_id: str) -> dict:
    """Streamlit column settings from the layer's registry columns: widths, and number formats."""
    config = {}
    for column in layer_by_id(layer_id).columns:
        if column.number_format:
            config[column.header] = st.column_config.NumberColumn(format=column.number_format, width=column.width)
        elif column.width:
            config[column.header] = st.column_config.Column(width=column.width)
    return config


def draw_layer_table(layer_id: str, state: urlstate.ViewState, key: str, hidden: tuple[str, ...] = ()) -> str | None:
    """The layer's table on the as-of date; a clicked row selects its feature. Returns the id picked in this table."""
    table = tables.layer_table(cached_atlas(), layer_id, state.as_of)
    if table.empty:
        layer = layer_by_id(layer_id)
        st.info(f"No {layer.title.lower()} are loaded yet (geodata/{layer.data.filename} is missing or empty).")
        return None
    event = st.dataframe(
        table,
        hide_index=True,
        column_order=[c for c in table.columns if c != "id" and c not in hidden],
        column_config=column_config(layer_id),
        row_height=ROW_HEIGHT_PX,
        on_select="rerun",
        selection_mode="single-row",
        key=key,
    )
    rows = event.selection.rows if event is not None else []
    if not rows:
        st.caption("Click a row to select that place; the map below and the Map page then show it.")
        return None
    feature_id = str(table.iloc[rows[0]]["id"])
    if state.selected != feature_id:
        select_feature(feature_id)
        write_url()
    return feature_id


def draw_show_on_map(feature_id: str | None) -> None:
    """For a place picked in a table: its name, and a button that opens the Map page centred on it."""
    record = cached_atlas().feature(feature_id) if feature_id else None
    if record is None:
        return
    name = escape_md(record["name_en"])
    if st.button(f"Show {name} on the Map page", key=f"ba_show_{feature_id}", icon=":material/map:", type="primary"):
        select_feature(feature_id, centre=True)
        st.switch_page("dashboard.py")
