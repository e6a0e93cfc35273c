"""Rendered map text is never template source: branca's second Jinja pass is switched off, once, for every map.

branca renders each element's template (the first pass, where our data is passed in as values), then wraps the
output in a new ``Element(text)``, which compiles that text as a fresh ``jinja2.Template`` and renders it again when
the figure is rendered. A ``{{ … }}`` or ``{% … %}`` in a feature name, a fact, an uploaded column name or any other
data string would then be compiled and run on the server (server-side template injection), or crash the page with a
``TemplateSyntaxError``. Escaping each field is easy to forget in one place; this closes the door where it opens:
an ``Element`` built from a string keeps that string as plain text, so no data can ever become template source.

The one thing folium uses the second pass for is a style value that is itself a map element (``{{'name'}}`` in
``GeoJsonStyleMapper``); Border Atlas does not use that, and streamlit-folium resolves it without a template.
"""

from __future__ import annotations

from branca.element import Element


class VerbatimTemplate:
    """Stands in for a jinja2 Template over text that is already rendered: rendering returns the text unchanged."""

    def __init__(self, text: str):
        self.text = text

    def render(self, *args: object, **kwargs: object) -> str:
        """The text itself, with no template syntax interpreted."""
        return self.text

    @property
    def module(self) -> object:
        """An empty macro module (no header, html or script macros), as branca looks those up on templates."""
        return _NO_MACROS


class _NoMacros:
    """A template module with no macros."""


_NO_MACROS = _NoMacros()
_ORIGINAL_INIT = Element.__init__
_ORIGINAL_SETSTATE = Element.__setstate__


def _verbatim_init(self: Element, template: str | None = None, template_name: str | None = None) -> None:
    """Element.__init__, except that a template given as a string is kept as text, not compiled."""
    _ORIGINAL_INIT(self, None, template_name)
    if template is not None:
        self._template_str = template
        self._template = VerbatimTemplate(template)


def _verbatim_setstate(self: Element, state: dict) -> None:
    """Element.__setstate__ (unpickling, e.g. from a cache), keeping a string template as text."""
    text = state.get("_template_str")
    if text is None:
        _ORIGINAL_SETSTATE(self, state)
        return
    self.__dict__.update({**state, "_template": VerbatimTemplate(text)})


def install() -> None:
    """Switch off branca's second pass for every Element built from a string (idempotent)."""
    Element.__init__ = _verbatim_init
    Element.__setstate__ = _verbatim_setstate


def installed() -> bool:
    """Whether the second pass is switched off."""
    return Element.__init__ is _verbatim_init
