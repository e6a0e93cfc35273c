"""The detailed offline basemap on the web map: from zoom 9 the browser loads the chunks it needs, on demand, from
the app's own component path (so it works with no internet and behind a URL prefix); the chunk index is fetched
too, the first time it is needed, so the default payload carries only the loader."""

from __future__ import annotations

from pathlib import Path

from branca.element import MacroElement
from jinja2 import Template

from borderatlas import detail, styles, verbatim
from borderatlas.assets import compact_js

verbatim.install()

DETAIL_JS = compact_js(Path(__file__).parent / "mapdetail.js")
DETAIL_CSS = """
<style>
.ba-detail-on .leaflet-ba-basemap-pane, .ba-detail-on path.ba-coarse { display: none; }
.ba-detail-lines-off .ba-detail-line { display: none; }
</style>
"""
"""With the detail shown, the coarse land and reference lines are hidden; the detail's rivers and borders follow
the "Boundary and rivers" toggle (they show only while the coarse reference lines are on the map)."""
COLOURS = {
    "land": styles.LAND_COLOUR,
    "sea": styles.SEA_COLOUR,
    "coast": "#b7b0a0",
    "river": styles.RIVER_COLOUR,
    "boundary": styles.BOUNDARY_COLOUR,
}


class DetailOnDemand(MacroElement):
    """Loads and draws the detailed basemap's chunks for the view from zoom 9 (see mapdetail.js)."""

    _template = Template(
        "{% macro header(this, kwargs) %}" + DETAIL_CSS + "{% endmacro %}"
        "{% macro script(this, kwargs) %}"
        + "{% raw %}"
        + DETAIL_JS
        + "{% endraw %}"
        + "({{ this._parent.get_name() }}, {{ this.base_url|tojson }}, "
        "{{ this.colours|tojson }}, {{ this.attribution|tojson }});{% endmacro %}"
    )

    def __init__(self, base_url: str):
        super().__init__()
        self._name = "DetailOnDemand"
        self.base_url = base_url
        self.colours = COLOURS
        self.attribution = detail.ATTRIBUTION
