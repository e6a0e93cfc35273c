"""Per-feature geometry checks: closed rings, valid shapes of the layer's types, inside the region."""

from __future__ import annotations

from typing import Any

from shapely.geometry import shape
from shapely.validation import explain_validity

from borderatlas.registry import REGION_BOUNDS, LayerSpec
from borderatlas.validation.report import Problem


def open_rings(geom: dict[str, Any]) -> int:
    """How many rings of a (Multi)Polygon do not end at their first point (shapely would close them silently)."""
    coords = geom.get("coordinates")
    polygons = {"Polygon": [coords], "MultiPolygon": coords}.get(geom.get("type"))
    if not isinstance(polygons, list):
        return 0
    rings = [ring for polygon in polygons if isinstance(polygon, list) for ring in polygon if isinstance(ring, list)]
    return sum(1 for ring in rings if len(ring) >= 2 and ring[0] != ring[-1])


def geometry_problems(feature: dict[str, Any], spec: LayerSpec, file: str, fid: str) -> list[Problem]:
    """Check that a feature's geometry parses, is valid, has the layer's type and lies inside the region."""
    geom = feature.get("geometry")
    if not isinstance(geom, dict):
        return [Problem(file, "missing geometry", fid, "geometry")]
    if geom.get("type") not in spec.geometry_types:
        return [
            Problem(
                file,
                f"type {geom.get('type')!r} is not allowed in this layer (allowed: {', '.join(spec.geometry_types)})",
                fid,
                "geometry.type",
            )
        ]
    if open_rings(geom):
        return [
            Problem(
                file, "a polygon ring is not closed (its last point must repeat its first)", fid, "geometry.coordinates"
            )
        ]
    try:
        shp = shape(geom)
    except Exception as exc:  # shapely raises several types for malformed coordinates
        return [Problem(file, f"cannot be read: {exc}", fid, "geometry.coordinates")]
    if shp.is_empty:
        return [Problem(file, "geometry is empty", fid, "geometry.coordinates")]
    if not shp.is_valid:
        return [Problem(file, f"invalid geometry: {explain_validity(shp)}", fid, "geometry")]
    min_lon, min_lat, max_lon, max_lat = REGION_BOUNDS
    x0, y0, x1, y1 = shp.bounds
    if x0 < min_lon or x1 > max_lon or y0 < min_lat or y1 > max_lat:
        hint = " (are lon and lat swapped? GeoJSON is [lon, lat])" if min_lon <= y0 <= max_lon else ""
        return [
            Problem(
                file,
                f"coordinates ({x0:.3f}, {y0:.3f})–({x1:.3f}, {y1:.3f}) lie outside the region "
                f"lon {min_lon}–{max_lon}, lat {min_lat}–{max_lat}{hint}",
                fid,
                "geometry.coordinates",
            )
        ]
    return []
