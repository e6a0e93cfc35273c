"""The overlay as the app holds it, with the limits that bound a file and the errors that name what is wrong."""

from __future__ import annotations

import re
import reprlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

MAX_UPLOAD_BYTES = 25 * 1024 * 1024


"""Largest file accepted (25 MiB: about 250,000 CSV rows of a few columns)."""


MAX_FEATURES = 200_000


MAX_VERTICES = 200_000


"""Most coordinate positions in one file, all shapes together (checked while walking, before drawing anything)."""


MAX_JSON_CONTAINERS = 5 * MAX_VERTICES


"""Most '[' and '{' in a GeoJSON file, counted before it is parsed (parsing costs about 0.7 µs per list or object).
A file within the limits needs far fewer: each point feature is three objects and one list."""


MAX_COLUMNS = 200


"""Most CSV columns, or distinct GeoJSON property names, in one file (checked on the header, before parsing)."""


MAX_CELL_CHARS = 2_000


"""Longest text in one CSV cell, column name, or GeoJSON property name or value."""


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


DATE_SAMPLE = 20


"""Values of a column tried first: only a column whose sample is mostly dates is tried on its first 500."""


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


def bounded_repr() -> reprlib.Repr:
    """A repr that stops after a few items, levels and characters."""
    preview = reprlib.Repr()
    preview.maxlevel, preview.maxlist, preview.maxtuple, preview.maxdict = 2, 4, 4, 4
    preview.maxstring = preview.maxlong = preview.maxother = 30
    return preview


PREVIEW = bounded_repr()


"""Quotes a value from the file in a message, bounded however big or deep the value is."""


def check_size(data: bytes, limit: int = MAX_UPLOAD_BYTES) -> None:
    """Refuse empty files and files over the size limit."""
    if not data:
        raise OverlayError("The file is empty.")
    if len(data) > limit:
        raise OverlayError(f"The file is {len(data) / 2**20:.1f} MiB; the limit is {limit / 2**20:.0f} MiB.")


def check_column_names(names: list[str]) -> None:
    """At most MAX_COLUMNS columns, each name at most MAX_CELL_CHARS long, no two alike once trimmed."""
    if len(names) > MAX_COLUMNS:
        raise OverlayError(
            f"The file has {len(names):,} columns; at most {MAX_COLUMNS} can be overlaid: "
            "remove the columns you do not need."
        )
    for index, column in enumerate(names):
        if len(column) > MAX_CELL_CHARS:
            raise OverlayError(
                f"The name of column {index + 1} is {len(column):,} characters long; "
                f"at most {MAX_CELL_CHARS:,} characters are allowed."
            )
    twice = [column for column, count in Counter(names).items() if count > 1]
    if twice:
        raise OverlayError(f"The CSV has two columns named “{twice[0][:40]}” (after trimming spaces): rename one.")


def check_cells(table: pd.DataFrame) -> None:
    """No cell longer than MAX_CELL_CHARS (checked before coordinates and dates are parsed)."""
    for column in table.columns:
        lengths = table[column].str.len().to_numpy(dtype=float, na_value=0)
        if len(lengths) and lengths.max() > MAX_CELL_CHARS:
            row = int(lengths.argmax())
            raise OverlayError(
                f"Row {row + 2}, column “{column[:40]}”: {int(lengths[row]):,} characters; "
                f"at most {MAX_CELL_CHARS:,} are allowed in one value."
            )


def check_json_containers(text: str) -> None:
    """Refuse, before parsing, JSON text with more than MAX_JSON_CONTAINERS lists and objects."""
    count = text.count("[") + text.count("{")
    if count > MAX_JSON_CONTAINERS:
        raise OverlayError(
            f"The file holds {count:,} JSON lists and objects; at most {MAX_JSON_CONTAINERS:,} are read "
            f"(at most {MAX_VERTICES:,} vertices can be overlaid): simplify the shapes first."
        )


def too_many_vertices() -> OverlayError:
    """The error for a file past MAX_VERTICES."""
    return OverlayError(
        f"The shapes have more than {MAX_VERTICES:,} vertices; at most {MAX_VERTICES:,} vertices can be overlaid: "
        "simplify them first."
    )
