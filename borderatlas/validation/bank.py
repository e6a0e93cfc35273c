"""The right bank: a one-country point near the China–DPRK boundary line lies on its own side, or says why."""

from __future__ import annotations

from pathlib import Path

from shapely.errors import ShapelyError
from shapely.geometry import shape

from borderatlas.paths import BASEMAP_DIR
from borderatlas.validation.files import load_json
from borderatlas.validation.report import DatasetReport, Problem, display_name

BOUNDARY_FILE = BASEMAP_DIR / "boundaries.geojson"
"""The Natural Earth boundary lines committed with the repository (not ../shared), so CI needs nothing else."""

SIDE_CHECK_KM = 5.0
"""A one-country point this close to the China–DPRK boundary line must be on its own side (or say why)."""

SIDE_COUNTRIES = {"CHN": "China", "PRK": "North Korea"}


def china_dprk_line(path: Path = BOUNDARY_FILE):
    """The China–DPRK boundary line(s) from the basemap, oriented so North Korea is on the left; None if absent or
    unreadable (the basemap check names a broken boundaries file)."""
    try:
        return oriented_lines(load_json(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError, KeyError, AttributeError, ShapelyError):
        return None


def oriented_lines(data: dict):
    """The China–DPRK lines of a boundaries FeatureCollection, North Korea on the left; None without any."""
    from shapely.geometry import LineString, MultiLineString

    lines = []
    for feature in data.get("features", []):
        props = feature.get("properties") or {}
        sides = (props.get("adm0_left"), props.get("adm0_right"))
        if set(sides) != {"China", "North Korea"}:
            continue
        geom = shape(feature["geometry"])
        parts = list(getattr(geom, "geoms", [geom]))
        if sides[0] != "North Korea":
            parts = [LineString(list(part.coords)[::-1]) for part in parts]
        lines.extend(parts)
    return MultiLineString(lines) if lines else None


def to_km(lon: float, lat: float, lat0: float) -> tuple[float, float]:
    """Local equirectangular kilometres around latitude lat0 (good to a fraction of a percent within 10 km)."""
    import math

    return lon * 111.320 * math.cos(math.radians(lat0)), lat * 110.574


def side_of_line(lines, lon: float, lat: float) -> tuple[str, float]:
    """Which side of the oriented China–DPRK line a point lies on ('PRK' left, 'CHN' right) and its distance in km."""
    from shapely.geometry import LineString, Point

    best = None
    for part in lines.geoms:
        local = LineString([to_km(x, y, lat) for x, y in part.coords])
        p = Point(to_km(lon, lat, lat))
        d = local.distance(p)
        if best is None or d < best[0]:
            best = (d, local, p)
    distance, local, p = best
    along = local.project(p)
    a = local.interpolate(max(along - 0.05, 0.0))
    b = local.interpolate(min(along + 0.05, local.length))
    cross = (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x)
    return ("PRK" if cross > 0 else "CHN"), distance


def side_problems(report: DatasetReport, lines=None) -> list[Problem]:
    """Right bank: a one-country point near the boundary is on its side, within its precision, or has a reason.

    The point is China's or the DPRK's; the reason is its boundary_side_reason (Natural Earth misplaces some places,
    so exceptions are reasoned, never silent).
    """
    lines = china_dprk_line() if lines is None else lines
    if lines is None:
        return []
    problems = []
    for records in report.layers.values():
        file = display_name(report.root, records.spec.filename)
        for feature, props in zip(records.features, records.properties):
            geom = feature.get("geometry") or {}
            if geom.get("type") != "Point" or len(props.countries) != 1 or props.countries[0] not in SIDE_COUNTRIES:
                continue
            lon, lat = geom["coordinates"][:2]
            side, distance = side_of_line(lines, lon, lat)
            own = props.countries[0]
            if distance > SIDE_CHECK_KM or side == own:
                continue
            if props.precision_km >= distance or (props.boundary_side_reason or "").strip():
                continue
            problems.append(
                Problem(
                    file,
                    f"a {own} feature lies {distance:.2f} km inside {SIDE_COUNTRIES[side]} across the boundary "
                    f"line; move it to the {SIDE_COUNTRIES[own]} side, give a precision_km of at least "
                    f"{distance:.2f}, or state a boundary_side_reason",
                    props.id,
                    "geometry.coordinates",
                )
            )
    return problems
