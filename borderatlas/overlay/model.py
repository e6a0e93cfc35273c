"""The overlay as the app holds it, with the limits that bound a file and the errors that name what is wrong."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

MAX_UPLOAD_BYTES = 25 * 1024 * 1024


"""Largest file accepted (25 MiB: about 250,000 CSV rows of a few columns)."""


MAX_FEATURES = 200_000


MAX_TOOLTIP_FIELDS = 8


MAX_TOOLTIP_CHARS = 120


COORDINATE_DECIMALS = 5


"""Coordinates are rounded to 5 decimals (about 1 m): more digits only add bytes."""


LAT_NAMES = ("latitude", "lat", "y")


LON_NAMES = ("longitude", "lon", "lng", "long", "x")


"""Coordinate column names recognised in any case, most specific first."""


DATE_NAME_RE = re.compile(r"date|time|day|when|observed|timestamp", re.IGNORECASE)


DATE_PARSE_SHARE = 0.8


"""A column is a date column when at least this share of its non-blank values parse as dates."""


GEOMETRY_TYPES = (
    "Point",
    "MultiPoint",
    "LineString",
    "MultiLineString",
    "Polygon",
    "MultiPolygon",
    "GeometryCollection",
)


class OverlayError(ValueError):
    """A file that cannot be overlaid; the message tells the user why, in one sentence."""


class CoordinateColumnsNeeded(OverlayError):
    """A CSV whose latitude/longitude columns could not be detected; the user must choose them."""

    def __init__(self, message: str, columns: tuple[str, ...]):
        super().__init__(message)
        self.columns = columns


@dataclass(frozen=True)
class Overlay:
    """An uploaded data set ready to draw: property table, coordinates or geometries, and its date column."""

    name: str
    file_format: str
    table: pd.DataFrame
    """One row per feature: the file's columns (or GeoJSON properties) as text."""
    lat: np.ndarray | None = None
    lon: np.ndarray | None = None
    """Point coordinates for CSV input."""
    geometries: tuple[dict, ...] | None = None
    """GeoJSON geometries for GeoJSON input."""
    lat_column: str | None = None
    lon_column: str | None = None
    date_column: str | None = None
    dates: pd.Series | None = None
    """The date column parsed to dates (datetime64 at midnight; NaT where a value is not a date)."""
    skipped: int = 0
    """Rows or features left out because they had no coordinates or geometry."""

    def __len__(self) -> int:
        return len(self.table)

    @property
    def tooltip_columns(self) -> tuple[str, ...]:
        """The columns shown in each feature's tooltip (coordinates left out)."""
        skip = {self.lat_column, self.lon_column}
        return tuple(c for c in self.table.columns if c not in skip)[:MAX_TOOLTIP_FIELDS]

    def summary(self) -> str:
        """One line describing what was read, for the user."""
        kinds = "point(s)" if self.geometries is None else "feature(s)"
        text = f"{len(self):,} {kinds} from {self.name} ({self.file_format})"
        if self.lat_column:
            text += f", coordinates from columns “{self.lat_column}” / “{self.lon_column}”"
        if self.skipped:
            text += f"; {self.skipped:,} without coordinates left out"
        return text


@dataclass(frozen=True)
class OverlayFormat:
    """A file format the overlay reads, by file extension."""

    id: str
    title: str
    extensions: tuple[str, ...]
    reader: Callable[..., Overlay]
