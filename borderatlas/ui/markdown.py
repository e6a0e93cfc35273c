"""Data as Streamlit markdown: escaped so that no HTML or markdown in the data ever runs."""

from __future__ import annotations

import html
import urllib.parse

from borderatlas import models, panels


def citation_markdown(citation: panels.Citation) -> str:
    """A citation as escaped markdown, linked when it has a URL."""
    text = escape_md(citation.text)
    return f"[{text}]({markdown_url(citation.url)})" if citation.url else text


def escape_md(text: str) -> str:
    """Escape text for Streamlit markdown: HTML and markdown syntax never run."""
    escaped = html.escape(str(text), quote=False)
    for char in "\\`*_{}[]()#+-.!|<>~$":
        escaped = escaped.replace(char, "\\" + char)
    return escaped


def markdown_url(url: str) -> str:
    """A URL safe inside a markdown link target: brackets, quotes, spaces and backslashes are percent-encoded."""
    return urllib.parse.quote(url, safe=":/?#@!$&*+,;=%~-._")


HTML_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"} | {
    char: f"&#{ord(char)};" for char in "\\`*_{}[]()#+-.!|~$:'"
}
"""HTML specials, and markdown and math syntax, as character references: none of it can act in an HTML block."""


def html_text(text: str) -> str:
    """Text for a raw HTML block: every special character as a reference, on one line (a blank line ends the block)."""
    return "".join(HTML_ENTITIES.get(char, char) for char in " ".join(str(text).split()))


def quote_details(fact: models.Fact) -> str:
    """The supporting sentence on demand: an HTML details block, the original with its translation."""
    if fact.quote_en:
        label = f"Original ({html_text(fact.quote_lang)}) and translation"
        body = f"<q>{html_text(fact.quote)}</q><br><em>{html_text(fact.quote_en)}</em>"
    else:
        label, body = "Source sentence", f"<q>{html_text(fact.quote)}</q>"
    return f"<details><summary>{label}</summary>{body}</details>"


def fact_markdown(view_: panels.FactView, with_value: bool = True) -> str:
    """One fact as one markdown block: value and statement, dates and source, note; the quote on demand."""
    fact = view_.fact
    head = escape_md(fact.statement)
    if with_value and view_.value_text:
        head = f"**{escape_md(view_.value_text)}** — {head}"
    meta = [
        escape_md(view_.period_text) if view_.period_text else "",
        f"reported {escape_md(fact.reported)}" if fact.reported else "",
        citation_markdown(view_.citation),
        "" if fact.verified else "**unverified**",
    ]
    block = head + "  \n:gray[" + " · ".join(part for part in meta if part) + "]\n\n" + quote_details(fact)
    return block + (f"\n\n:gray[Note: {escape_md(fact.note)}]" if fact.note else "")
