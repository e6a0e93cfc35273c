"""Legend entries for the visible layers, and their HTML (never a branca colormap, which loads d3 from the web)."""

from __future__ import annotations

import base64
import html
from dataclasses import dataclass

from borderatlas import styles


@dataclass(frozen=True)
class LegendEntry:
    """One row of the legend."""

    section: str
    label: str
    swatch_svg: str


def legend_entries(visible_layers: tuple[str, ...] | list[str]) -> list[LegendEntry]:
    """The legend rows for the visible layers, in drawing order."""
    entries: list[LegendEntry] = []
    if "crossings" in visible_layers:
        for symbol in styles.CROSSING_SYMBOLS:
            entries.append(LegendEntry("Crossings: kind", symbol.label, styles.svg_symbol(symbol, "#555555", size=14)))
        for status in styles.CROSSING_STATUS:
            entries.append(
                LegendEntry(
                    "Crossings: status",
                    status.label,
                    styles.svg_symbol(styles.CROSSING_SYMBOLS[0], status.colour, size=14),
                )
            )
    if "infrastructure" in visible_layers:
        seen = set()
        for status in styles.INFRASTRUCTURE_STATUS:
            if status.colour in seen:
                continue
            seen.add(status.colour)
            entries.append(
                LegendEntry(
                    "Infrastructure: status",
                    status.label,
                    styles.svg_symbol(styles.INFRASTRUCTURE_SYMBOL, status.colour, size=14),
                )
            )
    if "flood_areas" in visible_layers:
        for severity in styles.FLOOD_SEVERITY:
            entries.append(
                LegendEntry(
                    "2016 floods", severity.label, square_swatch(severity.colour, dashed=severity.status == "reported")
                )
            )
        entries.append(
            LegendEntry(
                "2016 floods", "Approximate or uncertain extent (dashed)", square_swatch("#ffffff", dashed=True)
            )
        )
    if "crossings" in visible_layers or "infrastructure" in visible_layers:
        entries.append(
            LegendEntry(
                "Location",
                "Unverified (dashed outline, circle = precision)",
                styles.svg_symbol(styles.CROSSING_SYMBOLS[0], "#bdbdbd", dashed=True, size=14),
            )
        )
    if "boundaries" in visible_layers:
        entries.append(
            LegendEntry(
                "Reference", "International boundary (for reference)", line_swatch(styles.BOUNDARY_COLOUR, "6,3")
            )
        )
        entries.append(LegendEntry("Reference", "River", line_swatch(styles.RIVER_COLOUR, None)))
    return entries


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
