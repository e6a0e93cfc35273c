"""A finished graphic of a view: drawn, then saved as PNG or PDF bytes."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
from dataclasses import dataclass

import geopandas as gpd
from matplotlib import rc_context
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from borderatlas.briefing.decorations import StillCanvas, draw_legend, draw_locator, legend_rows
from borderatlas.briefing.fonts import font_rc
from borderatlas.briefing.layers import draw_map
from borderatlas.briefing.projection import MapProjection, fitted_extent
from borderatlas.briefing.slide import draw_notes_box, notes_layout
from borderatlas.briefing.truetype import searchable_text
from borderatlas.data import Atlas
from borderatlas.slideview import export_legend, note_places, notes_metadata
from borderatlas.views import (
    DISCLAIMER,
    ExportFormat,
    ExportView,
    export_subtitle,
    export_title,
    format_by_id,
    source_line,
    view_frame,
)

BBOX_METADATA = "Border Atlas bbox"
"""The PNG text key holding the area a graphic covers: "min lon,min lat,max lon,max lat"."""
SINCE_METADATA = "Border Atlas since"
"""The PNG text key holding a two-panel graphic's compare date (YYYY-MM-DD)."""
TITLE_METADATA = "Border Atlas title"
NOTES_METADATA = "Border Atlas notes"
"""The PNG text keys holding the slide's title and its notes (one "<feature id>~<text>" a line, empty when none)."""


@dataclass
class Rendered:
    """A drawn graphic and how to find a place on it."""

    figure: Figure
    map_ax: Axes
    projection: MapProjection
    dpi: float
    labels: int
    bbox: tuple[float, float, float, float] | None = None
    """The area the graphic covers (min lon, min lat, max lon, max lat), recorded in a PNG's metadata."""
    since: dt.date | None = None
    """A two-panel graphic's compare date (its map_ax is the right-hand, as-of map), recorded in a PNG's metadata."""
    notes: str = ""
    """The slide's notes, one "<feature id>~<text>" a line, recorded in a PNG's metadata."""

    def pixel_of(self, lon: float, lat: float) -> tuple[int, int]:
        """The (column, row) of a place in the saved image, counted from the top-left."""
        x, y = self.map_ax.transData.transform(self.projection.xy(lon, lat))
        scale = self.dpi / self.figure.dpi
        height = self.figure.get_size_inches()[1] * self.dpi
        return int(round(x * scale)), int(round(height - y * scale))


def disclaimer_text() -> str:
    """The line at the foot of a graphic: the boundary disclaimer, what unverified means, when it was made."""
    return (
        f"{DISCLAIMER} Locations marked unverified may be off by the radius shown. "
        f"Made with Border Atlas on {dt.date.today().isoformat()}."
    )


def render(
    atlas: Atlas,
    basemap: dict[str, gpd.GeoDataFrame],
    view: ExportView,
    fmt: ExportFormat,
    dpi: float | None = None,
    size_px: tuple[int, int] | None = None,
) -> Rendered:
    """Draw the graphic for a view (does not save it): one map, or two (briefing.compare) with a compare date."""
    layout = fmt.layout
    if size_px:
        dpi = dpi or size_px[0] / fmt.size_in[0]
        inches = (size_px[0] / dpi, size_px[1] / dpi)
    else:
        dpi = dpi or fmt.dpi
        inches = fmt.size_in
    if view.since is not None:
        from borderatlas.briefing.compare import render_compare

        rendered = render_compare(atlas, basemap, view, fmt, inches)
        rendered.dpi = dpi
        return rendered
    with rc_context(font_rc()):
        fig = Figure(figsize=inches, dpi=72, facecolor="white")
        canvas = StillCanvas(fig)
        renderer = canvas.get_renderer()
        ax = fig.add_axes(layout.map_box)
        box_w = layout.map_box[2] * inches[0]
        box_h = layout.map_box[3] * inches[1]
        lon_min, lat_min, lon_max, lat_max = view.area.bbox
        projection = MapProjection(round((lon_min + lon_max) / 2, 4), round((lat_min + lat_max) / 2, 4))
        extent = fitted_extent(projection, view.area.bbox, box_w / box_h)
        features, placer = draw_map(ax, atlas, basemap, view, projection, extent, renderer, layout.text_size)
        in_area = view_frame(atlas.layers, view)
        fig.text(
            layout.map_box[0],
            layout.title_y,
            export_title(atlas, view),
            fontsize=layout.title_size,
            fontweight="bold",
            va="top",
            parse_math=False,
        )
        fig.text(
            layout.map_box[0],
            layout.subtitle_y,
            export_subtitle(view),
            fontsize=layout.title_size * 0.62,
            va="top",
            color="#333333",
            parse_math=False,
        )
        draw_locator(fig.add_axes(layout.locator_box), basemap, view, layout.text_size)
        legend_box = layout.legend_box
        places = note_places(atlas, view)
        if places:
            notes_box, legend_box, lines = notes_layout(fig, legend_box, places, layout.text_size)
            draw_notes_box(fig, notes_box, lines, layout.text_size)
        draw_legend(fig, legend_box, legend_rows(export_legend(atlas, view)), layout.text_size)
        fig.text(
            layout.map_box[0],
            layout.source_y,
            source_line(atlas, in_area, view),
            fontsize=layout.text_size,
            va="top",
            wrap=True,
            color="#222222",
        )
        fig.text(
            layout.map_box[0],
            layout.disclaimer_y,
            disclaimer_text(),
            fontsize=layout.text_size,
            va="bottom",
            color="#444444",
            fontstyle="italic",
        )
    return Rendered(fig, ax, projection, dpi, len(placer.placed), view.area.bbox, notes=notes_metadata(view))


def save(rendered: Rendered, fmt: ExportFormat) -> bytes:
    """The rendered graphic as PNG or PDF bytes (a PDF's text, Chinese and Korean too, embedded as real text)."""
    buffer = io.BytesIO()
    metadata = {"Title": rendered.figure.texts[0].get_text()}
    if fmt.extension == "png" and rendered.bbox is not None:
        metadata[BBOX_METADATA] = ",".join(f"{value:.4f}" for value in rendered.bbox)
    if fmt.extension == "png" and rendered.since is not None:
        metadata[SINCE_METADATA] = rendered.since.isoformat()
    if fmt.extension == "png":
        metadata[TITLE_METADATA] = metadata["Title"]
        metadata[NOTES_METADATA] = rendered.notes
    with contextlib.ExitStack() as stack:
        rc = stack.enter_context(searchable_text(rendered.figure)) if fmt.extension == "pdf" else {}
        stack.enter_context(rc_context({**font_rc(), **rc}))
        rendered.figure.savefig(buffer, format=fmt.extension, dpi=rendered.dpi, facecolor="white", metadata=metadata)
    return buffer.getvalue()


def export_bytes(
    atlas: Atlas,
    basemap: dict[str, gpd.GeoDataFrame],
    view: ExportView,
    format_id: str,
    dpi: float | None = None,
    size_px: tuple[int, int] | None = None,
) -> bytes:
    """One finished graphic of a view as PNG or PDF bytes."""
    fmt = format_by_id(format_id)
    return save(render(atlas, basemap, view, fmt, dpi=dpi, size_px=size_px), fmt)
