"""A map layer's page table, built from the columns its registry record declares (Crossings, Infrastructure,
Floods & aid)."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from borderatlas.data import Atlas
from borderatlas.layers import RowContext, layer_by_id
from borderatlas.tables.cells import cites, feature_records


def layer_columns(layer_id: str) -> list[str]:
    """The table's headers for a layer, with the feature id last (hidden on the page, used to select)."""
    return [column.header for column in layer_by_id(layer_id).columns] + ["id"]


def layer_table(atlas: Atlas, layer_id: str, as_of: dt.date) -> pd.DataFrame:
    """One row per feature of a layer: the registry's columns, with the status on the as-of date in its words."""
    layer = layer_by_id(layer_id)
    context = RowContext(layer, as_of, lambda source_ids: cites(atlas, source_ids))
    rows = [
        {**{column.header: column.value(record, context) for column in layer.columns}, "id": record["id"]}
        for record in feature_records(atlas, layer_id)
    ]
    return pd.DataFrame(rows, columns=layer_columns(layer_id))
