"""Briefing graphics of a map view: a finished PNG or PDF drawn with matplotlib and geopandas, no browser needed.

The symbols and colours come from borderatlas.styles and the legend rows from borderatlas.legend, the same
registries the web map uses, so the two never drift. What a graphic shows (its area, title and source line) is
decided in borderatlas.views, which does not import matplotlib.
"""

from borderatlas.briefing.render import Rendered, export_bytes, render, save

__all__ = ["Rendered", "export_bytes", "render", "save"]
