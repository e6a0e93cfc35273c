"""What a graphic or download shows, with no matplotlib: named areas, the on-screen view's area, the formats
and their layouts, the features in view, the title, subtitle, source line and disclaimer."""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from dataclasses import dataclass, replace

import geopandas as gpd
from shapely.geometry import box

from borderatlas import detail, slide
from borderatlas.asof import DEFAULT_AS_OF, record_status
from borderatlas.byid import by_id
from borderatlas.data import Atlas
from borderatlas.layers import DEFAULT_LAYERS, in_drawing_order
from borderatlas.legend import UNVERIFIED_ENTRY, LegendEntry, legend_entries
from borderatlas.registry import BASEMAP, REGION_BOUNDS
from borderatlas.viewport import FIT_BOUNDS

Bounds = tuple[float, float, float, float]
"""(min lon, min lat, max lon, max lat)."""


DISCLAIMER = "Boundaries are shown for reference only and are not authoritative."
TITLE = "China–North Korea border"


@dataclass(frozen=True)
class Area:
    """A named part of the region that a graphic can show."""

    id: str
    title: str
    bbox: Bounds


AREAS: tuple[Area, ...] = (
    Area("region", "China–North Korea border region", (123.6, 39.4, 131.0, 43.6)),
    Area("yalu", "Yalu River", (123.9, 39.6, 128.6, 42.3)),
    Area("tumen", "Tumen River", (128.1, 41.45, 130.9, 43.45)),
    Area("dandong-sinuiju", "Dandong–Sinuiju", (124.22, 39.93, 124.56, 40.17)),
    Area("rason", "Rason and the Tumen River mouth", (129.95, 42.15, 130.85, 42.75)),
)
AREA_IDS = tuple(area.id for area in AREAS)


def area_by_id(area_id: str) -> Area:
    """Return the named area with this id, or raise KeyError."""
    return by_id(AREAS, area_id)


def within_region(bbox: Bounds) -> bool:
    """True when a bounding box is well formed and lies inside the region."""
    lon_min, lat_min, lon_max, lat_max = bbox
    r_lon_min, r_lat_min, r_lon_max, r_lat_max = REGION_BOUNDS
    return (
        lon_min < lon_max
        and lat_min < lat_max
        and r_lon_min <= lon_min
        and lon_max <= r_lon_max
        and r_lat_min <= lat_min
        and lat_max <= r_lat_max
    )


def box_digits(bbox: Bounds) -> int:
    """Decimals enough to tell a box's sides apart (2 for the region, 4 for a street at zoom 16)."""
    span = min(bbox[2] - bbox[0], bbox[3] - bbox[1])
    return 2 if span >= 0.2 else 3 if span >= 0.02 else 4


def bbox_area(bbox: Bounds) -> Area:
    """An area for an explicit bounding box; raise ValueError unless it lies inside the region."""
    if not within_region(bbox):
        lon_min, lat_min, lon_max, lat_max = REGION_BOUNDS
        raise ValueError(
            f"{','.join(f'{v:g}' for v in bbox)} is not a box inside the region "
            f"({lon_min}–{lon_max}° E, {lat_min}–{lat_max}° N)"
        )
    d = box_digits(bbox)
    title = f"{bbox[0]:.{d}f}–{bbox[2]:.{d}f}° E, {bbox[1]:.{d}f}–{bbox[3]:.{d}f}° N"
    return Area("bbox-" + "-".join(f"{v:.{d}f}" for v in bbox), title, bbox)


VIEW_DIGITS = 4


def trimmed(bbox: Bounds) -> Bounds:
    """A box cut to the region and rounded outwards to 4 decimals (about 10 m), so it never loses its height."""
    r_lon_min, r_lat_min, r_lon_max, r_lat_max = REGION_BOUNDS
    step = 10**VIEW_DIGITS
    lon_min, lat_min = (math.floor(max(v, r) * step) / step for v, r in zip(bbox[:2], (r_lon_min, r_lat_min)))
    lon_max, lat_max = (math.ceil(min(v, r) * step) / step for v, r in zip(bbox[2:], (r_lon_max, r_lat_max)))
    return (
        max(lon_min, r_lon_min),
        max(lat_min, r_lat_min),
        min(max(lon_max, lon_min + 1 / step), r_lon_max),
        min(max(lat_max, lat_min + 1 / step), r_lat_max),
    )


def view_title(bbox: Bounds) -> str:
    """A view's name: the smallest named area that holds it, else where it is centred."""
    holders = [area for area in AREAS if box(*area.bbox).buffer(0.02).contains(box(*bbox))]
    region = box(*AREAS[0].bbox)
    if region.intersection(box(*bbox)).area >= 0.6 * region.area:
        return AREAS[0].title
    if holders:
        return min(holders, key=lambda area: box(*area.bbox).area).title
    lat, lon = (bbox[1] + bbox[3]) / 2, (bbox[0] + bbox[2]) / 2
    return f"Map view around {lat:.2f}° N, {lon:.2f}° E"


def view_area(bbox: Bounds) -> Area:
    """The area of the bounds the map shows on screen, cut to the region and named after where it is."""
    cut = trimmed(bbox)
    area = bbox_area(cut)
    lat, lon = (cut[1] + cut[3]) / 2, (cut[0] + cut[2]) / 2
    span = max(cut[2] - cut[0], cut[3] - cut[1])
    return replace(area, id=f"view-{lat:.3f}-{lon:.3f}-{span:.3g}", title=view_title(cut))


def web_view_area(lat: float, lon: float, zoom: int, width_px: int = 960, height_px: int = 620) -> Area:
    """The area a web map of this size shows at this centre and zoom, trimmed to the region (when the map has
    not reported its real bounds)."""
    scale = 256 * 2**zoom

    def to_y(latitude: float) -> float:
        return (1 - math.log(math.tan(math.pi / 4 + math.radians(latitude) / 2)) / math.pi) / 2 * scale

    def to_lat(y: float) -> float:
        return math.degrees(2 * math.atan(math.exp(math.pi * (1 - 2 * y / scale))) - math.pi / 2)

    half_lon = width_px / 2 / scale * 360
    y = to_y(lat)
    bbox = (lon - half_lon, to_lat(y + height_px / 2), lon + half_lon, to_lat(y - height_px / 2))
    area = bbox_area(trimmed(bbox))
    return replace(area, id=f"view-{lat:.2f}-{lon:.2f}-z{zoom}", title=f"Map view around {lat:.2f}° N, {lon:.2f}° E")


def shown_area(bbox: Bounds | None, fitted: bool, lat: float, lon: float, zoom: int) -> Area:
    """The area an interactive map shows: the bounds it last reported, else the region it fits (a link without a
    centre or zoom), else its centre and zoom on a typical map."""
    if bbox is not None:
        return view_area(bbox)
    if fitted:
        return view_area(FIT_BOUNDS)
    return web_view_area(lat, lon, zoom)


@dataclass(frozen=True)
class ExportView:
    """What a graphic or download shows: an area, the visible layers, the as-of date and a selected feature."""

    area: Area = AREAS[0]
    layers: tuple[str, ...] = DEFAULT_LAYERS
    as_of: dt.date = DEFAULT_AS_OF
    selected: str | None = None
    since: dt.date | None = None
    """The compare date: a two-panel graphic, this date | as_of (None: one map)."""
    title: str | None = None
    subtitle: str | None = None
    """The slide's own title and subtitle, drawn instead of the computed ones."""
    notes: tuple[slide.Note, ...] = ()
    legend: tuple[str, ...] | None = None
    """The legend rows to show, by slide.legend_key (None: the rows of what is in view)."""
    overlay: slide.SlideOverlay | None = None
    """The user's overlay, drawn over the map with its own legend row."""

    def file_name(self, suffix: str) -> str:
        """A file name carrying the area, selection and date(s): border-atlas_tumen_2016-11-30.png, or
        border-atlas_tumen_since-2012-06-01_2016-11-30.png when compared."""
        parts = ["border-atlas", self.area.id] + ([self.selected] if self.selected else [])
        parts += [f"since-{self.since.isoformat()}"] if self.since else []
        return "_".join([*parts, self.as_of.isoformat()]) + suffix


@dataclass(frozen=True)
class Layout:
    """Where each part of a graphic sits, in figure fractions (left, bottom, width, height)."""

    title_y: float
    subtitle_y: float
    map_box: Bounds
    locator_box: Bounds
    legend_box: Bounds
    source_y: float
    disclaimer_y: float
    title_size: float = 19
    text_size: float = 8


@dataclass(frozen=True)
class ExportFormat:
    """A graphic format: file type, page size in inches and the layout of its parts."""

    id: str
    title: str
    extension: str
    mime: str
    size_in: tuple[float, float]
    dpi: int
    layout: Layout


SLIDE = Layout(
    title_y=0.962,
    subtitle_y=0.918,
    map_box=(0.012, 0.095, 0.745, 0.79),
    locator_box=(0.772, 0.655, 0.215, 0.23),
    legend_box=(0.772, 0.095, 0.215, 0.545),
    source_y=0.078,
    disclaimer_y=0.012,
)
A4 = Layout(
    title_y=0.962,
    subtitle_y=0.925,
    map_box=(0.02, 0.115, 0.70, 0.785),
    locator_box=(0.735, 0.675, 0.25, 0.225),
    legend_box=(0.735, 0.115, 0.25, 0.545),
    source_y=0.095,
    disclaimer_y=0.015,
    title_size=18,
    text_size=7.5,
)
FORMATS: tuple[ExportFormat, ...] = (
    ExportFormat("png", "PNG, 16:9 slide", "png", "image/png", (12.8, 7.2), 150, SLIDE),
    ExportFormat("pdf", "PDF, A4 landscape", "pdf", "application/pdf", (11.6929, 8.2677), 300, A4),
)
FORMAT_IDS = tuple(fmt.id for fmt in FORMATS)


def format_by_id(format_id: str) -> ExportFormat:
    """Return the export format with this id, or raise KeyError."""
    return by_id(FORMATS, format_id)


def view_frame(atlas_layers: dict[str, gpd.GeoDataFrame], view: ExportView) -> gpd.GeoDataFrame:
    """The features of the visible data layers that existed on the as-of date and lie in the view's area."""
    area = box(*view.area.bbox)
    frames = []
    for layer in (spec.id for spec in in_drawing_order(view.layers) if spec.id in atlas_layers):
        frame = atlas_layers[layer]
        if not len(frame):
            continue
        frame = frame[frame.geometry.intersects(area)].copy()
        frame["status_on_date"] = [
            record_status({"status_history": history, "status": status}, view.as_of)
            for history, status in zip(frame["status_history"], frame["status"])
        ]
        frame = frame[frame["status_on_date"].notna()]
        frame.insert(0, "layer", layer)
        frames.append(frame)
    if not frames:
        return gpd.GeoDataFrame({"layer": [], "id": [], "status_on_date": []}, geometry=[], crs="EPSG:4326")
    import pandas as pd

    return gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), geometry="geometry", crs="EPSG:4326")


def long_date(day: dt.date) -> str:
    """A date as a briefing writes it: 30 November 2016."""
    return f"{day.day} {day:%B %Y}"


def selected_in_view(atlas: Atlas, view: ExportView) -> dict | None:
    """The selected feature's record when it is drawn in the view, else None."""
    record = atlas.feature(view.selected) if view.selected else None
    if record is None or record["layer"] not in view.layers or not record["geometry"].intersects(box(*view.area.bbox)):
        return None
    return record if record_status(record, view.as_of) is not None else None


def without_unseen_selection(atlas: Atlas, view: ExportView) -> ExportView:
    """The view with its selection dropped when the selected feature is not drawn in it (outside the area, hidden
    layer, or not yet built), so neither the file name nor the title names it."""
    return view if selected_in_view(atlas, view) is not None else replace(view, selected=None)


def export_title(atlas: Atlas, view: ExportView) -> str:
    """The graphic's title: the slide's own; else the border, the selected feature's name when it is in view, and
    both dates when compared."""
    if view.title:
        return view.title
    record = selected_in_view(atlas, view)
    title = f"{TITLE}: {record['name_en']}" if record else TITLE
    return f"{title}, {long_date(view.since)} → {long_date(view.as_of)}" if view.since else title


def export_subtitle(view: ExportView) -> str:
    """The subtitle: the slide's own; else the area and the as-of date (both dates when compared)."""
    if view.subtitle:
        return view.subtitle
    if view.since is not None:
        return f"{view.area.title} · what changed from {long_date(view.since)} to {long_date(view.as_of)}"
    return f"{view.area.title} · as of {long_date(view.as_of)}"


def source_line(atlas: Atlas, features: gpd.GeoDataFrame, view: ExportView) -> str:
    """Who the shown features cite (most cited publishers named), the basemap's makers and the data's date."""
    counts: Counter[str] = Counter()
    cited = set()
    for source_ids in features["source_ids"] if "source_ids" in features else []:
        for source_id in source_ids if isinstance(source_ids, list) else []:
            source = atlas.sources.get(source_id)
            if source is not None:
                cited.add(source_id)
                counts[source.publisher] += 1
    publishers = [name for name, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]
    named = ", ".join(publishers[:5]) + (f" and {len(publishers) - 5} other publishers" if len(publishers) > 5 else "")
    shown = (
        f"Sources: {len(cited)} cited sources for the {len(features)} features shown, from {named}"
        if cited
        else "Sources: no data features in this view"
    )
    basemap_ids = dict.fromkeys(sid for spec in BASEMAP for sid in spec.source_ids)
    makers = [atlas.sources[sid].publisher for sid in basemap_ids if sid in atlas.sources]
    if detail.band_for_bbox(view.area.bbox) and detail.detail_index():
        makers.append(detail.ATTRIBUTION)
    return (
        f"{shown} (full list: Border Atlas, Sources & method). Basemap: {', '.join(makers) or 'Natural Earth'}. "
        f"Sources accessed up to {atlas.data_as_of()}; map as of "
        + (f"{view.since.isoformat()} and {view.as_of.isoformat()}." if view.since else f"{view.as_of.isoformat()}.")
    )


def legend_in_view(atlas: Atlas, view: ExportView) -> list[LegendEntry]:
    """The legend rows of what the view shows: a data layer's kinds, statuses and tiers only when a feature drawn
    in the area has them (its notes when it has any feature there), the unverified row when an unverified point is
    drawn, and the reference layers' rows."""
    frame = view_frame(atlas.layers, view)
    kept: set[tuple[str, str]] = set()
    data_sections: set[str] = set()
    unverified = False
    for layer in in_drawing_order(view.layers):
        if layer.data is None:
            continue
        sections = (f"{layer.section}: kind", f"{layer.section}: status", layer.section)
        data_sections.update(sections)
        rows = frame[frame["layer"] == layer.id]
        records = rows.drop(columns="geometry").to_dict("records") if len(rows) else []
        labels = {label for label, _kind in layer.legend_notes} if records else set()
        if layer.drawing == "points":
            colours = {layer.colour_for(record, record["status_on_date"]) for record in records}
            labels |= {style.label for style in layer.colour_styles() if style.colour in colours}
            labels |= {layer.symbol_for(record).label for record in records}
            unverified |= any(not record.get("verified") for record in records)
        else:
            tiers = (layer.tier_for(record, record["status_on_date"]) for record in records)
            labels |= {tier.label for tier in tiers if tier is not None}
        kept |= {(section, label) for section in sections for label in labels}
    return [
        entry
        for entry in legend_entries(view.layers)
        if (entry.section, entry.label) in kept
        or (entry == UNVERIFIED_ENTRY and unverified)
        or (entry.section not in data_sections and entry != UNVERIFIED_ENTRY)
    ]
