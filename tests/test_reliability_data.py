"""Broken data that used to crash `validate` or the pages: layer files past Python's JSON parser, broken basemap
files, a broken sources.csv, an unreadable data folder. Each is now named in one line, and what can be served is."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import APP, open_page
from sample_data import write_sample_dataset
from streamlit.testing.v1 import AppTest

from borderatlas.__main__ import main
from borderatlas.data import load_atlas, load_basemap
from borderatlas.paths import BASEMAP_DIR, GEODATA_DIR
from borderatlas.registry import BASEMAP, PAGES

CORPUS_DIR = Path(__file__).resolve().parent / "corpus"
SAMPLE_COUNTS = {"crossings": 2, "infrastructure": 1, "flood_areas": 1}


def real_copy(tmp_path: Path, basemap: bool = False) -> Path:
    """A copy of the real geodata/ files in tmp_path/geodata, with its basemap/ files (not the detail) if asked."""
    root = tmp_path / "geodata"
    root.mkdir()
    for path in GEODATA_DIR.iterdir():
        if path.is_file():
            shutil.copy(path, root / path.name)
    if basemap:
        (root / "basemap").mkdir()
        for spec in BASEMAP:
            shutil.copy(BASEMAP_DIR / spec.filename, root / "basemap" / spec.filename)
    return root


def every_page() -> dict[str, str]:
    """Open each page of the app in turn (one AppTest session), asserting none raised; each page's warnings."""
    at = AppTest.from_file(APP, default_timeout=90).run()
    warned = {}
    for spec in PAGES:
        at = open_page(spec, at)
        assert not at.exception, (spec.id, [e.value for e in at.exception][:1])
        assert [t.value for t in at.title] == [spec.heading], spec.id
        warned[spec.id] = warnings_of(at)
    return warned


def map_page_groups(fake_map) -> set[str]:
    """The feature groups the Map page (the first page opened) handed to the map."""
    return {group.layer_name for group in fake_map.calls[0]["feature_group_to_add"]}


def warnings_of(at: AppTest) -> str:
    """The text of a page's warnings, markdown escapes removed."""
    return "\n".join(w.value for w in at.warning).replace("\\", "")


def lines_for(output: str, file: str) -> list[str]:
    """The validator's lines about one file."""
    return [line for line in output.splitlines() if line.startswith(f"geodata/{file}: ")]


# -- layer files past Python's JSON parser -------------------------------------------------------------------------


def deeply_nested(text: str) -> str:
    """The layer with a top-level member nested 100,000 lists deep."""
    return '{"deep": ' + "[" * 100_000 + "]" * 100_000 + ", " + text.lstrip()[1:]


def huge_integer(text: str) -> str:
    """The layer with a top-level member that is a 5,000-digit integer."""
    return '{"big": ' + "7" * 5_000 + ", " + text.lstrip()[1:]


LAYER_CRASHERS = [
    # (case, file, how its text is broken, words of the one line the validator prints)
    ("deep-nesting", "crossings.geojson", deeply_nested, "invalid JSON: nested too deeply"),
    ("huge-integer", "infrastructure.geojson", huge_integer, "invalid JSON: a number has 5,000 digits"),
    ("deep-nesting-areas", "flood_areas.geojson", deeply_nested, "invalid JSON: nested too deeply"),
]


@pytest.mark.parametrize("case, file, breaks, words", LAYER_CRASHERS, ids=[c[0] for c in LAYER_CRASHERS])
def test_layer_past_the_json_parser_is_named_and_the_rest_served(sample_root, capsys, case, file, breaks, words):
    """`validate` names the file in one line and exits 1; the atlas serves every other layer in full."""
    path = sample_root / file
    path.write_text(breaks(path.read_text(encoding="utf-8")), encoding="utf-8")
    assert main(["validate", str(sample_root)]) == 1
    lines = lines_for(capsys.readouterr().out, file)
    assert len(lines) == 1 and words in lines[0] and len(lines[0]) < 200, lines
    atlas = load_atlas(sample_root)
    assert [n.summary() for n in atlas.notices if n.file == f"geodata/{file}"][0].startswith(
        f"geodata/{file}: not loaded"
    )
    for layer_id, count in SAMPLE_COUNTS.items():
        assert len(atlas.layers[layer_id]) == (0 if file.startswith(layer_id) else count), layer_id


def test_every_page_serves_the_other_layers_past_a_deeply_nested_layer(tmp_path, fake_map, data_folder):
    """The corpus's 100,000-level layer: every page opens, the Map page names the file, other layers are drawn."""
    root = real_copy(tmp_path)
    shutil.copy(CORPUS_DIR / "deep-nesting" / "crossings.geojson", root / "crossings.geojson")
    data_folder(root)
    assert "geodata/crossings.geojson: not loaded" in every_page()["map"]
    assert {"infrastructure", "flood_areas"} <= map_page_groups(fake_map)


# -- the basemap ---------------------------------------------------------------------------------------------------


def bad_geometry(text: str) -> str:
    """The basemap file with its first geometry's coordinates replaced by words."""
    return text.replace('"coordinates":', '"coordinates": "none", "was":', 1)


BASEMAP_BREAKS = [
    # (case, how the file is broken, words of the validator's line)
    ("truncated", lambda text: text[: len(text) // 2], "invalid JSON at line"),
    ("empty", lambda text: "", "file is empty"),
    ("nested-too-deeply", deeply_nested, "nested too deeply"),
    ("a-bare-feature", lambda text: '{"type": "Feature", "geometry": null}', "not a GeoJSON FeatureCollection"),
    ("coordinates-are-words", bad_geometry, "geometry.coordinates: cannot be read"),
]
BASEMAP_CASES = [(spec.filename, *BASEMAP_BREAKS[0]) for spec in BASEMAP] + [
    ("land.geojson", *broken) for broken in BASEMAP_BREAKS[1:]
]


@pytest.mark.parametrize(
    "file, case, breaks, words", BASEMAP_CASES, ids=[f"{c[0].split('.')[0]}-{c[1]}" for c in BASEMAP_CASES]
)
def test_broken_basemap_file_is_named_and_left_out(tmp_path, capsys, file, case, breaks, words):
    """`validate` names the basemap file; the basemap loads without it; the atlas says it is not loaded."""
    root = real_copy(tmp_path, basemap=True)
    path = root / "basemap" / file
    path.write_text(breaks(path.read_text(encoding="utf-8")), encoding="utf-8")
    assert main(["validate", str(root)]) == 1
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"geodata/basemap/{file}: ") and words in lines[0], lines
    assert "basemap files 5 of 6" in captured.err
    assert set(load_basemap(root / "basemap")) == {spec.id for spec in BASEMAP if spec.filename != file}
    atlas = load_atlas(root)
    assert [(n.file, n.unreadable) for n in atlas.notices] == [(f"geodata/basemap/{file}", True)]
    assert atlas.nothing_served is None and all(len(frame) for frame in atlas.layers.values())


def test_every_page_opens_with_every_basemap_file_truncated(tmp_path, fake_map, data_folder):
    """All six basemap files cut in half: every page opens, and the Map page names each one as not loaded."""
    root = real_copy(tmp_path, basemap=True)
    for spec in BASEMAP:
        path = root / "basemap" / spec.filename
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    data_folder(root)
    warned = every_page()["map"]
    assert all(f"geodata/basemap/{spec.filename}: not loaded" in warned for spec in BASEMAP), warned
    assert {"crossings", "infrastructure", "flood_areas"} <= map_page_groups(fake_map)


def test_a_data_folder_without_a_basemap_uses_the_repositorys():
    """Sample and corpus folders have no basemap/: the repository's is served and checked."""
    assert set(load_basemap(GEODATA_DIR / "no-such-folder")) == set()
    assert set(load_basemap()) == {spec.id for spec in BASEMAP}


# -- sources.csv ---------------------------------------------------------------------------------------------------


def cut_in_a_quote(text: str) -> str:
    """sources.csv cut just after a quote opens, half-way through the file (the quote never closes)."""
    return text[: text.index(',"', len(text) // 2) + 2]


def cut_mid_row(text: str) -> str:
    """sources.csv cut half-way through an unquoted row."""
    start = text.index("\n", len(text) // 2) + 1
    return text[: start + text[start:].index(",") + 1]


SERVED_IN_PART = [
    # (case, how sources.csv is broken, words of its line)
    ("cut-inside-a-quote", cut_in_a_quote, "invalid CSV: unexpected end of data"),
    ("cut-mid-row", cut_mid_row, "cells, the header has"),
]


@pytest.mark.parametrize("case, breaks, words", SERVED_IN_PART, ids=[c[0] for c in SERVED_IN_PART])
def test_truncated_sources_serve_the_rows_before_the_break(tmp_path, capsys, case, breaks, words):
    """The sources before the break are served, and every record citing only those sources with them."""
    root = real_copy(tmp_path)
    text = (root / "sources.csv").read_text(encoding="utf-8")
    (root / "sources.csv").write_text(breaks(text), encoding="utf-8")
    assert main(["validate", str(root)]) == 1
    assert any(words in line for line in lines_for(capsys.readouterr().out, "sources.csv"))
    atlas, real = load_atlas(root), load_atlas()
    assert 0 < len(atlas.sources) < len(real.sources)
    assert atlas.nothing_served is None and "everything else is served" in atlas.notice_headline()
    assert sum(len(frame) for frame in atlas.layers.values()) > 0


NOTHING_SERVED = [
    # (case, the bytes of sources.csv)
    ("wrong-header", b"identifier;name\nx;y\n"),
    ("not-utf8", b"id,title\n\xff\xfe\x00garbage\n"),
    ("header-only", None),
    ("binary-garbage", bytes(range(256)) * 4),
]


def broken_sources(root: Path, data: bytes | None) -> None:
    """Replace sources.csv by these bytes (None: its header line alone)."""
    path = root / "sources.csv"
    path.write_bytes(data if data is not None else path.read_bytes().split(b"\n")[0] + b"\n")


@pytest.mark.parametrize("case, data", NOTHING_SERVED, ids=[c[0] for c in NOTHING_SERVED])
def test_unreadable_sources_say_plainly_that_nothing_can_be_served(tmp_path, capsys, case, data):
    """One line for sources.csv and one per other file, not one per record; the atlas says nothing is served."""
    root = real_copy(tmp_path)
    broken_sources(root, data)
    assert main(["validate", str(root)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) <= 9 and lines[0].startswith("geodata/sources.csv: "), lines[:12]
    assert all("cannot be read, so no source can be checked" in line for line in lines[1:]), lines
    atlas = load_atlas(root)
    assert atlas.nothing_served == (
        "Nothing can be served: geodata/sources.csv cannot be read, and every record must cite a source listed in it."
    )
    assert atlas.notice_headline() == atlas.nothing_served
    assert all(len(frame) == 0 for frame in atlas.layers.values()) and not atlas.facts and not atlas.events


def test_every_page_opens_with_unreadable_sources(tmp_path, fake_map, data_folder):
    """With sources.csv garbled every page still opens (empty), naming sources.csv in its warning."""
    root = real_copy(tmp_path)
    broken_sources(root, NOTHING_SERVED[0][1])
    data_folder(root)
    assert "geodata/sources.csv: not loaded" in every_page()["map"]


def test_the_banner_says_nothing_can_be_served(tmp_path, fake_map, data_folder):
    """The warning no longer claims that everything else is served when nothing is."""
    root = real_copy(tmp_path)
    broken_sources(root, NOTHING_SERVED[0][1])
    data_folder(root)
    warned = warnings_of(AppTest.from_file(APP, default_timeout=60).run())
    assert "Nothing can be served" in warned and "everything else is served" not in warned


# -- an unreadable data folder -------------------------------------------------------------------------------------


@pytest.fixture
def deny_folder(monkeypatch):
    """Make a folder behave as with chmod 000 (listing it, or opening or stat-ing anything in it, is refused)."""

    def deny(root: Path) -> None:
        root = root.resolve()
        real_stat, real_open, real_listdir = Path.stat, Path.open, os.listdir

        def refuse(path) -> None:
            if root in Path(path).parents or (Path(path) == root and refuse.listing):
                raise PermissionError(13, "Permission denied", str(path))

        refuse.listing = False

        def stat(self, *, follow_symlinks=True):
            refuse(self)
            return real_stat(self, follow_symlinks=follow_symlinks)

        def open_(self, *args, **kwargs):
            refuse(self)
            return real_open(self, *args, **kwargs)

        def listdir(path="."):
            refuse.listing = True
            try:
                refuse(Path(path).resolve())
            finally:
                refuse.listing = False
            return real_listdir(path)

        monkeypatch.setattr(Path, "stat", stat)
        monkeypatch.setattr(Path, "open", open_)
        monkeypatch.setattr(os, "listdir", listdir)

    return deny


def assert_one_line_for_the_folder(capsys, root: Path) -> None:
    """`validate` exits 1 with exactly one line, naming the folder, and no traceback."""
    assert main(["validate", str(root)]) == 1
    captured = capsys.readouterr()
    assert captured.out.splitlines() == ["geodata: cannot read the folder (Permission denied)"]
    assert "Traceback" not in captured.err and "basemap files 0 of 6" in captured.err


def test_unreadable_folder_is_one_line_simulated(sample_root, capsys, deny_folder):
    """A folder that refuses to be read (simulated, so it works as root too) is one line, and nothing is served."""
    deny_folder(sample_root)
    assert_one_line_for_the_folder(capsys, sample_root)
    atlas = load_atlas(sample_root)
    assert atlas.nothing_served == "Nothing can be served: the data folder geodata cannot be read (Permission denied)."
    assert [n.summary() for n in atlas.notices] == [
        "geodata: not loaded (geodata: cannot read the folder (Permission denied))"
    ]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a chmod 000 folder anyway; see the simulated test")
def test_unreadable_folder_is_one_line_for_real(tmp_path, capsys):
    """chmod 000 on the data folder: one line, no traceback."""
    root = write_sample_dataset(tmp_path / "geodata")
    root.chmod(0)
    try:
        assert_one_line_for_the_folder(capsys, root)
        assert load_atlas(root).nothing_served.startswith("Nothing can be served: the data folder geodata")
    finally:
        root.chmod(0o755)


def test_every_page_opens_with_an_unreadable_folder(tmp_path, fake_map, data_folder, deny_folder):
    """Every page opens, empty, and the Map page says the folder cannot be read."""
    root = real_copy(tmp_path)
    data_folder(root)
    deny_folder(root)
    assert "geodata: not loaded (geodata: cannot read the folder (Permission denied))" in every_page()["map"]
