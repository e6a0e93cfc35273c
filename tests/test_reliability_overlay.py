"""Overlay uploads that used to crash the Map page, and files that used to pin the server: each one now ends as a
clear message (or, where the file is fine, a correct drawing), found before any expensive work is done."""

from __future__ import annotations

import json

import folium
import pytest

import borderatlas.ui as ui
import borderatlas.ui.overlay as ui_overlay
from borderatlas import overlay


def point_file(coordinates: list, **extra) -> bytes:
    """A GeoJSON FeatureCollection of one point with these coordinates (and extra feature members)."""
    feature = {"type": "Feature", "geometry": {"type": "Point", "coordinates": coordinates}, "properties": {"a": 1}}
    return json.dumps({"type": "FeatureCollection", "features": [{**feature, **extra}]}).encode()


def nested(levels: int) -> bytes:
    """A feature whose one property is a list nested this many levels deep."""
    head = b'{"type": "Feature", "geometry": {"type": "Point", "coordinates": [124.4, 40.1]}, "properties": {"x": '
    return head + b"[" * levels + b"]" * levels + b"}}"


HUGE_INTEGER = point_file([124.4, 40.1]).replace(b'"a": 1', b'"a": ' + b"7" * 5000)
TEMPLATE_CSV = b"lat,lon,{{ 7*7 }},{% if true %}x{% endif %},{# hidden #}\n40.1,124.4,{{ 6*6 }},b,c\n"
TEMPLATE_GEOJSON = json.dumps(
    {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [124.4, 40.1]},
        "properties": {"{{ 7*7 }}": "{{ 6*6 }}", "{% if true %}x{% endif %}": "b", "{# hidden #}": "{#"},
    }
).encode()


CRASHERS = [
    # (case, file name, bytes, words of the message; None when the file is fine and must be drawn)
    ("altitude-is-a-string", "alt.geojson", point_file([124.4, 40.1, "high"]), "altitude"),
    ("altitude-is-null", "alt.geojson", point_file([124.4, 40.1, None]), "altitude"),
    ("altitude-is-nan", "alt.geojson", b'{"type": "Point", "coordinates": [124.4, 40.1, NaN]}', "altitude"),
    ("collection-without-geometries", "gc.geojson", b'{"type": "GeometryCollection"}', "no list of geometries"),
    (
        "properties-a-list",
        "p.geojson",
        point_file([124.4, 40.1], properties=[1, 2]),
        "properties are a list, not an object",
    ),
    ("properties-a-string", "p.geojson", point_file([124.4, 40.1], properties="x"), "not an object"),
    ("nested-100000-levels", "deep.geojson", nested(100_000), "nested too deeply"),
    ("number-of-5000-digits", "big.geojson", HUGE_INTEGER, "5,000 digits"),
    ("duplicate-columns-after-trimming", "dup.csv", b"lat,lat ,lon\n40.1,40.2,124.4\n", "two columns named “lat”"),
    ("template-syntax-in-csv-columns", "t.csv", TEMPLATE_CSV, None),
    ("template-syntax-in-geojson-keys", "t.geojson", TEMPLATE_GEOJSON, None),
]


def drawn_html(result: overlay.Overlay) -> str:
    """The overlay drawn on a folium map, rendered to the page's HTML."""
    fmap = folium.Map(location=[40, 125], zoom_start=6)
    overlay.overlay_group(result).add_to(fmap)
    return fmap.get_root().render()


@pytest.mark.parametrize("case, name, data, words", CRASHERS, ids=[c[0] for c in CRASHERS])
def test_crasher_is_refused_with_a_message_or_drawn(case, name, data, words):
    """The reader raises only OverlayError, naming what is wrong; a file it accepts draws without error."""
    if words is not None:
        with pytest.raises(overlay.OverlayError) as caught:
            overlay.read_overlay(name, data)
        message = str(caught.value)
        assert words in message and "\n" not in message and len(message) < 300, message
        return
    result = overlay.read_overlay(name, data)
    page = drawn_html(result)
    assert len(result) == 1 and result.tooltip_columns[:3] == ("{{ 7*7 }}", "{% if true %}x{% endif %}", "{# hidden #}")
    assert "{{ 7*7 }}" in page and "{{ 6*6 }}" in page and "{# hidden #}" in page
    assert ">49<" not in page and ">36<" not in page


@pytest.mark.parametrize("case, name, data, words", CRASHERS, ids=[c[0] for c in CRASHERS])
def test_upload_glue_turns_every_crasher_into_a_state(case, name, data, words):
    """The Streamlit glue's reader never raises: an overlay, or an error the page shows."""
    state = ui.read_upload(FakeUpload(name, data))
    if words is None:
        assert state.error is None and state.overlay is not None
    else:
        assert state.overlay is None and words in state.error


class FakeUpload:
    """What st.file_uploader returns, as far as the glue reads it."""

    def __init__(self, name: str, data: bytes):
        self.name, self.file_id, self._data = name, f"id-{name}", data

    def getvalue(self) -> bytes:
        return self._data


def test_an_empty_geometry_collection_is_left_out_like_a_feature_without_geometry():
    """A GeometryCollection with an empty list draws nothing, so it is counted as left out, not drawn."""
    empty = {"type": "Feature", "geometry": {"type": "GeometryCollection", "geometries": []}, "properties": {}}
    point = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [124.4, 40.1]}, "properties": {}}
    result = overlay.read_overlay(
        "gc.geojson", json.dumps({"type": "FeatureCollection", "features": [empty, point]}).encode()
    )
    assert len(result) == 1 and result.skipped == 1
    with pytest.raises(overlay.OverlayError, match="no features with a geometry"):
        overlay.read_overlay("gc.geojson", json.dumps({"type": "FeatureCollection", "features": [empty]}).encode())


@pytest.mark.parametrize(
    "coordinates", [[124.4, 40.1, 12.5], [124.4, 40.1, 0], [124.4, 40.1, -3, 7]], ids=["float", "zero", "with-m"]
)
def test_numeric_altitudes_are_still_accepted(coordinates):
    """A third (and fourth) number is fine; only non-numbers and NaN are refused."""
    result = overlay.read_overlay("alt.geojson", point_file(coordinates))
    assert "124.4" in overlay.overlay_document(result)


def wide_csv(columns: int, rows: int = 5) -> bytes:
    """A CSV with lat, lon and this many more short text columns."""
    header = "lat,lon," + ",".join(f"c{i}" for i in range(columns))
    body = [f"40.1,124.4,{','.join(f'w{r}{i}' for i in range(columns))}" for r in range(rows)]
    return ("\n".join([header, *body]) + "\n").encode()


def long_line(vertices: int) -> bytes:
    """A GeoJSON LineString with this many vertices."""
    coordinates = [[124.0 + i * 1e-6, 40.0] for i in range(vertices)]
    return json.dumps({"type": "LineString", "coordinates": coordinates}).encode()


def two_lines(vertices: int) -> bytes:
    """A GeometryCollection of two LineStrings of this many vertices each (the limit counts them together)."""
    line = json.loads(long_line(vertices))
    return json.dumps({"type": "GeometryCollection", "geometries": [line, line]}).encode()


def many_keys(keys: int) -> bytes:
    """Points whose properties together use this many distinct keys."""
    features = [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [124.4, 40.1]}, "properties": {f"k{i}": i}}
        for i in range(keys)
    ]
    return json.dumps({"type": "FeatureCollection", "features": features}).encode()


def long_cell(chars: int) -> bytes:
    """A CSV whose one note is this many characters long."""
    return f"lat,lon,note\n40.1,124.4,short\n40.2,124.5,{'x' * chars}\n".encode()


LIMITS = [
    # (case, file name, bytes builder, words of the refusal)
    ("csv-2000-columns", "wide.csv", lambda: wide_csv(2_000), "2,002 columns; at most 200"),
    ("csv-20000-columns", "wider.csv", lambda: wide_csv(20_000, rows=40), "20,002 columns; at most 200"),
    ("csv-long-column-name", "name.csv", lambda: b"lat,lon," + b"n" * 3_000 + b"\n1,2,3\n", "3,000 characters"),
    ("csv-long-cell", "note.csv", lambda: long_cell(5_000), "Row 3, column “note”: 5,000 characters"),
    ("csv-long-quoted-cell", "q.csv", lambda: b'lat,lon,note\n40.1,124.4,"' + b"x,\n" * 700 + b'"\n', "2,100 char"),
    ("geojson-million-vertices", "line.geojson", lambda: long_line(1_000_000), "1,000,002 JSON lists and objects"),
    ("geojson-300000-vertices", "line.geojson", lambda: long_line(300_000), "more than 200,000 vertices"),
    ("geojson-vertices-over-shapes", "lines.geojson", lambda: two_lines(100_001), "more than 200,000 vertices"),
    ("json-of-empty-objects", "o.json", lambda: b"[" + b"{}," * 1_100_000 + b"{}]", "JSON lists and objects"),
    ("geojson-many-keys", "keys.geojson", lambda: many_keys(250), "more than 200 different property names"),
    (
        "geojson-long-value",
        "v.geojson",
        lambda: point_file([124.4, 40.1], properties={"d": "y" * 4_000}),
        "4,000 characters",
    ),
]


@pytest.mark.parametrize("case, name, build, words", LIMITS, ids=[c[0] for c in LIMITS])
def test_over_limit_file_is_refused_with_the_limit_named(case, name, build, words):
    """Columns, vertices, distinct properties and text length are bounded, and the message names the limit."""
    with pytest.raises(overlay.OverlayError) as caught:
        overlay.read_overlay(name, build())
    assert words in str(caught.value), str(caught.value)


@pytest.mark.parametrize(
    "name, data",
    [
        ("wide.csv", wide_csv(198)),
        ("line.geojson", long_line(200_000)),
        ("keys.geojson", many_keys(200)),
        ("note.csv", long_cell(2_000)),
    ],
    ids=["198+2-columns", "200000-vertices", "200-keys", "2000-char-cell"],
)
def test_files_at_the_limits_are_read(name, data):
    """Exactly at each limit the file is still read."""
    assert len(overlay.read_overlay(name, data)) >= 1


def test_limits_are_named_constants_and_in_the_upload_help():
    """The limits are stated where the user sees them."""
    assert (overlay.MAX_COLUMNS, overlay.MAX_VERTICES, overlay.MAX_CELL_CHARS) == (200, 200_000, 2_000)
    for words in ("200 columns", "200,000 vertices", "2,000 characters"):
        assert words in ui_overlay.OVERLAY_HELP


def test_date_detection_samples_before_parsing_a_whole_column(monkeypatch):
    """A text column that is clearly not dates is given up on after a small sample, not 500 values."""
    from borderatlas.overlay import dates

    sizes = []
    real = dates.parse_dates
    monkeypatch.setattr(dates, "parse_dates", lambda values: sizes.append(len(values)) or real(values))
    rows = "\n".join(f"40.1,124.4,word{i}" for i in range(600))
    result = overlay.read_overlay("w.csv", f"lat,lon,name\n{rows}\n".encode())
    assert result.date_column is None and max(sizes) <= overlay.DATE_SAMPLE
