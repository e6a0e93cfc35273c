"""What validation hands back: each Problem (and how it reads as a message), the good records per file, the report."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from borderatlas.registry import LayerSpec, TableSpec


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data, located by file, record and field."""

    file: str
    message: str
    record_id: str | None = None
    field: str | None = None
    record_kind: str = "feature"

    def __str__(self) -> str:
        """The problem as one message line: file, then the record's kind and id, then field, then the message."""
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
