"""What a click on the map means: select the clicked symbol's own record, or clear the selection.

The map component reports its last object click (with its count and the text of the clicked symbol's tooltip) and
its last click on empty map. Each symbol's tooltip ends with the feature's id, so a click selects that symbol's own
record even where several symbols share one point; the coordinate is only a fallback. A click on empty map, or Esc
(which the map reports as a click at a sentinel point far south of the region), clears the selection.

The values come from the browser, so they are read as strictly as the URL: anything malformed counts as no click.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

FEATURE_ID_IN_TOOLTIP = re.compile(r"id: ([a-z0-9][a-z0-9-]{0,79})\s*$")
"""The last line of every symbol's tooltip (see mapview.tooltip_html)."""


@dataclass(frozen=True)
class MapClicks:
    """The clicks the map last reported, each as a stamp that changes when there is a new click."""

    object_stamp: tuple | None = None
    object_point: tuple[float, float] | None = None
    object_id: str | None = None
    map_stamp: tuple | None = None


def latlng(value: object) -> tuple[float, float] | None:
    """A {"lat": …, "lng": …} value as (lat, lng), or None unless both are finite numbers in range."""
    if not isinstance(value, dict):
        return None
    lat, lng = value.get("lat"), value.get("lng")
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in (lat, lng)):
        return None
    return (float(lat), float(lng)) if -90 <= lat <= 90 and -540 <= lng <= 540 else None


def tooltip_feature_id(value: object) -> str | None:
    """The feature id at the end of a clicked symbol's tooltip text, or None."""
    if not isinstance(value, str) or len(value) > 5000:
        return None
    match = FEATURE_ID_IN_TOOLTIP.search(value)
    return match.group(1) if match else None


def read_clicks(result: object) -> MapClicks:
    """The clicks in what the map component returned (a dict from the browser; anything else is no click)."""
    if not isinstance(result, dict):
        return MapClicks()
    point = latlng(result.get("last_object_clicked"))
    count = result.get("last_object_clicked_count")
    count = count if isinstance(count, int) and not isinstance(count, bool) else None
    feature_id = tooltip_feature_id(result.get("last_object_clicked_tooltip"))
    object_stamp = (count, point, feature_id) if point is not None else None
    empty = latlng(result.get("last_clicked"))
    return MapClicks(object_stamp, point, feature_id, (empty,) if empty is not None else None)


def click_action(now: MapClicks, before: MapClicks | None) -> tuple[str, str | None] | None:
    """("select", feature id or None to look up by point), ("clear", None), or None when nothing new was clicked."""
    before = before or MapClicks()
    if now.object_stamp is not None and now.object_stamp != before.object_stamp:
        return ("select", now.object_id)
    if now.map_stamp is not None and now.map_stamp != before.map_stamp:
        return ("clear", None)
    return None


def trusted_id(feature_id: str | None, point: tuple[float, float] | None, anchors: dict) -> str | None:
    """The tooltip's feature id if the click was on that feature's own symbol (at its anchor), else None.

    The map keeps the last tooltip when a later click lands on an area or a layer without one, so an id is only
    believed when the clicked point is where that feature's symbol is anchored; otherwise the point decides.
    """
    if feature_id is None or point is None or feature_id not in anchors:
        return None
    lon, lat = anchors[feature_id]
    return feature_id if abs(lat - point[0]) < 1e-6 and abs(lon - point[1]) < 1e-6 else None


def resolve_click(
    now: MapClicks,
    before: MapClicks | None,
    anchors: dict[str, tuple[float, float]],
    feature_at: Callable[[float, float], str | None],
) -> tuple[str, str | None] | None:
    """What a new report means: ("select", id) for a click on a symbol or area, ("clear", None) for a click on empty
    map or Esc, None when nothing new happened. A layer without a tooltip (an area, a reference line) re-reports the
    last tooltip, so an object click that names no feature where it landed counts as a click on empty map."""
    action = click_action(now, before)
    if action is None or action[0] == "clear":
        return action
    feature_id = trusted_id(now.object_id, now.object_point, anchors)
    if feature_id is None and now.object_point is not None:
        feature_id = feature_at(*now.object_point)
    if feature_id is not None:
        return ("select", feature_id)
    empty_before = before.map_stamp if before else None
    return ("clear", None) if now.map_stamp is not None and now.map_stamp != empty_before else None
