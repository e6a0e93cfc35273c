"""What the non-map pages show, as plain data: DataFrames and small records built from the Atlas (no Streamlit),
one module per page (plus the shared cells and fact lists)."""

from borderatlas.tables.cells import join, text
from borderatlas.tables.facts import place_facts, topic_facts
from borderatlas.tables.floods import (
    FLOOD_FIGURE_COLUMNS,
    area_scope,
    flood_chart_frame,
    flood_figures_table,
)
from borderatlas.tables.layers import layer_columns, layer_table
from borderatlas.tables.sources import (
    UNVERIFIED_FEATURE_COLUMNS,
    UNVERIFIED_RECORD_COLUMNS,
    sources_table,
    unverified_features_table,
    unverified_records_table,
)
from borderatlas.tables.timeline import event_topics, timeline
from borderatlas.tables.trade import (
    COAL_SERIES,
    DESIGNATION_COLUMNS,
    GDP_GROWTH_FACTS,
    HEADLINE_FACTS,
    SERIES_LABELS,
    compact_value,
    designations_table,
    gdp_growth_frame,
    headlines,
    period_text,
    series_options,
    trade_frame,
)

__all__ = [
    "COAL_SERIES",
    "DESIGNATION_COLUMNS",
    "FLOOD_FIGURE_COLUMNS",
    "GDP_GROWTH_FACTS",
    "HEADLINE_FACTS",
    "SERIES_LABELS",
    "UNVERIFIED_FEATURE_COLUMNS",
    "UNVERIFIED_RECORD_COLUMNS",
    "area_scope",
    "compact_value",
    "designations_table",
    "event_topics",
    "flood_chart_frame",
    "flood_figures_table",
    "gdp_growth_frame",
    "headlines",
    "join",
    "layer_columns",
    "layer_table",
    "period_text",
    "place_facts",
    "series_options",
    "sources_table",
    "text",
    "timeline",
    "topic_facts",
    "trade_frame",
    "unverified_features_table",
    "unverified_records_table",
]
