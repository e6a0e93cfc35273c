"""How a source is cited, in each of the forms the app uses, from one place (sources.csv is the one record)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from borderatlas import models


@dataclass(frozen=True)
class Citation:
    """A source as a reader cites it."""

    source_id: str
    text: str
    url: str | None


def full_form(source: models.Source) -> str:
    """Author, “Title”, Publisher, date: the panels' and downloads' form."""
    who = f"{source.author}, " if source.author else ""
    when = f", {source.published}" if source.published else ""
    return f"{who}“{source.title}”, {source.publisher}{when}"


def short_form(source: models.Source) -> str:
    """Title — Publisher (date): the tables' form."""
    return f"{source.title} — {source.publisher}" + (f" ({source.published})" if source.published else "")


def dated_publisher_form(source: models.Source) -> str:
    """Publisher (date): the charts' legend form."""
    return f"{source.publisher} ({source.published})" if source.published else source.publisher


def publisher_form(source: models.Source) -> str:
    """Publisher alone: who reported a figure, one line per reporter over time."""
    return source.publisher


def notes_form(source: models.Source) -> str:
    """Author, “Title”, Publisher, date, URL and when it was accessed: the briefing pack's speaker notes."""
    link = f" {source.url}" if source.url else ""
    return f"{full_form(source)}.{link} (accessed {source.accessed})"


FORMS: dict[str, Callable[[models.Source], str]] = {
    "full": full_form,
    "short": short_form,
    "dated_publisher": dated_publisher_form,
    "publisher": publisher_form,
    "notes": notes_form,
}


def cite(sources: dict[str, models.Source], source_id: str, form: str = "full") -> Citation:
    """The citation of a source id in one of FORMS; an unknown id says so (the full form) or stays the id."""
    source = sources.get(source_id)
    if source is None:
        return Citation(source_id, f"Unknown source {source_id}" if form == "full" else source_id, None)
    return Citation(source_id, FORMS[form](source), source.url)
