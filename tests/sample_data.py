"""A small, valid data set written to a temporary folder, for tests that break it on purpose."""

from __future__ import annotations

import copy
import csv
import json
import shutil
from pathlib import Path

from borderatlas.paths import GEODATA_DIR
from borderatlas.registry import TABLES

SOURCE = {
    "id": "src-a",
    "title": "A test source",
    "author": "",
    "publisher": "Test Publisher",
    "published": "2016-11-30",
    "url": "https://example.org/a",
    "accessed": "2026-11-30",
    "language": "en",
    "kind": "analysis",
    "licence": "",
    "note": "",
}


def feature_properties(fid: str, **extra: object) -> dict:
    """Properties shared by every sample feature."""
    props = {
        "id": fid,
        "name_en": f"Name {fid}",
        "name_zh": "新义州",
        "name_ko": "신의주",
        "alt_names": ["Sinŭiju"],
        "countries": ["CHN", "PRK"],
        "status": "open",
        "status_date": "2016",
        "status_history": [{"from": "2010", "status": "open"}],
        "summary": "A sample feature.",
        "source_ids": ["src-a"],
        "precision_km": 1.0,
        "verified": True,
        "verification_note": "",
    }
    props.update(extra)
    return props


def point_feature(fid: str, lon: float, lat: float, **extra: object) -> dict:
    """A GeoJSON point feature with sample properties."""
    return {
        "type": "Feature",
        "id": fid,
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": feature_properties(fid, **extra),
    }


def square(lon: float, lat: float, size: float = 0.1) -> dict:
    """A small square polygon geometry with its south-west corner at lon, lat."""
    ring = [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


def sample_layers() -> dict[str, dict]:
    """The three sample layers as GeoJSON dicts, keyed by file name."""
    crossing = dict(kind="bridge", mode="road_rail", river="Yalu", town_china="Dandong", town_dprk="Sinuiju")
    crossings = [
        point_feature("crossing-a", 124.39, 40.11, **crossing),
        point_feature("crossing-b", 130.28, 42.63, **{**crossing, "river": "Tumen", "mode": "rail"}),
    ]
    infrastructure = [
        point_feature(
            "infra-a",
            124.35,
            40.05,
            kind="port",
            status="operating",
            status_history=[{"from": "2012", "status": "operating"}],
        )
    ]
    flood = {
        "type": "Feature",
        "id": "flood-a",
        "geometry": square(129.3, 42.4),
        "properties": feature_properties(
            "flood-a",
            kind="county",
            severity="severe",
            approximate=False,
            admin_wof_id=1,
            event="2016-tumen-floods",
            status="affected",
            status_history=[],
        ),
    }
    flood["properties"].pop("status_history")
    return {
        "crossings.geojson": {"type": "FeatureCollection", "features": crossings},
        "infrastructure.geojson": {"type": "FeatureCollection", "features": infrastructure},
        "flood_areas.geojson": {"type": "FeatureCollection", "features": [flood]},
    }


def sample_tables() -> dict[str, list[dict]]:
    """The sample tables as lists of row dicts, keyed by file name."""
    quoted = {
        "source_id": "src-a",
        "quote": "A sentence.",
        "quote_lang": "en",
        "quote_en": "",
        "verified": "true",
        "note": "",
    }
    return {
        "sources.csv": [SOURCE],
        "facts.csv": [
            {
                "id": "fact-a",
                "topic": "trade",
                "statement": "Trade rose.",
                "value": "6.9",
                "unit": "percent",
                "period_start": "2016-01",
                "period_end": "2016-09",
                "reported": "2016-11-30",
                "place_ids": "crossing-a",
                **quoted,
            }
        ],
        "events.csv": [
            {
                "id": "event-a",
                "date": "2016-11-30",
                "title": "A thing happened",
                "topic": "sanctions",
                "summary": "Summary.",
                "place_ids": "",
                "source_ids": "src-a",
                "verified": "true",
                "note": "",
            }
        ],
        "trade_series.csv": [
            {
                "id": "trade-a",
                "series": "china_dprk_trade_total",
                "period": "2016",
                "value": "5.3",
                "unit": "billion USD",
                "reported": "2017-01",
                **quoted,
            }
        ],
        "flood_figures.csv": [
            {
                "id": "flood-fig-a",
                "metric": "deaths",
                "value": "138",
                "unit": "persons",
                "area_ids": "flood-a",
                "event_date": "2016-08",
                "report_date": "2016-09-16",
                "as_of": "2016-09-16",
                **quoted,
            }
        ],
        "designations.csv": [
            {
                "id": "desig-a",
                "entity": "DCB Finance Limited",
                "entity_native": "",
                "designated_by": "UN Security Council",
                "instrument": "Resolution 2321",
                "date": "2016-11-30",
                "designation": "asset freeze",
                "place_ids": "",
                **quoted,
            }
        ],
    }


def write_csv(path: Path, rows: list[dict], header: list[str]) -> None:
    """Write rows as a CSV file with the given header."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)


def write_sample_dataset(root: Path, layers: dict | None = None, tables: dict | None = None) -> Path:
    """Write the (possibly modified) sample data set into root and return root."""
    root.mkdir(parents=True, exist_ok=True)
    for name, collection in (layers or sample_layers()).items():
        (root / name).write_text(json.dumps(collection, ensure_ascii=False), encoding="utf-8")
    headers = {spec.filename: list(spec.model.model_fields) for spec in TABLES}
    for name, rows in (tables or sample_tables()).items():
        write_csv(root / name, rows, headers[name])
    return root


def mutated_layers(mutate) -> dict:
    """A deep copy of the sample layers after mutate(layers) has changed it."""
    layers = copy.deepcopy(sample_layers())
    mutate(layers)
    return layers


def mutated_tables(mutate) -> dict:
    """A deep copy of the sample tables after mutate(tables) has changed it."""
    tables = copy.deepcopy(sample_tables())
    mutate(tables)
    return tables


SEEDED_TABLE_FIELDS = {
    "sources.csv": ("title", "publisher", "author", "note"),
    "facts.csv": ("statement", "quote", "quote_en", "note", "unit"),
    "events.csv": ("title", "summary", "note"),
    "trade_series.csv": ("quote", "quote_en", "note"),
    "flood_figures.csv": ("quote", "quote_en", "note", "unit"),
    "designations.csv": ("entity", "entity_native", "designated_by", "designation", "quote", "note"),
}
"""The free-text cells of each table, which seeded_copy fills with payloads."""
SEEDED_FEATURE_FIELDS = (
    "name_en",
    "name_zh",
    "name_ko",
    "summary",
    "verification_note",
    "town_china",
    "town_dprk",
    "town_russia",
    "budget_note",
)
"""The free-text properties of a feature, which seeded_copy fills with payloads (where the layer has them)."""


def seed_layers(root: Path, payloads: tuple[str, ...], summary_prefix: str = "") -> None:
    """Payloads, cycling, in every feature's free-text properties and alternative names."""
    count = 0
    for path in sorted(root.glob("*.geojson")):
        collection = json.loads(path.read_text(encoding="utf-8"))
        for feature in collection["features"]:
            props = feature["properties"]
            for offset, key in enumerate(SEEDED_FEATURE_FIELDS):
                if key in props:
                    prefix = summary_prefix if key == "summary" else (props[key] or "")
                    props[key] = f"{prefix} {payloads[(count + offset) % len(payloads)]}".strip()
            props["alt_names"] = [*props.get("alt_names", []), payloads[(count + 4) % len(payloads)]]
            count += 1
        path.write_text(json.dumps(collection, ensure_ascii=False), encoding="utf-8")


def seed_tables(root: Path, payloads: tuple[str, ...], source_url: str | None = None) -> None:
    """Payloads, cycling, in the free-text cells of every table (and source_url on every source that has a URL)."""
    for name, fields in SEEDED_TABLE_FIELDS.items():
        with (root / name).open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            header, rows = reader.fieldnames, list(reader)
        for index, row in enumerate(rows):
            for offset, key in enumerate(fields):
                row[key] = f"{row[key]} {payloads[(index + offset) % len(payloads)]}".strip()
            if name == "sources.csv" and row["url"] and source_url:
                row["url"] = source_url
        write_csv(root / name, rows, header)


def seeded_copy(root: Path, payloads: tuple[str, ...], summary_prefix: str = "", source_url: str | None = None) -> Path:
    """A copy of the real geodata/ in root with payloads in every free-text field; returns root."""
    root.mkdir(parents=True)
    for path in GEODATA_DIR.iterdir():
        if path.is_file():
            shutil.copy(path, root / path.name)
    seed_layers(root, payloads, summary_prefix)
    seed_tables(root, payloads, source_url)
    return root
