"""Legend entries for the visible layers, and their HTML (never a branca colormap, which loads d3 from the web)."""

from __future__ import annotations

import base64
import datetime as dt
import html
from dataclasses import dataclass

from borderatlas import styles
from borderatlas.layers import MapLayer, in_toggle_order


@dataclass(frozen=True)
class LegendEntry:
    """One row of the legend."""

    section: str
    label: str
    swatch_svg: str


def status_entries(layer: MapLayer) -> list[LegendEntry]:
    """A points layer's rows: its symbols (when it has more than one), then one row per status colour."""
    entries = []
    if len(layer.symbols) > 1:
        for symbol in layer.symbols:
            entries.append(
                LegendEntry(f"{layer.section}: kind", symbol.label, styles.svg_symbol(symbol, "#555555", size=14))
            )
    seen = set()
    for status in layer.colour_styles():
        if status.colour in seen:
            continue
        seen.add(status.colour)
        swatch = styles.svg_symbol(layer.symbols[0], status.colour, size=14)
        entries.append(LegendEntry(f"{layer.section}: status", status.label, swatch))
    return entries


def area_entries(layer: MapLayer) -> list[LegendEntry]:
    """An areas layer's rows: one filled square per colour tier (unconfirmed tiers dashed)."""
    return [
        LegendEntry(layer.section, tier.label, square_swatch(tier.colour, dashed=tier.dashed))
        for tier in layer.colour_styles()
    ]


def label_entries(layer: MapLayer) -> list[LegendEntry]:
    """A labels layer's row."""
    return [LegendEntry("Reference", "Town (label)", dot_swatch("#333333"))]


def note_swatch(kind: str) -> str:
    """The swatch of a legend note: a dashed square, or a line "line:<colour>:<dash>"."""
    if kind.startswith("line:"):
        _, colour, dash = kind.split(":", 2)
        return line_swatch(colour, dash or None)
    return square_swatch("#ffffff", dashed=True)


ENTRIES_BY_DRAWING = {"points": status_entries, "areas": area_entries, "labels": label_entries}
"""The legend rows each kind of layer gets (reference layers have only their notes)."""
UNVERIFIED_ENTRY = LegendEntry(
    "Location",
    "Unverified (dashed outline, circle = precision)",
    styles.svg_symbol(styles.CROSSING_SYMBOLS[0], "#bdbdbd", dashed=True, size=14),
)


def change_swatch() -> str:
    """The changes row's swatch: a grey symbol with the change badge at its upper right."""
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="14" height="14"><circle cx="6" cy="8" r="4.5" fill="#9e9e9e" '
        f'stroke="#fff"/><circle cx="10.5" cy="3.5" r="3" fill="{styles.CHANGE_COLOUR}" stroke="#fff"/></svg>'
    )


CHANGES_SECTION = "Changes"


def change_entry(since: dt.date) -> LegendEntry:
    """The "Changes since DATE" legend row: what the badge and the area outline mean."""
    return LegendEntry(
        CHANGES_SECTION, f"Changes since {since.isoformat()}: badge on a symbol, outline round an area", change_swatch()
    )


def legend_entries(visible_layers: tuple[str, ...] | list[str]) -> list[LegendEntry]:
    """The legend rows for the visible layers: the data layers' rows and notes in reading order, whether a location
    is unverified, then the reference layers'."""
    entries: list[LegendEntry] = []
    shown = in_toggle_order(visible_layers)
    for layer in [layer for layer in shown if layer.data] + [layer for layer in shown if not layer.data]:
        if layer.data is None and any(other.drawing == "points" for other in shown) and UNVERIFIED_ENTRY not in entries:
            entries.append(UNVERIFIED_ENTRY)
        entries += ENTRIES_BY_DRAWING.get(layer.drawing, lambda _layer: [])(layer)
        section = "Reference" if layer.data is None else layer.section
        entries += [LegendEntry(section, label, note_swatch(kind)) for label, kind in layer.legend_notes]
    if any(layer.drawing == "points" for layer in shown) and UNVERIFIED_ENTRY not in entries:
        entries.append(UNVERIFIED_ENTRY)
    return entries


def dot_swatch(colour: str) -> str:
    """A small dot swatch for labelled places."""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="14" height="14"><circle cx="7" cy="7" r="3" '
        f'fill="{colour}" stroke="#fff"/></svg>'
    )


def square_swatch(colour: str, dashed: bool = False) -> str:
    """A filled square swatch for area symbols."""
    dash = ' stroke-dasharray="3,2"' if dashed else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="14" height="14"><rect x="1" y="1" width="12" height="12" '
        f'fill="{colour}" fill-opacity="0.6" stroke="#444"{dash}/></svg>'
    )


def line_swatch(colour: str, dash: str | None) -> str:
    """A short line swatch for line symbols."""
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="18" height="14"><line x1="1" y1="7" x2="17" y2="7" '
        f'stroke="{colour}" stroke-width="2"{dash_attr}/></svg>'
    )


def svg_data_uri(svg: str) -> str:
    """An SVG as a data: URI, so sanitised HTML (st.html) keeps it as an image."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def legend_html(entries: list[LegendEntry]) -> str:
    """The legend as a compact HTML block; labels are escaped, swatches are our own SVG."""
    parts = ['<div class="ba-legend" style="font-size:0.8rem;line-height:1.5">']
    section = None
    for entry in entries:
        if entry.section != section:
            section = entry.section
            parts.append(f'<div style="font-weight:600;margin-top:4px">{html.escape(section)}</div>')
        parts.append(
            f'<div><img alt="" style="width:16px;height:14px;vertical-align:middle;margin-right:6px" '
            f'src="{svg_data_uri(entry.swatch_svg)}">{html.escape(entry.label)}</div>'
        )
    parts.append("</div>")
    return "".join(parts)
