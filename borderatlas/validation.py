"""Read and check every geodata file, keeping the good records and naming each problem by file, id and field."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from shapely.geometry import shape
from shapely.validation import explain_validity

from borderatlas.registry import (
    LAYERS,
    REGION_BOUNDS,
    SOURCES_TABLE,
    TABLES,
    LayerSpec,
    TableSpec,
)

ACCEPTED_CRS = {
    "urn:ogc:def:crs:OGC:1.3:CRS84",
    "urn:ogc:def:crs:OGC::CRS84",
    "urn:ogc:def:crs:EPSG::4326",
    "EPSG:4326",
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data, located by file, record and field."""

    file: str
    message: str
    record_id: str | None = None
    field: str | None = None
    record_kind: str = "feature"

    def __str__(self) -> str:
        parts = [self.file]
        if self.record_id is not None:
            parts.append(f"{self.record_kind} '{self.record_id}'")
        if self.field:
            parts.append(self.field)
        return ": ".join(parts + [self.message])


@dataclass
class LayerRecords:
    """The features of one layer that passed every check, with their validated properties."""

    spec: LayerSpec
    features: list[dict[str, Any]] = field(default_factory=list)
    properties: list[BaseModel] = field(default_factory=list)
    skipped: int = 0
    unreadable: bool = False


@dataclass
class TableRecords:
    """The rows of one table that passed every check."""

    spec: TableSpec
    rows: list[BaseModel] = field(default_factory=list)
    skipped: int = 0
    unreadable: bool = False


@dataclass
class DatasetReport:
    """Everything read from a geodata folder: the good records and the problems found."""

    root: Path
    layers: dict[str, LayerRecords]
    tables: dict[str, TableRecords]
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        """True when no problem was found."""
        return not self.problems


def display_name(root: Path, filename: str) -> str:
    """Name a data file as '<folder>/<file>' for messages, e.g. 'geodata/crossings.geojson'."""
    return f"{root.name}/{filename}"


def pydantic_problems(error: ValidationError, file: str, record_id: str, kind: str) -> list[Problem]:
    """Turn a pydantic ValidationError into one Problem per failing field.

    Whole-record checks (model validators) phrase their message as 'field: message' to name their field.
    """
    problems = []
    for item in error.errors():
        loc = ".".join(str(part) for part in item["loc"])
        message = item["msg"].removeprefix("Value error, ")
        head, sep, rest = message.partition(": ")
        if not loc and sep and head.isidentifier():
            loc, message = head, rest
        problems.append(Problem(file, message, record_id, loc or None, kind))
    return problems


def read_text(path: Path, file: str) -> tuple[str | None, Problem | None]:
    """Read a data file as UTF-8, or say why it cannot be read."""
    if not path.exists():
        return None, Problem(file, "file is missing", record_kind="file")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, Problem(file, f"cannot read file: {exc}", record_kind="file")
    if not text.strip():
        return None, Problem(file, "file is empty", record_kind="file")
    return text, None


def parse_feature_collection(text: str, file: str) -> tuple[list[Any] | None, Problem | None]:
    """Parse GeoJSON text into its feature list, or say what is wrong with the whole file."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return None, Problem(file, f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}")
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        return None, Problem(file, "not a GeoJSON FeatureCollection")
    crs_name = (
        (((data.get("crs") or {}).get("properties") or {}).get("name")) if isinstance(data.get("crs"), dict) else None
    )
    if "crs" in data and crs_name not in ACCEPTED_CRS:
        return None, Problem(
            file, f"crs: declares {crs_name or data.get('crs')!r}; only WGS 84 lon/lat (EPSG:4326) is accepted"
        )
    features = data.get("features")
    if not isinstance(features, list):
        return None, Problem(file, "features: missing or not a list")
    if not features:
        return None, Problem(file, "features: the layer has no features")
    return features, None


def feature_id(feature: Any, index: int) -> str:
    """Return the id a feature is known by in messages: its own id, else its position."""
    if isinstance(feature, dict):
        props = feature.get("properties") if isinstance(feature.get("properties"), dict) else {}
        fid = feature.get("id") or props.get("id")
        if isinstance(fid, (str, int)) and str(fid).strip():
            return str(fid)
    return f"#{index + 1}"


def open_rings(geom: dict[str, Any]) -> int:
    """How many rings of a (Multi)Polygon do not end at their first point (shapely would close them silently)."""
    coords = geom.get("coordinates")
    polygons = {"Polygon": [coords], "MultiPolygon": coords}.get(geom.get("type"))
    if not isinstance(polygons, list):
        return 0
    rings = [ring for polygon in polygons if isinstance(polygon, list) for ring in polygon if isinstance(ring, list)]
    return sum(1 for ring in rings if len(ring) >= 2 and ring[0] != ring[-1])


def geometry_problems(feature: dict[str, Any], spec: LayerSpec, file: str, fid: str) -> list[Problem]:
    """Check that a feature's geometry parses, is valid, has the layer's type and lies inside the region."""
    geom = feature.get("geometry")
    if not isinstance(geom, dict):
        return [Problem(file, "missing geometry", fid, "geometry")]
    if geom.get("type") not in spec.geometry_types:
        return [
            Problem(
                file,
                f"type {geom.get('type')!r} is not allowed in this layer (allowed: {', '.join(spec.geometry_types)})",
                fid,
                "geometry.type",
            )
        ]
    if open_rings(geom):
        return [
            Problem(
                file, "a polygon ring is not closed (its last point must repeat its first)", fid, "geometry.coordinates"
            )
        ]
    try:
        shp = shape(geom)
    except Exception as exc:  # shapely raises several types for malformed coordinates
        return [Problem(file, f"cannot be read: {exc}", fid, "geometry.coordinates")]
    if shp.is_empty:
        return [Problem(file, "geometry is empty", fid, "geometry.coordinates")]
    if not shp.is_valid:
        return [Problem(file, f"invalid geometry: {explain_validity(shp)}", fid, "geometry")]
    min_lon, min_lat, max_lon, max_lat = REGION_BOUNDS
    x0, y0, x1, y1 = shp.bounds
    if x0 < min_lon or x1 > max_lon or y0 < min_lat or y1 > max_lat:
        hint = " (are lon and lat swapped? GeoJSON is [lon, lat])" if min_lon <= y0 <= max_lon else ""
        return [
            Problem(
                file,
                f"coordinates ({x0:.3f}, {y0:.3f})–({x1:.3f}, {y1:.3f}) lie outside the region "
                f"lon {min_lon}–{max_lon}, lat {min_lat}–{max_lat}{hint}",
                fid,
                "geometry.coordinates",
            )
        ]
    return []


def check_feature(feature: Any, index: int, spec: LayerSpec, file: str) -> tuple[BaseModel | None, list[Problem]]:
    """Validate one GeoJSON feature's structure, properties and geometry."""
    fid = feature_id(feature, index)
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        return None, [Problem(file, "not a GeoJSON Feature", fid, "type")]
    props = feature.get("properties")
    if not isinstance(props, dict):
        return None, [Problem(file, "missing properties object", fid, "properties")]
    problems = []
    if feature.get("id") is not None and props.get("id") is not None and str(feature["id"]) != str(props["id"]):
        problems.append(
            Problem(file, f"feature id {feature['id']!r} differs from properties.id {props['id']!r}", fid, "id")
        )
    merged = {"id": feature.get("id"), **props} if props.get("id") is None else props
    model = None
    try:
        model = spec.properties_model.model_validate(merged)
    except ValidationError as exc:
        problems.extend(pydantic_problems(exc, file, fid, "feature"))
    problems.extend(geometry_problems(feature, spec, file, fid))
    return (model if not problems else None), problems


def read_layer(root: Path, spec: LayerSpec) -> tuple[LayerRecords, list[Problem]]:
    """Read one GeoJSON layer, returning its good features and the problems of the rest."""
    file = display_name(root, spec.filename)
    records = LayerRecords(spec)
    text, problem = read_text(root / spec.filename, file)
    features, problem = parse_feature_collection(text, file) if text is not None else (None, problem)
    if features is None:
        records.unreadable = True
        return records, [problem]
    problems: list[Problem] = []
    for index, feature in enumerate(features):
        model, found = check_feature(feature, index, spec, file)
        problems.extend(found)
        if model is None:
            records.skipped += 1
            continue
        records.features.append(feature)
        records.properties.append(model)
    return records, problems


def read_table(root: Path, spec: TableSpec) -> tuple[TableRecords, list[Problem]]:
    """Read one CSV table, returning its good rows and the problems of the rest."""
    file = display_name(root, spec.filename)
    records = TableRecords(spec)
    text, problem = read_text(root / spec.filename, file)
    if text is None:
        records.unreadable = True
        return records, [problem]
    expected = list(spec.model.model_fields)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as exc:
        records.unreadable = True
        return records, [Problem(file, f"invalid CSV: {exc}", record_kind="file")]
    header = [name.strip() for name in rows[0]]
    wrong = [
        f"missing column {name!r}"
        for name in expected
        if name not in header and spec.model.model_fields[name].is_required()
    ]
    wrong += [f"unknown column {name!r}" for name in header if name not in expected]
    if wrong:
        records.unreadable = True
        return records, [Problem(file, "header: " + "; ".join(wrong), record_kind="file")]
    problems: list[Problem] = []
    if len(rows) == 1:
        records.unreadable = True
        return records, [Problem(file, "table has no rows", record_kind="file")]
    for line, row in enumerate(rows[1:], start=2):
        rid = row[header.index("id")].strip() if "id" in header and len(row) > header.index("id") else ""
        rid = rid or f"line {line}"
        if len(row) != len(header):
            problems.append(
                Problem(file, f"line {line} has {len(row)} cells, the header has {len(header)}", rid, None, "row")
            )
            records.skipped += 1
            continue
        try:
            records.rows.append(spec.model.model_validate(dict(zip(header, row))))
        except ValidationError as exc:
            problems.extend(pydantic_problems(exc, file, rid, "row"))
            records.skipped += 1
    return records, problems


def ids_of(values: Any) -> list[str]:
    """Return a field's ids as a list, whether it holds one id or several."""
    if values is None:
        return []
    return [values] if isinstance(values, str) else list(values)


def drop_bad_references(report: DatasetReport) -> None:
    """Skip records with duplicate ids or unknown sources; unlink unknown places. Each offender is named."""
    source_ids = {row.id for row in report.tables[SOURCES_TABLE.name].rows}
    seen: set[str] = set()
    for records in report.layers.values():
        file = display_name(report.root, records.spec.filename)
        keep_f, keep_p = [], []
        for feature, props in zip(records.features, records.properties):
            bad = [
                Problem(file, f"unknown source {sid!r}", props.id, "source_ids")
                for sid in props.source_ids
                if sid not in source_ids
            ]
            if props.id in seen:
                bad.append(
                    Problem(file, f"duplicate id {props.id!r} (ids are unique across all layers)", props.id, "id")
                )
            seen.add(props.id)
            if bad:
                report.problems.extend(bad)
                records.skipped += 1
            else:
                keep_f.append(feature)
                keep_p.append(props)
        records.features, records.properties = keep_f, keep_p
    place_ids = {props.id for records in report.layers.values() for props in records.properties}
    for records in report.tables.values():
        file = display_name(report.root, records.spec.filename)
        table_seen: set[str] = set()
        kept = []
        for row in records.rows:
            bad = []
            if row.id in table_seen:
                bad.append(Problem(file, f"duplicate id {row.id!r}", row.id, "id", "row"))
            table_seen.add(row.id)
            for name in records.spec.source_fields:
                bad += [
                    Problem(file, f"unknown source {sid!r}", row.id, name, "row")
                    for sid in ids_of(getattr(row, name))
                    if sid not in source_ids
                ]
            for name in records.spec.place_fields:
                unknown = [pid for pid in ids_of(getattr(row, name)) if pid not in place_ids]
                report.problems.extend(
                    Problem(file, f"unknown feature {pid!r}", row.id, name, "row") for pid in unknown
                )
                if unknown:  # keep the row, sourced as it is; only the dangling link goes
                    setattr(row, name, [pid for pid in getattr(row, name) if pid in place_ids])
            if bad:
                report.problems.extend(bad)
                records.skipped += 1
            else:
                kept.append(row)
        records.rows = kept


def read_dataset(root: Path) -> DatasetReport:
    """Read and check every layer and table under root; never raises for bad data."""
    root = Path(root)
    report = DatasetReport(root, {}, {}, [])
    for spec in LAYERS:
        records, problems = read_layer(root, spec)
        report.layers[spec.id] = records
        report.problems.extend(problems)
    for spec in TABLES:
        records, problems = read_table(root, spec)
        report.tables[spec.name] = records
        report.problems.extend(problems)
    drop_bad_references(report)
    report.problems.extend(cross_record_problems(report))
    return report


# ---------------------------------------------------------------------------------------------------------------
# Checks across records: one object one history, the right bank, and status changes caused by events.

SAME_STATUS = {"operating": "open", "active": "open"}
"""Statuses that mean the same across layers (a crossing is 'open' where its project is 'operating')."""

BOUNDARY_FILE = Path(__file__).resolve().parents[1] / "geodata" / "basemap" / "boundaries.geojson"
"""The Natural Earth boundary lines committed with the repository (not ../shared), so CI needs nothing else."""

SIDE_CHECK_KM = 5.0
"""A one-country point this close to the China–DPRK boundary line must be on its own side (or say why)."""

SIDE_COUNTRIES = {"CHN": "China", "PRK": "North Korea"}


def same_status(a: str | None, b: str | None) -> bool:
    """True when two statuses (or two absences) mean the same thing."""
    return SAME_STATUS.get(a, a) == SAME_STATUS.get(b, b)


def history_dicts(props: BaseModel) -> list[dict]:
    """A feature's status history as the plain dicts the map reads."""
    return [{"from": change.from_, "status": change.status} for change in props.status_history]


def status_on(props: BaseModel, day) -> str | None:
    """The status a validated feature held on a day (None before its first history entry)."""
    from borderatlas.asof import status_at

    return status_at(history_dicts(props), props.status, day)


def linked_problems(report: DatasetReport) -> list[Problem]:
    """One object, one history: twins linked by same_structure_as agree on status at every date and on completion."""
    from borderatlas.dates import date_start

    where = {props.id: (records, props) for records in report.layers.values() for props in records.properties}
    problems, seen = [], set()
    for records, props in where.values():
        twin_id = getattr(props, "same_structure_as", None)
        if not twin_id:
            continue
        file = display_name(report.root, records.spec.filename)
        if twin_id not in where:
            problems.append(Problem(file, f"unknown feature {twin_id!r}", props.id, "same_structure_as"))
            continue
        twin_records, twin = where[twin_id]
        if twin_id == props.id:
            problems.append(Problem(file, "a feature cannot be its own twin", props.id, "same_structure_as"))
            continue
        if twin.same_structure_as not in (None, props.id):
            problems.append(
                Problem(
                    file,
                    f"links to {twin_id!r}, which links to {twin.same_structure_as!r}",
                    props.id,
                    "same_structure_as",
                )
            )
            continue
        pair = frozenset((props.id, twin_id))
        if pair in seen:
            continue
        seen.add(pair)
        days = sorted({date_start(c.from_) for c in props.status_history + twin.status_history})
        for day in days:
            mine, theirs = status_on(props, day), status_on(twin, day)
            if not same_status(mine, theirs):
                problems.append(
                    Problem(
                        file,
                        f"on {day.isoformat()} this record is {mine or 'not yet begun'!r} but "
                        f"its twin {twin_id!r} is {theirs or 'not yet begun'!r}",
                        props.id,
                        "status_history",
                    )
                )
                break
        if props.date_completed != twin.date_completed and not (props.completion_conflict or twin.completion_conflict):
            problems.append(
                Problem(
                    file,
                    f"{props.date_completed} differs from its twin {twin_id!r} "
                    f"({twin.date_completed}) and no completion_conflict is recorded",
                    props.id,
                    "date_completed",
                )
            )
    return problems


def event_cause_problems(report: DatasetReport) -> list[Problem]:
    """A status change caused by an event (caused_by) must name a known event and not come before its date."""
    from borderatlas.dates import date_start

    events = {row.id: row for row in report.tables["events"].rows} if "events" in report.tables else {}
    problems = []
    for records in report.layers.values():
        file = display_name(report.root, records.spec.filename)
        for props in records.properties:
            for change in props.status_history:
                if not change.caused_by:
                    continue
                event = events.get(change.caused_by)
                if event is None:
                    problems.append(
                        Problem(
                            file,
                            f"{change.status!r} from {change.from_}: unknown event {change.caused_by!r}",
                            props.id,
                            "status_history",
                        )
                    )
                elif date_start(change.from_) < date_start(event.date):
                    problems.append(
                        Problem(
                            file,
                            f"{change.status!r} from {change.from_} comes before its cause, "
                            f"event {event.id!r} of {event.date}",
                            props.id,
                            "status_history",
                        )
                    )
    return problems


def china_dprk_line(path: Path = BOUNDARY_FILE):
    """The China–DPRK boundary line(s) from the basemap, oriented so North Korea is on the left; None if absent."""
    from shapely.geometry import LineString, MultiLineString

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    lines = []
    for feature in data.get("features", []):
        props = feature.get("properties") or {}
        sides = (props.get("adm0_left"), props.get("adm0_right"))
        if set(sides) != {"China", "North Korea"}:
            continue
        geom = shape(feature["geometry"])
        parts = list(getattr(geom, "geoms", [geom]))
        if sides[0] != "North Korea":
            parts = [LineString(list(part.coords)[::-1]) for part in parts]
        lines.extend(parts)
    return MultiLineString(lines) if lines else None


def to_km(lon: float, lat: float, lat0: float) -> tuple[float, float]:
    """Local equirectangular kilometres around latitude lat0 (good to a fraction of a percent within 10 km)."""
    import math

    return lon * 111.320 * math.cos(math.radians(lat0)), lat * 110.574


def side_of_line(lines, lon: float, lat: float) -> tuple[str, float]:
    """Which side of the oriented China–DPRK line a point lies on ('PRK' left, 'CHN' right) and its distance in km."""
    from shapely.geometry import LineString, Point

    best = None
    for part in lines.geoms:
        local = LineString([to_km(x, y, lat) for x, y in part.coords])
        p = Point(to_km(lon, lat, lat))
        d = local.distance(p)
        if best is None or d < best[0]:
            best = (d, local, p)
    distance, local, p = best
    along = local.project(p)
    a = local.interpolate(max(along - 0.05, 0.0))
    b = local.interpolate(min(along + 0.05, local.length))
    cross = (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x)
    return ("PRK" if cross > 0 else "CHN"), distance


def side_problems(report: DatasetReport, lines=None) -> list[Problem]:
    """Right bank: a one-country (China or DPRK) point near the boundary is on its side, within its precision, or
    carries a boundary_side_reason (Natural Earth misplaces some places, so exceptions are reasoned, never silent)."""
    lines = china_dprk_line() if lines is None else lines
    if lines is None:
        return []
    problems = []
    for records in report.layers.values():
        file = display_name(report.root, records.spec.filename)
        for feature, props in zip(records.features, records.properties):
            geom = feature.get("geometry") or {}
            if geom.get("type") != "Point" or len(props.countries) != 1 or props.countries[0] not in SIDE_COUNTRIES:
                continue
            lon, lat = geom["coordinates"][:2]
            side, distance = side_of_line(lines, lon, lat)
            own = props.countries[0]
            if distance > SIDE_CHECK_KM or side == own:
                continue
            if props.precision_km >= distance or (props.boundary_side_reason or "").strip():
                continue
            problems.append(
                Problem(
                    file,
                    f"a {own} feature lies {distance:.2f} km inside {SIDE_COUNTRIES[side]} across the boundary "
                    f"line; move it to the {SIDE_COUNTRIES[own]} side, give a precision_km of at least "
                    f"{distance:.2f}, or state a boundary_side_reason",
                    props.id,
                    "geometry.coordinates",
                )
            )
    return problems


def cross_record_problems(report: DatasetReport) -> list[Problem]:
    """All checks that compare records with each other or with the boundary line."""
    return linked_problems(report) + event_cause_problems(report) + side_problems(report)
