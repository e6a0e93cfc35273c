"""Write the broken-geodata corpus: one folder per case holding the one broken file, and cases.csv.

Each case replaces one file of the real geodata/ with a small file built from tests/sample_data.py (re-sourced to a
real source id, so its good records survive in the real data set) and broken in one way. cases.csv says, in one line
per case, what the validator must name (file, record id, field, words of the message) and how many records the app
skips ("unloaded" when the whole file is refused). tests/test_broken_corpus.py checks every line.

Run from the repository root to rebuild:  .venv/bin/python tests/corpus/build_corpus.py
"""

from __future__ import annotations

import copy
import csv
import io
import json
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

CORPUS_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(CORPUS_DIR.parent))

from sample_data import sample_layers, sample_tables  # noqa: E402

from borderatlas.registry import TABLES  # noqa: E402

REAL_SOURCE = "wikipedia-sino-korean-friendship-bridge"
"""A source in the real sources.csv, so the corpus's good records are valid in the real data set."""
MANIFEST = CORPUS_DIR / "cases.csv"
MANIFEST_FIELDS = ["case", "file", "record", "field", "message", "skipped", "what"]
GOOD, BAD = 0, 1


@dataclass(frozen=True)
class Case:
    """One broken file and what the validator and the app must make of it."""

    case: str
    file: str
    build: Callable[[], bytes]
    record: str
    field: str
    message: str
    skipped: str
    what: str


def layer(filename: str) -> dict:
    """A sample layer with two features ('corpus-<layer>-good' and '-bad'), both citing a real source."""
    collection = copy.deepcopy(sample_layers()[filename])
    first = collection["features"][0]
    collection["features"] = [first, copy.deepcopy(first)]
    prefix = filename.split(".")[0].replace("_", "-")
    for feature, suffix in zip(collection["features"], ("good", "bad")):
        fid = f"corpus-{prefix}-{suffix}"
        feature["id"] = fid
        feature["properties"].update(id=fid, name_en=f"Corpus {prefix} {suffix}", source_ids=[REAL_SOURCE])
    bad = collection["features"][BAD]
    if bad["geometry"]["type"] == "Point":
        bad["geometry"]["coordinates"] = [bad["geometry"]["coordinates"][0] + 0.05, bad["geometry"]["coordinates"][1]]
    else:
        ring = bad["geometry"]["coordinates"][0]
        bad["geometry"]["coordinates"] = [[[lon + 0.2, lat] for lon, lat in ring]]
    return collection


def dumped(collection: object) -> bytes:
    """GeoJSON text as UTF-8 bytes."""
    return json.dumps(collection, ensure_ascii=False, indent=1).encode("utf-8")


def broken_layer(filename: str, mutate: Callable[[dict], None]) -> Callable[[], bytes]:
    """A builder for a layer whose collection mutate() has broken."""

    def build() -> bytes:
        collection = layer(filename)
        mutate(collection)
        return dumped(collection)

    return build


def bad_props(**changes: object) -> Callable[[dict], None]:
    """A mutation that sets properties of the bad feature."""

    def mutate(collection: dict) -> None:
        collection["features"][BAD]["properties"].update(changes)

    return mutate


def bad_geometry(geometry: object) -> Callable[[dict], None]:
    """A mutation that replaces the bad feature's geometry."""

    def mutate(collection: dict) -> None:
        collection["features"][BAD]["geometry"] = geometry

    return mutate


def drop_prop(name: str) -> Callable[[dict], None]:
    """A mutation that deletes one property of the bad feature."""

    def mutate(collection: dict) -> None:
        del collection["features"][BAD]["properties"][name]

    return mutate


def same_id(collection: dict) -> None:
    """Give the bad feature the good one's id."""
    good_id = collection["features"][GOOD]["id"]
    collection["features"][BAD]["id"] = good_id
    collection["features"][BAD]["properties"]["id"] = good_id


def table(filename: str) -> list[dict]:
    """A sample table with two rows ('corpus-<table>-good' and '-bad'), citing a real source and no places."""
    row = sample_tables()[filename][0]
    prefix = filename.split(".")[0].replace("_", "-")
    rows = []
    for suffix in ("good", "bad"):
        copied = {**row, "id": f"corpus-{prefix}-{suffix}"}
        for key in ("source_id", "source_ids"):
            if key in copied:
                copied[key] = REAL_SOURCE
        for key in ("place_ids", "area_ids"):
            if key in copied:
                copied[key] = ""
        rows.append(copied)
    return rows


def csv_text(filename: str, rows: list[dict], header: list[str] | None = None) -> str:
    """Rows as CSV text under the table's header (or another header)."""
    spec = next(spec for spec in TABLES if spec.filename == filename)
    handle = io.StringIO(newline="")
    writer = csv.DictWriter(handle, fieldnames=header or list(spec.model.model_fields), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return handle.getvalue()


def broken_table(filename: str, **bad_cells: str) -> Callable[[], bytes]:
    """A builder for a table whose bad row has these cells."""

    def build() -> bytes:
        rows = table(filename)
        rows[BAD].update(bad_cells)
        return csv_text(filename, rows).encode("utf-8")

    return build


def unclosed_ring(collection: dict) -> None:
    """Drop the closing point of the bad polygon's outer ring."""
    collection["features"][BAD]["geometry"]["coordinates"][0].pop()


def nan_coordinates() -> bytes:
    """A point whose coordinates are NaN (which Python's json writes and reads, though JSON forbids it)."""
    collection = layer("crossings.geojson")
    collection["features"][BAD]["geometry"]["coordinates"] = [float("nan"), float("nan")]
    return json.dumps(collection, ensure_ascii=False, indent=1).encode("utf-8")


def declared_crs(collection: dict) -> None:
    """Declare Web Mercator on a file whose numbers are lon/lat."""
    collection["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3857"}}


def not_a_feature(collection: dict) -> None:
    """Replace the bad feature with a bare number."""
    collection["features"][BAD] = 42


def spliced_layer(filename: str, after: str, insert: bytes) -> Callable[[], bytes]:
    """A builder for a layer whose JSON text has insert spliced in right after the text after (a valid layer else)."""

    def build() -> bytes:
        text = dumped(layer(filename))
        cut = text.index(after.encode("utf-8")) + len(after.encode("utf-8"))
        return text[:cut] + insert + text[cut:]

    return build


def wrong_header() -> bytes:
    """A facts table whose 'statement' column is called 'claim'."""
    spec = next(spec for spec in TABLES if spec.filename == "facts.csv")
    header = ["claim" if name == "statement" else name for name in spec.model.model_fields]
    rows = [
        {("claim" if key == "statement" else key): value for key, value in row.items()} for row in table("facts.csv")
    ]
    return csv_text("facts.csv", rows, header).encode("utf-8")


def ragged_row() -> bytes:
    """An events table whose bad row has one cell too many."""
    lines = csv_text("events.csv", table("events.csv")).splitlines()
    lines[2] += ",extra"
    return ("\n".join(lines) + "\n").encode("utf-8")


def unterminated_quote() -> bytes:
    """An events table whose bad row opens a quote it never closes."""
    lines = csv_text("events.csv", table("events.csv")).splitlines()
    lines[2] = lines[2].replace("A thing happened", '"A thing happened')
    return ("\n".join(lines) + "\n").encode("utf-8")


CASES: tuple[Case, ...] = (
    Case(
        "truncated-json",
        "crossings.geojson",
        lambda: dumped(layer("crossings.geojson"))[:700],
        "",
        "",
        "invalid JSON",
        "unloaded",
        "the file stops half-way through a feature",
    ),
    Case("empty-file", "crossings.geojson", lambda: b"", "", "", "file is empty", "unloaded", "zero bytes"),
    Case(
        "whitespace-only",
        "infrastructure.geojson",
        lambda: b"\n  \n",
        "",
        "",
        "file is empty",
        "unloaded",
        "only blank lines",
    ),
    Case(
        "not-a-feature-collection",
        "infrastructure.geojson",
        lambda: dumped(layer("infrastructure.geojson")["features"][GOOD]),
        "",
        "",
        "not a GeoJSON FeatureCollection",
        "unloaded",
        "a bare Feature instead of a FeatureCollection",
    ),
    Case(
        "features-not-a-list",
        "flood_areas.geojson",
        lambda: b'{"type": "FeatureCollection", "features": {}}',
        "",
        "",
        "features: missing or not a list",
        "unloaded",
        "features is an object",
    ),
    Case(
        "no-features",
        "flood_areas.geojson",
        lambda: b'{"type": "FeatureCollection", "features": []}',
        "",
        "",
        "the layer has no features",
        "unloaded",
        "an empty feature list",
    ),
    Case(
        "wrong-crs",
        "crossings.geojson",
        broken_layer("crossings.geojson", declared_crs),
        "",
        "",
        "urn:ogc:def:crs:EPSG::3857",
        "unloaded",
        "declares EPSG:3857 but holds lon/lat",
    ),
    Case(
        "bom-geojson",
        "crossings.geojson",
        lambda: b"\xef\xbb\xbf" + dumped(layer("crossings.geojson")),
        "",
        "",
        "BOM",
        "unloaded",
        "a UTF-8 byte-order mark before the JSON",
    ),
    Case(
        "non-utf8-bytes",
        "crossings.geojson",
        lambda: dumped(layer("crossings.geojson")).replace("新义州".encode(), "新义州".encode("gb2312"), 1),
        "",
        "",
        "cannot read file",
        "unloaded",
        "a name saved in GB2312, not UTF-8",
    ),
    Case(
        "wrong-geometry-type",
        "crossings.geojson",
        broken_layer(
            "crossings.geojson", bad_geometry({"type": "LineString", "coordinates": [[124.39, 40.11], [124.45, 40.15]]})
        ),
        "corpus-crossings-bad",
        "geometry.type",
        "not allowed",
        "1",
        "a LineString in the point-only crossings layer",
    ),
    Case(
        "swapped-coordinates",
        "crossings.geojson",
        broken_layer("crossings.geojson", bad_geometry({"type": "Point", "coordinates": [40.11, 124.44]})),
        "corpus-crossings-bad",
        "geometry.coordinates",
        "swapped",
        "1",
        "[lat, lon] instead of [lon, lat]",
    ),
    Case(
        "nan-coordinates",
        "crossings.geojson",
        nan_coordinates,
        "corpus-crossings-bad",
        "geometry",
        "invalid geometry",
        "1",
        "NaN coordinates",
    ),
    Case(
        "huge-coordinates",
        "crossings.geojson",
        broken_layer("crossings.geojson", bad_geometry({"type": "Point", "coordinates": [1.0e300, 40.11]})),
        "corpus-crossings-bad",
        "geometry.coordinates",
        "outside the region",
        "1",
        "a longitude of 1e300",
    ),
    Case(
        "coordinates-not-numbers",
        "crossings.geojson",
        broken_layer("crossings.geojson", bad_geometry({"type": "Point", "coordinates": ["east", "north"]})),
        "corpus-crossings-bad",
        "geometry.coordinates",
        "cannot be read",
        "1",
        "coordinates are words",
    ),
    Case(
        "null-geometry",
        "crossings.geojson",
        broken_layer("crossings.geojson", bad_geometry(None)),
        "corpus-crossings-bad",
        "geometry",
        "missing geometry",
        "1",
        "geometry: null",
    ),
    Case(
        "unclosed-ring",
        "flood_areas.geojson",
        broken_layer("flood_areas.geojson", unclosed_ring),
        "corpus-flood-areas-bad",
        "geometry.coordinates",
        "not closed",
        "1",
        "a polygon ring whose last point is not its first",
    ),
    Case(
        "self-intersecting-polygon",
        "flood_areas.geojson",
        broken_layer(
            "flood_areas.geojson",
            bad_geometry(
                {
                    "type": "Polygon",
                    "coordinates": [[[129.6, 42.4], [129.7, 42.5], [129.7, 42.4], [129.6, 42.5], [129.6, 42.4]]],
                }
            ),
        ),
        "corpus-flood-areas-bad",
        "geometry",
        "Self-intersection",
        "1",
        "a bow-tie polygon",
    ),
    Case(
        "feature-not-an-object",
        "crossings.geojson",
        broken_layer("crossings.geojson", not_a_feature),
        "#2",
        "type",
        "not a GeoJSON Feature",
        "1",
        "the number 42 in the feature list",
    ),
    Case(
        "unknown-source-id",
        "crossings.geojson",
        broken_layer("crossings.geojson", bad_props(source_ids=["no-such-source"])),
        "corpus-crossings-bad",
        "source_ids",
        "unknown source 'no-such-source'",
        "1",
        "cites a source not in sources.csv",
    ),
    Case(
        "duplicate-id",
        "crossings.geojson",
        broken_layer("crossings.geojson", same_id),
        "corpus-crossings-good",
        "id",
        "duplicate id",
        "1",
        "two features share one id",
    ),
    Case(
        "id-mismatch",
        "crossings.geojson",
        broken_layer("crossings.geojson", bad_props(id="corpus-crossings-other")),
        "corpus-crossings-bad",
        "id",
        "differs from properties.id",
        "1",
        "feature id and properties.id disagree",
    ),
    Case(
        "bad-date",
        "crossings.geojson",
        broken_layer("crossings.geojson", bad_props(date_opened="2016-02-30")),
        "corpus-crossings-bad",
        "date_opened",
        "day out of range",
        "1",
        "30 February",
    ),
    Case(
        "missing-name",
        "crossings.geojson",
        broken_layer("crossings.geojson", drop_prop("name_en")),
        "corpus-crossings-bad",
        "name_en",
        "Field required",
        "1",
        "no English name",
    ),
    Case(
        "blank-name",
        "crossings.geojson",
        broken_layer("crossings.geojson", bad_props(name_ko="   ")),
        "corpus-crossings-bad",
        "name_ko",
        "valid string",
        "1",
        "a Korean name of spaces",
    ),
    Case(
        "status-history-out-of-order",
        "infrastructure.geojson",
        broken_layer(
            "infrastructure.geojson",
            bad_props(status_history=[{"from": "2014", "status": "planned"}, {"from": "2012", "status": "operating"}]),
        ),
        "corpus-infrastructure-bad",
        "status_history",
        "comes after",
        "1",
        "2014 listed before 2012",
    ),
    Case(
        "precision-out-of-range",
        "crossings.geojson",
        broken_layer("crossings.geojson", bad_props(precision_km=0)),
        "corpus-crossings-bad",
        "precision_km",
        "greater than 0",
        "1",
        "a precision of 0 km",
    ),
    Case(
        "verified-not-boolean",
        "crossings.geojson",
        broken_layer("crossings.geojson", bad_props(verified="maybe")),
        "corpus-crossings-bad",
        "verified",
        "boolean",
        "1",
        'verified: "maybe"',
    ),
    Case(
        "unknown-property",
        "crossings.geojson",
        broken_layer("crossings.geojson", bad_props(colour="red")),
        "corpus-crossings-bad",
        "colour",
        "Extra inputs",
        "1",
        "a property the model does not know",
    ),
    Case(
        "huge-string",
        "crossings.geojson",
        broken_layer("crossings.geojson", bad_props(status="open" + "x" * 100_000)),
        "corpus-crossings-bad",
        "status",
        "Input should be",
        "1",
        "a 100,000-character status",
    ),
    Case(
        "deep-nesting",
        "crossings.geojson",
        spliced_layer(
            "crossings.geojson", '"Corpus crossings bad",', b' "deep": ' + b"[" * 100_000 + b"]" * 100_000 + b","
        ),
        "",
        "",
        "nested too deeply",
        "unloaded",
        "a property nested 100,000 lists deep (past Python's JSON parser)",
    ),
    Case(
        "huge-integer",
        "infrastructure.geojson",
        spliced_layer("infrastructure.geojson", '"Corpus infrastructure bad",', b' "big": ' + b"7" * 5_000 + b","),
        "",
        "",
        "a number has 5,000 digits",
        "unloaded",
        "a 5,000-digit integer (past Python's 4,300-digit limit)",
    ),
    Case(
        "csv-wrong-header",
        "facts.csv",
        wrong_header,
        "",
        "",
        "missing column 'statement'",
        "unloaded",
        "the statement column is called claim",
    ),
    Case(
        "csv-bom",
        "facts.csv",
        lambda: b"\xef\xbb\xbf" + csv_text("facts.csv", table("facts.csv")).encode("utf-8"),
        "",
        "",
        "unknown column '\\ufeffsource_id'",
        "unloaded",
        "a UTF-8 byte-order mark before the header",
    ),
    Case(
        "csv-header-only",
        "facts.csv",
        lambda: csv_text("facts.csv", []).encode("utf-8"),
        "",
        "",
        "table has no rows",
        "unloaded",
        "a header and no rows",
    ),
    Case("csv-ragged-row", "events.csv", ragged_row, "corpus-events-bad", "", "has 10 cells", "1", "one cell too many"),
    Case(
        "csv-unterminated-quote",
        "events.csv",
        unterminated_quote,
        "line 3",
        "",
        "invalid CSV",
        "1",
        "a quote that never closes (the rows before it are served)",
    ),
    Case(
        "csv-non-utf8",
        "events.csv",
        lambda: csv_text("events.csv", table("events.csv")).replace("Summary.", "Résumé.").encode("latin-1"),
        "",
        "",
        "cannot read file",
        "unloaded",
        "a Latin-1 é",
    ),
    Case(
        "csv-unknown-source",
        "facts.csv",
        broken_table("facts.csv", source_id="no-such-source"),
        "corpus-facts-bad",
        "source_id",
        "unknown source 'no-such-source'",
        "1",
        "cites a source not in sources.csv",
    ),
    Case(
        "csv-bad-date",
        "events.csv",
        broken_table("events.csv", date="30/11/2016"),
        "corpus-events-bad",
        "date",
        "not a date",
        "1",
        "a day-first date",
    ),
)


def write_corpus() -> None:
    """Write every case's file under CORPUS_DIR/<case>/ and the manifest."""
    for case in CASES:
        folder = CORPUS_DIR / case.case
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir()
        (folder / case.file).write_bytes(case.build())
    with MANIFEST.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=MANIFEST_FIELDS, lineterminator="\n")
        writer.writeheader()
        for case in CASES:
            writer.writerow({name: getattr(case, name) for name in MANIFEST_FIELDS})


if __name__ == "__main__":
    write_corpus()
    print(f"{len(CASES)} cases written to {CORPUS_DIR}")
