"""Checks across records by id: unique ids, known sources, and links to known places."""

from __future__ import annotations

from typing import Any

from borderatlas.registry import SOURCES_TABLE
from borderatlas.validation.report import DatasetReport, LayerRecords, Problem, display_name


def ids_of(values: Any) -> list[str]:
    """Return a field's ids as a list, whether it holds one id or several."""
    if values is None:
        return []
    return [values] if isinstance(values, str) else list(values)


def drop_unsourced(report: DatasetReport) -> None:
    """Without a readable sources table no record's sources can be checked: skip them all, one line per file."""
    sources_file = display_name(report.root, SOURCES_TABLE.filename)
    for records in [*report.layers.values(), *report.tables.values()]:
        count = len(getattr(records, "features", None) or getattr(records, "rows", None) or [])
        if not count or records.spec is SOURCES_TABLE:
            continue
        message = f"{count} record(s) not served: {sources_file} cannot be read, so no source can be checked"
        report.problems.append(Problem(display_name(report.root, records.spec.filename), message, record_kind="file"))
        records.skipped += count
        if isinstance(records, LayerRecords):
            records.features, records.properties = [], []
        else:
            records.rows = []


def drop_bad_references(report: DatasetReport) -> None:
    """Skip records with duplicate ids or unknown sources; unlink unknown places. Each offender is named."""
    if report.tables[SOURCES_TABLE.name].unreadable:
        drop_unsourced(report)
        return
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
