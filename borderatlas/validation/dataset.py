"""Read a whole geodata folder: every layer and table, then the checks across records."""

from __future__ import annotations

from pathlib import Path

from borderatlas.registry import LAYERS, TABLES
from borderatlas.validation.bank import side_problems
from borderatlas.validation.headlines import fact_problems
from borderatlas.validation.history import event_cause_problems, linked_problems
from borderatlas.validation.records import read_layer, read_table
from borderatlas.validation.references import drop_bad_references
from borderatlas.validation.report import DatasetReport, Problem


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


def cross_record_problems(report: DatasetReport) -> list[Problem]:
    """All checks that compare records with each other or with the boundary line."""
    return linked_problems(report) + event_cause_problems(report) + side_problems(report) + fact_problems(report)
