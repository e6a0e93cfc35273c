"""The one layer registry: a record per map layer says everything the code needs to draw, explain and list it.

Every module that handles layers iterates MAP_LAYERS and dispatches on a layer's `drawing` (points, areas, reference,
labels), never on a layer's name: the web map (mapview), the legend, clicks (panels), search, the page tables, the
export (briefing) and the link (urlstate). Adding a layer means one record here and one data file in geodata/;
tests/test_layer_registry.py walks every layer through each of those.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from borderatlas import models, styles
from borderatlas.asof import record_status
from borderatlas.byid import by_id

NOT_YET = "not yet begun"
"""What a feature's status reads on a date before its first recorded state."""


@dataclass(frozen=True)
class LayerSpec:
    """A sourced map layer's data: one GeoJSON file in geodata/ whose features are one pydantic model."""

    id: str
    filename: str
    title: str
    properties_model: type[models.FeatureProperties]
    geometry_types: tuple[str, ...]


@dataclass(frozen=True)
class RowContext:
    """What a table cell may need besides the record: the as-of date and how sources are cited."""

    layer: MapLayer
    as_of: dt.date
    cite: Callable[[list[str]], str]


@dataclass(frozen=True)
class Column:
    """One column of a layer's page table: its header and how a record gives its value."""

    header: str
    value: Callable[[dict, RowContext], object]
    width: str | int | None = None
    """The page table's column width: "small", "medium", "large" or pixels (None: fitted to the content)."""
    number_format: str | None = None
    """A number column's display format (Streamlit's NumberColumn format), or None for a text column."""


def prop(name: str, default: object = "") -> Callable[[dict, RowContext], object]:
    """A cell that shows one property of the record (empty when missing)."""

    def cell(record: dict, _context: RowContext) -> object:
        value = record.get(name)
        return default if value is None or (isinstance(value, float) and value != value) else value

    return cell


def words(name: str) -> Callable[[dict, RowContext], object]:
    """A cell that shows a code-like property as words ("economic_zone" → "economic zone")."""
    return lambda record, _context: str(record.get(name) or "").replace("_", " ")


def flag(name: str) -> Callable[[dict, RowContext], object]:
    """A cell that shows a property as True or False."""
    return lambda record, _context: bool(record.get(name))


def status_on_date(record: dict, context: RowContext) -> str:
    """A cell with the record's status on the as-of date, in the layer's words."""
    return context.layer.status_text(record_status(record, context.as_of))


def sources(record: dict, context: RowContext) -> str:
    """A cell citing the record's sources."""
    return context.cite(record.get("source_ids") or [])


NAME_COLUMN = Column("Name", prop("name_en"), width="medium")
STATUS_COLUMN = Column("Status on date", status_on_date, width=118)
CHECK_COLUMNS = (Column("Verified", flag("verified"), width="small"), Column("Sources", sources, width="large"))
"""Right after the name and status: whether the sources confirm the feature, and which sources."""
SCRIPT_COLUMNS = (Column("中文", prop("name_zh")), Column("조선말", prop("name_ko")))
PRECISION_COLUMN = Column("Precision (km)", prop("precision_km", None), number_format="± %.1f")


@dataclass(frozen=True)
class MapLayer:
    """A map layer as the user sees it: its toggle, data, styles, legend, drawing, interaction and table."""

    id: str
    title: str
    drawing: str
    """How renderers draw it: "points" and "areas" (data features), "reference" (basemap lines), "labels" (towns)."""
    data: LayerSpec | None = None
    basemap: tuple[str, ...] = ()
    """The basemap files it draws (reference and label layers)."""
    statuses: tuple[styles.StatusStyle, ...] = ()
    """The status vocabulary: each status's words and colour, used by the legend, tooltips, panels, tables, export."""
    colour_field: str = "status"
    colours: tuple[styles.StatusStyle, ...] = ()
    """The fill colours by the value of colour_field (default: the status colours)."""
    symbol_field: str | None = None
    symbols: tuple[styles.SymbolStyle, ...] = ()
    legend_notes: tuple[tuple[str, str], ...] = ()
    """Extra legend rows: (label, swatch kind) where the kind is "dashed-square" or "line:<colour>:<dash>"."""
    clickable: bool = False
    searchable: bool = False
    default_on: bool = True
    columns: tuple[Column, ...] = field(default_factory=tuple)
    export_zorder: int = 10
    legend_title: str = ""
    """The legend's section name (default: the title)."""
    appears: str = ""
    """The change word for a feature that did not exist at the compare date (default: its new status's word)."""

    @property
    def section(self) -> str:
        """The legend's section name."""
        return self.legend_title or self.title

    def status_style(self, status: str | None) -> styles.StatusStyle | None:
        """The vocabulary entry for a status, or None."""
        return next((style for style in self.statuses if style.status == status), None)

    def status_text(self, status: str | None) -> str:
        """A status in this layer's words ("Built, not open"), or "not yet begun" before the first state."""
        if status is None:
            return NOT_YET
        style = self.status_style(status)
        return style.label if style else status.replace("_", " ")

    def colour_styles(self) -> tuple[styles.StatusStyle, ...]:
        """The colour vocabulary: by colour_field, defaulting to the statuses."""
        return self.colours or self.statuses

    def colour_for(self, record: dict, status: str | None) -> str:
        """The fill colour of a record drawn with this status."""
        key = status if self.colour_field == "status" else record.get(self.colour_field)
        return styles.status_colour(self.colour_styles(), key)

    def tier_for(self, record: dict, status: str | None) -> styles.StatusStyle | None:
        """The colour tier a record is drawn in (its fill opacity and dash), or None when it has none."""
        key = status if self.colour_field == "status" else record.get(self.colour_field)
        return next((style for style in self.colour_styles() if style.status == key), None)

    def symbol_for(self, record: dict) -> styles.SymbolStyle:
        """The marker shape of a record (the first symbol when the field is unknown)."""
        key = record.get(self.symbol_field) if self.symbol_field else None
        return next((symbol for symbol in self.symbols if symbol.key == key), self.symbols[0])


FLOOD_STATUS = (
    styles.StatusStyle("flooded", "Flooded (August–September 2016)", "#c62828", became="flooded"),
    styles.StatusStyle("2016_flood_extent", "2016 flood extent", "#ef8a80"),
    styles.StatusStyle("affected", "Affected", "#ef8a80"),
)

MAP_LAYERS: tuple[MapLayer, ...] = (
    MapLayer(
        "boundaries",
        "Boundary and rivers",
        "reference",
        basemap=("dprk_provinces", "rivers", "boundaries"),
        legend_notes=(
            ("International boundary (for reference)", f"line:{styles.BOUNDARY_COLOUR}:6,3"),
            ("River", f"line:{styles.RIVER_COLOUR}:"),
        ),
    ),
    MapLayer(
        "flood_areas",
        "2016 Tumen floods",
        "areas",
        data=LayerSpec(
            "flood_areas",
            "flood_areas.geojson",
            "2016 Tumen floods",
            models.FloodAreaProperties,
            ("Polygon", "MultiPolygon"),
        ),
        statuses=FLOOD_STATUS,
        colour_field="severity",
        colours=styles.FLOOD_SEVERITY,
        legend_notes=(("Approximate or uncertain extent (dashed)", "dashed-square"),),
        clickable=True,
        searchable=True,
        columns=(
            NAME_COLUMN,
            Column("Severity", words("severity"), width="small"),
            STATUS_COLUMN,
            *CHECK_COLUMNS,
            *SCRIPT_COLUMNS,
            Column("Kind", words("kind")),
            Column("Approximate extent", flag("approximate")),
            PRECISION_COLUMN,
        ),
        export_zorder=6,
        legend_title="2016 floods",
        appears="appeared",
    ),
    MapLayer(
        "infrastructure",
        "Infrastructure projects",
        "points",
        data=LayerSpec(
            "infrastructure",
            "infrastructure.geojson",
            "Infrastructure projects",
            models.InfrastructureProperties,
            ("Point", "LineString", "MultiLineString", "Polygon", "MultiPolygon"),
        ),
        statuses=styles.INFRASTRUCTURE_STATUS,
        symbols=(styles.INFRASTRUCTURE_SYMBOL,),
        clickable=True,
        searchable=True,
        columns=(
            NAME_COLUMN,
            STATUS_COLUMN,
            Column("Budget", prop("budget_value", None), width="small", number_format="localized"),
            Column("Budget unit", prop("budget_unit"), width="small"),
            *CHECK_COLUMNS,
            *SCRIPT_COLUMNS,
            Column("Kind", words("kind")),
            Column("Started", prop("date_started")),
            Column("Completed", prop("date_completed")),
            Column("Opened", prop("date_opened")),
            Column("Budget note", prop("budget_note"), width="large"),
            PRECISION_COLUMN,
        ),
        export_zorder=10,
        legend_title="Infrastructure",
    ),
    MapLayer(
        "crossings",
        "Border crossings",
        "points",
        data=LayerSpec("crossings", "crossings.geojson", "Border crossings", models.CrossingProperties, ("Point",)),
        statuses=styles.CROSSING_STATUS,
        symbol_field="mode",
        symbols=styles.CROSSING_SYMBOLS,
        clickable=True,
        searchable=True,
        columns=(
            NAME_COLUMN,
            STATUS_COLUMN,
            *CHECK_COLUMNS,
            *SCRIPT_COLUMNS,
            Column("River", prop("river")),
            Column("Mode", lambda r, c: c.layer.symbol_for(r).label),
            Column("Town (China)", prop("town_china")),
            Column("Town (DPRK)", prop("town_dprk")),
            Column("Town (Russia)", prop("town_russia")),
            Column("Opened", prop("date_opened")),
            PRECISION_COLUMN,
        ),
        export_zorder=12,
        legend_title="Crossings",
    ),
    MapLayer("towns", "Town labels", "labels", basemap=("towns",), export_zorder=9),
)
"""The map layers, bottom to top: the drawing order of the web map and the export, and the order of the toggles
(shown top to bottom as listed in TOGGLE_ORDER)."""

TOGGLE_ORDER = ("boundaries", "crossings", "infrastructure", "flood_areas", "towns")
"""The sidebar's layer toggles and the legend's sections, in reading order."""
MAP_LAYER_IDS = TOGGLE_ORDER
DEFAULT_LAYERS = tuple(
    layer_id for layer_id in TOGGLE_ORDER if next(layer for layer in MAP_LAYERS if layer.id == layer_id).default_on
)
"""The layers a new visitor sees: every layer that is on by default, in toggle order."""
DATA_LAYERS: tuple[LayerSpec, ...] = tuple(layer.data for layer in MAP_LAYERS if layer.data is not None)
"""The data files, in drawing order: what the loader reads and the validator checks."""


def layer_by_id(layer_id: str) -> MapLayer:
    """Return the map layer with this id, or raise KeyError."""
    return by_id(MAP_LAYERS, layer_id)


def in_toggle_order(layer_ids: object = None) -> list[MapLayer]:
    """The map layers in toggle (reading) order, optionally only those whose id is in layer_ids."""
    chosen = [layer_by_id(layer_id) for layer_id in TOGGLE_ORDER]
    return chosen if layer_ids is None else [layer for layer in chosen if layer.id in set(layer_ids)]


def in_drawing_order(layer_ids: object = None) -> list[MapLayer]:
    """The map layers bottom to top, optionally only those whose id is in layer_ids."""
    return [layer for layer in MAP_LAYERS if layer_ids is None or layer.id in set(layer_ids)]


def clickable_top_first(layer_ids: object) -> list[MapLayer]:
    """The visible clickable layers, topmost first (the order a click looks through them)."""
    return [layer for layer in reversed(in_drawing_order(layer_ids)) if layer.clickable]


def searchable_layers() -> list[MapLayer]:
    """The layers search looks in, in the order their hits rank when names match equally well."""
    return [layer for layer in in_toggle_order() if layer.searchable]
