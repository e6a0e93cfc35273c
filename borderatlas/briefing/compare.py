"""The two-panel graphic of what changed: the map at the compare date | the map at the as-of date, at the same
extent, with one legend, both dates in the title, the changed features marked on the right-hand map, and the same
source line and disclaimer as a single map."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import geopandas as gpd
from matplotlib import rc_context
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from borderatlas import changes, styles
from borderatlas.briefing.decorations import CSS_PX, StillCanvas, draw_legend, draw_locator, legend_rows
from borderatlas.briefing.fonts import font_rc
from borderatlas.briefing.layers import draw_map
from borderatlas.briefing.projection import MapProjection, fitted_extent
from borderatlas.briefing.slide import draw_notes_box, notes_layout
from borderatlas.data import Atlas
from borderatlas.slideview import export_legend, note_places, notes_metadata
from borderatlas.views import (
    DISCLAIMER,
    Bounds,
    ExportFormat,
    ExportView,
    Layout,
    export_subtitle,
    export_title,
    long_date,
    source_line,
    view_frame,
)

PANEL_GAP = 0.008
"""The gap between the two maps, in figure widths."""
HEADING_ROOM = 0.04
"""The room above each map for its date, in figure heights."""


@dataclass(frozen=True)
class Panels:
    """Where the two maps sit (figure fractions) and the room for their headings."""

    before: Bounds
    after: Bounds
    heading_y: float


def split(map_box: Bounds) -> Panels:
    """The format's map box cut into two maps of the same size, side by side, each under its heading."""
    left, bottom, width, height = map_box
    half = (width - PANEL_GAP) / 2
    height -= HEADING_ROOM
    return Panels(
        (left, bottom, half, height), (left + half + PANEL_GAP, bottom, half, height), bottom + height + 0.006
    )


SOURCE_ROOM = 0.02
"""How much higher the maps and the source line sit than on one map: the source line names both dates."""


def room_for_sources(layout: Layout) -> Layout:
    """The format's layout with the maps' foot and the source line raised, so three source lines fit."""
    left, bottom, width, height = layout.map_box
    return replace(
        layout,
        map_box=(left, bottom + SOURCE_ROOM, width, height - SOURCE_ROOM),
        source_y=layout.source_y + SOURCE_ROOM,
    )


def fitted_title_size(fig: Figure, renderer, text: str, size: float, width: float) -> float:
    """The title's font size, made smaller until the title fits the given figure width."""
    while size > 10:
        probe = fig.text(0, 0, text, fontsize=size, fontweight="bold")
        fits = probe.get_window_extent(renderer).width <= width * fig.bbox.width
        probe.remove()
        if fits:
            break
        size -= 1
    return size


def mark_changes(ax: Axes, features: gpd.GeoDataFrame, changed: dict[str, str], size: float) -> int:
    """A badge (a dot at the symbol's lower left, clear of its label on the right and of a note's number on the upper
    left) on each changed point, a halo round each changed area; return how many were marked."""
    rows = features[features["id"].isin(list(changed))] if len(features) else features
    marked = 0
    for _, row in rows.iterrows():
        geometry = row.geometry
        if geometry.geom_type.endswith("Polygon"):
            gpd.GeoSeries([geometry], crs=rows.crs).boundary.plot(
                ax=ax, color=styles.CHANGE_COLOUR, linewidth=2.4 * CSS_PX * 1.3, zorder=7
            )
        else:
            x, y = ax.transData.transform((geometry.representative_point().x, geometry.representative_point().y))
            bx, by = ax.transData.inverted().transform((x - size * 0.9, y - size * 0.9))
            ax.scatter([bx], [by], s=(size * 0.75) ** 2, c=[styles.CHANGE_COLOUR], edgecolors="white", zorder=16)
        marked += 1
    return marked


def panel_heading(fig: Figure, box_: Bounds, y: float, text: str, size: float) -> None:
    """A map's date above it."""
    fig.text(box_[0], y, text, fontsize=size * 1.25, fontweight="bold", va="bottom", color="#222222")


def draw_panel(
    fig: Figure,
    box_: Bounds,
    atlas: Atlas,
    basemap: dict[str, gpd.GeoDataFrame],
    view: ExportView,
    extent: Bounds,
    projection: MapProjection,
    renderer,
    size: float,
) -> tuple[Axes, gpd.GeoDataFrame, int]:
    """One of the two maps: the view on its own date; return its axes, the features drawn and the labels placed."""
    ax = fig.add_axes(box_)
    features, placer = draw_map(ax, atlas, basemap, view, projection, extent, renderer, size)
    return ax, features, len(placer.placed)


def render_compare(
    atlas: Atlas,
    basemap: dict[str, gpd.GeoDataFrame],
    view: ExportView,
    fmt: ExportFormat,
    inches: tuple[float, float],
):
    """Draw the two-panel graphic of a view with a compare date (does not save it); returns a render.Rendered whose
    map is the right-hand (as-of) map."""
    from borderatlas.briefing.render import Rendered

    layout, since = room_for_sources(fmt.layout), view.since
    panels = split(layout.map_box)
    with rc_context(font_rc()):
        fig = Figure(figsize=inches, dpi=72, facecolor="white")
        renderer = StillCanvas(fig).get_renderer()
        lon_min, lat_min, lon_max, lat_max = view.area.bbox
        projection = MapProjection(round((lon_min + lon_max) / 2, 4), round((lat_min + lat_max) / 2, 4))
        extent = fitted_extent(projection, view.area.bbox, panels.after[2] * inches[0] / (panels.after[3] * inches[1]))
        size = layout.text_size
        title = export_title(atlas, view)
        title_size = fitted_title_size(fig, renderer, title, layout.title_size, 1 - 2 * layout.map_box[0])
        fig.text(
            layout.map_box[0], layout.title_y, title, fontsize=title_size, fontweight="bold", va="top", parse_math=False
        )
        subtitle = export_subtitle(view)
        fig.text(
            layout.map_box[0],
            layout.subtitle_y,
            subtitle,
            fontsize=layout.title_size * 0.62,
            va="top",
            color="#333333",
            parse_math=False,
        )
        before_view, after_view = replace(view, as_of=since, since=None, notes=()), replace(view, since=None)
        draw_panel(fig, panels.before, atlas, basemap, before_view, extent, projection, renderer, size)
        ax, features, labels = draw_panel(
            fig, panels.after, atlas, basemap, after_view, extent, projection, renderer, size
        )
        changed = changes.changed_kinds(atlas.layers, since, view.as_of, view.layers)
        shown = features.to_crs(projection.crs) if len(features) else features
        marked = mark_changes(ax, shown, changed, size)
        ax.set_xlabel("")
        ax.set_ylabel("")
        panel_heading(fig, panels.before, panels.heading_y, f"Before: {long_date(since)}", size)
        panel_heading(
            fig,
            panels.after,
            panels.heading_y,
            f"After: {long_date(view.as_of)} · {marked} change(s) marked",
            size,
        )
        draw_locator(fig.add_axes(layout.locator_box), basemap, view, size)
        legend_box = layout.legend_box
        places = note_places(atlas, after_view)
        if places:
            notes_box, legend_box, lines = notes_layout(fig, legend_box, places, size)
            draw_notes_box(fig, notes_box, lines, size)
        draw_legend(fig, legend_box, legend_rows(export_legend(atlas, view)), size)
        sources = source_line(atlas, view_frame(atlas.layers, after_view), view)
        fig.text(layout.map_box[0], layout.source_y, sources, fontsize=size, va="top", wrap=True, color="#222222")
        fig.text(
            layout.map_box[0],
            layout.disclaimer_y,
            f"{DISCLAIMER} Locations marked unverified may be off by the radius shown. "
            f"Made with Border Atlas on {dt.date.today().isoformat()}.",
            fontsize=size,
            va="bottom",
            color="#444444",
            fontstyle="italic",
        )
    return Rendered(fig, ax, projection, 0, labels, view.area.bbox, since=since, notes=notes_metadata(view))
