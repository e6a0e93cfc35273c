"""Briefing graphics and downloads: sizes, real colours where the features are, the PDF's text, the CLI's errors."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys

import pytest
from PIL import Image
from pypdf import PdfReader

from borderatlas import downloads, export, legend, styles, views
from borderatlas.__main__ import main
from borderatlas.data import load_basemap
from borderatlas.layers import MAP_LAYER_IDS
from borderatlas.paths import REPO_DIR
from borderatlas.registry import REGION_BOUNDS

A4_POINTS = (841.89, 595.28)


@pytest.fixture(scope="module")
def basemap():
    """The offline vector basemap."""
    return load_basemap()


def run_cli(args: list[str], capsys) -> tuple[int, str, str]:
    """Run `borderatlas` in-process; return exit code, stdout and stderr (argparse errors exit via SystemExit)."""
    try:
        code = main(args)
    except SystemExit as stop:
        code = stop.code
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def squash(text: str) -> str:
    """Whitespace collapsed, so wrapped lines compare equal to the text that was wrapped."""
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize(
    "args, size, dpi",
    [
        (["--area", "tumen"], (1920, 1080), 150),
        (["--area", "dandong-sinuiju", "--dpi", "300"], (3840, 2160), 300),
        (["--area", "rason", "--size", "1280x720"], (1280, 720), 100),
    ],
)
def test_png_export_has_the_right_size_and_is_not_blank(tmp_path, capsys, args, size, dpi):
    """The PNG is 16:9 at the asked size and resolution, and carries a real picture."""
    out = tmp_path / "map.png"
    code, stdout, stderr = run_cli(["export", "--format", "png", "--output", str(out), *args], capsys)
    assert code == 0, stderr
    assert str(out) in stdout
    image = Image.open(out)
    assert image.size == size
    assert image.info["dpi"][0] == pytest.approx(dpi, abs=0.5)
    pixels = image.convert("RGB").resize((192, 108))
    colours = {pixels.getpixel((x, y)) for x in range(192) for y in range(108)}
    assert len(colours) > 300, "the image is (nearly) blank"


def test_pdf_export_is_one_a4_landscape_page_with_title_and_source_line(tmp_path, capsys, atlas):
    """The PDF is one A4 landscape page whose text has the title, subtitle, source line and disclaimer."""
    out = tmp_path / "map.pdf"
    code, _, stderr = run_cli(
        [
            "export",
            "--format",
            "pdf",
            "--area",
            "tumen",
            "--selected",
            "quanhe-wonjong-new-bridge",
            "--output",
            str(out),
        ],
        capsys,
    )
    assert code == 0, stderr
    reader = PdfReader(out)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(A4_POINTS, abs=1.5)
    text = squash(reader.pages[0].extract_text())
    view = export.ExportView(area=export.area_by_id("tumen"), selected="quanhe-wonjong-new-bridge")
    shown = export.view_frame(atlas.layers, view)
    for expected in (
        export.export_title(atlas, view),
        export.export_subtitle(view),
        export.source_line(atlas, shown, view),
        export.DISCLAIMER,
    ):
        assert squash(expected) in text
    assert "New Tumen River Bridge (Quanhe–Wonjong)" in export.export_title(atlas, view)


def test_module_command_writes_the_named_file(tmp_path):
    """`python -m borderatlas export` into a folder writes border-atlas_<area>_<date>.png there."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "borderatlas",
            "export",
            "--format",
            "png",
            "--area",
            "tumen",
            "--output",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        cwd=REPO_DIR,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "border-atlas_tumen_2016-11-30.png").stat().st_size > 100_000


def near(colour: tuple[int, int, int], expected: tuple[int, int, int], tolerance: int) -> bool:
    """True when every channel is within tolerance."""
    return all(abs(a - b) <= tolerance for a, b in zip(colour, expected))


def rgb(hex_colour: str) -> tuple[int, int, int]:
    """A #rrggbb colour as integers."""
    return tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))


def blend(top: str, under: str, alpha: float) -> tuple[int, int, int]:
    """A translucent fill over a background."""
    return tuple(round(alpha * a + (1 - alpha) * b) for a, b in zip(rgb(top), rgb(under)))


@pytest.mark.parametrize(
    "area, feature_id, expected",
    [
        ("yalu", "changbai-hyesan-bridge", rgb(styles.status_colour(styles.CROSSING_STATUS, "open"))),
        ("yalu", "jian-manpo-road-bridge", rgb(styles.status_colour(styles.CROSSING_STATUS, "completed_not_open"))),
        (
            "dandong-sinuiju",
            "new-yalu-river-bridge",
            rgb(styles.status_colour(styles.CROSSING_STATUS, "completed_not_open")),
        ),
        (
            "dandong-sinuiju",
            "hwanggumpyong-wihwa-islands-economic-zone",
            rgb(styles.status_colour(styles.INFRASTRUCTURE_STATUS, "stalled")),
        ),
        (
            "tumen",
            "flood-kp-yonsa",
            blend(styles.status_colour(styles.FLOOD_SEVERITY, "severe"), styles.LAND_COLOUR, 0.45),
        ),
        (
            "region",
            "flood-kp-musan",
            blend(styles.status_colour(styles.FLOOD_SEVERITY, "severe"), styles.LAND_COLOUR, 0.45),
        ),
    ],
)
def test_pixels_show_the_layer_colours_where_the_features_are(atlas, basemap, area, feature_id, expected):
    """At a feature's place in the saved PNG, the pixel has the colour the web map gives that feature."""
    view = export.ExportView(area=export.area_by_id(area))
    fmt = export.format_by_id("png")
    rendered = export.render(atlas, basemap, view, fmt)
    image = Image.open(io.BytesIO(export.save(rendered, fmt))).convert("RGB")
    point = atlas.feature(feature_id)["geometry"].representative_point()
    column, row = rendered.pixel_of(point.x, point.y)
    assert 0 <= column < image.width and 0 <= row < image.height
    colour = image.getpixel((column, row))
    assert near(colour, expected, 14), f"{feature_id}: pixel {colour} at {(column, row)}, expected {expected}"
    assert not near(image.getpixel((5, 5)), expected, 14), "the corner of the page should not have that colour"


@pytest.mark.parametrize(
    "styles_, section",
    [
        (styles.CROSSING_STATUS, "Crossings: status"),
        (styles.INFRASTRUCTURE_STATUS, "Infrastructure: status"),
        (styles.FLOOD_SEVERITY, "2016 floods"),
    ],
)
def test_legend_glyphs_take_the_web_legends_colours(styles_, section):
    """Every legend row of the graphic is drawn in the colour its web swatch has (one registry for both)."""
    entries = [e for e in legend.legend_entries(MAP_LAYER_IDS) if e.section == section]
    assert entries
    colours = {style.label: style.colour for style in styles_}
    checked = [entry for entry in entries if entry.label in colours]
    assert len(checked) == len({style.colour for style in styles_})
    for entry in checked:
        assert export.legend_glyph(entry).colour == colours[entry.label]


@pytest.mark.parametrize("symbol", [*styles.CROSSING_SYMBOLS])
def test_legend_glyphs_use_the_symbols_matplotlib_marker(symbol):
    """The crossing kinds are drawn with each SymbolStyle's matplotlib marker."""
    entry = next(e for e in legend.legend_entries(("crossings",)) if e.label == symbol.label)
    assert export.legend_glyph(entry).marker == symbol.mpl_marker


@pytest.mark.parametrize(
    "view, name",
    [
        (export.ExportView(area=export.area_by_id("tumen")), "border-atlas_tumen_2016-11-30.png"),
        (
            export.ExportView(area=export.area_by_id("yalu"), selected="new-yalu-river-bridge"),
            "border-atlas_yalu_new-yalu-river-bridge_2016-11-30.png",
        ),
    ],
)
def test_file_name_carries_view_and_date(view, name):
    """File names carry the area, the selection and the as-of date."""
    assert view.file_name(".png") == name


@pytest.mark.parametrize(
    "args, argument, words",
    [
        (["--layers", "crossings,volcanoes"], "--layers", "unknown layer 'volcanoes'"),
        (["--layers", ""], "--layers", "unknown layer"),
        (["--date", "2016-13-45"], "--date", "not a date"),
        (["--date", "30/11/2016"], "--date", "not a date"),
        (["--date", "2030-01-01"], "--date", "outside"),
        (["--bbox", "10,10,20,20"], "--bbox", "not a box inside the region"),
        (["--bbox", "130,42,129,43"], "--bbox", "not a box inside the region"),
        (["--bbox", "1,2,3"], "--bbox", "not four numbers"),
        (["--area", "atlantis"], "--area", "invalid choice: 'atlantis'"),
        (["--format", "gif"], "--format", "invalid choice: 'gif'"),
        (["--size", "big"], "--size", "not WIDTHxHEIGHT"),
        (["--dpi", "5"], "--dpi", "not a resolution"),
        (["--format", "pdf", "--size", "1920x1080"], "--size", "PNG only"),
        (["--selected", "no-such-place"], "--selected", "no feature with id 'no-such-place'"),
        (["--format", "pdf", "--output", "x.png"], "--output", "does not end in .pdf"),
    ],
)
def test_cli_rejects_bad_arguments_with_a_clear_message(tmp_path, capsys, args, argument, words):
    """A bad argument exits 2 with a message naming the argument; no file is written."""
    code, _, stderr = run_cli(["export", *args], capsys)
    assert code == 2
    assert f"argument {argument}" in stderr and words in stderr
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("area", export.AREAS, ids=export.AREA_IDS)
def test_named_areas_lie_in_the_region(area):
    """Every named area is a box inside the region."""
    assert export.within_region(area.bbox)


def test_web_view_area_is_trimmed_to_the_region():
    """The area of a web map view is the box it shows, cut to the region."""
    area = export.web_view_area(41.6, 127.6, 7)
    assert export.within_region(area.bbox)
    assert area.bbox[0] < 127.6 < area.bbox[2] and area.bbox[1] < 41.6 < area.bbox[3]
    assert export.web_view_area(38.2, 121.0, 5).bbox[:2] == REGION_BOUNDS[:2]


def test_cjk_font_is_found():
    """A Noto Sans CJK face is registered for Chinese and Korean labels (from PyPI or the system)."""
    assert export.cjk_font_path() is not None
    assert "CJK" in export.cjk_font_family()


@pytest.fixture(scope="module")
def tumen_view():
    """The Tumen River area with the Quanhe crossing selected."""
    return export.ExportView(area=export.area_by_id("tumen"), selected="quanhe-wonjong-new-bridge")


def test_geojson_download_holds_the_features_in_view(atlas, basemap, tumen_view):
    """GeoJSON: only features of visible layers in the area, each with its status on the as-of date."""
    collection = json.loads(downloads.features_geojson(atlas, basemap, tumen_view))
    ids = {feature["id"] for feature in collection["features"]}
    assert "quanhe-wonjong-new-bridge" in ids and "flood-kp-musan" in ids
    assert "dandong-sinuiju-friendship-bridge" not in ids
    assert all(feature["properties"]["status_on_date"] for feature in collection["features"])
    assert collection["as_of"] == "2016-11-30"


@pytest.mark.parametrize(
    "download_id, columns, key",
    [
        ("csv", downloads.FEATURE_COLUMNS, "id"),
        ("facts", downloads.FACT_COLUMNS, "source_citation"),
    ],
)
def test_csv_downloads_have_one_row_per_record_with_sources(atlas, basemap, tumen_view, download_id, columns, key):
    """The CSVs open in a spreadsheet (UTF-8 with BOM), keep CJK names, and every row names its source."""
    text = downloads.download_by_id(download_id).build(atlas, basemap, tumen_view)
    assert text.startswith(downloads.CSV_BOM)
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    assert tuple(rows[0]) == columns
    assert rows and all(row[key] for row in rows)
    if download_id == "csv":
        assert {"圈河—元汀界河公路大桥", "신두만강대교"} <= {v for row in rows for v in row.values()}
        assert all(row["sources"] for row in rows)
    else:
        assert {row["scope"] for row in rows} == {"places in view", "region-wide"}


def test_standalone_html_needs_no_server_and_no_internet(atlas, basemap, tumen_view):
    """The HTML map inlines Leaflet, links nothing on the web, and carries title, legend and source line."""
    page = downloads.standalone_html(atlas, basemap, tumen_view)
    links = set(re.findall(r"""(?:src|href)=["']([^"']+)""", page))
    assert all(link.startswith("data:") for link in links), links
    assert "data:text/javascript;base64," in page
    assert "Boundaries are shown for reference only" in page and "ba-legend" in page
    assert "<title>Border Atlas" in page


@pytest.mark.parametrize("zoom", [5, 7, 11, 14, 16])
@pytest.mark.parametrize("present", [False, True])
def test_web_view_area_keeps_its_height_at_every_zoom(zoom, present):
    """Up to zoom 16 (also as a presentation link) the area is a real box around the centre, never flat."""
    area = export.web_view_area(40.1, 124.4, zoom, height_px=576 if present else 620)
    lon_min, lat_min, lon_max, lat_max = area.bbox
    assert lon_min < 124.4 < lon_max and lat_min < 40.1 < lat_max
    assert export.within_region(area.bbox)


@pytest.mark.parametrize(
    "bbox, title",
    [
        ((124.3, 39.95, 124.5, 40.12), "Dandong–Sinuiju"),
        ((130.1, 42.2, 130.7, 42.6), "Rason and the Tumen River mouth"),
        ((123.0, 38.5, 131.5, 44.0), "China–North Korea border region"),
        ((121.0, 38.2, 121.5, 38.6), "Map view around 38.40° N, 121.25° E"),
    ],
)
def test_the_on_screen_view_is_named_after_its_area(bbox, title):
    """The area of the bounds on screen is cut to the region and takes the name of the named area holding it."""
    area = views.view_area(bbox)
    assert area.title == title and export.within_region(area.bbox)


@pytest.mark.parametrize(
    "area_id, selected, name, in_title",
    [
        (
            "dandong-sinuiju",
            "new-yalu-river-bridge",
            "border-atlas_dandong-sinuiju_new-yalu-river-bridge_2016-11-30",
            True,
        ),
        ("rason", "new-yalu-river-bridge", "border-atlas_rason_2016-11-30", False),
        ("tumen", "new-yalu-river-bridge", "border-atlas_tumen_2016-11-30", False),
        ("tumen", None, "border-atlas_tumen_2016-11-30", False),
    ],
)
def test_a_selection_outside_the_area_is_left_out_of_file_name_and_title(atlas, area_id, selected, name, in_title):
    """A selected feature outside the exported area names neither the file nor the graphic."""
    view = views.without_unseen_selection(atlas, export.ExportView(area=export.area_by_id(area_id), selected=selected))
    assert view.file_name(".png") == name + ".png"
    assert ("New Yalu River Bridge" in export.export_title(atlas, view)) == in_title


G = object()  # a glyph stand-in: only its presence marks a row's first line


@pytest.mark.parametrize(
    "lines, split",
    [
        ([("H", None, True), ("a", G, False), ("b", G, False), ("c", G, False)], 2),
        # a wrapped label at the half-way line stays whole in the first column
        ([("H", None, True), ("a", G, False), ("a, cont.", None, False), ("a, end", None, False), ("b", G, False)], 4),
        # a heading that would end the first column moves to the second
        ([("a", G, False), ("b", G, False), ("H", None, True), ("c", G, False), ("d", G, False)], 2),
        ([("a", G, False)], 1),
    ],
    ids=["even", "wrapped-label-kept-whole", "heading-not-at-foot", "one-row"],
)
def test_legend_columns_split_between_rows(lines, split):
    """The legend's second column starts at a row's first line, never inside a wrapped label."""
    from borderatlas.briefing.decorations import column_split

    assert column_split(lines) == split
