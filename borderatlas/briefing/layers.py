"""The map itself: the vector basemap, flood areas, point symbols and the selection ring, in the web map's styles."""

from __future__ import annotations

from dataclasses import dataclass, replace

import geopandas as gpd
from matplotlib.axes import Axes
from matplotlib.patches import Circle
from matplotlib.transforms import Bbox

from borderatlas import detail, styles
from borderatlas.briefing.decorations import (
    CSS_PX,
    draw_north_arrow,
    draw_scale_bar,
    quiet_side,
)
from borderatlas.briefing.labels import LabelPlacer, label_candidates
from borderatlas.briefing.projection import MapProjection, projected
from borderatlas.briefing.slide import draw_note_markers, draw_overlay
from borderatlas.data import Atlas
from borderatlas.layers import MapLayer, in_drawing_order
from borderatlas.slideview import note_places
from borderatlas.styles import MAX_PRECISION_CIRCLE_KM
from borderatlas.views import Bounds, ExportView, view_frame


@dataclass(frozen=True)
class BasemapStyle:
    """How one basemap layer is drawn in a graphic, and which map layer switches it on (None: always drawn)."""

    id: str
    switch: str | None
    style: dict
    outline: bool = False


BASEMAP_STYLES: tuple[BasemapStyle, ...] = (
    BasemapStyle(
        "land", None, {"color": styles.LAND_COLOUR, "edgecolor": "#b7b0a0", "linewidth": 0.6 * CSS_PX, "zorder": 1}
    ),
    BasemapStyle(
        "lakes", None, {"color": styles.SEA_COLOUR, "edgecolor": "#b7b0a0", "linewidth": 0.6 * CSS_PX, "zorder": 2}
    ),
    BasemapStyle(
        "dprk_provinces",
        "boundaries",
        {"color": styles.PROVINCE_COLOUR, "linewidth": 0.8, "linestyle": (0, (3, 3)), "zorder": 3},
        outline=True,
    ),
    BasemapStyle("rivers", "boundaries", {"color": styles.RIVER_COLOUR, "linewidth": 2 * CSS_PX * 1.3, "zorder": 4}),
    BasemapStyle(
        "boundaries",
        "boundaries",
        {
            "color": styles.BOUNDARY_COLOUR,
            "alpha": 0.8,
            "linewidth": 1.6 * CSS_PX * 1.3,
            "linestyle": (0, (6, 3)),
            "zorder": 5,
        },
    ),
)
"""The vector basemap in drawing order, with the web map's colours (line widths scaled for print)."""


DETAIL_FOR_BASEMAP = {"land": "land", "lakes": "lake", "rivers": "river", "boundaries": "boundary"}
"""Which detailed layer stands in for each coarse basemap layer."""


def with_detail(basemap: dict[str, gpd.GeoDataFrame], clip: Bounds) -> tuple[dict[str, gpd.GeoDataFrame], bool]:
    """The basemap with its land, lakes, rivers and borders replaced by the detailed layers that fit the extent's
    width, plus the shorelines ("coast") as lines; and whether it did (not beyond 250 km, nor without the files)."""
    band = detail.band_for_bbox(clip)
    frames = detail.detail_frames(band, clip) if band else {}
    if "land" not in frames:
        return basemap, False
    empty = frames["land"].iloc[0:0]
    chosen = dict(basemap)
    for coarse, fine in DETAIL_FOR_BASEMAP.items():
        chosen[coarse] = frames.get(fine, basemap.get(coarse, empty))
    chosen["coast"] = frames.get("coast", empty)
    return chosen, True


def draw_basemap(
    ax: Axes, basemap: dict[str, gpd.GeoDataFrame], projection: MapProjection, clip: Bounds, view: ExportView
) -> None:
    """Land and lakes always; boundaries, rivers and province outlines when the boundaries layer is on. An extent
    narrower than 250 km uses the detailed shorelines, rivers and borders of the band that fits its width."""
    switched_on = {basemap_id for layer in in_drawing_order(view.layers) for basemap_id in layer.basemap}
    basemap, detailed = with_detail(basemap, clip)
    for spec in BASEMAP_STYLES:
        if spec.id not in basemap or (spec.switch and spec.id not in switched_on):
            continue
        frame = projected(basemap[spec.id], projection, clip)
        style = spec.style
        if spec.id == "land" and detailed:  # chunk edges would show as outlines: hide the seams
            style = dict(spec.style, edgecolor=styles.LAND_COLOUR, linewidth=0.4)
        if spec.id == "boundaries" and detailed:  # WDBII draws the border rivers only as the border
            border = projected(basemap[spec.id], projection, clip)
            if len(border):
                border.plot(ax=ax, color=styles.RIVER_COLOUR, linewidth=3.2 * CSS_PX, alpha=0.85, zorder=3.9)
        if len(frame):
            (frame.boundary if spec.outline else frame).plot(ax=ax, **style)
        if spec.id == "land" and detailed:
            coast = projected(basemap["coast"], projection, clip)
            if len(coast):
                coast.plot(ax=ax, color="#b7b0a0", linewidth=0.6 * CSS_PX, zorder=1.5)


def draw_areas(ax: Axes, layer: MapLayer, areas: gpd.GeoDataFrame, placer: LabelPlacer) -> None:
    """Areas filled by the layer's colour field, approximate extents with a dashed outline (as on the web map)."""
    for _, row in areas.iterrows():
        record = row.to_dict()
        colour = layer.colour_for(record, record.get("status_on_date"))
        tier = layer.tier_for(record, record.get("status_on_date"))
        single = gpd.GeoSeries([row.geometry], crs=areas.crs)
        single.plot(
            ax=ax, color=colour, alpha=tier.fill_opacity if tier else 0.45, linewidth=0, zorder=layer.export_zorder
        )
        single.boundary.plot(
            ax=ax,
            color=colour,
            linewidth=1.5 * CSS_PX * 1.3,
            zorder=layer.export_zorder,
            linestyle=(0, (5, 4)) if row.get("approximate") or (tier and tier.dashed) else "solid",
        )


def draw_points(ax: Axes, layer: MapLayer, points: gpd.GeoDataFrame, placer: LabelPlacer) -> None:
    """One symbol per feature at its representative point; unverified ones dashed, with a precision circle."""
    zorder = layer.export_zorder
    for _, row in points.iterrows():
        record = row.to_dict()
        colour = layer.colour_for(record, record["status_on_date"])
        point = row.geometry.representative_point()
        verified = bool(record.get("verified"))
        precision = float(record.get("precision_km") or 0)
        if not verified and 1 <= precision <= MAX_PRECISION_CIRCLE_KM:
            ax.add_patch(Circle((point.x, point.y), precision * 1000, facecolor=colour, alpha=0.06, zorder=zorder - 1))
            ax.add_patch(
                Circle(
                    (point.x, point.y),
                    precision * 1000,
                    fill=False,
                    edgecolor=colour,
                    linewidth=0.75,
                    linestyle=(0, (4, 4)),
                    zorder=zorder - 1,
                )
            )
        if row.geometry.geom_type != "Point":
            single = gpd.GeoSeries([row.geometry], crs=points.crs)
            if row.geometry.geom_type.endswith("Polygon"):
                single.plot(ax=ax, color=colour, alpha=0.12, zorder=zorder - 1)
                single.boundary.plot(ax=ax, color=colour, linewidth=2 * CSS_PX, zorder=zorder - 1)
            else:
                single.plot(ax=ax, color=colour, linewidth=2 * CSS_PX * 1.3, zorder=zorder - 1)
        marker = layer.symbol_for(record).mpl_marker
        ax.scatter(
            [point.x],
            [point.y],
            s=(10.5 if marker != "D" else 9) ** 2,
            marker=marker,
            c=[colour],
            edgecolors="#1f1f1f" if not verified else "#ffffff",
            linewidths=1.1,
            linestyle=(0, (2.2, 1.6)) if not verified else "solid",
            zorder=zorder,
        )
        at = tuple(ax.transData.transform((point.x, point.y)))
        half = 8
        placer.block(Bbox.from_extents(at[0] - half, at[1] - half, at[0] + half, at[1] + half), at)


def draw_places(
    ax: Axes,
    layer: MapLayer,
    basemap: dict[str, gpd.GeoDataFrame],
    projection: MapProjection,
    clip: Bounds,
    placer: LabelPlacer,
) -> None:
    """A labels layer's places as small dots (their labels are placed with the others), kept clear of labels."""
    for basemap_id in (basemap_id for basemap_id in layer.basemap if basemap_id in basemap):
        places = projected(basemap[basemap_id], projection, clip)
        if not len(places):
            continue
        ax.scatter(
            places.geometry.x,
            places.geometry.y,
            s=3.2**2,
            c="#333333",
            edgecolors="white",
            linewidths=0.5,
            zorder=layer.export_zorder,
        )
        for x, y in ax.transData.transform(list(zip(places.geometry.x, places.geometry.y))):
            placer.block(Bbox.from_extents(x - 2.5, y - 2.5, x + 2.5, y + 2.5), (x, y))


PLOTTERS = {"areas": draw_areas, "points": draw_points}
"""How the export draws each kind of data layer (see MapLayer.drawing); reference layers come with the basemap."""


def draw_selection(ax: Axes, features: gpd.GeoDataFrame, selected: str | None) -> None:
    """A ring around the selected feature."""
    match = features[features["id"] == selected] if selected and len(features) else features.iloc[0:0]
    if len(match):
        point = match.geometry.iloc[0].representative_point()
        ax.scatter(
            [point.x],
            [point.y],
            s=30**2,
            facecolors="none",
            edgecolors=styles.SELECTION_COLOUR,
            linewidths=3.2,
            zorder=15,
        )


def draw_map(
    ax: Axes,
    atlas: Atlas,
    basemap: dict[str, gpd.GeoDataFrame],
    view: ExportView,
    projection: MapProjection,
    extent: Bounds,
    renderer,
    size: float,
) -> tuple[gpd.GeoDataFrame, LabelPlacer]:
    """Everything inside the map frame: basemap, layers, selection, scale bar, north arrow, labels."""
    x0, y0, x1, y1 = extent
    ax.set_facecolor(styles.SEA_COLOUR)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal", adjustable="box")
    ax.set_xticks([])
    ax.set_yticks([])
    lon_lat = [projection.lonlat(x, y) for x, y in ((x0, y0), (x1, y0), (x1, y1), (x0, y1))]
    clip = (
        min(p[0] for p in lon_lat),
        min(p[1] for p in lon_lat),
        max(p[0] for p in lon_lat),
        max(p[1] for p in lon_lat),
    )
    draw_basemap(ax, basemap, projection, clip, view)
    placer = LabelPlacer(ax, renderer)
    features = view_frame(atlas.layers, replace(view, area=replace(view.area, bbox=clip)))
    shown = features.to_crs(projection.crs) if len(features) else features
    for layer in in_drawing_order(view.layers):
        if layer.data is not None and len(shown):
            PLOTTERS[layer.drawing](ax, layer, shown[shown["layer"] == layer.id], placer)
        elif layer.drawing == "labels":
            draw_places(ax, layer, basemap, projection, clip, placer)
    if view.overlay is not None:
        draw_overlay(ax, view.overlay.overlay, projection, clip)
    if len(shown):
        draw_selection(ax, shown, view.selected)
    draw_note_markers(ax, projection, note_places(atlas, view), placer)
    points = [(p.x, p.y) for p in shown.geometry.representative_point()] if len(shown) else []
    draw_scale_bar(ax, projection, extent, placer, size, quiet_side(extent, points, bottom=True))
    draw_north_arrow(ax, projection, extent, placer, size, quiet_side(extent, points, bottom=False))
    ax.set_xlabel("")
    ax.set_ylabel("")
    width_km = (x1 - x0) / 1000
    for candidate in label_candidates(features, basemap, replace(view, area=replace(view.area, bbox=clip)), width_km):
        x, y = projection.xy(candidate.lon, candidate.lat)
        placer.place(
            x,
            y,
            candidate.text,
            anchored=candidate.anchored,
            force=candidate.forced,
            fontsize=candidate.size,
            fontweight=candidate.weight,
            color=candidate.colour,
            fontstyle=candidate.style,
            linespacing=1.1,
        )
    for spine in ax.spines.values():
        spine.set_edgecolor("#666666")
    return features, placer
