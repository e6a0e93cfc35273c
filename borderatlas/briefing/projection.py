"""The graphics' projection: a transverse Mercator centred on the view, so the scale bar is true at its latitude."""

from __future__ import annotations

from dataclasses import dataclass, field

import geopandas as gpd
import pyproj
from shapely.geometry import box

from borderatlas.views import Bounds


@dataclass
class MapProjection:
    """A transverse Mercator centred on the view: near-true scale across it, grid north true on the centre line."""

    lon0: float
    lat0: float
    crs: pyproj.CRS = field(init=False)
    forward: pyproj.Transformer = field(init=False)
    proj: pyproj.Proj = field(init=False)

    def __post_init__(self) -> None:
        text = f"+proj=tmerc +lat_0={self.lat0} +lon_0={self.lon0} +k=1 +x_0=0 +y_0=0 +ellps=WGS84 +units=m +no_defs"
        self.crs = pyproj.CRS.from_proj4(text)
        self.forward = pyproj.Transformer.from_crs("EPSG:4326", self.crs, always_xy=True)
        self.proj = pyproj.Proj(self.crs)

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        """Projected metres for a longitude and latitude."""
        return self.forward.transform(lon, lat)

    def lonlat(self, x: float, y: float) -> tuple[float, float]:
        """Longitude and latitude for projected metres."""
        return self.forward.transform(x, y, direction="INVERSE")


def fitted_extent(projection: MapProjection, bbox: Bounds, aspect: float) -> Bounds:
    """The projected extent (x0, y0, x1, y1) that holds the area and has the map box's width/height ratio."""
    outline = gpd.GeoSeries([box(*bbox).segmentize(0.05)], crs="EPSG:4326").to_crs(projection.crs)
    x0, y0, x1, y1 = outline.total_bounds
    width, height = x1 - x0, y1 - y0
    if width / height < aspect:
        width = height * aspect
    else:
        height = width / aspect
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    return cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2


def projected(frame: gpd.GeoDataFrame, projection: MapProjection, clip: Bounds) -> gpd.GeoDataFrame:
    """A frame cut to a lon/lat box (with margin) and projected."""
    lon_min, lat_min, lon_max, lat_max = clip
    cut = frame.cx[lon_min - 1 : lon_max + 1, lat_min - 1 : lat_max + 1]
    return cut.to_crs(projection.crs) if len(cut) else cut
