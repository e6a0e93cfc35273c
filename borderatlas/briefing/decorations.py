"""The parts around the map: legend, scale bar, north arrow and locator of the border region."""

from __future__ import annotations

import math
import re
import textwrap
from dataclasses import dataclass

import geopandas as gpd
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrow, Rectangle
from matplotlib.transforms import Bbox

from borderatlas import legend, styles
from borderatlas.briefing.labels import LabelPlacer
from borderatlas.briefing.projection import MapProjection
from borderatlas.layers import MAP_LAYERS
from borderatlas.registry import REGION_BOUNDS
from borderatlas.slide import OVERLAY_SECTION
from borderatlas.views import Bounds, ExportView

CSS_PX = 0.75
"""Points per CSS pixel: web-map line widths and sizes converted for print."""


class StillCanvas(FigureCanvasAgg):
    """An Agg canvas that draws only when asked (savefig, get_renderer), not on each draw_idle: geopandas calls
    draw_idle after every plot, which redrew the whole figure each time (61 full draws for a two-panel graphic)."""

    def draw_idle(self, *args, **kwargs) -> None:
        """Nothing: the figure is drawn once, when it is saved."""


@dataclass(frozen=True)
class Glyph:
    """How a legend row is drawn in matplotlib, read from the web legend's own SVG swatch."""

    kind: str
    colour: str
    marker: str = "o"
    dashed: bool = False
    edge: str = "#ffffff"


SWATCH_FILL = re.compile(r'fill="(#[0-9a-fA-F]{6})"')
SWATCH_STROKE = re.compile(r'stroke="(#[0-9a-fA-F]{6})"')
ALL_SYMBOLS = tuple(symbol for layer in MAP_LAYERS for symbol in layer.symbols)


def legend_glyph(entry: legend.LegendEntry) -> Glyph:
    """The matplotlib glyph for a web legend row: the same shape, colour and dash as its SVG swatch."""
    svg = entry.swatch_svg
    dashed = "stroke-dasharray" in svg
    if "<line" in svg:
        return Glyph("line", SWATCH_STROKE.search(svg).group(1), dashed=dashed)
    symbol = next((s for s in ALL_SYMBOLS if s.svg in svg), None)
    fill = SWATCH_FILL.search(svg).group(1)
    if symbol is not None:
        return Glyph("marker", fill, symbol.mpl_marker, dashed, "#1f1f1f" if dashed else "#ffffff")
    if "<circle" in svg:
        return Glyph("town", fill)
    return Glyph("area", fill, dashed=dashed, edge="#444444")


@dataclass(frozen=True)
class LegendRow:
    """A legend section heading or one entry with its glyph."""

    text: str
    glyph: Glyph | None = None


def legend_rows(entries: list[legend.LegendEntry]) -> list[LegendRow]:
    """The legend rows for the graphic: a heading per section, then each entry with its glyph (a ring for the
    selection, a dot for the user's overlay)."""
    rows: list[LegendRow] = []
    section = None
    for entry in entries:
        if entry.section != section:
            section = entry.section
            rows.append(LegendRow(section))
        if entry.section == legend.CHANGES_SECTION:
            glyph = Glyph("badge", styles.CHANGE_COLOUR)
        elif not entry.swatch_svg:
            glyph = Glyph("ring", styles.SELECTION_COLOUR)
        elif entry.section == OVERLAY_SECTION:
            glyph = Glyph("marker", styles.OVERLAY_COLOUR)
        else:
            glyph = legend_glyph(entry)
        rows.append(LegendRow(entry.label, glyph))
    return rows


def nice_length(km: float) -> float:
    """The largest 1, 2 or 5 × 10^k not above km."""
    exponent = 10 ** math.floor(math.log10(km))
    return max(step * exponent for step in (1, 2, 5) if step * exponent <= km)


def quiet_side(extent: Bounds, points: list[tuple[float, float]], bottom: bool) -> str:
    """'left' or 'right': the corner (bottom or top) of the map with fewer symbols, for the scale bar or arrow."""
    x0, y0, x1, y1 = extent
    band = (y0, y0 + (y1 - y0) * 0.22) if bottom else (y1 - (y1 - y0) * 0.25, y1)
    counts = {
        side: sum(1 for x, y in points if band[0] <= y <= band[1] and lo <= x <= hi)
        for side, lo, hi in (("left", x0, x0 + (x1 - x0) * 0.3), ("right", x1 - (x1 - x0) * 0.3, x1))
    }
    return "right" if counts["right"] < counts["left"] else "left"


def draw_scale_bar(
    ax: Axes, projection: MapProjection, extent: Bounds, placer: LabelPlacer, size: float, side: str = "left"
) -> float:
    """A scale bar of four segments in a lower corner, true at its latitude; return its length in km."""
    x0, y0, x1, y1 = extent
    km = nice_length((x1 - x0) / 1000 * 0.2)
    lon, lat = projection.lonlat((x0 + x1) / 2, y0 + (y1 - y0) * 0.055)
    length = km * 1000 * projection.proj.get_factors(lon, lat).parallel_scale
    start_x = x0 + (x1 - x0) * 0.03 if side == "left" else x1 - (x1 - x0) * 0.045 - length
    start_y = y0 + (y1 - y0) * 0.055
    lon, lat = projection.lonlat(start_x + length / 2, start_y)
    length = km * 1000 * projection.proj.get_factors(lon, lat).parallel_scale
    height = (y1 - y0) * 0.009
    background = Rectangle(
        (start_x - (x1 - x0) * 0.012, start_y - (y1 - y0) * 0.045),
        length + (x1 - x0) * 0.045,
        (y1 - y0) * 0.12,
        facecolor="white",
        alpha=0.82,
        edgecolor="#999999",
        linewidth=0.4,
        zorder=18,
    )
    ax.add_patch(background)
    for index in range(4):
        ax.add_patch(
            Rectangle(
                (start_x + index * length / 4, start_y),
                length / 4,
                height,
                facecolor="#1f1f1f" if index % 2 == 0 else "white",
                edgecolor="#1f1f1f",
                linewidth=0.6,
                zorder=19,
            )
        )
    for fraction in (0, 0.5, 1):
        value = km * fraction
        ax.text(
            start_x + length * fraction,
            start_y + height * 1.8,
            f"{value:g}" + (" km" if fraction == 1 else ""),
            ha="center",
            va="bottom",
            fontsize=size,
            zorder=19,
        )
    ax.text(
        start_x,
        start_y - height * 1.2,
        f"Scale true at {lat:.1f}° N",
        ha="left",
        va="top",
        fontsize=size * 0.85,
        color="#444444",
        zorder=19,
    )
    placer.block(background.get_window_extent(placer.renderer))
    return km


def draw_north_arrow(
    ax: Axes, projection: MapProjection, extent: Bounds, placer: LabelPlacer, size: float, side: str = "left"
) -> None:
    """A north arrow in an upper corner, turned to true north at its spot."""
    x0, y0, x1, y1 = extent
    x = x0 + (x1 - x0) * 0.045 if side == "left" else x1 - (x1 - x0) * 0.045
    y = y1 - (y1 - y0) * 0.13
    lon, lat = projection.lonlat(x, y)
    angle = math.radians(projection.proj.get_factors(lon, lat).meridian_convergence)
    span = (y1 - y0) * 0.075
    dx, dy = -math.sin(angle) * span, math.cos(angle) * span
    ax.add_patch(
        FancyArrow(
            x - dx / 2,
            y - dy / 2,
            dx,
            dy,
            width=span * 0.1,
            head_width=span * 0.38,
            head_length=span * 0.42,
            length_includes_head=True,
            color="#1f1f1f",
            zorder=19,
        )
    )
    label = ax.text(
        x + dx * 0.62,
        y + dy * 0.62,
        "N",
        ha="center",
        va="bottom",
        fontsize=size * 1.3,
        fontweight="bold",
        zorder=19,
        path_effects=[patheffects.withStroke(linewidth=2.5, foreground="white")],
    )
    corner = ax.transData.transform([(x - span * 0.4, y - span * 0.6), (x + span * 0.4, y + span * 0.6)])
    placer.block(Bbox(corner))
    placer.block(label.get_window_extent(placer.renderer))


COUNTRY_LABELS = (("CHINA", 124.6, 43.0), ("DPRK", 127.3, 40.2), ("RUSSIA", 131.15, 43.9))
"""Where the locator names the countries (lon, lat)."""


def draw_locator(ax: Axes, basemap: dict[str, gpd.GeoDataFrame], view: ExportView, size: float) -> None:
    """A small map of the whole border region with the view's area outlined."""
    lon_min, lat_min, lon_max, lat_max = REGION_BOUNDS
    ax.set_facecolor(styles.SEA_COLOUR)
    if "land" in basemap:
        basemap["land"].plot(ax=ax, color=styles.LAND_COLOUR, edgecolor="#b7b0a0", linewidth=0.3)
    if "boundaries" in basemap:
        basemap["boundaries"].plot(ax=ax, color=styles.BOUNDARY_COLOUR, linewidth=0.7, alpha=0.8)
    for name, lon, lat in COUNTRY_LABELS:
        ax.text(lon, lat, name, ha="center", va="center", fontsize=size * 0.8, color="#555555")
    a_lon_min, a_lat_min, a_lon_max, a_lat_max = view.area.bbox
    ax.add_patch(
        Rectangle(
            (a_lon_min, a_lat_min),
            a_lon_max - a_lon_min,
            a_lat_max - a_lat_min,
            fill=False,
            edgecolor="#d32f2f",
            linewidth=1.6,
            zorder=5,
        )
    )
    ax.set_xlim(lon_min, lon_max)
    ax.set_ylim(lat_min, lat_max)
    ax.set_aspect(1 / math.cos(math.radians((lat_min + lat_max) / 2)), adjustable="box")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.set_title("Locator: China–DPRK border region", fontsize=size, loc="left", pad=3)
    for spine in ax.spines.values():
        spine.set_edgecolor("#888888")


def draw_glyph(ax: Axes, x: float, y: float, glyph: Glyph, unit: float) -> None:
    """Draw one legend glyph centred at (x, y) in legend-axes points."""
    if glyph.kind == "marker":
        ax.scatter(
            [x],
            [y],
            s=8.5**2,
            marker=glyph.marker,
            c=[glyph.colour],
            edgecolors=glyph.edge,
            linewidths=0.9,
            linestyle=(0, (2, 1.4)) if glyph.dashed else "solid",
            clip_on=False,
        )
    elif glyph.kind == "area":
        ax.add_patch(
            Rectangle(
                (x - unit * 0.45, y - unit * 0.4),
                unit * 0.9,
                unit * 0.8,
                facecolor=glyph.colour,
                alpha=0.6,
                edgecolor=glyph.edge,
                linewidth=0.7,
                linestyle=(0, (3, 2)) if glyph.dashed else "solid",
                clip_on=False,
            )
        )
    elif glyph.kind == "line":
        ax.add_line(
            Line2D(
                [x - unit * 0.6, x + unit * 0.6],
                [y, y],
                color=glyph.colour,
                linewidth=1.6,
                linestyle=(0, (6, 3)) if glyph.dashed else "solid",
                clip_on=False,
            )
        )
    elif glyph.kind == "badge":
        ax.scatter([x - unit * 0.15], [y], s=7**2, c=["#9e9e9e"], edgecolors="white", linewidths=0.8, clip_on=False)
        ax.scatter([x + unit * 0.4], [y + unit * 0.4], s=4.5**2, c=[glyph.colour], edgecolors="white", clip_on=False)
    elif glyph.kind == "ring":
        ax.scatter([x], [y], s=10**2, facecolors="none", edgecolors=glyph.colour, linewidths=2, clip_on=False)
    else:
        ax.scatter([x], [y], s=3**2, c=[glyph.colour], clip_on=False)


def legend_lines(rows: list[LegendRow], chars: int) -> list[tuple[str, Glyph | None, bool]]:
    """Legend rows as printed lines (text, glyph on its first line, is heading), long labels wrapped."""
    lines = []
    for row in rows:
        if row.glyph is None:
            lines.append((row.text, None, True))
            continue
        for index, part in enumerate(textwrap.wrap(row.text, chars) or [""]):
            lines.append((part, row.glyph if index == 0 else None, False))
    return lines


def column_split(lines: list[tuple[str, Glyph | None, bool]]) -> int:
    """Where the legend's second column starts: at the first row start (a heading or a glyph's line) from half way,
    so no wrapped label is cut between the columns and no heading is left at the first column's foot."""
    half = -(-len(lines) // 2)
    starts = [index for index, (_, glyph, heading) in enumerate(lines) if heading or glyph is not None]
    for index in starts:
        heading_at_foot = lines[index][2] and index == half - 1
        if index >= half or heading_at_foot:
            return index
    return len(lines)


def draw_legend(fig: Figure, box_: Bounds, rows: list[LegendRow], size: float) -> None:
    """The legend, flowed into two columns, long labels wrapped, headings never left at a column's foot."""
    ax = fig.add_axes(box_)
    ax.set_axis_off()
    width_pt, height_pt = box_[2] * fig.get_size_inches()[0] * 72, box_[3] * fig.get_size_inches()[1] * 72
    ax.set_xlim(0, width_pt)
    ax.set_ylim(0, height_pt)
    ax.text(0, height_pt, "Legend", fontsize=size * 1.15, fontweight="bold", va="top")
    column_width = width_pt / 2
    lines = legend_lines(rows, int((column_width - size * 2.4) / (size * 0.88 * 0.56)))
    top = height_pt - size * 2.6
    split = column_split(lines)
    step = min(size * 1.5, top / max(split, len(lines) - split, 1))
    for index, (text, glyph, heading) in enumerate(lines):
        column, line = (0, index) if index < split else (1, index - split)
        x, y = column * column_width, top - line * step
        if heading:
            ax.text(x, y, text, fontsize=size * 0.95, fontweight="bold", va="center", color="#333333", parse_math=False)
        else:
            if glyph is not None:
                draw_glyph(ax, x + size * 0.8, y, glyph, size)
            ax.text(x + size * 1.9, y, text, fontsize=size * 0.88, va="center", parse_math=False)
        line += 1
