"""Build the offline vector basemap in geodata/basemap/ from the reference data in ../shared/reference/.

Run: python scripts/build_basemap.py
Inputs (not committed): Natural Earth 4.0.0 (public domain) clipped to the region, and Who's On First
North Korea regions. Outputs are simplified so the default map stays light. Town names are corrected and given in
Korean from the sourced table geodata/basemap/town_names.csv (committed).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import geopandas as gpd
from shapely.geometry import mapping

REPO = Path(__file__).resolve().parents[1]
REFERENCE = REPO.parent / "shared" / "reference"
OUTPUT = REPO / "geodata" / "basemap"

BORDER_FOCUS = (123.5, 39.4, 131.0, 43.6)
"""Towns shown as labels lie in this box around the Yalu and Tumen (lon/lat)."""

OUTPUTS = (
    # (output file, input file, simplify tolerance in degrees, columns kept)
    ("land.geojson", "natural_earth/ne_10m_land_clip.geojson", 0.004, ["featurecla"]),
    ("lakes.geojson", "natural_earth/ne_10m_lakes_clip.geojson", 0.002, ["name"]),
    ("rivers.geojson", "natural_earth/ne_10m_rivers_lake_centerlines_clip.geojson", 0.002, ["name", "featurecla"]),
    (
        "boundaries.geojson",
        "natural_earth/ne_10m_admin_0_boundary_lines_land_clip.geojson",
        0.0005,
        ["featurecla", "name", "adm0_left", "adm0_right"],
    ),
    ("dprk_provinces.geojson", "admin/wof_prk_adm1_regions.geojson", 0.01, ["wof_id", "name", "name_ko", "name_zh"]),
)


def write_geojson(frame: gpd.GeoDataFrame, path: Path) -> None:
    """Write a compact GeoJSON with coordinates rounded to 4 decimals (about 10 m)."""
    features = []
    for _, row in frame.iterrows():
        geometry = json.loads(json.dumps(mapping(row.geometry)), parse_float=lambda x: round(float(x), 4))
        properties = {k: (None if v != v else v) for k, v in row.drop("geometry").to_dict().items()}
        features.append({"type": "Feature", "properties": properties, "geometry": geometry})
    collection = {"type": "FeatureCollection", "features": features}
    path.write_text(json.dumps(collection, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def simplified(input_name: str, tolerance: float, columns: list[str]) -> gpd.GeoDataFrame:
    """Read a reference file, keep the named columns and simplify its geometry."""
    frame = gpd.read_file(REFERENCE / input_name)
    frame = frame[[c for c in columns if c in frame.columns] + ["geometry"]].copy()
    frame["geometry"] = frame.geometry.simplify(tolerance, preserve_topology=True)
    return frame[~frame.geometry.is_empty]


TOWN_NAMES = OUTPUT / "town_names.csv"
"""Corrected English names and sourced Korean names of the DPRK towns, keyed by Natural Earth's name (ne_name)."""


def town_names() -> dict[str, dict[str, str]]:
    """The rows of TOWN_NAMES by Natural Earth name."""
    with open(TOWN_NAMES, encoding="utf-8", newline="") as handle:
        return {row["ne_name"]: row for row in csv.DictReader(handle)}


def towns() -> gpd.GeoDataFrame:
    """Populated places near the border: Natural Earth's, with the DPRK names corrected and given in Korean.

    Every DPRK town must have a row in TOWN_NAMES: ``name`` replaces Natural Earth's (which misspells Hyesan as
    "Hyeson"), ``name_ko`` is set only where a source confirmed it, and ``name_ne`` keeps Natural Earth's spelling.
    """
    frame = gpd.read_file(REFERENCE / "natural_earth/ne_10m_populated_places_clip.geojson")
    x0, y0, x1, y1 = BORDER_FOCUS
    frame = frame.cx[x0:x1, y0:y1]
    frame = frame[frame["adm0_a3"].isin(["CHN", "PRK", "RUS"])].copy()
    names = town_names()
    missing = sorted(set(frame.loc[frame["adm0_a3"] == "PRK", "name"]) - set(names))
    if missing:
        raise SystemExit(f"{TOWN_NAMES.name}: no row for DPRK town(s) {', '.join(missing)}")
    frame["name_ne"] = frame["name"]
    frame["name"] = [names[n]["name"] if n in names else n for n in frame["name_ne"]]
    frame["name_ko"] = [(names[n]["name_ko"] or None) if n in names else None for n in frame["name_ne"]]
    return frame[["name", "name_en", "name_zh", "name_ko", "name_ne", "adm0_a3", "scalerank", "wikidataid", "geometry"]]


def main() -> None:
    """Build every basemap file."""
    OUTPUT.mkdir(parents=True, exist_ok=True)
    for output, input_name, tolerance, columns in OUTPUTS:
        write_geojson(simplified(input_name, tolerance, columns), OUTPUT / output)
    write_geojson(towns(), OUTPUT / "towns.geojson")
    for path in sorted(OUTPUT.glob("*.geojson")):
        print(f"{path.relative_to(REPO)}: {path.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
