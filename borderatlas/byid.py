"""Look up a record by its id in one of the registries (layers, pages, areas, formats, downloads, asset packages)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, TypeVar


class HasId(Protocol):
    """Anything with an `id`."""

    id: str


Record = TypeVar("Record", bound=HasId)


def by_id(records: Iterable[Record], record_id: str) -> Record:
    """The record with this id, or raise KeyError naming it."""
    for record in records:
        if record.id == record_id:
            return record
    raise KeyError(record_id)
