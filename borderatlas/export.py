"""The export API in one place, for the command line and tests: the views (borderatlas.views, no matplotlib) and
the briefing graphics (borderatlas.briefing, which imports matplotlib). The app imports the two separately, so that
downloads and presentation mode never load matplotlib."""

from borderatlas.briefing import Rendered, export_bytes, render, save
from borderatlas.briefing.decorations import legend_glyph, legend_rows
from borderatlas.briefing.fonts import cjk_font_family, cjk_font_path, font_rc
from borderatlas.briefing.labels import label_candidates
from borderatlas.briefing.projection import MapProjection, fitted_extent
from borderatlas.views import (
    AREA_IDS,
    AREAS,
    DISCLAIMER,
    FORMAT_IDS,
    FORMATS,
    TITLE,
    Area,
    ExportFormat,
    ExportView,
    Layout,
    area_by_id,
    bbox_area,
    export_subtitle,
    export_title,
    format_by_id,
    long_date,
    selected_in_view,
    source_line,
    view_frame,
    web_view_area,
    within_region,
)

__all__ = [
    "AREAS",
    "AREA_IDS",
    "DISCLAIMER",
    "FORMATS",
    "FORMAT_IDS",
    "TITLE",
    "Area",
    "ExportFormat",
    "ExportView",
    "Layout",
    "MapProjection",
    "Rendered",
    "area_by_id",
    "bbox_area",
    "cjk_font_family",
    "cjk_font_path",
    "export_bytes",
    "export_subtitle",
    "export_title",
    "fitted_extent",
    "font_rc",
    "format_by_id",
    "label_candidates",
    "legend_glyph",
    "legend_rows",
    "long_date",
    "render",
    "save",
    "selected_in_view",
    "source_line",
    "view_frame",
    "web_view_area",
    "within_region",
]
