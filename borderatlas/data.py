"""The loader API: validated layers as GeoDataFrames, plus facts, events, series and sources."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
from shapely.geometry import shape

from borderatlas import models
from borderatlas.paths import geodata_dir
from borderatlas.registry import BASEMAP, LAYERS
from borderatlas.validation import (
    DatasetReport,
    Problem,
    basemap_dir,
    basemap_file_problem,
    display_name,
    nothing_served,
    printable,
    read_folder,
)


@dataclass(frozen=True)
class SkipNotice:
    """What the app tells the user about one file it could not serve in full."""

    file: str
    skipped: int
    unreadable: bool
    problems: tuple[str, ...]

    def summary(self) -> str:
        """One line for a warning banner."""
        if self.unreadable:
            return printable(f"{self.file}: not loaded ({self.problems[0] if self.problems else 'unreadable'})")
        return printable(f"{self.file}: {self.skipped} record(s) skipped because they failed validation")


@dataclass
class Atlas:
    """Everything the app shows, validated; bad records are left out and listed in notices."""

    layers: dict[str, gpd.GeoDataFrame]
    sources: dict[str, models.Source]
    facts: list[models.Fact]
    events: list[models.Event]
    trade_series: list[models.TradeValue]
    flood_figures: list[models.FloodFigure]
    designations: list[models.Designation]
    problems: list[Problem]
    notices: list[SkipNotice] = field(default_factory=list)
    nothing_served: str | None = None
    """Set when no record at all can be served, to one plain sentence saying why ("Nothing can be served: …")."""

    def notice_headline(self) -> str:
        """The data warning's first sentence: what was skipped and that the rest is served, or that nothing is."""
        if self.nothing_served:
            return self.nothing_served
        skipped = sum(notice.skipped for notice in self.notices)
        return (
            f"Some data failed validation and is not shown ({skipped} record(s) skipped in "
            f"{len(self.notices)} file(s)); everything else is served."
        )

    def data_as_of(self) -> str:
        """The data's as-of date: the latest date any source was accessed."""
        dates = [source.accessed for source in self.sources.values() if source.accessed]
        return max(dates) if dates else "unknown"

    def feature_ids(self) -> set[str]:
        """Every feature id across the data layers."""
        return {fid for frame in self.layers.values() if len(frame) for fid in frame["id"]}

    def feature(self, feature_id: str) -> dict | None:
        """Return one feature's properties (with its layer id) by id, or None."""
        for layer_id, frame in self.layers.items():
            match = frame[frame["id"] == feature_id]
            if len(match):
                row = match.iloc[0].to_dict()
                row["layer"] = layer_id
                return row
        return None


def layer_frame(features: list[dict], properties: list[models.FeatureProperties]) -> gpd.GeoDataFrame:
    """Build a GeoDataFrame (EPSG:4326) from validated features."""
    rows = [props.model_dump(by_alias=True) for props in properties]
    geometries = [shape(feature["geometry"]) for feature in features]
    if not rows:
        return gpd.GeoDataFrame({"id": []}, geometry=[], crs="EPSG:4326")
    return gpd.GeoDataFrame(rows, geometry=geometries, crs="EPSG:4326")


def skip_notices(report: DatasetReport) -> list[SkipNotice]:
    """Summarise, per file, what was skipped and why (one notice for a folder that cannot be read at all)."""
    if report.folder_problem is not None:
        return [SkipNotice(report.folder_problem.file, 0, True, (str(report.folder_problem),))]
    notices = []
    for records in [*report.layers.values(), *report.tables.values()]:
        file = display_name(report.root, records.spec.filename)
        problems = tuple(str(p) for p in report.problems if p.file == file)
        if records.unreadable or records.skipped:
            notices.append(SkipNotice(file, records.skipped, records.unreadable, problems))
    notices += [SkipNotice(problem.file, 0, True, (str(problem),)) for problem in report.basemap_problems]
    return notices


def load_basemap(directory: Path | str | None = None) -> dict[str, gpd.GeoDataFrame]:
    """Load the offline vector basemap layers that can be drawn (default: the one served with geodata_dir());
    missing or broken files are left out, and `validate` and the atlas's notices name them."""
    directory = basemap_dir(geodata_dir()) if directory is None else Path(directory)
    frames = {}
    for spec in BASEMAP:
        path = directory / spec.filename
        if basemap_file_problem(path, spec.filename) is not None:
            continue
        try:
            frames[spec.id] = gpd.read_file(path)
        except Exception:  # GDAL's own reader refused what the check passed: leave the layer out, keep the map
            logging.getLogger(__name__).exception("basemap file %s could not be read", path)
    return frames


def load_atlas(root: Path | str | None = None) -> Atlas:
    """Read, validate and return the whole data set (default: geodata_dir()); never raises for bad data."""
    report = read_folder(Path(root) if root is not None else geodata_dir())
    tables = {name: records.rows for name, records in report.tables.items()}
    return Atlas(
        layers={
            spec.id: layer_frame(report.layers[spec.id].features, report.layers[spec.id].properties) for spec in LAYERS
        },
        sources={source.id: source for source in tables["sources"]},
        facts=tables["facts"],
        events=sorted(tables["events"], key=lambda event: event.date),
        trade_series=tables["trade_series"],
        flood_figures=tables["flood_figures"],
        designations=tables["designations"],
        problems=report.problems,
        notices=skip_notices(report),
        nothing_served=nothing_served(report),
    )
