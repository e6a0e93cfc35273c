"""Colours and symbols per layer, status and kind: one registry shared by the web map, the legend and the export."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StatusStyle:
    """How one status is drawn."""

    status: str
    label: str
    colour: str
    fill_opacity: float = 0.45
    """How strongly an area of this tier is filled (tiers that rest on partial reports are fainter)."""
    dashed: bool = False
    """Whether an area of this tier is always outlined dashed (unconfirmed)."""
    became: str = ""
    """The word for a change into this status ("opened", "completed"), for the changes between two dates."""


@dataclass(frozen=True)
class SymbolStyle:
    """A marker shape: an SVG shape for the web map and its matplotlib marker for exports."""

    key: str
    label: str
    svg: str
    mpl_marker: str


CROSSING_STATUS = (
    StatusStyle("open", "Open", "#1a7f37", became="opened"),
    StatusStyle("restricted", "Open with restrictions", "#e07b00", became="restricted"),
    StatusStyle("completed_not_open", "Built, not open", "#7b3fbf", became="completed"),
    StatusStyle("under_construction", "Under construction", "#c9a000", became="started"),
    StatusStyle("planned", "Planned", "#8a8a8a", became="planned"),
    StatusStyle("damaged", "Damaged", "#c62828", became="damaged"),
    StatusStyle("closed", "Closed", "#3d3d3d", became="closed"),
)

INFRASTRUCTURE_STATUS = (
    StatusStyle("operating", "Operating", "#1565c0", became="opened"),
    StatusStyle("active", "Active", "#1565c0", became="became active"),
    StatusStyle("restricted", "Partly open", "#e07b00", became="partly opened"),
    StatusStyle("completed_not_open", "Built, not open", "#7b3fbf", became="completed"),
    StatusStyle("under_construction", "Under construction", "#c9a000", became="started"),
    StatusStyle("planned", "Planned", "#8a8a8a", became="planned"),
    StatusStyle("proposed", "Proposed", "#b0b0b0", became="proposed"),
    StatusStyle("stalled", "Stalled", "#8d6e63", became="stalled"),
    StatusStyle("suspended", "Suspended", "#6d4c41", became="suspended"),
    StatusStyle("dormant", "Dormant", "#a1887f", became="dormant"),
    StatusStyle("ruin", "Ruin or landmark (not a crossing)", "#5d4037", became="ruined"),
)

FLOOD_SEVERITY = (
    StatusStyle("severe", "Severely affected: OCHA's three worst-hit areas", "#c62828"),
    StatusStyle("affected", "Affected: the UN response plan's six counties, or Chinese official reports", "#ef8a80"),
    StatusStyle(
        "reported",
        "Named only in early or partial reports (IFRC bulletin, KCNA, UN 'likely affected'): unconfirmed, dashed",
        "#d9c27a",
        fill_opacity=0.2,
        dashed=True,
    ),
)

CROSSING_SYMBOLS = (
    SymbolStyle("road", "Road", '<circle cx="9" cy="9" r="6.5"/>', "o"),
    SymbolStyle("rail", "Rail", '<rect x="3" y="3" width="12" height="12"/>', "s"),
    SymbolStyle("road_rail", "Road and rail", '<polygon points="9,1.5 16.5,9 9,16.5 1.5,9"/>', "D"),
)

INFRASTRUCTURE_SYMBOL = SymbolStyle("project", "Project", '<polygon points="9,1.5 16.8,15.5 1.2,15.5"/>', "^")

MAX_PRECISION_CIRCLE_KM = 50
"""Regional programmes placed at a nominal point (± 100 km and more) get no circle; their tooltip says so."""
UNKNOWN_COLOUR = "#9e9e9e"
SELECTION_COLOUR = "#00bcd4"
CHANGE_COLOUR = "#d81b60"
"""The badge and halo of a feature that changed between the compare date and the as-of date."""
OVERLAY_COLOUR = "#d6336c"
"""The user's overlay, on the web map and in the exports."""
NOTE_COLOUR = "#1a237e"
"""The numbered note markers of an exported slide."""
LAND_COLOUR = "#f3efe6"
SEA_COLOUR = "#c9dff0"
RIVER_COLOUR = "#5b9bd5"
BOUNDARY_COLOUR = "#6a1b9a"
PROVINCE_COLOUR = "#9e9e9e"


def status_colour(styles: tuple[StatusStyle, ...], status: str | None) -> str:
    """The colour for a status, grey when the status is unknown."""
    return next((s.colour for s in styles if s.status == status), UNKNOWN_COLOUR)


def status_label(styles: tuple[StatusStyle, ...], status: str | None) -> str:
    """The human label for a status."""
    return next((s.label for s in styles if s.status == status), (status or "unknown").replace("_", " "))


def crossing_symbol(mode: str) -> SymbolStyle:
    """The symbol for a crossing's mode (road, rail, both)."""
    return next((s for s in CROSSING_SYMBOLS if s.key == mode), CROSSING_SYMBOLS[0])


def svg_symbol(symbol: SymbolStyle, colour: str, dashed: bool = False, size: int = 18) -> str:
    """An inline SVG of a symbol, filled with colour; dashed outline marks an unverified location."""
    stroke = '#1f1f1f" stroke-dasharray="2.2,1.6' if dashed else "#ffffff"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" viewBox="0 0 18 18">'
        f'<g fill="{colour}" stroke="{stroke}" stroke-width="1.6">{symbol.svg}</g></svg>'
    )
