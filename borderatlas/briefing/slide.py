"""The slide's own parts on a graphic: the user's overlay over the map, a numbered marker at each note's feature,
and the numbered notes in a box. User text is drawn as plain text (parse_math=False: a "$" is never mathtext)."""

from __future__ import annotations

import textwrap

import geopandas as gpd
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch
from shapely.geometry import shape

from borderatlas import styles
from borderatlas.briefing.labels import LabelPlacer
from borderatlas.briefing.projection import MapProjection
from borderatlas.slideview import NotePlace
from borderatlas.views import Bounds

MARKER_OFFSET_PT = (-12, 12)
"""Where a note's number sits from its feature (up and left, with a leader line: labels go right first), so the
symbol stays visible."""
NOTES_SHARE = 0.55
"""The most of the legend's column the notes box may take."""


def overlay_geometries(overlay) -> gpd.GeoSeries:
    """The overlay's shapes in lon/lat (points for a CSV); a shape that cannot be read is left out."""
    if overlay.geometries is None:
        return gpd.GeoSeries(gpd.points_from_xy(overlay.lon, overlay.lat), crs="EPSG:4326")
    shapes = []
    for geometry in overlay.geometries:
        try:
            shapes.append(shape(geometry))
        except Exception:  # a malformed shape the web map would skip too
            continue
    return gpd.GeoSeries(shapes, crs="EPSG:4326")


def draw_overlay(ax: Axes, overlay, projection: MapProjection, clip: Bounds, zorder: float = 14) -> int:
    """The user's overlay over the atlas's layers, in its web colour: points as dots, lines, areas filled; return
    how many shapes were drawn."""
    lon_min, lat_min, lon_max, lat_max = clip
    shapes = overlay_geometries(overlay)
    if not len(shapes):
        return 0
    shapes = shapes.cx[lon_min - 0.2 : lon_max + 0.2, lat_min - 0.2 : lat_max + 0.2]
    if not len(shapes):
        return 0
    shapes = shapes.to_crs(projection.crs)
    kinds = shapes.geom_type
    areas = shapes[kinds.str.endswith("Polygon")]
    lines = shapes[kinds.str.endswith("LineString")]
    points = shapes[kinds.str.endswith("Point")].explode(index_parts=False)
    colour = styles.OVERLAY_COLOUR
    if len(areas):
        areas.plot(ax=ax, color=colour, alpha=0.3, edgecolor=colour, linewidth=1.4, zorder=zorder)
    if len(lines):
        lines.plot(ax=ax, color=colour, linewidth=1.6, alpha=0.9, zorder=zorder)
    if len(points):
        size = 5.5 if len(points) < 2000 else 3
        ax.scatter(
            np.asarray(points.x),
            np.asarray(points.y),
            s=size**2,
            c=colour,
            edgecolors="white",
            linewidths=0.5 if len(points) < 2000 else 0,
            zorder=zorder,
        )
    return len(shapes)


def draw_note_markers(ax: Axes, projection: MapProjection, places: list[NotePlace], placer: LabelPlacer) -> int:
    """A numbered circle beside each note's feature, tied to it by a short line, kept clear of labels; return how
    many were drawn inside the map."""
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    drawn = 0
    for place in places:
        if place.lon is None:
            continue
        x, y = projection.xy(place.lon, place.lat)
        if not (x0 <= x <= x1 and y0 <= y <= y1):
            continue
        marker = ax.annotate(
            str(place.number),
            (x, y),
            xytext=MARKER_OFFSET_PT,
            textcoords="offset points",
            ha="center",
            va="center",
            fontsize=9,
            fontweight="bold",
            color="white",
            zorder=22,
            annotation_clip=False,
            bbox={"boxstyle": "circle,pad=0.25", "facecolor": styles.NOTE_COLOUR, "edgecolor": "white", "lw": 1.2},
            arrowprops={"arrowstyle": "-", "color": styles.NOTE_COLOUR, "lw": 1.2, "shrinkA": 0, "shrinkB": 2},
        )
        marker.update_positions(placer.renderer)
        placer.block(marker.get_bbox_patch().get_window_extent(placer.renderer))
        drawn += 1
    return drawn


def wrapped_notes(places: list[NotePlace], chars: int) -> list[str]:
    """The notes' lines wrapped to a width, continuation lines indented under the text."""
    lines = []
    for place in places:
        parts = textwrap.wrap(place.line, chars, subsequent_indent="    ") or [place.line]
        lines += parts
    return lines


def notes_layout(fig: Figure, box_: Bounds, places: list[NotePlace], size: float) -> tuple[Bounds, Bounds, list[str]]:
    """Split the legend's column: the notes box on top (as tall as its lines, at most NOTES_SHARE), the legend below;
    and the notes' wrapped lines."""
    left, bottom, width, height = box_
    width_pt = width * fig.get_size_inches()[0] * 72
    lines = wrapped_notes(places, max(12, int((width_pt - size * 1.6) / (size * 0.9 * 0.55))))
    line_h = size * 0.9 * 1.35 / (fig.get_size_inches()[1] * 72)
    notes_h = min(height * NOTES_SHARE, (len(lines) + 2.2) * line_h)
    gap = line_h * 0.8
    return (left, bottom + height - notes_h, width, notes_h), (left, bottom, width, height - notes_h - gap), lines


def draw_notes_box(fig: Figure, box_: Bounds, lines: list[str], size: float) -> None:
    """The numbered notes in a framed box, text shrunk to fit when there are many lines."""
    ax = fig.add_axes(box_)
    ax.set_axis_off()
    width_pt, height_pt = box_[2] * fig.get_size_inches()[0] * 72, box_[3] * fig.get_size_inches()[1] * 72
    ax.set_xlim(0, width_pt)
    ax.set_ylim(0, height_pt)
    ax.add_patch(
        FancyBboxPatch(
            (1, 1),
            width_pt - 2,
            height_pt - 2,
            boxstyle="round,pad=0,rounding_size=3",
            facecolor="#f4f6fb",
            edgecolor=styles.NOTE_COLOUR,
            linewidth=0.9,
            clip_on=False,
        )
    )
    pad = size * 0.7
    ax.text(pad, height_pt - pad, "Notes", fontsize=size * 1.05, fontweight="bold", va="top", color=styles.NOTE_COLOUR)
    top = height_pt - pad - size * 1.6
    step = min(size * 0.9 * 1.35, top / max(len(lines), 1))
    text_size = min(size * 0.9, step / 1.35)
    for index, line in enumerate(lines):
        ax.text(pad, top - index * step, line, fontsize=text_size, va="top", color="#1f1f1f", parse_math=False)
