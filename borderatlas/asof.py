"""The map as it stood on a date: each feature's status at an as-of date."""

from __future__ import annotations

import datetime as dt

from borderatlas.dates import date_start

DEFAULT_AS_OF = dt.date(2016, 11, 30)
"""The primary source's date: the app opens on the border as it stood that day."""

EARLIEST_AS_OF = dt.date(2010, 1, 1)
LATEST_AS_OF = dt.date(2017, 12, 31)


def status_at(history: list[dict] | None, current_status: str, as_of: dt.date) -> str | None:
    """Return the status a feature held on as_of, or None if it did not exist yet.

    A feature without a status history is shown with its recorded status at every date.
    """
    if not history:
        return current_status
    held = None
    for change in history:
        if date_start(change["from"]) <= as_of:
            held = change["status"]
    return held


def record_status(record: dict, as_of: dt.date) -> str | None:
    """A feature record's status on as_of (from its status_history and status), or None before it existed."""
    history = record.get("status_history")
    return status_at(history if isinstance(history, list) else None, record["status"], as_of)


def event_visible(event_date: str, as_of: dt.date) -> bool:
    """True when an event had begun by the as-of date."""
    return date_start(event_date) <= as_of


DATE_MARKS: tuple[tuple[str, str, str], ...] = (
    ("UNSCR 2270", "2016-03-02", "2016-03-02-unscr-2270"),
    ("Tumen floods", "2016-08-31", "crossings-2016-kaishantun-bridge-flood-damage"),
    ("Fifth nuclear test", "2016-09-09", "2016-09-09-fifth-nuclear-test"),
    ("UNSCR 2321", "2016-11-30", "2016-11-30-unscr-2321"),
)
"""Key dates marked next to the as-of slider: (label, date, the event in events.csv that dates it)."""


def mark_on(day: dt.date) -> str | None:
    """The label of the key date that is this day, or None."""
    return next((label for label, date, _ in DATE_MARKS if dt.date.fromisoformat(date) == day), None)


def mark_date(label: str | None) -> dt.date | None:
    """The date of a key date's label, or None for no or an unknown label."""
    return next((dt.date.fromisoformat(date) for name, date, _ in DATE_MARKS if name == label), None)
