"""Overlay your data: CSV and GeoJSON from bytes, column detection, malformed files, limits, dates, the layer."""

from __future__ import annotations

import datetime as dt
import html
import json
import re

import folium
import numpy as np
import pytest
import streamlit_folium
from conftest import APP
from streamlit.testing.v1 import AppTest

import borderatlas.ui as ui
from borderatlas import overlay
from borderatlas.assets import walk


def geojson(*features: dict) -> bytes:
    """A FeatureCollection as bytes."""
    return json.dumps({"type": "FeatureCollection", "features": list(features)}).encode()


def feature(geometry: dict | None, **properties) -> dict:
    """One GeoJSON feature."""
    return {"type": "Feature", "geometry": geometry, "properties": properties}


POINT = {"type": "Point", "coordinates": [124.4, 40.1]}
LINE = {"type": "LineString", "coordinates": [[124.4, 40.1], [124.5, 40.2]]}
POLYGON = {"type": "Polygon", "coordinates": [[[129, 42], [129.1, 42], [129.1, 42.1], [129, 42]]]}
MULTIPOLYGON = {"type": "MultiPolygon", "coordinates": [POLYGON["coordinates"]]}


@pytest.mark.parametrize(
    "columns, lat, lon",
    [
        (["lat", "lon"], "lat", "lon"),
        (["Latitude", "Longitude"], "Latitude", "Longitude"),
        (["LAT", "LNG"], "LAT", "LNG"),
        (["name", "y", "x"], "y", "x"),
        (["lat", "long", "x"], "lat", "long"),
        ([" Lat ", "lon"], " Lat ", "lon"),
        (["x", "y", "latitude", "longitude"], "latitude", "longitude"),
        (["a", "b"], None, None),
        (["latitude_deg", "lon"], None, "lon"),
    ],
)
def test_coordinate_columns_are_detected_by_name_in_any_case(columns, lat, lon):
    """Common names for latitude and longitude are found in any case; specific names beat x/y."""
    assert overlay.detect_column(columns, overlay.LAT_NAMES) == lat
    assert overlay.detect_column(columns, overlay.LON_NAMES) == lon


@pytest.mark.parametrize(
    "name, data, count, lat_column, first",
    [
        ("ships.csv", b"name,lat,lon\nA,40.1,124.4\nB,42.5,130.1\n", 2, "lat", (40.1, 124.4)),
        ("ships.CSV", b"Name;Latitude;Longitude\nA;40,1;124,4\n", 1, "Latitude", (40.1, 124.4)),
        ("ships.tsv", b"name\tY\tX\nA\t40.1\t124.4\n", 1, "Y", (40.1, 124.4)),
        ("bom.csv", "\ufeffLAT,LNG,note\n41,128,ok\n".encode(), 1, "LAT", (41.0, 128.0)),
        ("blank-rows.csv", b"lat,lon,n\n40,124,1\n,,2\n41,125,3\n", 2, "lat", (40.0, 124.0)),
        ("latin1.csv", "lat,lon,place\n40,124,Sinŭiju café\n".encode("latin-1", "replace"), 1, "lat", (40.0, 124.0)),
        ("spaces.csv", b"lat, lon, name\n 40.5 , 124.5 , A\n", 1, "lat", (40.5, 124.5)),
    ],
)
def test_csv_points_are_read(name, data, count, lat_column, first):
    """CSV files with different delimiters, cases, BOMs and blank rows give their points."""
    result = overlay.read_overlay(name, data)
    assert len(result) == count and result.lat_column == lat_column and result.file_format == "CSV"
    assert (result.lat[0], result.lon[0]) == pytest.approx(first)


def test_blank_coordinate_rows_are_counted_as_skipped():
    """Rows with no coordinates are left out and reported."""
    result = overlay.read_overlay("s.csv", b"lat,lon,n\n40,124,1\n,,2\n41,125,3\n")
    assert result.skipped == 1 and "1 without coordinates left out" in result.summary()
    assert list(result.table["n"]) == ["1", "3"]


def test_chosen_columns_override_detection():
    """The user can name the coordinate columns when detection fails."""
    data = b"north,east,label\n40.1,124.4,A\n"
    with pytest.raises(overlay.CoordinateColumnsNeeded) as caught:
        overlay.read_overlay("p.csv", data)
    assert caught.value.columns == ("north", "east", "label")
    result = overlay.read_overlay("p.csv", data, lat_column="north", lon_column="east")
    assert (result.lat[0], result.lon[0]) == (40.1, 124.4)
    assert result.tooltip_columns == ("label",)


@pytest.mark.parametrize(
    "name, data, kinds",
    [
        ("points.geojson", geojson(feature(POINT, name="A"), feature(POINT, name="B")), ["Point", "Point"]),
        (
            "mixed.json",
            geojson(feature(POINT), feature(LINE), feature(POLYGON), feature(MULTIPOLYGON)),
            ["Point", "LineString", "Polygon", "MultiPolygon"],
        ),
        ("one.geojson", json.dumps(feature(LINE, name="road")).encode(), ["LineString"]),
        ("bare.geojson", json.dumps(POLYGON).encode(), ["Polygon"]),
        ("nulls.geojson", geojson(feature(None, name="no place"), feature(POINT, name="A")), ["Point"]),
    ],
)
def test_geojson_points_lines_and_polygons_are_read(name, data, kinds):
    """FeatureCollections, single features and bare geometries of any type are read; null geometries skipped."""
    result = overlay.read_overlay(name, data)
    assert [g["type"] for g in result.geometries] == kinds and result.file_format == "GeoJSON"
    assert len(result.table) == len(kinds)


def test_geojson_properties_become_tooltip_text():
    """Nested property values are shown as JSON text, missing ones as blanks."""
    result = overlay.read_overlay("p.geojson", geojson(feature(POINT, name="A", tags=["x", "y"]), feature(POINT)))
    assert list(result.table["name"]) == ["A", ""] and result.table["tags"][0] == '["x", "y"]'


@pytest.mark.parametrize(
    "name, data, words",
    [
        ("data.xlsx", b"PK\x03\x04", "is not a CSV or GeoJSON file"),
        ("photo.png", b"\x89PNG\r\n", "is not a CSV or GeoJSON file"),
        ("no-extension", b"lat,lon\n1,2\n", "is not a CSV or GeoJSON file"),
        ("binary.csv", b"lat,lon\n\x00\x01\x02", "not text"),
        ("empty.csv", b"", "empty"),
        ("header-only.csv", b"lat,lon\n", "No row has both"),
        ("text.csv", b"lat,lon\n40.1,124\nnorth,125\n", "Row 3: latitude"),
        ("far-north.csv", b"lat,lon\n95,124\n", "outside -90…90"),
        ("far-east.csv", b"lat,lon\n40,190\n", "outside -180…180"),
        ("projected.csv", b"x,y\n500000,4400000\n", "outside"),
        ("ragged.csv", b'lat,lon\n40,124\n"41,125\n', "could not be read"),
        ("broken.geojson", b'{"type": "FeatureCollection", "features": [', "not valid JSON"),
        ("list.json", b"[1, 2, 3]", "not GeoJSON"),
        ("config.json", b'{"name": "settings"}', "not GeoJSON"),
        ("nofeatures.geojson", b'{"type": "FeatureCollection"}', "no list of features"),
        ("empty.geojson", geojson(), "no features with a geometry"),
        ("circle.geojson", geojson(feature({"type": "Circle", "coordinates": [1, 2]})), "Unknown geometry type"),
        ("swapped.geojson", geojson(feature({"type": "Point", "coordinates": [40.1, 124.4]})), "outside"),
        (
            "shape.geojson",
            geojson(feature({"type": "LineString", "coordinates": [1, 2]})),
            "not a [longitude, latitude]",
        ),
        ("text-coords.geojson", geojson(feature({"type": "Point", "coordinates": ["a", "b"]})), "not a [longitude"),
        ("nocoords.geojson", geojson(feature({"type": "Point"})), "has no coordinates"),
    ],
)
def test_malformed_files_get_a_clear_error(name, data, words):
    """Wrong types, unreadable content, missing or out-of-range coordinates each get a one-line reason."""
    with pytest.raises(overlay.OverlayError) as caught:
        overlay.read_overlay(name, data)
    assert words in str(caught.value)


def test_csv_without_coordinate_columns_asks_for_them():
    """A CSV with no recognisable coordinate columns asks the user to choose, listing the columns."""
    with pytest.raises(overlay.CoordinateColumnsNeeded, match="choose them") as caught:
        overlay.read_overlay("trade.csv", b"port,tonnes\nDandong,12\n")
    assert caught.value.columns == ("port", "tonnes")


@pytest.mark.parametrize("chosen", [("lat", "nope"), ("nope", "lon")])
def test_chosen_column_must_exist(chosen):
    """Naming a column that is not in the file is an error, not a crash."""
    with pytest.raises(overlay.OverlayError, match="There is no column “nope”"):
        overlay.read_overlay("p.csv", b"lat,lon\n1,2\n", *chosen)


@pytest.mark.parametrize("size, limit, ok", [(100, 100, True), (101, 100, False), (10, 5, False)])
def test_size_limit(size, limit, ok):
    """Files over the size limit are refused before they are parsed."""
    data = (b"lat,lon\n" + b"1,2\n" * size)[:size]
    if ok:
        assert len(overlay.read_overlay("p.csv", data, limit=limit)) >= 1
    else:
        with pytest.raises(overlay.OverlayError, match="the limit is"):
            overlay.read_overlay("p.csv", data, limit=limit)


def test_default_size_limit_is_generous_but_bounded():
    """The default limit admits 100,000 points of a few columns and refuses files far larger."""
    assert 10 * 2**20 <= overlay.MAX_UPLOAD_BYTES <= 100 * 2**20


def test_feature_count_limit(monkeypatch):
    """More features than the map can draw quickly are refused with the count."""
    monkeypatch.setattr(overlay.read, "MAX_FEATURES", 2)
    with pytest.raises(overlay.OverlayError, match="at most 2 can be overlaid"):
        overlay.read_overlay("p.csv", b"lat,lon\n1,2\n3,4\n5,6\n")


@pytest.mark.parametrize(
    "header, values, expected",
    [
        ("date", ["2016-05-01", "2016-07-02"], "date"),
        ("Observed", ["01/05/2016", "02/07/2016"], "Observed"),
        ("when", ["2016-05-01T10:00:00Z", "2016-07-02T11:30:00+09:00"], "when"),
        ("note", ["2016-05-01", "2016-07-02"], "note"),
        ("time", ["1462060800", "1467417600"], None),
        ("name", ["Dandong", "Sinuiju"], None),
    ],
)
def test_date_column_detection(header, values, expected):
    """A column of dates is found by name first, else by content; epoch numbers and names are not dates."""
    data = ("lat,lon," + header + "\n" + "\n".join(f"40,124,{v}" for v in values)).encode()
    assert overlay.read_overlay("d.csv", data).date_column == expected


@pytest.mark.parametrize(
    "start, end, names",
    [
        (dt.date(2016, 1, 1), dt.date(2016, 12, 31), ["a", "b", "c"]),
        (dt.date(2016, 5, 1), dt.date(2016, 5, 1), ["a"]),
        (dt.date(2016, 6, 1), dt.date(2016, 12, 31), ["b", "c"]),
        (dt.date(2017, 1, 1), dt.date(2017, 12, 31), []),
    ],
)
def test_filter_by_date(start, end, names):
    """Filtering keeps the features dated within the range, inclusive, with their coordinates."""
    data = b"lat,lon,name,date\n40,124,a,2016-05-01\n41,125,b,2016-07-02\n42,126,c,2016-12-31\n43,127,d,\n"
    result = overlay.read_overlay("d.csv", data)
    assert overlay.date_range(result) == (dt.date(2016, 5, 1), dt.date(2016, 12, 31))
    shown = overlay.filter_by_date(result, start, end)
    assert list(shown.table["name"]) == names and len(shown.lat) == len(names) == len(shown.dates)


def test_geojson_filter_by_date_keeps_geometries_aligned():
    """Filtering a GeoJSON overlay keeps each geometry with its properties."""
    data = geojson(feature(POINT, day="2016-01-01"), feature(LINE, day="2016-08-01"))
    shown = overlay.filter_by_date(overlay.read_overlay("g.geojson", data), dt.date(2016, 6, 1), dt.date(2016, 12, 1))
    assert [g["type"] for g in shown.geometries] == ["LineString"] and list(shown.table["day"]) == ["2016-08-01"]


def rendered_group(result: overlay.Overlay) -> tuple[folium.FeatureGroup, str]:
    """The overlay's group added to a map, and the map's standalone HTML."""
    fmap = folium.Map(location=[41, 127], zoom_start=6, tiles=None)
    group = overlay.overlay_group(result)
    group.add_to(fmap)
    return group, fmap.get_root().render()


def random_points(count: int) -> overlay.Overlay:
    """count points in the region with a name and a date column."""
    rng = np.random.default_rng(7)
    rows = "\n".join(
        f"{a:.6f},{b:.6f},ship {i},2016-{1 + i % 12:02d}-01"
        for i, (a, b) in enumerate(zip(rng.uniform(39.5, 43, count), rng.uniform(124, 131, count)))
    )
    return overlay.read_overlay("ships.csv", ("lat,lon,name,date\n" + rows).encode())


@pytest.mark.parametrize("count", [1, 1_000, 100_000])
def test_overlay_is_one_layer_never_one_object_per_point(count):
    """However many points, the group holds one layer and no Marker; the data travels as one document. Below
    AGGREGATE_FROM it is one GeoJson layer; from it, one aggregated canvas layer (overlay.draw.OverlayClusters)."""
    group = overlay.overlay_group(random_points(count))
    elements = walk(group)
    aggregated = count >= overlay.draw.AGGREGATE_FROM
    assert sum(isinstance(e, folium.GeoJson) for e in elements) == (0 if aggregated else 1)
    assert sum(isinstance(e, overlay.draw.OverlayClusters) for e in elements) == (1 if aggregated else 0)
    assert not any(isinstance(e, (folium.Marker, folium.CircleMarker, folium.Circle)) for e in elements)
    assert len(elements) <= 6


def test_document_is_compact():
    """100,000 points with a name and a date travel in well under 50 bytes each, coordinates rounded to ~1 m."""
    result = random_points(100_000)
    document = overlay.overlay_document(result)
    assert len(document) < 100_000 * 50
    parsed = json.loads(document)
    assert len(parsed["x"]) == len(parsed["p"][0]) == 100_000
    assert max(len(str(v).split(".")[-1]) for v in parsed["x"][:1000]) <= overlay.COORDINATE_DECIMALS


def test_points_are_drawn_on_a_shared_canvas():
    """Circle markers use one shared canvas renderer, not one SVG node per point."""
    _, html = rendered_group(random_points(10))
    shared = overlay.SHARED_CANVAS.js_code
    assert html.count("L.canvas(") == html.count(shared) == 2  # the layer's and its markers' option: one canvas
    assert "new L.CircleMarker(latlng, opts)" in html


@pytest.mark.parametrize(
    "column, value",
    [
        ("<script>alert(1)</script>", "<img src=x onerror=alert(2)>"),
        ("<b>`${alert(3)}`</b>", "</script><script>alert(4)</script>"),
        ("name", "{{'geo_json_x'}} & \u2028 <i>"),
    ],
)
def test_tooltip_columns_and_values_are_escaped(column, value):
    """Column names and values reach the map's script only HTML-escaped, intact after streamlit-folium's rewrites."""
    data = json.dumps({"type": "Feature", "geometry": POINT, "properties": {column: value}}).encode()
    result = overlay.read_overlay("x.geojson", data)
    group, page = rendered_group(result)
    script = streamlit_folium._get_feature_group_string(group, folium.Map(tiles=None), 0)
    for text in (page, script):
        assert "<script>alert" not in text and "<img src" not in text and "</script><script>" not in text
        assert "<b>" not in text and "<i>" not in text
        aliases = re.search(r"let aliases = (\[.*?\]);", text).group(1)
        assert json.loads(aliases) == [html.escape(column, quote=True)]
    document = overlay.overlay_document(result)
    assert json.loads(document)["p"] == [[html.escape(value, quote=True)]]
    assert document in script


def test_feature_collection_matches_document():
    """The GeoJSON view of an overlay has the document's coordinates and escaped properties, keyed f0…fN."""
    result = overlay.read_overlay("s.csv", b"lat,lon,name\n40.123456789,124.5,<b>A</b>\n")
    collection = overlay.feature_collection(result)
    assert collection["features"][0]["geometry"]["coordinates"] == [124.5, 40.12346]
    assert collection["features"][0]["properties"] == {"f0": "&lt;b&gt;A&lt;/b&gt;"}


def uploaded(at: AppTest, name: str, data: bytes, mime: str = "text/csv") -> AppTest:
    """Upload one file to the overlay control and rerun."""
    return at.file_uploader(key="ba_overlay_file").set_value((name, data, mime)).run()


def widget_key(widgets, prefix: str) -> str:
    """The key of the first widget whose key starts with prefix."""
    return next(w.key for w in widgets if (w.key or "").startswith(prefix))


SHIPS = b"name,Latitude,LONG,seen\nA,41.1,128.2,2016-05-01\nB,40.5,125.0,2016-07-02\nC,40.6,125.1,2016-09-03\n"


@pytest.mark.parametrize(
    "name, data, summary",
    [
        ("ships.csv", SHIPS, "3 point\\(s\\) from ships\\.csv"),
        ("areas.geojson", geojson(feature(POLYGON, name="A"), feature(LINE)), "2 feature\\(s\\) from areas\\.geojson"),
    ],
)
def test_upload_control_adds_the_overlay_group(fake_map, name, data, summary):
    """Uploading a CSV or GeoJSON on the Map page draws it as its own group on top, with a summary line."""
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert "overlay" not in fake_map.group_names()
    uploaded(at, name, data)
    assert not at.exception and not at.error
    assert fake_map.group_names()[-1] == "overlay"
    assert any(summary in c.value for c in at.caption)


def test_malformed_upload_shows_a_message_and_keeps_the_map(fake_map):
    """A malformed file gets an error; the atlas's groups are still drawn, without an overlay."""
    at = uploaded(AppTest.from_file(APP, default_timeout=60).run(), "bad.geojson", b"{nope", "application/json")
    assert not at.exception
    assert "not valid JSON" in at.error[0].value and "rest of the map is unchanged" in at.error[0].value
    assert "crossings" in fake_map.group_names() and "overlay" not in fake_map.group_names()


def test_column_pickers_appear_when_detection_fails(fake_map):
    """A CSV without recognisable coordinate columns offers pickers; choosing them draws the overlay."""
    at = uploaded(AppTest.from_file(APP, default_timeout=60).run(), "p.csv", b"north,east\n40.1,124.4\n")
    assert "choose them" in at.error[0].value
    at.selectbox(key=widget_key(at.selectbox, "ba_overlay_lat_")).set_value("north").run()
    at.selectbox(key=widget_key(at.selectbox, "ba_overlay_lon_")).set_value("east").run()
    assert not at.error and fake_map.group_names()[-1] == "overlay"


def test_date_filter_narrows_the_overlay(fake_map):
    """With a date column, a range slider filters the drawn points."""
    at = uploaded(AppTest.from_file(APP, default_timeout=60).run(), "ships.csv", SHIPS)
    slider = at.slider(key=widget_key(at.slider, "ba_overlay_dates_"))
    assert slider.value == (dt.date(2016, 5, 1), dt.date(2016, 9, 3))
    slider.set_value((dt.date(2016, 6, 1), dt.date(2016, 9, 3))).run()
    assert any("2 shown for the chosen dates" in c.value for c in at.caption)
    drawn = at.session_state[ui.OVERLAY_DRAWN_KEY][1]
    assert list(drawn.table["name"]) == ["B", "C"]


def test_removing_the_file_removes_the_overlay_and_sessions_do_not_share_it(fake_map):
    """The overlay lives in its own session only and goes when the file is removed."""
    at = uploaded(AppTest.from_file(APP, default_timeout=60).run(), "ships.csv", SHIPS)
    assert fake_map.group_names()[-1] == "overlay"
    other = AppTest.from_file(APP, default_timeout=60).run()
    assert "overlay" not in fake_map.group_names() and ui.OVERLAY_KEY not in other.session_state
    at.file_uploader(key="ba_overlay_file").set_value(None).run()
    assert "overlay" not in fake_map.group_names() and ui.OVERLAY_KEY not in at.session_state


class FakeUpload:
    """What st.file_uploader returns, as far as the glue reads it."""

    def __init__(self, name: str, data: bytes):
        self.name, self.file_id, self._data = name, f"id-{name}", data

    def getvalue(self) -> bytes:
        return self._data


@pytest.mark.parametrize(
    "name, data, ok, choices",
    [
        ("ships.csv", SHIPS, True, ()),
        ("p.csv", b"north,east\n1,2\n", False, ("north", "east")),
        ("x.pdf", b"%PDF", False, ()),
    ],
)
def test_read_upload_glue_never_raises(name, data, ok, choices):
    """The glue turns any upload into a state with an overlay or an error message."""
    state = ui.read_upload(FakeUpload(name, data))
    assert (state.overlay is not None) is ok and (state.error is None) is ok and state.column_choices == choices
