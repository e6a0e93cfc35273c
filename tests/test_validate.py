"""The validator: table-driven bad inputs, each named by file, id and field, and the real geodata clean."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sample_data import mutated_layers, mutated_tables, sample_layers, write_sample_dataset

from borderatlas.__main__ import main
from borderatlas.data import load_atlas
from borderatlas.paths import GEODATA_DIR


def crossing(layers: dict, index: int = 0) -> dict:
    """The index-th sample crossing feature."""
    return layers["crossings.geojson"]["features"][index]


def set_prop(layer: str, key: str, value, index: int = 0):
    """A mutation that sets one property of one feature."""

    def mutate(layers):
        layers[layer]["features"][index]["properties"][key] = value

    return mutate


def del_prop(layer: str, key: str):
    """A mutation that deletes one property of the first feature."""

    def mutate(layers):
        del layers[layer]["features"][0]["properties"][key]

    return mutate


def set_geometry(layer: str, geometry: dict):
    """A mutation that replaces the first feature's geometry."""

    def mutate(layers):
        layers[layer]["features"][0]["geometry"] = geometry

    return mutate


def duplicate_first_crossing(layers):
    """Give the second crossing the first one's id."""
    for key in ("id",):
        crossing(layers, 1)[key] = "crossing-a"
    crossing(layers, 1)["properties"]["id"] = "crossing-a"


def declare_crs(layers):
    """Declare a projected CRS on the crossings file."""
    layers["crossings.geojson"]["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3857"}}


def set_cell(table: str, key: str, value):
    """A table mutation that sets one cell of the first row."""

    def mutate(tables):
        tables[table][0][key] = value

    return mutate


BOWTIE = {
    "type": "Polygon",
    "coordinates": [[[129.3, 42.4], [129.4, 42.5], [129.4, 42.4], [129.3, 42.5], [129.3, 42.4]]],
}

LAYER_CASES = [
    # (case id, mutation, file, record id, field, words in the message)
    (
        "unknown-source",
        set_prop("crossings.geojson", "source_ids", ["x"]),
        "crossings.geojson",
        "crossing-a",
        "source_ids",
        "unknown source 'x'",
    ),
    (
        "no-source",
        set_prop("crossings.geojson", "source_ids", []),
        "crossings.geojson",
        "crossing-a",
        "source_ids",
        "at least 1",
    ),
    (
        "missing-name-zh",
        del_prop("crossings.geojson", "name_zh"),
        "crossings.geojson",
        "crossing-a",
        "name_zh",
        "Field required",
    ),
    ("empty-name-ko", set_prop("crossings.geojson", "name_ko", ""), "crossings.geojson", "crossing-a", "name_ko", ""),
    (
        "bad-date",
        set_prop("crossings.geojson", "date_opened", "2016-13-01"),
        "crossings.geojson",
        "crossing-a",
        "date_opened",
        "month out of range",
    ),
    (
        "start-after-end",
        lambda layers: (
            set_prop("crossings.geojson", "date_started", "2015")(layers),
            set_prop("crossings.geojson", "date_opened", "2014-10")(layers),
        ),
        "crossings.geojson",
        "crossing-a",
        "date_opened",
        "date_started 2015 is after",
    ),
    (
        "swapped-coordinates",
        set_geometry("crossings.geojson", {"type": "Point", "coordinates": [40.11, 124.39]}),
        "crossings.geojson",
        "crossing-a",
        "geometry.coordinates",
        "swapped",
    ),
    (
        "wrong-geometry-type",
        set_geometry("crossings.geojson", BOWTIE),
        "crossings.geojson",
        "crossing-a",
        "geometry.type",
        "not allowed",
    ),
    (
        "invalid-polygon",
        set_geometry("flood_areas.geojson", BOWTIE),
        "flood_areas.geojson",
        "flood-a",
        "geometry",
        "Self-intersection",
    ),
    ("duplicate-id", duplicate_first_crossing, "crossings.geojson", "crossing-a", "id", "duplicate id"),
    (
        "unknown-status",
        set_prop("crossings.geojson", "status", "half-open"),
        "crossings.geojson",
        "crossing-a",
        "status",
        "Input should be",
    ),
    (
        "history-disagrees",
        set_prop("infrastructure.geojson", "status", "stalled"),
        "infrastructure.geojson",
        "infra-a",
        "status",
        "disagrees",
    ),
    (
        "negative-precision",
        set_prop("crossings.geojson", "precision_km", -1),
        "crossings.geojson",
        "crossing-a",
        "precision_km",
        "greater than 0",
    ),
    (
        "wrong-country-code",
        set_prop("crossings.geojson", "countries", ["China"]),
        "crossings.geojson",
        "crossing-a",
        "countries.0",
        "",
    ),
    (
        "unknown-field",
        set_prop("crossings.geojson", "colour", "red"),
        "crossings.geojson",
        "crossing-a",
        "colour",
        "Extra inputs",
    ),
    (
        "history-unknown-status",
        set_prop(
            "crossings.geojson",
            "status_history",
            [{"from": "2010", "status": "half-open"}, {"from": "2012", "status": "open"}],
        ),
        "crossings.geojson",
        "crossing-a",
        "status_history",
        "unknown status 'half-open'",
    ),
    (
        "history-out-of-order",
        set_prop(
            "crossings.geojson",
            "status_history",
            [{"from": "2014", "status": "planned"}, {"from": "2012", "status": "open"}],
        ),
        "crossings.geojson",
        "crossing-a",
        "status_history",
        "comes after",
    ),
    (
        "verified-not-bool",
        set_prop("crossings.geojson", "verified", "maybe"),
        "crossings.geojson",
        "crossing-a",
        "verified",
        "boolean",
    ),
]


@pytest.mark.parametrize("case, mutate, file, record_id, field, words", LAYER_CASES, ids=[c[0] for c in LAYER_CASES])
def test_bad_feature_is_named(tmp_path, capsys, case, mutate, file, record_id, field, words):
    """Each broken feature fails validation with a line naming file, feature id and field."""
    root = write_sample_dataset(tmp_path / "geodata", layers=mutated_layers(mutate))
    assert_named(capsys, root, f"geodata/{file}: feature '{record_id}': {field}: ", words)


def assert_named(capsys, root, expected_start: str, words: str) -> None:
    """Validation exits 1 and one of its lines starts with the file/record/field prefix and contains the words."""
    assert main(["validate", str(root)]) == 1
    lines = capsys.readouterr().out.splitlines()
    matching = [line for line in lines if line.startswith(expected_start)]
    assert matching, f"no line starts with {expected_start!r}; got {lines}"
    assert any(words in line for line in matching), matching


TABLE_CASES = [
    (
        "fact-unknown-source",
        set_cell("facts.csv", "source_id", "nobody"),
        "facts.csv",
        "fact-a",
        "source_id",
        "unknown source 'nobody'",
    ),
    (
        "fact-unknown-place",
        set_cell("facts.csv", "place_ids", "crossing-a;atlantis"),
        "facts.csv",
        "fact-a",
        "place_ids",
        "unknown feature 'atlantis'",
    ),
    ("fact-bad-topic", set_cell("facts.csv", "topic", "gossip"), "facts.csv", "fact-a", "topic", "Input should be"),
    (
        "fact-period-reversed",
        set_cell("facts.csv", "period_start", "2016-12"),
        "facts.csv",
        "fact-a",
        "period_end",
        "is after",
    ),
    (
        "fact-untranslated-quote",
        set_cell("facts.csv", "quote_lang", "zh"),
        "facts.csv",
        "fact-a",
        "quote_en",
        "translation",
    ),
    ("event-no-source", set_cell("events.csv", "source_ids", ""), "events.csv", "event-a", "source_ids", "at least 1"),
    ("event-bad-date", set_cell("events.csv", "date", "30/11/2016"), "events.csv", "event-a", "date", "not a date"),
    (
        "trade-not-a-number",
        set_cell("trade_series.csv", "value", "lots"),
        "trade_series.csv",
        "trade-a",
        "value",
        "number",
    ),
    (
        "flood-unknown-area",
        set_cell("flood_figures.csv", "area_ids", "flood-z"),
        "flood_figures.csv",
        "flood-fig-a",
        "area_ids",
        "unknown feature",
    ),
    ("source-bad-url", set_cell("sources.csv", "url", "not a url"), "sources.csv", "src-a", "url", "pattern"),
    (
        "dataset-without-licence",
        set_cell("sources.csv", "kind", "dataset"),
        "sources.csv",
        "src-a",
        "licence",
        "licence",
    ),
]


@pytest.mark.parametrize("case, mutate, file, record_id, field, words", TABLE_CASES, ids=[c[0] for c in TABLE_CASES])
def test_bad_row_is_named(tmp_path, capsys, case, mutate, file, record_id, field, words):
    """Each broken table row fails validation with a line naming file, row id and field."""
    root = write_sample_dataset(tmp_path / "geodata", tables=mutated_tables(mutate))
    assert_named(capsys, root, f"geodata/{file}: row '{record_id}': {field}: ", words)


FILE_CASES = [
    # (case id, file, contents, words)
    (
        "truncated-json",
        "crossings.geojson",
        lambda: json.dumps(sample_layers()["crossings.geojson"])[:200],
        "invalid JSON",
    ),
    ("empty-geojson", "flood_areas.geojson", lambda: "", "file is empty"),
    ("no-features", "infrastructure.geojson", lambda: '{"type": "FeatureCollection", "features": []}', "no features"),
    ("not-a-collection", "crossings.geojson", lambda: '{"type": "Feature"}', "not a GeoJSON FeatureCollection"),
    (
        "wrong-crs",
        "crossings.geojson",
        lambda: json.dumps(mutated_layers(declare_crs)["crossings.geojson"]),
        "EPSG::3857",
    ),
    ("csv-bad-header", "facts.csv", lambda: "id,topic,colour\nfact-a,trade,red\n", "unknown column 'colour'"),
    ("csv-empty", "events.csv", lambda: "", "file is empty"),
    ("csv-unclosed-quote", "designations.csv", lambda: 'id,entity\n"desig-a,DCB\n', "invalid CSV"),
]


@pytest.mark.parametrize("case, file, contents, words", FILE_CASES, ids=[c[0] for c in FILE_CASES])
def test_broken_file_is_named_and_others_survive(sample_root, capsys, case, file, contents, words):
    """A broken file is named; every other layer still loads in full."""
    (sample_root / file).write_text(contents(), encoding="utf-8")
    assert main(["validate", str(sample_root)]) == 1
    out = capsys.readouterr().out
    assert f"geodata/{file}: " in out and words in out, out
    atlas = load_atlas(sample_root)
    assert any(notice.file == f"geodata/{file}" for notice in atlas.notices)
    expected = {"crossings": 2, "infrastructure": 1, "flood_areas": 1}
    for layer_id, count in expected.items():
        if not file.startswith(layer_id):
            assert len(atlas.layers[layer_id]) == count, layer_id


def test_missing_file_is_named(sample_root, capsys):
    """A missing layer file is reported, not fatal."""
    (sample_root / "crossings.geojson").unlink()
    assert main(["validate", str(sample_root)]) == 1
    assert "geodata/crossings.geojson: file is missing" in capsys.readouterr().out


def test_sample_dataset_is_clean(sample_root, capsys):
    """The unbroken sample validates with exit code 0."""
    assert main(["validate", str(sample_root)]) == 0


def test_bad_feature_is_skipped_and_the_rest_kept(tmp_path):
    """One bad crossing is skipped; the other crossing and every other layer are served."""
    root = write_sample_dataset(
        tmp_path / "geodata", layers=mutated_layers(set_prop("crossings.geojson", "source_ids", ["x"]))
    )
    atlas = load_atlas(root)
    assert list(atlas.layers["crossings"]["id"]) == ["crossing-b"]
    assert [(n.file, n.skipped) for n in atlas.notices] == [("geodata/crossings.geojson", 1)]


def test_real_geodata_validates_clean():
    """The committed geodata/ passes the validator through the command line, as CI runs it."""
    result = subprocess.run(
        [sys.executable, "-m", "borderatlas", "validate"], capture_output=True, text=True, cwd=Path("/")
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert GEODATA_DIR.is_dir()
