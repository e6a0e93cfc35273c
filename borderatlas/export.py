"""Briefing graphics of a map view: a finished PNG or PDF drawn with matplotlib and geopandas, no browser needed.

The symbols and colours come from borderatlas.styles and the legend rows from borderatlas.legend, the same
registries the web map uses, so the two never drift.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import textwrap
import threading
import warnings
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

import geopandas as gpd
import pyproj
from matplotlib import font_manager, patheffects, rc_context
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, FancyArrow, Rectangle
from matplotlib.transforms import Bbox
from shapely.geometry import box

from borderatlas import legend, styles
from borderatlas.asof import DEFAULT_AS_OF, status_at
from borderatlas.data import Atlas
from borderatlas.mapview import MAP_LAYERS, MAX_PRECISION_CIRCLE_KM
from borderatlas.registry import BASEMAP, REGION_BOUNDS

Bounds = tuple[float, float, float, float]
"""(min lon, min lat, max lon, max lat)."""

DISCLAIMER = "Boundaries are shown for reference only and are not authoritative."
TITLE = "China–North Korea border"
CSS_PX = 0.75
"""Points per CSS pixel: web-map line widths and sizes converted for print."""

SYSTEM_CJK_FONTS = (
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/opentype/noto-cjk/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc"),
)
"""Where Debian and other systems keep Noto Sans CJK, used when the PyPI font package is missing."""
LATIN_FONT = "DejaVu Sans"


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
    for area in AREAS:
        if area.id == area_id:
            return area
    raise KeyError(area_id)


def within_region(bbox: Bounds) -> bool:
    """True when a bounding box is well formed and lies inside the region."""
    lon_min, lat_min, lon_max, lat_max = bbox
    r_lon_min, r_lat_min, r_lon_max, r_lat_max = REGION_BOUNDS
    return (lon_min < lon_max and lat_min < lat_max and r_lon_min <= lon_min and lon_max <= r_lon_max
            and r_lat_min <= lat_min and lat_max <= r_lat_max)


def bbox_area(bbox: Bounds) -> Area:
    """An area for an explicit bounding box; raise ValueError unless it lies inside the region."""
    if not within_region(bbox):
        lon_min, lat_min, lon_max, lat_max = REGION_BOUNDS
        raise ValueError(f"{','.join(f'{v:g}' for v in bbox)} is not a box inside the region "
                         f"({lon_min}–{lon_max}° E, {lat_min}–{lat_max}° N)")
    title = f"{bbox[0]:.2f}–{bbox[2]:.2f}° E, {bbox[1]:.2f}–{bbox[3]:.2f}° N"
    return Area("bbox-" + "-".join(f"{v:.2f}" for v in bbox), title, bbox)


def web_view_area(lat: float, lon: float, zoom: int, width_px: int = 960, height_px: int = 620) -> Area:
    """The area a web map of this size shows at this centre and zoom, trimmed to the region."""
    scale = 256 * 2 ** zoom

    def to_y(latitude: float) -> float:
        return (1 - math.log(math.tan(math.pi / 4 + math.radians(latitude) / 2)) / math.pi) / 2 * scale

    def to_lat(y: float) -> float:
        return math.degrees(2 * math.atan(math.exp(math.pi * (1 - 2 * y / scale))) - math.pi / 2)

    half_lon = width_px / 2 / scale * 360
    y = to_y(lat)
    r_lon_min, r_lat_min, r_lon_max, r_lat_max = REGION_BOUNDS
    bbox = (max(lon - half_lon, r_lon_min), max(to_lat(y + height_px / 2), r_lat_min),
            min(lon + half_lon, r_lon_max), min(to_lat(y - height_px / 2), r_lat_max))
    area = bbox_area(tuple(round(v, 2) for v in bbox))
    return replace(area, id=f"view-{lat:.2f}-{lon:.2f}-z{zoom}", title=f"Map view around {lat:.2f}° N, {lon:.2f}° E")


@dataclass(frozen=True)
class ExportView:
    """What a graphic or download shows: an area, the visible layers, the as-of date and a selected feature."""

    area: Area = AREAS[0]
    layers: tuple[str, ...] = tuple(layer.id for layer in MAP_LAYERS if layer.default_on)
    as_of: dt.date = DEFAULT_AS_OF
    selected: str | None = None

    def file_name(self, suffix: str) -> str:
        """A file name carrying the area, selection and date: border-atlas_tumen_2016-11-30.png."""
        parts = ["border-atlas", self.area.id] + ([self.selected] if self.selected else []) + [self.as_of.isoformat()]
        return "_".join(parts) + suffix


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


SLIDE = Layout(title_y=0.962, subtitle_y=0.918, map_box=(0.012, 0.095, 0.745, 0.79),
               locator_box=(0.772, 0.655, 0.215, 0.23), legend_box=(0.772, 0.095, 0.215, 0.545),
               source_y=0.078, disclaimer_y=0.012)
A4 = Layout(title_y=0.962, subtitle_y=0.925, map_box=(0.02, 0.115, 0.70, 0.785),
            locator_box=(0.735, 0.675, 0.25, 0.225), legend_box=(0.735, 0.115, 0.25, 0.545),
            source_y=0.095, disclaimer_y=0.015, title_size=18, text_size=7.5)

FORMATS: tuple[ExportFormat, ...] = (
    ExportFormat("png", "PNG, 16:9 slide", "png", "image/png", (12.8, 7.2), 150, SLIDE),
    ExportFormat("pdf", "PDF, A4 landscape", "pdf", "application/pdf", (11.6929, 8.2677), 300, A4),
)
FORMAT_IDS = tuple(fmt.id for fmt in FORMATS)


def format_by_id(format_id: str) -> ExportFormat:
    """Return the export format with this id, or raise KeyError."""
    for fmt in FORMATS:
        if fmt.id == format_id:
            return fmt
    raise KeyError(format_id)


_FONT_LOCK = threading.Lock()
_CJK_FAMILY: list[str] = []


def cjk_font_path() -> Path | None:
    """The Noto Sans CJK file: from the noto-cjk-sans-otc package, else the system's, else None."""
    try:
        import noto_cjk_sans_otc

        packaged = Path(str(noto_cjk_sans_otc.FONT_PATH))
        if packaged.exists():
            return packaged
    except ImportError:
        pass
    return next((path for path in SYSTEM_CJK_FONTS if path.exists()), None)


def cjk_font_family() -> str | None:
    """Register the CJK font with matplotlib once and return its family name (Simplified Chinese face first)."""
    with _FONT_LOCK:
        if not _CJK_FAMILY:
            path = cjk_font_path()
            if path is None:
                warnings.warn("No Noto Sans CJK font found: Chinese and Korean labels will not render.")
                _CJK_FAMILY.append("")
            else:
                font_manager.fontManager.addfont(str(path))
                names = [entry.name for entry in font_manager.fontManager.ttflist
                         if Path(entry.fname) == path and "Mono" not in entry.name]
                preferred = [name for name in names if name.endswith(" SC")] or names
                _CJK_FAMILY.append(preferred[0] if preferred else "")
        return _CJK_FAMILY[0] or None


def font_rc() -> dict:
    """matplotlib settings: Latin text in DejaVu Sans, Chinese and Korean glyphs from Noto Sans CJK."""
    family = [LATIN_FONT] + ([cjk_font_family()] if cjk_font_family() else [])
    return {"font.family": family, "pdf.fonttype": 3, "svg.fonttype": "none", "axes.unicode_minus": False}


def view_frame(atlas_layers: dict[str, gpd.GeoDataFrame], view: ExportView) -> gpd.GeoDataFrame:
    """The features of the visible data layers that existed on the as-of date and lie in the view's area."""
    area = box(*view.area.bbox)
    frames = []
    for layer in (spec.id for spec in MAP_LAYERS if spec.id in atlas_layers and spec.id in view.layers):
        frame = atlas_layers[layer]
        if not len(frame):
            continue
        frame = frame[frame.geometry.intersects(area)].copy()
        frame["status_on_date"] = [status_at(history if isinstance(history, list) else None, status, view.as_of)
                                   for history, status in zip(frame["status_history"], frame["status"])]
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
    return record if status_at(record.get("status_history"), record["status"], view.as_of) is not None else None


def export_title(atlas: Atlas, view: ExportView) -> str:
    """The graphic's title: the border, and the selected feature's name when it is in view."""
    record = selected_in_view(atlas, view)
    return f"{TITLE}: {record['name_en']}" if record else TITLE


def export_subtitle(view: ExportView) -> str:
    """The subtitle: the area and the as-of date."""
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
    shown = (f"Sources: {len(cited)} cited sources for the {len(features)} features shown, from {named}"
             if cited else "Sources: no data features in this view")
    basemap_ids = dict.fromkeys(sid for spec in BASEMAP for sid in spec.source_ids)
    makers = [atlas.sources[sid].publisher for sid in basemap_ids if sid in atlas.sources]
    return (f"{shown} (full list: Border Atlas, Sources & method). Basemap: {', '.join(makers) or 'Natural Earth'}. "
            f"Data as of {atlas.data_as_of()}; map as of {view.as_of.isoformat()}.")


@dataclass
class MapProjection:
    """A transverse Mercator centred on the view: near-true scale across it, grid north true on the centre line."""

    lon0: float
    lat0: float
    crs: pyproj.CRS = field(init=False)
    forward: pyproj.Transformer = field(init=False)
    proj: pyproj.Proj = field(init=False)

    def __post_init__(self) -> None:
        text = f"+proj=tmerc +lat_0={self.lat0} +lon_0={self.lon0} +k=1 +x_0=0 +y_0=0 +ellps=WGS84 +units=m +no_defs"
        self.crs = pyproj.CRS.from_proj4(text)
        self.forward = pyproj.Transformer.from_crs("EPSG:4326", self.crs, always_xy=True)
        self.proj = pyproj.Proj(self.crs)

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        """Projected metres for a longitude and latitude."""
        return self.forward.transform(lon, lat)

    def lonlat(self, x: float, y: float) -> tuple[float, float]:
        """Longitude and latitude for projected metres."""
        return self.forward.transform(x, y, direction="INVERSE")


def fitted_extent(projection: MapProjection, bbox: Bounds, aspect: float) -> Bounds:
    """The projected extent (x0, y0, x1, y1) that holds the area and has the map box's width/height ratio."""
    outline = gpd.GeoSeries([box(*bbox).segmentize(0.05)], crs="EPSG:4326").to_crs(projection.crs)
    x0, y0, x1, y1 = outline.total_bounds
    width, height = x1 - x0, y1 - y0
    if width / height < aspect:
        width = height * aspect
    else:
        height = width / aspect
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    return cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2


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
ALL_SYMBOLS = (*styles.CROSSING_SYMBOLS, styles.INFRASTRUCTURE_SYMBOL)


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
    return Glyph("area", fill, dashed=dashed, edge="#444444")


@dataclass(frozen=True)
class LegendRow:
    """A legend section heading or one entry with its glyph."""

    text: str
    glyph: Glyph | None = None


def legend_rows(view: ExportView, selection_shown: bool = False) -> list[LegendRow]:
    """The legend rows for the graphic: the web legend's rows, plus towns and the selection ring when shown."""
    rows: list[LegendRow] = []
    section = None
    entries = legend.legend_entries(view.layers)
    if selection_shown:
        entries.append(legend.LegendEntry("Selection", "Selected feature", ""))
    for entry in entries:
        if entry.section != section:
            section = entry.section
            rows.append(LegendRow(section))
        glyph = Glyph("ring", styles.SELECTION_COLOUR) if not entry.swatch_svg else legend_glyph(entry)
        rows.append(LegendRow(entry.label, glyph))
    if "towns" in view.layers:
        rows += [LegendRow("Places"), LegendRow("Town (English, Chinese)", Glyph("town", "#333333"))]
    return rows


SAME_SPOT_PT = 9
"""Symbols closer than this (points) to a label's anchor belong to its own cluster and do not block it."""


@dataclass
class LabelPlacer:
    """Places labels greedily by priority, trying several offsets, and drops those that would collide."""

    ax: Axes
    renderer: object
    placed: list[Bbox] = field(default_factory=list)
    obstacles: list[tuple[tuple[float, float], Bbox]] = field(default_factory=list)
    anchored_offsets: tuple = ((8, 0, "left", "center"), (-8, 0, "right", "center"), (0, 8, "center", "bottom"),
                               (0, -8, "center", "top"), (6, 6, "left", "bottom"), (-6, 6, "right", "bottom"),
                               (6, -6, "left", "top"), (-6, -6, "right", "top"))

    def block(self, bbox: Bbox, at: tuple[float, float] = (math.nan, math.nan)) -> None:
        """Keep labels off this display-space box (a symbol at `at`, or a map decoration)."""
        self.obstacles.append((at, bbox))

    def fits(self, bbox: Bbox, at: tuple[float, float]) -> bool:
        """True when a label box is inside the map and clear of other labels and symbols."""
        frame = self.ax.get_window_extent(self.renderer)
        if not (frame.x0 + 2 <= bbox.x0 and bbox.x1 <= frame.x1 - 2 and frame.y0 + 2 <= bbox.y0 and bbox.y1 <= frame.y1 - 2):
            return False
        padded = Bbox.from_extents(bbox.x0 - 2, bbox.y0 - 1.5, bbox.x1 + 2, bbox.y1 + 1.5)
        if any(padded.overlaps(other) for other in self.placed):
            return False
        return not any(padded.overlaps(other) for where, other in self.obstacles
                       if not math.hypot(where[0] - at[0], where[1] - at[1]) < SAME_SPOT_PT)

    def place(self, x: float, y: float, text: str, anchored: bool = True, force: bool = False, **style) -> bool:
        """Draw a label near (x, y) at the first offset that fits; return False when none does.

        A forced label (the selected feature's) takes the first offset inside the map when none is clear.
        """
        offsets = self.anchored_offsets if anchored else ((0, 0, "center", "center"),)
        at = tuple(self.ax.transData.transform((x, y)))
        for attempt in ("clear", "inside") if force else ("clear",):
            for dx, dy, ha, va in offsets:
                label = self.ax.annotate(text, (x, y), xytext=(dx, dy), textcoords="offset points", ha=ha, va=va,
                                         path_effects=[patheffects.withStroke(linewidth=2.6, foreground="white")],
                                         zorder=21 if force else 20, annotation_clip=False, **style)
                bbox = label.get_window_extent(self.renderer)
                if self.fits(bbox, at) if attempt == "clear" else self.inside(bbox):
                    self.placed.append(bbox)
                    return True
                label.remove()
        return False

    def inside(self, bbox: Bbox) -> bool:
        """True when a label box lies inside the map frame."""
        frame = self.ax.get_window_extent(self.renderer)
        return frame.x0 <= bbox.x0 and bbox.x1 <= frame.x1 and frame.y0 <= bbox.y0 and bbox.y1 <= frame.y1


@dataclass(frozen=True)
class LabelCandidate:
    """A label the map would like to show, and how much it matters (lower places first)."""

    priority: float
    lon: float
    lat: float
    text: str
    size: float
    weight: str = "normal"
    colour: str = "#1f1f1f"
    style: str = "normal"
    anchored: bool = True

    @property
    def forced(self) -> bool:
        """The selected feature's label is always shown."""
        return self.priority == 0


def local_names(record: dict) -> str:
    """A feature's Chinese and Korean names on one line."""
    names = [record.get(key) for key in ("name_zh", "name_ko")]
    return " · ".join(name for name in names if isinstance(name, str) and name)


def label_candidates(features: gpd.GeoDataFrame, basemap: dict[str, gpd.GeoDataFrame], view: ExportView,
                     width_km: float) -> list[LabelCandidate]:
    """Labels for key places: the selected feature, towns, crossings and projects (zoomed in), DPRK provinces."""
    candidates = []
    seen: set[tuple[float, float]] = set()
    kind_rank = {"crossings": 0, "infrastructure": 1, "flood_areas": 2}
    ordered = features.assign(_rank=features["layer"].map(kind_rank), _unverified=~features["verified"].astype(bool))
    ordered = ordered.sort_values(["_rank", "_unverified"], kind="stable")
    for _, row in ordered.iterrows():
        point = row.geometry.representative_point()
        record = row.to_dict()
        where = (round(point.x, 2), round(point.y, 2))
        if row["id"] == view.selected:
            candidates.append(LabelCandidate(0, point.x, point.y, f"{row['name_en']}\n{local_names(record)}", 9.5,
                                             weight="bold"))
            seen.add(where)
            continue
        nominal = float(record.get("precision_km") or 0) > MAX_PRECISION_CIRCLE_KM
        if row["layer"] == "flood_areas" or width_km > 420 or where in seen or nominal:
            continue
        seen.add(where)
        candidates.append(LabelCandidate(2 + kind_rank[row["layer"]], point.x, point.y,
                                         f"{row['name_en']}\n{local_names(record)}", 7.2))
    bounds = box(*view.area.bbox)
    if "towns" in view.layers and "towns" in basemap:
        for _, town in basemap["towns"].iterrows():
            if not bounds.contains(town.geometry):
                continue
            local = town.get("name_zh")
            text = town["name"] + (f" {local}" if isinstance(local, str) and local else "")
            candidates.append(LabelCandidate(1 + town.get("scalerank", 8) / 100, town.geometry.x, town.geometry.y,
                                             text, 8.2, colour="#333333"))
    if "boundaries" in view.layers and "dprk_provinces" in basemap and width_km > 150:
        for _, province in basemap["dprk_provinces"].iterrows():
            inside = province.geometry.intersection(bounds)
            if inside.is_empty or inside.area < 0.04:
                continue
            point = inside.representative_point()
            text = f"{province['name']}\n{province['name_ko']}" if isinstance(province.get("name_ko"), str) else province["name"]
            candidates.append(LabelCandidate(6, point.x, point.y, text, 7.2, colour="#7a7a7a", style="italic",
                                             anchored=False))
    return sorted(candidates, key=lambda c: c.priority)


@dataclass
class Rendered:
    """A drawn graphic and how to find a place on it."""

    figure: Figure
    map_ax: Axes
    projection: MapProjection
    dpi: float
    labels: int

    def pixel_of(self, lon: float, lat: float) -> tuple[int, int]:
        """The (column, row) of a place in the saved image, counted from the top-left."""
        x, y = self.map_ax.transData.transform(self.projection.xy(lon, lat))
        scale = self.dpi / self.figure.dpi
        height = self.figure.get_size_inches()[1] * self.dpi
        return int(round(x * scale)), int(round(height - y * scale))


def projected(frame: gpd.GeoDataFrame, projection: MapProjection, clip: Bounds) -> gpd.GeoDataFrame:
    """A frame cut to a lon/lat box (with margin) and projected."""
    lon_min, lat_min, lon_max, lat_max = clip
    cut = frame.cx[lon_min - 1:lon_max + 1, lat_min - 1:lat_max + 1]
    return cut.to_crs(projection.crs) if len(cut) else cut


@dataclass(frozen=True)
class BasemapStyle:
    """How one basemap layer is drawn in a graphic, and which map layer switches it on (None: always drawn)."""

    id: str
    switch: str | None
    style: dict
    outline: bool = False


BASEMAP_STYLES: tuple[BasemapStyle, ...] = (
    BasemapStyle("land", None, {"color": styles.LAND_COLOUR, "edgecolor": "#b7b0a0", "linewidth": 0.6 * CSS_PX, "zorder": 1}),
    BasemapStyle("lakes", None, {"color": styles.SEA_COLOUR, "edgecolor": "#b7b0a0", "linewidth": 0.6 * CSS_PX, "zorder": 2}),
    BasemapStyle("dprk_provinces", "boundaries", {"color": styles.PROVINCE_COLOUR, "linewidth": 0.8,
                                                  "linestyle": (0, (3, 3)), "zorder": 3}, outline=True),
    BasemapStyle("rivers", "boundaries", {"color": styles.RIVER_COLOUR, "linewidth": 2 * CSS_PX * 1.3, "zorder": 4}),
    BasemapStyle("boundaries", "boundaries", {"color": styles.BOUNDARY_COLOUR, "alpha": 0.8,
                                              "linewidth": 1.6 * CSS_PX * 1.3, "linestyle": (0, (6, 3)), "zorder": 5}),
)
"""The vector basemap in drawing order, with the web map's colours (line widths scaled for print)."""


def draw_basemap(ax: Axes, basemap: dict[str, gpd.GeoDataFrame], projection: MapProjection, clip: Bounds,
                 view: ExportView) -> None:
    """Land and lakes always; boundaries, rivers and province outlines when the boundaries layer is on."""
    for spec in BASEMAP_STYLES:
        if spec.id not in basemap or (spec.switch and spec.switch not in view.layers):
            continue
        frame = projected(basemap[spec.id], projection, clip)
        if len(frame):
            (frame.boundary if spec.outline else frame).plot(ax=ax, **spec.style)


def draw_floods(ax: Axes, floods: gpd.GeoDataFrame) -> None:
    """Flood areas filled by severity, approximate extents with a dashed outline (as on the web map)."""
    for _, row in floods.iterrows():
        colour = styles.status_colour(styles.FLOOD_SEVERITY, row.get("severity"))
        single = gpd.GeoSeries([row.geometry], crs=floods.crs)
        single.plot(ax=ax, color=colour, alpha=0.45, linewidth=0, zorder=6)
        single.boundary.plot(ax=ax, color=colour, linewidth=1.5 * CSS_PX * 1.3, zorder=6,
                             linestyle=(0, (5, 4)) if row.get("approximate") else "solid")


def draw_points(ax: Axes, points: gpd.GeoDataFrame, placer: LabelPlacer, colour_for: Callable[[str], str],
                symbol_for: Callable[[dict], styles.SymbolStyle], zorder: int) -> None:
    """One symbol per feature at its representative point; unverified ones dashed, with a precision circle."""
    for _, row in points.iterrows():
        record = row.to_dict()
        colour = colour_for(record["status_on_date"])
        point = row.geometry.representative_point()
        verified = bool(record.get("verified"))
        precision = float(record.get("precision_km") or 0)
        if not verified and 1 <= precision <= MAX_PRECISION_CIRCLE_KM:
            ax.add_patch(Circle((point.x, point.y), precision * 1000, facecolor=colour, alpha=0.06, zorder=zorder - 1))
            ax.add_patch(Circle((point.x, point.y), precision * 1000, fill=False, edgecolor=colour, linewidth=0.75,
                                linestyle=(0, (4, 4)), zorder=zorder - 1))
        if row.geometry.geom_type != "Point":
            single = gpd.GeoSeries([row.geometry], crs=points.crs)
            if row.geometry.geom_type.endswith("Polygon"):
                single.plot(ax=ax, color=colour, alpha=0.12, zorder=zorder - 1)
                single.boundary.plot(ax=ax, color=colour, linewidth=2 * CSS_PX, zorder=zorder - 1)
            else:
                single.plot(ax=ax, color=colour, linewidth=2 * CSS_PX * 1.3, zorder=zorder - 1)
        marker = symbol_for(record).mpl_marker
        ax.scatter([point.x], [point.y], s=(10.5 if marker != "D" else 9) ** 2, marker=marker, c=[colour],
                   edgecolors="#1f1f1f" if not verified else "#ffffff", linewidths=1.1,
                   linestyle=(0, (2.2, 1.6)) if not verified else "solid", zorder=zorder)
        at = tuple(ax.transData.transform((point.x, point.y)))
        half = 8
        placer.block(Bbox.from_extents(at[0] - half, at[1] - half, at[0] + half, at[1] + half), at)


def draw_selection(ax: Axes, features: gpd.GeoDataFrame, selected: str | None) -> None:
    """A ring around the selected feature."""
    match = features[features["id"] == selected] if selected and len(features) else features.iloc[0:0]
    if len(match):
        point = match.geometry.iloc[0].representative_point()
        ax.scatter([point.x], [point.y], s=30 ** 2, facecolors="none", edgecolors=styles.SELECTION_COLOUR,
                   linewidths=3.2, zorder=15)


def nice_length(km: float) -> float:
    """The largest 1, 2 or 5 × 10^k not above km."""
    exponent = 10 ** math.floor(math.log10(km))
    return max(step * exponent for step in (1, 2, 5) if step * exponent <= km)


def quiet_side(extent: Bounds, points: list[tuple[float, float]], bottom: bool) -> str:
    """'left' or 'right': the corner (bottom or top) of the map with fewer symbols, for the scale bar or arrow."""
    x0, y0, x1, y1 = extent
    band = (y0, y0 + (y1 - y0) * 0.22) if bottom else (y1 - (y1 - y0) * 0.25, y1)
    counts = {side: sum(1 for x, y in points if band[0] <= y <= band[1] and lo <= x <= hi)
              for side, lo, hi in (("left", x0, x0 + (x1 - x0) * 0.3), ("right", x1 - (x1 - x0) * 0.3, x1))}
    return "right" if counts["right"] < counts["left"] else "left"


def draw_scale_bar(ax: Axes, projection: MapProjection, extent: Bounds, placer: LabelPlacer, size: float,
                   side: str = "left") -> float:
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
    background = Rectangle((start_x - (x1 - x0) * 0.012, start_y - (y1 - y0) * 0.045), length + (x1 - x0) * 0.045,
                           (y1 - y0) * 0.12, facecolor="white", alpha=0.82, edgecolor="#999999", linewidth=0.4, zorder=18)
    ax.add_patch(background)
    for index in range(4):
        ax.add_patch(Rectangle((start_x + index * length / 4, start_y), length / 4, height,
                               facecolor="#1f1f1f" if index % 2 == 0 else "white", edgecolor="#1f1f1f",
                               linewidth=0.6, zorder=19))
    for fraction in (0, 0.5, 1):
        value = km * fraction
        ax.text(start_x + length * fraction, start_y + height * 1.8, f"{value:g}" + (" km" if fraction == 1 else ""),
                ha="center", va="bottom", fontsize=size, zorder=19)
    ax.text(start_x, start_y - height * 1.2, f"Scale true at {lat:.1f}° N", ha="left", va="top",
            fontsize=size * 0.85, color="#444444", zorder=19)
    placer.block(background.get_window_extent(placer.renderer))
    return km


def draw_north_arrow(ax: Axes, projection: MapProjection, extent: Bounds, placer: LabelPlacer, size: float,
                     side: str = "left") -> None:
    """A north arrow in an upper corner, turned to true north at its spot."""
    x0, y0, x1, y1 = extent
    x = x0 + (x1 - x0) * 0.045 if side == "left" else x1 - (x1 - x0) * 0.045
    y = y1 - (y1 - y0) * 0.13
    lon, lat = projection.lonlat(x, y)
    angle = math.radians(projection.proj.get_factors(lon, lat).meridian_convergence)
    span = (y1 - y0) * 0.075
    dx, dy = -math.sin(angle) * span, math.cos(angle) * span
    ax.add_patch(FancyArrow(x - dx / 2, y - dy / 2, dx, dy, width=span * 0.1, head_width=span * 0.38,
                            head_length=span * 0.42, length_includes_head=True, color="#1f1f1f", zorder=19))
    label = ax.text(x + dx * 0.62, y + dy * 0.62, "N", ha="center", va="bottom", fontsize=size * 1.3,
                    fontweight="bold", zorder=19,
                    path_effects=[patheffects.withStroke(linewidth=2.5, foreground="white")])
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
    ax.add_patch(Rectangle((a_lon_min, a_lat_min), a_lon_max - a_lon_min, a_lat_max - a_lat_min, fill=False,
                           edgecolor="#d32f2f", linewidth=1.6, zorder=5))
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
        ax.scatter([x], [y], s=8.5 ** 2, marker=glyph.marker, c=[glyph.colour], edgecolors=glyph.edge, linewidths=0.9,
                   linestyle=(0, (2, 1.4)) if glyph.dashed else "solid", clip_on=False)
    elif glyph.kind == "area":
        ax.add_patch(Rectangle((x - unit * 0.45, y - unit * 0.4), unit * 0.9, unit * 0.8, facecolor=glyph.colour,
                               alpha=0.6, edgecolor=glyph.edge, linewidth=0.7,
                               linestyle=(0, (3, 2)) if glyph.dashed else "solid", clip_on=False))
    elif glyph.kind == "line":
        ax.add_line(Line2D([x - unit * 0.6, x + unit * 0.6], [y, y], color=glyph.colour, linewidth=1.6,
                           linestyle=(0, (6, 3)) if glyph.dashed else "solid", clip_on=False))
    elif glyph.kind == "ring":
        ax.scatter([x], [y], s=10 ** 2, facecolors="none", edgecolors=glyph.colour, linewidths=2, clip_on=False)
    else:
        ax.scatter([x], [y], s=3 ** 2, c=[glyph.colour], clip_on=False)


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
    per_column = -(-len(lines) // 2)
    step = min(size * 1.5, top / max(per_column, 1))
    column, line = 0, 0
    for text, glyph, heading in lines:
        if column == 0 and (line >= per_column or (heading and line >= per_column - 1)):
            column, line = 1, 0
        x, y = column * column_width, top - line * step
        if heading:
            ax.text(x, y, text, fontsize=size * 0.95, fontweight="bold", va="center", color="#333333")
        else:
            if glyph is not None:
                draw_glyph(ax, x + size * 0.8, y, glyph, size)
            ax.text(x + size * 1.9, y, text, fontsize=size * 0.88, va="center")
        line += 1


def draw_map(ax: Axes, atlas: Atlas, basemap: dict[str, gpd.GeoDataFrame], view: ExportView,
             projection: MapProjection, extent: Bounds, renderer, size: float) -> tuple[gpd.GeoDataFrame, LabelPlacer]:
    """Everything inside the map frame: basemap, layers, selection, scale bar, north arrow, labels."""
    x0, y0, x1, y1 = extent
    ax.set_facecolor(styles.SEA_COLOUR)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal", adjustable="box")
    ax.set_xticks([])
    ax.set_yticks([])
    lon_lat = [projection.lonlat(x, y) for x, y in ((x0, y0), (x1, y0), (x1, y1), (x0, y1))]
    clip = (min(p[0] for p in lon_lat), min(p[1] for p in lon_lat), max(p[0] for p in lon_lat), max(p[1] for p in lon_lat))
    draw_basemap(ax, basemap, projection, clip, view)
    placer = LabelPlacer(ax, renderer)
    features = view_frame(atlas.layers, replace(view, area=replace(view.area, bbox=clip)))
    shown = features.to_crs(projection.crs) if len(features) else features
    if len(shown):
        draw_floods(ax, shown[shown["layer"] == "flood_areas"])
        draw_points(ax, shown[shown["layer"] == "infrastructure"], placer,
                    lambda status: styles.status_colour(styles.INFRASTRUCTURE_STATUS, status),
                    lambda _record: styles.INFRASTRUCTURE_SYMBOL, zorder=10)
        draw_points(ax, shown[shown["layer"] == "crossings"], placer,
                    lambda status: styles.status_colour(styles.CROSSING_STATUS, status),
                    lambda record: styles.crossing_symbol(record.get("mode")), zorder=12)
        draw_selection(ax, shown, view.selected)
    if "towns" in view.layers and "towns" in basemap:
        towns = projected(basemap["towns"], projection, clip)
        ax.scatter(towns.geometry.x, towns.geometry.y, s=3.2 ** 2, c="#333333", edgecolors="white", linewidths=0.5,
                   zorder=9)
        for x, y in ax.transData.transform(list(zip(towns.geometry.x, towns.geometry.y))) if len(towns) else []:
            placer.block(Bbox.from_extents(x - 2.5, y - 2.5, x + 2.5, y + 2.5), (x, y))
    points = [(p.x, p.y) for p in shown.geometry.representative_point()] if len(shown) else []
    draw_scale_bar(ax, projection, extent, placer, size, quiet_side(extent, points, bottom=True))
    draw_north_arrow(ax, projection, extent, placer, size, quiet_side(extent, points, bottom=False))
    ax.set_xlabel("")
    ax.set_ylabel("")
    width_km = (x1 - x0) / 1000
    for candidate in label_candidates(features, basemap, replace(view, area=replace(view.area, bbox=clip)), width_km):
        x, y = projection.xy(candidate.lon, candidate.lat)
        placer.place(x, y, candidate.text, anchored=candidate.anchored, force=candidate.forced, fontsize=candidate.size,
                     fontweight=candidate.weight, color=candidate.colour, fontstyle=candidate.style,
                     linespacing=1.1)
    for spine in ax.spines.values():
        spine.set_edgecolor("#666666")
    return features, placer


def render(atlas: Atlas, basemap: dict[str, gpd.GeoDataFrame], view: ExportView, fmt: ExportFormat,
           dpi: float | None = None, size_px: tuple[int, int] | None = None) -> Rendered:
    """Draw the graphic for a view (does not save it)."""
    layout = fmt.layout
    if size_px:
        dpi = dpi or size_px[0] / fmt.size_in[0]
        inches = (size_px[0] / dpi, size_px[1] / dpi)
    else:
        dpi = dpi or fmt.dpi
        inches = fmt.size_in
    with rc_context(font_rc()):
        fig = Figure(figsize=inches, dpi=72, facecolor="white")
        canvas = FigureCanvasAgg(fig)
        renderer = canvas.get_renderer()
        ax = fig.add_axes(layout.map_box)
        box_w = layout.map_box[2] * inches[0]
        box_h = layout.map_box[3] * inches[1]
        lon_min, lat_min, lon_max, lat_max = view.area.bbox
        projection = MapProjection(round((lon_min + lon_max) / 2, 4), round((lat_min + lat_max) / 2, 4))
        extent = fitted_extent(projection, view.area.bbox, box_w / box_h)
        features, placer = draw_map(ax, atlas, basemap, view, projection, extent, renderer, layout.text_size)
        in_area = view_frame(atlas.layers, view)
        fig.text(layout.map_box[0], layout.title_y, export_title(atlas, view), fontsize=layout.title_size,
                 fontweight="bold", va="top")
        fig.text(layout.map_box[0], layout.subtitle_y, export_subtitle(view), fontsize=layout.title_size * 0.62,
                 va="top", color="#333333")
        draw_locator(fig.add_axes(layout.locator_box), basemap, view, layout.text_size)
        draw_legend(fig, layout.legend_box, legend_rows(view, selected_in_view(atlas, view) is not None),
                    layout.text_size)
        fig.text(layout.map_box[0], layout.source_y, source_line(atlas, in_area, view), fontsize=layout.text_size,
                 va="top", wrap=True, color="#222222")
        fig.text(layout.map_box[0], layout.disclaimer_y,
                 f"{DISCLAIMER} Locations marked unverified may be off by the radius shown. "
                 f"Made with Border Atlas on {dt.date.today().isoformat()}.",
                 fontsize=layout.text_size, va="bottom", color="#444444", fontstyle="italic")
    return Rendered(fig, ax, projection, dpi, len(placer.placed))


def save(rendered: Rendered, fmt: ExportFormat) -> bytes:
    """The rendered graphic as PNG or PDF bytes."""
    buffer = io.BytesIO()
    with rc_context(font_rc()):
        rendered.figure.savefig(buffer, format=fmt.extension, dpi=rendered.dpi, facecolor="white",
                                metadata={"Title": rendered.figure.texts[0].get_text()})
    return buffer.getvalue()


def export_bytes(atlas: Atlas, basemap: dict[str, gpd.GeoDataFrame], view: ExportView, format_id: str,
                 dpi: float | None = None, size_px: tuple[int, int] | None = None) -> bytes:
    """One finished graphic of a view as PNG or PDF bytes."""
    fmt = format_by_id(format_id)
    return save(render(atlas, basemap, view, fmt, dpi=dpi, size_px=size_px), fmt)
