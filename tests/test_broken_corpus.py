"""The broken-geodata corpus (tests/corpus/): each broken file is named by the validator, and the app still serves
everything else with a warning that names the file and what was skipped."""

from __future__ import annotations

import csv
import html
import re
import shutil
import subprocess
import sys
from pathlib import Path

import folium
import pytest
import streamlit as st
from conftest import APP
from streamlit.testing.v1 import AppTest
from test_reliability_overlay import CRASHERS, wide_csv

import borderatlas.ui as ui
import borderatlas.ui.mapframe as mapframe
from borderatlas.__main__ import main
from borderatlas.assets import walk
from borderatlas.paths import GEODATA_DIR
from borderatlas.registry import LAYERS

CORPUS_DIR = Path(__file__).resolve().parent / "corpus"
CASES = list(csv.DictReader((CORPUS_DIR / "cases.csv").open(encoding="utf-8")))
LAYER_FILES = {spec.filename: spec.id for spec in LAYERS}


def copy_with(case: dict, tmp_path: Path) -> Path:
    """A copy of the real geodata/ (its files, not the basemap) in tmp_path/geodata with the case's file swapped in."""
    root = tmp_path / "geodata"
    root.mkdir()
    for path in GEODATA_DIR.iterdir():
        if path.is_file():
            shutil.copy(path, root / path.name)
    shutil.copy(CORPUS_DIR / case["case"] / case["file"], root / case["file"])
    return root


def expected_line_start(case: dict) -> str:
    """How the validator's line for this case begins: file, then record and field when the case names them."""
    kind = "feature" if case["file"].endswith(".geojson") else "row"
    parts = [f"geodata/{case['file']}"]
    parts += [f"{kind} '{case['record']}'"] if case["record"] else []
    parts += [case["field"]] if case["field"] else []
    return ": ".join(parts) + ": "


def plain(markdown: str) -> str:
    """Markdown escaped by ui.escape_md, back as the text a reader sees."""
    return html.unescape(re.sub(r"\\(.)", r"\1", markdown))


def drawn_ids(groups: list[folium.FeatureGroup]) -> dict[str, set[str]]:
    """The feature ids drawn on the map, per data layer, from the feature groups handed to st_folium."""
    drawn = {layer_id: set() for layer_id in LAYER_FILES.values()}
    for group in groups:
        for element in walk(group):
            if isinstance(element, folium.Marker) and isinstance(element.icon, folium.DivIcon):
                found = re.search(r'data-layer="([^"]+)" data-id="([^"]+)"', element.icon.options.get("html", ""))
                if found and found.group(1) in drawn:
                    drawn[found.group(1)].add(found.group(2))
            elif group.layer_name == "flood_areas" and isinstance(element, folium.GeoJson):
                drawn["flood_areas"].update(feature["id"] for feature in element.data["features"])
    return drawn


@pytest.fixture
def map_calls(fake_map):
    """The calls st_folium's stand-in (conftest.FakeMap) received."""
    return fake_map.calls


@pytest.fixture(scope="module")
def real_drawn():
    """The ids the Map page draws per layer from the unbroken geodata/."""
    calls = []
    original = mapframe.st_folium
    mapframe.st_folium = lambda fig, **kwargs: calls.append(kwargs) or {"last_object_clicked": None}
    try:
        st.cache_resource.clear()
        at = AppTest.from_file(APP, default_timeout=60).run()
        assert not at.exception and not at.warning
    finally:
        mapframe.st_folium = original
    return drawn_ids(calls[-1]["feature_group_to_add"])


def test_corpus_holds_at_least_15_kinds_each_one_file():
    """Every manifest line has its folder with exactly the one file it replaces, and nothing is unlisted."""
    folders = {path.name for path in CORPUS_DIR.iterdir() if path.is_dir() and not path.name.startswith("__")}
    assert folders == {case["case"] for case in CASES}
    assert len(CASES) >= 15
    for case in CASES:
        assert [p.name for p in (CORPUS_DIR / case["case"]).iterdir()] == [case["file"]], case["case"]
        assert case["skipped"] == "unloaded" or int(case["skipped"]) > 0


@pytest.mark.parametrize("case", CASES, ids=[c["case"] for c in CASES])
def test_validator_names_the_problem(tmp_path, capsys, case):
    """`python -m borderatlas validate` exits 1 with a line naming the file, the record and the field."""
    root = copy_with(case, tmp_path)
    assert main(["validate", str(root)]) == 1
    lines = capsys.readouterr().out.splitlines()
    start = expected_line_start(case)
    matching = [line for line in lines if line.startswith(start)]
    assert matching, (
        f"no line starts with {start!r}; lines for the file: "
        f"{[line[:200] for line in lines if line.startswith('geodata/' + case['file'])]}"
    )
    assert any(case["message"] in line for line in matching), [line[:300] for line in matching]


@pytest.mark.parametrize("case", CASES, ids=[c["case"] for c in CASES])
def test_app_warns_and_serves_every_other_layer(tmp_path, map_calls, data_folder, real_drawn, case):
    """The app starts, warns naming the file and the count skipped, explains why, and draws every other layer."""
    data_folder(copy_with(case, tmp_path))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    warnings = [plain(w.value) for w in at.warning]
    count = "not loaded" if case["skipped"] == "unloaded" else f"{case['skipped']} record(s) skipped"
    assert any(f"geodata/{case['file']}: {count}" in w for w in warnings), warnings
    assert case["message"] in "\n".join(code.value for code in at.code)
    drawn = drawn_ids(map_calls[-1]["feature_group_to_add"])
    broken_layer = LAYER_FILES.get(case["file"])
    for layer_id, ids in real_drawn.items():
        if layer_id != broken_layer:
            assert drawn[layer_id] == ids, layer_id
    if broken_layer:
        prefix = f"corpus-{broken_layer.replace('_', '-')}"
        assert drawn[broken_layer] == (set() if case["skipped"] == "unloaded" else {f"{prefix}-good"})


def test_validator_command_runs_as_a_module(tmp_path):
    """The real command line (a subprocess) names a corpus problem and exits 1."""
    case = next(c for c in CASES if c["case"] == "swapped-coordinates")
    root = copy_with(case, tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "borderatlas", "validate", str(root)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert done.returncode == 1
    assert expected_line_start(case) in done.stdout and "swapped" in done.stdout


def big_csv() -> bytes:
    """A CSV one line over the overlay's 25 MiB limit (built only when the case runs)."""
    return b"lat,lon\n" + b"40.10000,124.40000\n" * (25 * 2**20 // 19 + 1)


HOSTILE_NAME = '<img src=x onerror="top.__pwned=1">[x](javascript:top.__pwned=2)'
FEATURE_NO_GEOMETRY = (
    b'{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": null, "properties": {}}]}'
)
OVERLAY_CASES = [
    # (case, file name, bytes (or a function making them), words of the message the user sees)
    ("over-the-size-limit", "big.csv", big_csv, "the limit is 25 MiB"),
    ("empty-file", "empty.csv", b"", "The file is empty"),
    ("wrong-type-pdf", "report.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "is not a CSV or GeoJSON file"),
    ("wrong-type-xlsx", "sheet.xlsx", b"PK\x03\x04\x14\x00\x06\x00", "is not a CSV or GeoJSON file"),
    ("binary-named-csv", "photo.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "looks binary"),
    ("truncated-geojson", "bad.geojson", b'{"type": "FeatureCollection", "features": [', "not valid JSON"),
    ("json-not-geojson", "data.json", b'{"hello": "world"}', "not GeoJSON"),
    ("geojson-without-geometry", "empty.geojson", FEATURE_NO_GEOMETRY, "no features with a geometry"),
    ("csv-unterminated-quote", "quote.csv", b'lat,lon,name\n40.1,124.4,"open\n', "could not be read"),
    ("csv-no-coordinate-columns", "people.csv", b"name,value\nA,1\nB,2\n", "No latitude/longitude columns"),
    ("csv-coordinates-are-words", "words.csv", b"lat,lon\nnorth,east\n", "is not a number"),
    ("csv-coordinates-out-of-range", "far.csv", b"lat,lon\n95,127\n", "outside"),
    ("csv-blank-coordinates", "blank.csv", b"lat,lon,name\n,,A\n,,B\n", "No row has both"),
    ("hostile-file-name", HOSTILE_NAME + ".exe", b"MZ\x90\x00", "is not a CSV or GeoJSON file"),
    ("csv-2000-columns", "wide.csv", lambda: wide_csv(2_000), "at most 200 can be overlaid"),
    *[case for case in CRASHERS if case[3] is not None],
]


def overlay_upload(name: str, data: bytes) -> AppTest:
    """The Map page with one file given to the overlay control."""
    at = AppTest.from_file(APP, default_timeout=60).run()
    return at.file_uploader(key="ba_overlay_file").set_value((name, data, "application/octet-stream")).run()


@pytest.mark.parametrize("case, name, data, words", OVERLAY_CASES, ids=[c[0] for c in OVERLAY_CASES])
def test_bad_overlay_upload_gets_a_message_and_the_map_stays(
    map_calls, data_folder, real_drawn, case, name, data, words
):
    """A bad upload is refused with a clear, escaped message; every atlas layer is still drawn and no overlay is."""
    data_folder(GEODATA_DIR)
    at = overlay_upload(name, data() if callable(data) else data)
    assert not at.exception
    errors = [plain(error.value) for error in at.error]
    assert any(words in error and "The rest of the map is unchanged" in error for error in errors), errors
    assert all("<img" not in error.value and "](javascript" not in error.value for error in at.error)
    groups = map_calls[-1]["feature_group_to_add"]
    assert "overlay" not in [group.layer_name for group in groups]
    assert drawn_ids(groups) == real_drawn


DRAWN_CRASHERS = [case[:3] for case in CRASHERS if case[3] is None]


@pytest.mark.parametrize("case, name, data", DRAWN_CRASHERS, ids=[c[0] for c in DRAWN_CRASHERS])
def test_template_syntax_upload_is_drawn(map_calls, data_folder, case, name, data):
    """Column names and property keys holding template syntax are drawn as an overlay, never compiled."""
    data_folder(GEODATA_DIR)
    at = overlay_upload(name, data)
    assert not at.exception and not at.error
    assert map_calls[-1]["feature_group_to_add"][-1].layer_name == "overlay"
    assert "{{ 6*6 }}" in at.session_state[ui.OVERLAY_DRAWN_KEY][2].document


HOSTILE_CSV = (
    b"lat,lon,name,<script>top.__pwned=1</script>,note\n"
    b'41.6,127.6,"<img src=x onerror=""top.__pwned=2"">","${top.__pwned=3}","[x](javascript:top.__pwned=4)"\n'
    b'41.7,127.7,"`+(top.__pwned=5)+`","</script><script>top.__pwned=6</script>","**bold** \\u003c"\n'
)


def test_hostile_overlay_columns_are_drawn_as_text(map_calls, data_folder):
    """Payloads in an overlay's column names and values reach the browser only HTML-escaped, and the summary too."""
    data_folder(GEODATA_DIR)
    at = overlay_upload(HOSTILE_NAME + ".csv", HOSTILE_CSV)
    assert not at.exception and not at.error
    assert map_calls[-1]["feature_group_to_add"][-1].layer_name == "overlay"
    document = at.session_state[ui.OVERLAY_DRAWN_KEY][2].document
    assert "<" not in document and ">" not in document and 'onerror=\\"' not in document
    assert "&lt;img src=x onerror=&quot;top.__pwned=2&quot;&gt;" in document
    summary = next(c.value for c in at.caption if "point(s) from" in plain(c.value))
    assert (
        "<img" not in summary and "](javascript" not in summary and "2 point(s) from " + HOSTILE_NAME in plain(summary)
    )
