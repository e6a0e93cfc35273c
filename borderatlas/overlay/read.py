"""Reading the user's file: an uploaded CSV or GeoJSON from bytes, checked and bounded, filtered by date.

Everything here works on bytes in memory: nothing is written to disk.
"""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import PurePath

import numpy as np
import pandas as pd

from borderatlas.overlay.dates import with_dates
from borderatlas.overlay.model import (
    GEOMETRY_TYPES,
    LAT_NAMES,
    LON_NAMES,
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_FEATURES,
    MAX_UPLOAD_BYTES,
    MAX_VERTICES,
    PREVIEW,
    CoordinateColumnsNeeded,
    Overlay,
    OverlayError,
    OverlayFormat,
    check_cells,
    check_column_names,
    check_json_containers,
    check_size,
    too_many_vertices,
)
from borderatlas.validation.files import JSONLimitError, load_json


def decode_text(data: bytes) -> str:
    """The file as text (UTF-8, with or without BOM, else Latin-1); binary files are refused."""
    if b"\x00" in data[:8192]:
        raise OverlayError("The file is not text (it looks binary): upload a CSV or GeoJSON file.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def detect_column(columns: list[str], names: tuple[str, ...]) -> str | None:
    """The first column whose name (any case, spaces trimmed) is one of names, in the order of names."""
    by_name = {}
    for column in columns:
        by_name.setdefault(str(column).strip().lower(), column)
    return next((by_name[name] for name in names if name in by_name), None)


def sniff_delimiter(text: str) -> str:
    """The CSV delimiter: comma, semicolon, tab or pipe, from the first lines."""
    sample = "\n".join(text[:20_000].splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        return ","


def parse_coordinates(table: pd.DataFrame, column: str, low: float, high: float, what: str) -> np.ndarray:
    """A coordinate column as floats (NaN where blank); raise OverlayError for text or out-of-range values."""
    raw = table[column].str.strip()
    values = pd.to_numeric(raw.str.replace(",", ".", regex=False), errors="coerce")
    bad_text = values.isna() & raw.notna() & (raw != "")
    if bad_text.any():
        row = int(np.flatnonzero(bad_text.to_numpy())[0])
        raise OverlayError(f"Row {row + 2}: {what} “{raw.iloc[row][:40]}” in column “{column}” is not a number.")
    numbers = values.to_numpy(dtype=float)
    finite = ~np.isnan(numbers)
    outside = finite & ((numbers < low) | (numbers > high))
    if outside.any():
        row = int(np.flatnonzero(outside)[0])
        raise OverlayError(
            f"Row {row + 2}: {what} {numbers[row]:g} in column “{column}” "
            f"is outside {low:g}…{high:g}"
            " — are latitude and longitude swapped, or the coordinates projected?"
        )
    return numbers


def csv_header(text: str, delimiter: str) -> list[str]:
    """The CSV's column names, trimmed, read from its first record only (before the whole file is parsed)."""
    try:
        return [cell.strip() for cell in next(csv.reader(io.StringIO(text), delimiter=delimiter), [])]
    except csv.Error as err:
        raise OverlayError(f"The CSV could not be read: {str(err)[:160]}") from err


def read_csv_overlay(
    name: str, text: str, lat_column: str | None = None, lon_column: str | None = None, date_column: str | None = None
) -> Overlay:
    """A CSV of points: coordinate columns detected by name (or given), blank rows left out."""
    delimiter = sniff_delimiter(text)
    check_column_names(csv_header(text, delimiter))
    try:
        table = pd.read_csv(io.StringIO(text), sep=delimiter, dtype=str, keep_default_na=False, skipinitialspace=True)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError, csv.Error) as err:
        raise OverlayError(f"The CSV could not be read: {str(err).splitlines()[0][:160]}") from err
    table.columns = [str(c).strip() for c in table.columns]
    columns = list(table.columns)
    check_column_names(columns)
    check_cells(table)
    for chosen in (lat_column, lon_column):
        if chosen is not None and chosen not in columns:
            raise OverlayError(f"There is no column “{chosen}” in the file.")
    lat_column = lat_column or detect_column(columns, LAT_NAMES)
    lon_column = lon_column or detect_column(columns, LON_NAMES)
    if not lat_column or not lon_column or lat_column == lon_column:
        raise CoordinateColumnsNeeded(
            "No latitude/longitude columns were found (looked for "
            f"{', '.join(LAT_NAMES)} and {', '.join(LON_NAMES)}): choose them.",
            tuple(columns),
        )
    lat = parse_coordinates(table, lat_column, -90, 90, "latitude")
    lon = parse_coordinates(table, lon_column, -180, 180, "longitude")
    keep = ~(np.isnan(lat) | np.isnan(lon))
    if not keep.any():
        raise OverlayError(f"No row has both a latitude (“{lat_column}”) and a longitude (“{lon_column}”).")
    check_feature_count(int(keep.sum()))
    table = table[keep].reset_index(drop=True)
    overlay = Overlay(
        name,
        "CSV",
        table,
        lat=lat[keep],
        lon=lon[keep],
        lat_column=lat_column,
        lon_column=lon_column,
        skipped=int((~keep).sum()),
    )
    return with_dates(overlay, date_column)


def check_feature_count(count: int) -> None:
    """Refuse more features than the map can draw quickly."""
    if count > MAX_FEATURES:
        raise OverlayError(f"The file has {count:,} features; at most {MAX_FEATURES:,} can be overlaid.")


def is_number(value: object) -> bool:
    """A JSON number (not true/false)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def check_position(position: object) -> None:
    """One GeoJSON position: longitude and latitude in range, then an optional altitude (and measure), all finite."""
    if not isinstance(position, (list, tuple)) or len(position) < 2 or not all(map(is_number, position[:2])):
        raise OverlayError(f"A coordinate is not a [longitude, latitude] pair: {PREVIEW.repr(position)}")
    if len(position) > 4:
        raise OverlayError(
            f"A coordinate has {len(position):,} values: a position is [longitude, latitude], "
            "with an optional altitude (at most 4 numbers)."
        )
    for value in position[2:]:
        if not is_number(value) or not math.isfinite(value):
            raise OverlayError(
                f"Coordinate {PREVIEW.repr(position)}: the altitude {PREVIEW.repr(value)} is not a finite number."
            )
    lon, lat = position[0], position[1]
    if not (math.isfinite(lon) and math.isfinite(lat) and -180 <= lon <= 180 and -90 <= lat <= 90):
        raise OverlayError(
            f"Coordinate [{lon:g}, {lat:g}] is outside longitude −180…180 / latitude −90…90 "
            "(GeoJSON must be WGS 84 longitude, latitude)."
        )


def check_coordinates(coordinates: object, depth: int, budget: int = MAX_VERTICES) -> int:
    """Positions nested depth levels deep (0 = one position), each checked; returns the vertex budget left."""
    if depth == 0:
        check_position(coordinates)
        if budget <= 0:
            raise too_many_vertices()
        return budget - 1
    if not isinstance(coordinates, (list, tuple)):
        raise OverlayError(f"Coordinates are not nested lists: {PREVIEW.repr(coordinates)}")
    if depth == 1 and len(coordinates) > budget:
        raise too_many_vertices()
    for item in coordinates:
        budget = check_coordinates(item, depth - 1, budget)
    return budget


COORDINATE_DEPTH = {"Point": 0, "MultiPoint": 1, "LineString": 1, "MultiLineString": 2, "Polygon": 2, "MultiPolygon": 3}


MAX_COLLECTION_DEPTH = 4


"""GeometryCollections nested deeper than this are refused (RFC 7946 advises against nesting them at all)."""


def check_geometry(geometry: dict, budget: int = MAX_VERTICES, depth: int = 0) -> int:
    """A GeoJSON geometry of a known type with valid coordinates; returns the vertex budget left."""
    kind = geometry.get("type") if isinstance(geometry, dict) else None
    if kind not in GEOMETRY_TYPES:
        raise OverlayError(f"Unknown geometry type {PREVIEW.repr(kind)}: expected one of {', '.join(GEOMETRY_TYPES)}.")
    if kind == "GeometryCollection":
        parts = geometry.get("geometries")
        if not isinstance(parts, list):
            raise OverlayError("A GeometryCollection has no list of geometries.")
        if depth >= MAX_COLLECTION_DEPTH:
            raise OverlayError(f"GeometryCollections are nested more than {MAX_COLLECTION_DEPTH} deep.")
        for part in parts:
            budget = check_geometry(part, budget, depth + 1)
        return budget
    if "coordinates" not in geometry:
        raise OverlayError(f"A {kind} has no coordinates.")
    return check_coordinates(geometry["coordinates"], COORDINATE_DEPTH[kind], budget)


def has_geometry(feature: object) -> bool:
    """A feature with a geometry to draw (an empty GeometryCollection draws nothing, so it counts as none)."""
    geometry = feature.get("geometry") if isinstance(feature, dict) else None
    return bool(geometry) and not (isinstance(geometry, dict) and geometry.get("geometries") == [])


def geojson_features(document: object) -> list[dict]:
    """The features of a FeatureCollection, a single Feature or a bare geometry."""
    kind = document.get("type") if isinstance(document, dict) else None
    if kind == "FeatureCollection":
        features = document.get("features")
        if not isinstance(features, list):
            raise OverlayError("The FeatureCollection has no list of features.")
        return features
    if kind == "Feature":
        return [document]
    if kind in GEOMETRY_TYPES:
        return [{"type": "Feature", "geometry": document, "properties": {}}]
    raise OverlayError("The JSON is not GeoJSON (no FeatureCollection, Feature or geometry at the top level).")


def property_text(value: object) -> str:
    """A property value as the text a tooltip shows."""
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


KIND_NAMES = {list: "a list", str: "text", int: "a number", float: "a number", bool: "true/false"}


def feature_properties(index: int, feature: dict) -> dict[str, str]:
    """One feature's properties as text, each name and value at most MAX_CELL_CHARS long."""
    properties = feature.get("properties")
    if properties is None:
        return {}
    if not isinstance(properties, dict):
        kind = KIND_NAMES.get(type(properties), type(properties).__name__)
        raise OverlayError(f"Feature {index + 1}: its properties are {kind}, not an object of names and values.")
    row = {}
    for key, value in properties.items():
        text = property_text(value)
        for what, length in (("name", len(key)), ("value", len(text))):
            if length > MAX_CELL_CHARS:
                raise OverlayError(
                    f"Feature {index + 1}, property “{key[:40]}”: a {what} of {length:,} characters; "
                    f"at most {MAX_CELL_CHARS:,} are allowed."
                )
        row[key] = text
    return row


def property_rows(features: list[dict]) -> list[dict[str, str]]:
    """Every feature's properties as text; at most MAX_COLUMNS distinct names over the whole file."""
    rows, names = [], set()
    for index, feature in enumerate(features):
        row = feature_properties(index, feature)
        names.update(row)
        if len(names) > MAX_COLUMNS:
            raise OverlayError(
                f"The features use more than {MAX_COLUMNS} different property names; "
                f"at most {MAX_COLUMNS} can be overlaid."
            )
        rows.append(row)
    return rows


def read_geojson_overlay(
    name: str, text: str, lat_column: str | None = None, lon_column: str | None = None, date_column: str | None = None
) -> Overlay:
    """A GeoJSON of points, lines or polygons (WGS 84); features without geometry are left out."""
    check_json_containers(text)
    try:
        document = load_json(text)
    except JSONLimitError as err:
        raise OverlayError(f"The file cannot be read as GeoJSON: {err}.") from err
    except json.JSONDecodeError as err:
        raise OverlayError(f"The file is not valid JSON: {err.msg} at line {err.lineno}, column {err.colno}.") from err
    features = geojson_features(document)
    kept = [f for f in features if has_geometry(f)]
    if not kept:
        raise OverlayError("The GeoJSON has no features with a geometry.")
    check_feature_count(len(kept))
    budget = MAX_VERTICES
    for feature in kept:
        budget = check_geometry(feature["geometry"], budget)
    rows = property_rows(kept)
    table = pd.DataFrame.from_records(rows).fillna("") if rows else pd.DataFrame()
    table = table.reindex(range(len(kept))).fillna("") if table.empty else table
    overlay = Overlay(
        name, "GeoJSON", table, geometries=tuple(f["geometry"] for f in kept), skipped=len(features) - len(kept)
    )
    return with_dates(overlay, date_column)


OVERLAY_FORMATS: tuple[OverlayFormat, ...] = (
    OverlayFormat("csv", "CSV (latitude/longitude columns)", ("csv", "tsv", "txt"), read_csv_overlay),
    OverlayFormat("geojson", "GeoJSON (points, lines, polygons)", ("geojson", "json"), read_geojson_overlay),
)


UPLOAD_EXTENSIONS = tuple(ext for fmt in OVERLAY_FORMATS for ext in fmt.extensions)


def format_for(name: str) -> OverlayFormat:
    """The format a file name's extension says; OverlayError for any other."""
    extension = PurePath(name).suffix.lower().lstrip(".")
    found = next((fmt for fmt in OVERLAY_FORMATS if extension in fmt.extensions), None)
    if found is None:
        raise OverlayError(
            f"“{name[:80]}” is not a CSV or GeoJSON file (.{extension or '?'}): "
            f"upload one of .{', .'.join(UPLOAD_EXTENSIONS)}."
        )
    return found


def read_overlay(
    name: str,
    data: bytes,
    lat_column: str | None = None,
    lon_column: str | None = None,
    date_column: str | None = None,
    limit: int = MAX_UPLOAD_BYTES,
) -> Overlay:
    """Read an uploaded file from bytes; raise OverlayError (or CoordinateColumnsNeeded) with a clear message."""
    fmt = format_for(name)
    check_size(data, limit)
    try:
        return fmt.reader(
            name, decode_text(data), lat_column=lat_column, lon_column=lon_column, date_column=date_column
        )
    except RecursionError as err:  # a value nested deeper than the stack allows, anywhere after parsing
        raise OverlayError("The file is nested too deeply to read.") from err
