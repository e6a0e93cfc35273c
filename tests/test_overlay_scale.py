"""Large overlays: the per-zoom aggregation (counts, containment, NaN and edge coordinates, determinism), the
aggregated document, and the session cache that builds an overlay's payload once."""

from __future__ import annotations

import base64
import json
import zlib

import numpy as np
import pytest

import borderatlas.ui.overlay as ui_overlay
from borderatlas import overlay
from borderatlas.overlay import aggregate, draw


def region_points(count: int, seed: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """count random (lon, lat) over the border region, a quarter of them in one dense spot."""
    rng = np.random.default_rng(seed)
    lon, lat = rng.uniform(124, 131, count), rng.uniform(39.5, 43, count)
    lon[: count // 4], lat[: count // 4] = rng.normal(124.4, 0.01, count // 4), rng.normal(40.1, 0.01, count // 4)
    return lon, lat


@pytest.mark.parametrize("count", [1, 2_000, 100_000])
def test_counts_add_up_to_the_points_in_every_band(count):
    """Each band's counts add up to the number of points; every cell holds at least one point."""
    lon, lat = region_points(count)
    for band in aggregate.bands(lon, lat):
        assert int(band.count.sum()) == count
        assert band.count.min() >= 1
        assert len({(int(i), int(j)) for i, j in zip(band.ix, band.iy)}) == len(band)


def test_cells_contain_their_points_and_their_mean_position():
    """Every point lies in the bounds of its own cell, and each cell's mean position lies inside it too."""
    lon, lat = region_points(5_000)
    for band in aggregate.bands(lon, lat):
        ix, iy = aggregate.cell_index(lon, lat, band.zoom)
        cells = {(int(i), int(j)): k for k, (i, j) in enumerate(zip(band.ix, band.iy))}
        counted = np.zeros(len(band), dtype=int)
        for x, y, i, j in zip(lon, lat, ix, iy):
            west, south, east, north = aggregate.cell_bounds(band.zoom, int(i), int(j))
            assert west <= x <= east and south <= y <= north
            counted[cells[(int(i), int(j))]] += 1
        assert counted.tolist() == band.count.tolist()
        for k in range(len(band)):
            west, south, east, north = aggregate.cell_bounds(band.zoom, int(band.ix[k]), int(band.iy[k]))
            assert west - 1e-9 <= band.lon[k] <= east + 1e-9 and south - 1e-9 <= band.lat[k] <= north + 1e-9
            first = band.first[k]
            assert (ix[first], iy[first]) == (band.ix[k], band.iy[k])


def test_a_cell_of_one_point_is_that_point():
    """A cell holding one point is at that point's position and names it as its first point."""
    lon, lat = np.array([124.5, 130.5]), np.array([40.0, 42.5])
    band = aggregate.band(lon, lat, 10)
    assert band.count.tolist() == [1, 1]
    assert band.lon.tolist() == lon.tolist() and band.lat.tolist() == lat.tolist()
    assert band.first.tolist() == [0, 1]


def test_nan_and_edge_coordinates():
    """Points without valid coordinates are left out; the poles, the antimeridian and 0/0 fall in edge cells."""
    lon = np.array([np.nan, 124.0, 180.0, -180.0, 0.0, 10.0, np.inf, 200.0])
    lat = np.array([40.0, np.nan, 90.0, -90.0, 0.0, 85.06, 1.0, 1.0])
    for band in aggregate.bands(lon, lat):
        n = aggregate.cells_per_world(band.zoom)
        assert int(band.count.sum()) == 4
        assert band.ix.min() >= 0 and band.ix.max() <= n - 1 and band.iy.min() >= 0 and band.iy.max() <= n - 1
        assert set(band.first.tolist()) <= {2, 3, 4, 5}
    ix, iy = aggregate.cell_index(np.array([180.0, -180.0]), np.array([90.0, -90.0]), 5)
    n = aggregate.cells_per_world(5)
    assert ix.tolist() == [n - 1, 0] and iy.tolist() == [0, n - 1]
    assert aggregate.band(np.array([]), np.array([]), 7).count.tolist() == []


def test_aggregation_is_deterministic():
    """The same points give the same cells in the same order, and the same document, however often it is built."""
    lon, lat = region_points(20_000)
    first, second = aggregate.bands(lon, lat), aggregate.bands(lon.copy(), lat.copy())
    for a, b in zip(first, second):
        for field in ("ix", "iy", "count", "lon", "lat", "first"):
            assert getattr(a, field).tolist() == getattr(b, field).tolist()
    data = points_overlay(3_000)
    assert draw.clustered_document(data) == draw.clustered_document(data)


def test_bands_get_finer_with_zoom():
    """A band at a higher zoom has at least as many cells; the first is coarse, the last near the points."""
    bands = aggregate.bands(*region_points(100_000))
    sizes = [len(band) for band in bands]
    assert sizes == sorted(sizes) and sizes[0] < 50 and sizes[-1] > 1_000
    assert [band.zoom for band in bands] == list(aggregate.BAND_ZOOMS)
    assert aggregate.POINTS_ZOOM > max(aggregate.BAND_ZOOMS)


def points_overlay(count: int, seed: int = 5) -> overlay.Overlay:
    """count points read from a CSV with a name (unique) and a kind (repeating) column."""
    lon, lat = region_points(count, seed)
    rows = "\n".join(f"{a:.6f},{b:.6f},ship {i},kind {i % 3}" for i, (a, b) in enumerate(zip(lat, lon)))
    return overlay.read_overlay("ships.csv", ("lat,lon,name,kind\n" + rows).encode())


def inflated(text: str) -> bytes:
    """A packed field of the document as bytes."""
    return zlib.decompress(base64.b64decode(text))


def test_document_carries_bands_and_every_point_with_its_text():
    """The aggregated document: band counts add up; the packed points decode to the overlay's coordinates and
    tooltip values, in the same order, the first point of each cell being one of its points."""
    data = points_overlay(5_000)
    document = json.loads(draw.clustered_document(data))
    assert document["n"] == 5_000 and document["fields"] == ["name", "kind"]
    assert all(sum(band["c"]) == 5_000 for band in document["bands"])
    planes = np.frombuffer(inflated(document["xy"]), dtype=np.uint8).reshape(2, 4, -1)
    x_diff, y = (np.ascontiguousarray(p.T).view("<i4").reshape(-1) for p in planes)
    lon, lat = np.cumsum(x_diff) / 1e5, y / 1e5
    columns = json.loads(inflated(document["cols"]))
    names = columns[0]["v"]
    kinds = [columns[1]["d"][k] for k in columns[1]["k"]]
    original = {name: (round(x, 5), round(y, 5)) for name, x, y in zip(data.table["name"], data.lon, data.lat)}
    assert sorted(names) == sorted(original)
    for name, kind, x, y in zip(names, kinds, lon, lat):
        assert original[name] == pytest.approx((x, y), abs=1e-9)
        assert kind == f"kind {int(name.split()[1]) % 3}"
    assert list(lon) == sorted(lon)


def test_large_point_overlays_are_aggregated_and_shapes_are_not():
    """From AGGREGATE_FROM points (CSV or a GeoJSON of Points) the overlay is aggregated; lines and areas never."""
    assert draw.is_aggregated(points_overlay(draw.AGGREGATE_FROM))
    assert not draw.is_aggregated(points_overlay(draw.AGGREGATE_FROM - 1))
    features = [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [124 + i * 1e-3, 40]}, "properties": {}}
        for i in range(draw.AGGREGATE_FROM)
    ]
    points = overlay.read_overlay("p.geojson", json.dumps({"type": "FeatureCollection", "features": features}).encode())
    assert draw.is_aggregated(points)
    line = {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[124, 40], [125, 41]]}}
    mixed = overlay.read_overlay(
        "m.geojson", json.dumps({"type": "FeatureCollection", "features": [*features, line]}).encode()
    )
    assert not draw.is_aggregated(mixed)


@pytest.mark.parametrize("value", ["</script><script>alert(1)</script>", "{{ 7*7 }} <img src=x onerror=alert(2)>"])
def test_aggregated_text_is_never_markup_or_template_source(value):
    """Hostile values are carried as data (deflated JSON text, drawn with DOM text nodes): the map's script holds
    none of them in the clear, and the rendered group is not re-templated."""
    import folium
    import streamlit_folium

    data = overlay.read_overlay("h.csv", ("lat,lon,name\n" + f"40.1,124.4,{value}\n" * 2_500).encode())
    group = overlay.overlay_group(data)
    script = streamlit_folium._get_feature_group_string(group, folium.Map(tiles=None), 0)
    assert "<script>" not in script and "<img" not in script and "7*7" not in script
    document = json.loads(draw.clustered_document(data))
    assert json.loads(inflated(document["cols"])) == [{"d": [value], "k": [0] * 2_500}]


class FakeUpload:
    """What st.file_uploader returns, as far as the glue reads it."""

    def __init__(self, name: str, data: bytes, file_id: str):
        self.name, self.file_id, self._data = name, file_id, data

    def getvalue(self) -> bytes:
        return self._data


def test_a_second_build_with_the_same_overlay_reuses_the_session_cache(monkeypatch):
    """The payload is built once per file content, columns and dates: reruns, and the same file uploaded again,
    reuse it (the builder is not called again); other dates build a new one, which replaces the old."""
    state: dict = {}
    monkeypatch.setattr(ui_overlay.st, "session_state", state)
    calls = []
    real = ui_overlay.overlay_payload
    monkeypatch.setattr(ui_overlay, "overlay_payload", lambda shown: calls.append(len(shown)) or real(shown))
    data = "\n".join(f"40.{i:04d},124.5,ship {i}" for i in range(3_000)).encode()
    first = ui_overlay.read_upload(FakeUpload("ships.csv", b"lat,lon,name\n" + data, "upload-1"))
    for _ in range(3):  # three reruns
        ui_overlay.remember_drawn_overlay(first, first.overlay, None)
        groups = ui_overlay.overlay_groups()
    assert calls == [3_000] and len(groups) == 1
    again = ui_overlay.read_upload(FakeUpload("ships.csv", b"lat,lon,name\n" + data, "upload-2"))
    ui_overlay.remember_drawn_overlay(again, again.overlay, None)
    assert calls == [3_000]
    payload = state[ui_overlay.OVERLAY_DRAWN_KEY][2]
    assert payload.aggregated and payload.digest
    ui_overlay.remember_drawn_overlay(again, again.overlay, ("2016-01-01", "2016-02-01"))
    assert calls == [3_000, 3_000] and state[ui_overlay.OVERLAY_DRAWN_KEY][2] is not payload
