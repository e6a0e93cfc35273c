"""The Streamlit glue: the only package that imports Streamlit or streamlit-folium.

Pages call `with ui.frame(page_id) as state:` and then lay out widgets with the functions re-exported here.
"""

from borderatlas.ui.cache import cached_atlas, cached_basemap, component_url_for
from borderatlas.ui.chrome import (
    draw_footer,
    draw_navigation,
    draw_notices,
    draw_sidebar,
    frame,
)
from borderatlas.ui.export import draw_export_block
from borderatlas.ui.layertable import draw_layer_table, draw_show_on_map
from borderatlas.ui.mapframe import RETURNED_OBJECTS, draw_legend, draw_map
from borderatlas.ui.markdown import citation_markdown, escape_md
from borderatlas.ui.overlay import (
    OVERLAY_DRAWN_KEY,
    OVERLAY_KEY,
    draw_overlay_control,
    read_upload,
)
from borderatlas.ui.presentation import draw_presentation, draw_presentation_toggle
from borderatlas.ui.sidepanel import draw_events_until, draw_fact, draw_facts, draw_phone_card, draw_side_panel
from borderatlas.ui.state import (
    STATE_KEY,
    select_feature,
    sync_view_from_url,
    view,
    write_url,
)

__all__ = [
    "OVERLAY_DRAWN_KEY",
    "OVERLAY_KEY",
    "RETURNED_OBJECTS",
    "STATE_KEY",
    "cached_atlas",
    "cached_basemap",
    "citation_markdown",
    "component_url_for",
    "draw_events_until",
    "draw_export_block",
    "draw_fact",
    "draw_facts",
    "draw_footer",
    "draw_layer_table",
    "draw_legend",
    "draw_map",
    "draw_navigation",
    "draw_notices",
    "draw_overlay_control",
    "draw_phone_card",
    "draw_presentation",
    "draw_presentation_toggle",
    "draw_sidebar",
    "draw_show_on_map",
    "draw_side_panel",
    "escape_md",
    "frame",
    "read_upload",
    "select_feature",
    "sync_view_from_url",
    "view",
    "write_url",
]
