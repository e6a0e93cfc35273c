"""The loader API: validated layers as GeoDataFrames, plus facts, events, series and sources."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
from shapely.geometry import shape

from borderatlas import models
from borderatlas.paths import BASEMAP_DIR, geodata_dir
from borderatlas.registry import BASEMAP, LAYERS
from borderatlas.validation import DatasetReport, Problem, display_name, read_dataset


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
            return f"{self.file}: not loaded ({self.problems[0] if self.problems else 'unreadable'})"
        return f"{self.file}: {self.skipped} record(s) skipped because they failed validation"


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

    def data_as_of(self) -> str:
        """The data's as-of date: the latest date any source was accessed."""
        dates = [source.accessed for source in self.sources.values() if source.accessed]
        return max(dates) if dates else "unknown"

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
    """Summarise, per file, what was skipped and why."""
    notices = []
    for records in [*report.layers.values(), *report.tables.values()]:
        file = display_name(report.root, records.spec.filename)
        problems = tuple(str(p) for p in report.problems if p.file == file)
        if records.unreadable or records.skipped:
            notices.append(SkipNotice(file, records.skipped, records.unreadable, problems))
    return notices


def load_basemap(directory: Path = BASEMAP_DIR) -> dict[str, gpd.GeoDataFrame]:
    """Load the offline vector basemap layers that exist; missing ones are left out."""
    frames = {}
    for spec in BASEMAP:
        path = directory / spec.filename
        if path.exists():
            frames[spec.id] = gpd.read_file(path)
    return frames


def load_atlas(root: Path | str | None = None) -> Atlas:
    """Read, validate and return the whole data set (default: geodata_dir()); never raises for bad data."""
    report = read_dataset(Path(root) if root is not None else geodata_dir())
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
    )
