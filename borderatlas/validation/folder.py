"""The data folder as a whole: whether it can be read at all, its basemap files, and why nothing can be served."""

from __future__ import annotations

import os
from pathlib import Path

from shapely.geometry import shape

from borderatlas.registry import BASEMAP, LAYERS, SOURCES_TABLE, TABLES
from borderatlas.validation.dataset import read_dataset
from borderatlas.validation.files import basemap_dir, parse_feature_collection, read_text
from borderatlas.validation.records import feature_id
from borderatlas.validation.report import (
    DatasetReport,
    LayerRecords,
    Problem,
    TableRecords,
    display_name,
    printable,
)


def folder_problem(root: Path) -> Problem | None:
    """The one problem of a folder that cannot be listed (no permission, not a folder), else None."""
    try:
        os.listdir(root)
    except OSError as exc:
        return Problem(root.name or str(root), f"cannot read the folder ({exc.strerror or exc})", record_kind="file")
    return None


def unread_report(root: Path, problem: Problem) -> DatasetReport:
    """A report of a folder that could not be read: every file unread, one problem."""
    layers = {spec.id: LayerRecords(spec, unreadable=True) for spec in LAYERS}
    tables = {spec.name: TableRecords(spec, unreadable=True) for spec in TABLES}
    return DatasetReport(root, layers, tables, [problem], folder_problem=problem)


def basemap_file_problem(path: Path, file: str) -> Problem | None:
    """Why one basemap file cannot be drawn (unreadable, not a FeatureCollection, a geometry that will not read)."""
    text, problem = read_text(path, file)
    features, problem = parse_feature_collection(text, file) if text is not None else (None, problem)
    if features is None:
        return problem
    for index, feature in enumerate(features):
        geometry = feature.get("geometry") if isinstance(feature, dict) else None
        if not isinstance(geometry, dict):
            return Problem(file, "not a GeoJSON Feature with a geometry", feature_id(feature, index), "geometry")
        try:
            shape(geometry)
        except Exception as exc:  # shapely raises several types for malformed coordinates
            return Problem(file, f"cannot be read: {exc}", feature_id(feature, index), "geometry.coordinates")
    return None


def basemap_name(directory: Path, filename: str) -> str:
    """A basemap file as messages name it, e.g. 'geodata/basemap/land.geojson'."""
    return display_name(directory.parent, f"{directory.name}/{filename}")


def basemap_problems(root: Path) -> list[Problem]:
    """One problem per basemap file served with this data folder that cannot be drawn."""
    directory = basemap_dir(root)
    found = [
        basemap_file_problem(directory / spec.filename, basemap_name(directory, spec.filename)) for spec in BASEMAP
    ]
    return [problem for problem in found if problem is not None]


def read_folder(root: Path | str) -> DatasetReport:
    """Check a whole data folder: one problem if it cannot be read at all, else every layer, table and basemap file."""
    root = Path(root)
    problem = folder_problem(root)
    if problem is not None:
        return unread_report(root, problem)
    report = read_dataset(root)
    report.basemap_problems = basemap_problems(root)
    report.problems.extend(report.basemap_problems)
    return report


def nothing_served(report: DatasetReport) -> str | None:
    """Why no record at all can be served, as one plain sentence; None when anything can."""
    if report.folder_problem is not None:
        reason = report.folder_problem.message.removeprefix("cannot read the folder ")
        return printable(
            f"Nothing can be served: the data folder {report.folder_problem.file} cannot be read {reason}."
        )
    sources = report.tables.get(SOURCES_TABLE.name)
    if sources is not None and sources.unreadable:
        return (
            f"Nothing can be served: {display_name(report.root, SOURCES_TABLE.filename)} cannot be read, "
            "and every record must cite a source listed in it."
        )
    if not any(r.features for r in report.layers.values()) and not any(r.rows for r in report.tables.values()):
        return "Nothing can be served: no record passed validation."
    return None
