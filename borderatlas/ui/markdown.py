"""Data as Streamlit markdown: escaped so that no HTML or markdown in the data ever runs."""

from __future__ import annotations

import html
import urllib.parse

from borderatlas import panels


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
