"""Place labels in English, Chinese and Korean, placed so that they do not collide."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import geopandas as gpd
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.transforms import Bbox
from shapely.geometry import box

from borderatlas.layers import in_drawing_order
from borderatlas.styles import MAX_PRECISION_CIRCLE_KM
from borderatlas.views import ExportView

SAME_SPOT_PT = 9
"""Symbols closer than this (points) to a label's anchor belong to its own cluster and do not block it."""
HALO_WIDTH = 2.6
"""The white outline around map labels, in points."""
LABEL_GID, HALO_GID = "border-atlas-label", "border-atlas-halo"
"""The ids that mark a placed map label and its outline (the briefing pack sets the labels as slide text)."""


@dataclass
class LabelPlacer:
    """Places labels greedily by priority, trying several offsets, and drops those that would collide."""

    ax: Axes
    renderer: object
    placed: list[Bbox] = field(default_factory=list)
    obstacles: list[tuple[tuple[float, float], Bbox]] = field(default_factory=list)
    anchored_offsets: tuple = (
        (8, 0, "left", "center"),
        (-8, 0, "right", "center"),
        (0, 8, "center", "bottom"),
        (0, -8, "center", "top"),
        (6, 6, "left", "bottom"),
        (-6, 6, "right", "bottom"),
        (6, -6, "left", "top"),
        (-6, -6, "right", "top"),
    )

    def block(self, bbox: Bbox, at: tuple[float, float] = (math.nan, math.nan)) -> None:
        """Keep labels off this display-space box (a symbol at `at`, or a map decoration)."""
        self.obstacles.append((at, bbox))

    def fits(self, bbox: Bbox, at: tuple[float, float]) -> bool:
        """True when a label box is inside the map and clear of other labels and symbols."""
        frame = self.ax.get_window_extent(self.renderer)
        if not (
            frame.x0 + 2 <= bbox.x0 and bbox.x1 <= frame.x1 - 2 and frame.y0 + 2 <= bbox.y0 and bbox.y1 <= frame.y1 - 2
        ):
            return False
        padded = Bbox.from_extents(bbox.x0 - 2, bbox.y0 - 1.5, bbox.x1 + 2, bbox.y1 + 1.5)
        if any(padded.overlaps(other) for other in self.placed):
            return False
        return not any(
            padded.overlaps(other)
            for where, other in self.obstacles
            if not math.hypot(where[0] - at[0], where[1] - at[1]) < SAME_SPOT_PT
        )

    def place(self, x: float, y: float, text: str, anchored: bool = True, force: bool = False, **style) -> bool:
        """Draw a label near (x, y) at the first offset that fits; return False when none does.

        A forced label (the selected feature's) takes the first offset inside the map when none is clear.
        """
        offsets = self.anchored_offsets if anchored else ((0, 0, "center", "center"),)
        at = tuple(self.ax.transData.transform((x, y)))
        for attempt in ("clear", "inside") if force else ("clear",):
            for dx, dy, ha, va in offsets:
                label = self.ax.annotate(
                    text,
                    (x, y),
                    xytext=(dx, dy),
                    textcoords="offset points",
                    ha=ha,
                    va=va,
                    zorder=21 if force else 20,
                    annotation_clip=False,
                    **style,
                )
                bbox = label.get_window_extent(self.renderer)
                if self.fits(bbox, at) if attempt == "clear" else self.inside(bbox):
                    self.placed.append(bbox)
                    label.set_gid(LABEL_GID)
                    self.halo(label)
                    return True
                label.remove()
        return False

    def halo(self, label) -> None:
        """A white outline just under a label, as a twin of its own: a stroke path effect would turn the label
        itself into outlines, and the PDF's labels must stay text that can be searched and selected."""
        self.ax.annotate(
            label.get_text(),
            label.xy,
            xytext=label.xyann,
            textcoords="offset points",
            fontproperties=label.get_fontproperties(),
            ha=label.get_horizontalalignment(),
            va=label.get_verticalalignment(),
            color="white",
            path_effects=[patheffects.Stroke(linewidth=HALO_WIDTH, foreground="white")],
            zorder=label.get_zorder() - 0.01,
            annotation_clip=False,
            linespacing=label.get_linespacing(),
            gid=HALO_GID,
        )

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


def label_candidates(
    features: gpd.GeoDataFrame, basemap: dict[str, gpd.GeoDataFrame], view: ExportView, width_km: float
) -> list[LabelCandidate]:
    """Labels for key places: the selected feature, towns, crossings and projects (zoomed in), DPRK provinces."""
    candidates = []
    seen: set[tuple[float, float]] = set()
    kind_rank = {layer.id: rank for rank, layer in enumerate(reversed(in_drawing_order())) if layer.data is not None}
    unlabelled = {layer.id for layer in in_drawing_order() if layer.drawing == "areas"}
    ordered = features.assign(_rank=features["layer"].map(kind_rank), _unverified=~features["verified"].astype(bool))
    ordered = ordered.sort_values(["_rank", "_unverified"], kind="stable")
    for _, row in ordered.iterrows():
        point = row.geometry.representative_point()
        record = row.to_dict()
        where = (round(point.x, 2), round(point.y, 2))
        if row["id"] == view.selected:
            candidates.append(
                LabelCandidate(0, point.x, point.y, f"{row['name_en']}\n{local_names(record)}", 9.5, weight="bold")
            )
            seen.add(where)
            continue
        nominal = float(record.get("precision_km") or 0) > MAX_PRECISION_CIRCLE_KM
        if row["layer"] in unlabelled or width_km > 420 or where in seen or nominal:
            continue
        seen.add(where)
        candidates.append(
            LabelCandidate(
                2 + kind_rank[row["layer"]], point.x, point.y, f"{row['name_en']}\n{local_names(record)}", 7.2
            )
        )
    bounds = box(*view.area.bbox)
    label_files = [f for layer in in_drawing_order(view.layers) if layer.drawing == "labels" for f in layer.basemap]
    for basemap_id in (basemap_id for basemap_id in label_files if basemap_id in basemap):
        for _, town in basemap[basemap_id].iterrows():
            if not bounds.contains(town.geometry):
                continue
            local = town.get("name_zh")
            text = town["name"] + (f" {local}" if isinstance(local, str) and local else "")
            candidates.append(
                LabelCandidate(
                    1 + town.get("scalerank", 8) / 100, town.geometry.x, town.geometry.y, text, 8.2, colour="#333333"
                )
            )
    reference_files = {
        f for layer in in_drawing_order(view.layers) if layer.drawing == "reference" for f in layer.basemap
    }
    if "dprk_provinces" in reference_files and "dprk_provinces" in basemap and width_km > 150:
        for _, province in basemap["dprk_provinces"].iterrows():
            inside = province.geometry.intersection(bounds)
            if inside.is_empty or inside.area < 0.04:
                continue
            point = inside.representative_point()
            text = (
                f"{province['name']}\n{province['name_ko']}"
                if isinstance(province.get("name_ko"), str)
                else province["name"]
            )
            candidates.append(
                LabelCandidate(6, point.x, point.y, text, 7.2, colour="#7a7a7a", style="italic", anchored=False)
            )
    return sorted(candidates, key=lambda c: c.priority)
