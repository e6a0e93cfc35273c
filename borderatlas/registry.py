"""The registries: every data layer, table and basemap layer, as small records the app and tests iterate over."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from borderatlas import models
from borderatlas.byid import by_id
from borderatlas.layers import DATA_LAYERS, LayerSpec


@dataclass(frozen=True)
class TableSpec:
    """A CSV table in geodata/ whose rows are one pydantic model."""

    name: str
    filename: str
    model: type[BaseModel]
    source_fields: tuple[str, ...]
    place_fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class BasemapSpec:
    """A reference layer of the offline vector basemap, derived from public datasets."""

    id: str
    filename: str
    title: str
    source_ids: tuple[str, ...]


LAYERS: tuple[LayerSpec, ...] = DATA_LAYERS
"""The data layers' files (from the layer registry, borderatlas.layers)."""

SOURCES_TABLE = TableSpec("sources", "sources.csv", models.Source, source_fields=())

TABLES: tuple[TableSpec, ...] = (
    SOURCES_TABLE,
    TableSpec("facts", "facts.csv", models.Fact, ("source_id",), ("place_ids",)),
    TableSpec("events", "events.csv", models.Event, ("source_ids",), ("place_ids",)),
    TableSpec("trade_series", "trade_series.csv", models.TradeValue, ("source_id",)),
    TableSpec("flood_figures", "flood_figures.csv", models.FloodFigure, ("source_id",), ("area_ids",)),
    TableSpec("designations", "designations.csv", models.Designation, ("source_id",), ("place_ids",)),
)

BASEMAP: tuple[BasemapSpec, ...] = (
    BasemapSpec("land", "land.geojson", "Land", ("natural-earth-4-0-0",)),
    BasemapSpec("lakes", "lakes.geojson", "Lakes", ("natural-earth-4-0-0",)),
    BasemapSpec("rivers", "rivers.geojson", "Rivers", ("natural-earth-4-0-0",)),
    BasemapSpec("boundaries", "boundaries.geojson", "International boundaries", ("natural-earth-4-0-0",)),
    BasemapSpec("dprk_provinces", "dprk_provinces.geojson", "DPRK provinces", ("whosonfirst-admin-kp",)),
    BasemapSpec("towns", "towns.geojson", "Towns", ("natural-earth-4-0-0",)),
)


@dataclass(frozen=True)
class PageSpec:
    """One page of the app: its script (the entry script for the home page, else in pages/), navigation label and
    URL path. Streamlit derives a page's URL path from its file name, so the file is named after the path.
    No icon: Streamlit's Material icons load from Google."""

    id: str
    script: str
    title: str
    heading: str

    @property
    def url_path(self) -> str:
        """The page's URL path ('' for the home page)."""
        return "" if self.is_home else self.script.removeprefix("pages/").removesuffix(".py")

    @property
    def is_home(self) -> bool:
        """Whether this is the entry script's page, served at the root."""
        return "/" not in self.script


PAGES: tuple[PageSpec, ...] = (
    PageSpec("map", "dashboard.py", "Map", "China–North Korea border"),
    PageSpec("crossings", "pages/crossings.py", "Crossings", "Border crossings"),
    PageSpec("infrastructure", "pages/infrastructure.py", "Infrastructure", "Infrastructure projects"),
    PageSpec("floods", "pages/floods.py", "Floods & aid", "2016 Tumen River floods & aid"),
    PageSpec("trade", "pages/trade.py", "Trade & sanctions", "Trade & sanctions"),
    PageSpec("timeline", "pages/timeline.py", "Timeline", "Timeline"),
    PageSpec("sources", "pages/sources.py", "Sources & method", "Sources & method"),
)


def page_by_id(page_id: str) -> PageSpec:
    """Return the page with this id, or raise KeyError."""
    return by_id(PAGES, page_id)


REGION_BOUNDS = (120.5, 38.0, 131.5, 44.5)
"""The region every coordinate must lie in: (min lon, min lat, max lon, max lat), the reference clipping box."""
