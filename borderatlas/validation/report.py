"""What validation hands back: each Problem (and how it reads as a message), the good records per file, the report."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from borderatlas.registry import LayerSpec, TableSpec

UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
"""Characters that move the cursor, erase or reorder text in a terminal or CI log: C0 and C1 controls, DEL, line
and paragraph separators, and the bidirectional marks, embeddings, overrides and isolates."""


def printable(text: str) -> str:
    """Text with every UNPRINTABLE character spelled as a visible escape (ESC as \\x1b, CR as \\r, U+202E as
    \\u202e), so a message is one line that shows what the data holds."""
    return UNPRINTABLE.sub(lambda found: repr(found.group())[1:-1], text)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data, located by file, record and field."""

    file: str
    message: str
    record_id: str | None = None
    field: str | None = None
    record_kind: str = "feature"

    def __str__(self) -> str:
        """The problem as one printable line: file, then the record's kind and id, then field, then the message."""
        parts = [self.file]
        if self.record_id is not None:
            parts.append(f"{self.record_kind} '{self.record_id}'")
        if self.field:
            parts.append(self.field)
        return printable(": ".join(parts + [self.message]))


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
    folder_problem: Problem | None = None
    """Set when the folder itself cannot be read: then it is the only problem and nothing was read."""
    basemap_problems: list[Problem] = field(default_factory=list)
    """One per basemap file that cannot be drawn (each is also in problems); the map is served without it."""

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
