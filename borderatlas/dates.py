"""Partial ISO dates (YYYY, YYYY-MM, YYYY-MM-DD): parsing and the span of days each one covers."""

from __future__ import annotations

import calendar
import datetime as dt
import re

PARTIAL_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def parse_partial_date(text: str) -> tuple[dt.date, dt.date]:
    """Return the first and last day covered by a partial date, or raise ValueError."""
    match = PARTIAL_DATE_RE.match(text.strip())
    if not match:
        raise ValueError(f"not a date of the form YYYY, YYYY-MM or YYYY-MM-DD: {text!r}")
    year, month, day = (int(g) if g else None for g in match.groups())
    if month is None:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if not 1 <= month <= 12:
        raise ValueError(f"month out of range in {text!r}")
    last = calendar.monthrange(year, month)[1]
    if day is None:
        return dt.date(year, month, 1), dt.date(year, month, last)
    if not 1 <= day <= last:
        raise ValueError(f"day out of range in {text!r}")
    return dt.date(year, month, day), dt.date(year, month, day)


def date_start(text: str) -> dt.date:
    """Return the first day a partial date covers."""
    return parse_partial_date(text)[0]


def date_end(text: str) -> dt.date:
    """Return the last day a partial date covers."""
    return parse_partial_date(text)[1]


def check_partial_date(text: str) -> str:
    """Validate a partial date and return it unchanged (for pydantic AfterValidator)."""
    parse_partial_date(text)
    return text.strip()
