"""Per-record checks: each feature and table row against its pydantic model, keeping the good ones per file."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from borderatlas.registry import LayerSpec, TableSpec
from borderatlas.validation.files import parse_feature_collection, read_text
from borderatlas.validation.geometry import geometry_problems
from borderatlas.validation.report import LayerRecords, Problem, TableRecords, display_name, pydantic_problems


def feature_id(feature: Any, index: int) -> str:
    """Return the id a feature is known by in messages: its own id, else its position."""
    if isinstance(feature, dict):
        props = feature.get("properties") if isinstance(feature.get("properties"), dict) else {}
        fid = feature.get("id") or props.get("id")
        if isinstance(fid, (str, int)) and str(fid).strip():
            return str(fid)
    return f"#{index + 1}"


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
    rows, broken = csv_rows(text)
    if broken is not None and len(rows) < 2:
        records.unreadable = True
        return records, [Problem(file, f"invalid CSV: {broken[1]}", record_kind="file")]
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
    if broken is not None:
        problems.append(unread_rest(text, *broken, file))
        records.skipped += max(1, len([part for part in text.splitlines()[broken[0] - 1 :] if part.strip()]))
    return records, problems


def csv_rows(text: str) -> tuple[list[list[str]], tuple[int, csv.Error] | None]:
    """The CSV records up to the first one that cannot be parsed, and that record's line and error (or None)."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[list[str]] = []
    while True:
        start = reader.line_num + 1
        try:
            rows.append(next(reader))
        except StopIteration:
            return rows, None
        except csv.Error as exc:
            return rows, (start, exc)


def unread_rest(text: str, line: int, error: csv.Error, file: str) -> Problem:
    """The problem of a CSV that breaks at a line: the rows before it are served, the rest is not read."""
    last = len(text.splitlines())
    rest = f"line {line}" if last <= line else f"lines {line}–{last}"
    return Problem(
        file, f"invalid CSV: {error}; {rest} not read (the rows before are served)", f"line {line}", None, "row"
    )
