"""The user's own data over the map: read an uploaded CSV or GeoJSON from bytes (overlay.read), filter it by date,
and draw it as one layer (overlay.draw)."""

from borderatlas.overlay.dates import date_range, detect_date_column, filter_by_date, with_dates
from borderatlas.overlay.draw import (
    OVERLAY_COLOUR,
    OVERLAY_GROUP,
    SHARED_CANVAS,
    feature_collection,
    overlay_document,
    overlay_group,
    overlay_layer,
)
from borderatlas.overlay.model import (
    COORDINATE_DECIMALS,
    LAT_NAMES,
    LON_NAMES,
    MAX_FEATURES,
    MAX_TOOLTIP_FIELDS,
    MAX_UPLOAD_BYTES,
    CoordinateColumnsNeeded,
    Overlay,
    OverlayError,
)
from borderatlas.overlay.read import UPLOAD_EXTENSIONS, detect_column, format_for, read_overlay

__all__ = [
    "COORDINATE_DECIMALS",
    "LAT_NAMES",
    "LON_NAMES",
    "MAX_FEATURES",
    "MAX_TOOLTIP_FIELDS",
    "MAX_UPLOAD_BYTES",
    "OVERLAY_COLOUR",
    "OVERLAY_GROUP",
    "SHARED_CANVAS",
    "UPLOAD_EXTENSIONS",
    "CoordinateColumnsNeeded",
    "Overlay",
    "OverlayError",
    "date_range",
    "detect_column",
    "detect_date_column",
    "feature_collection",
    "filter_by_date",
    "format_for",
    "overlay_document",
    "overlay_group",
    "overlay_layer",
    "read_overlay",
    "with_dates",
]
