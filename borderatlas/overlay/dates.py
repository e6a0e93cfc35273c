"""The overlay's dates: find its date column and filter it to a chosen range."""

from __future__ import annotations

import datetime as dt
import warnings
from dataclasses import replace

import pandas as pd

from borderatlas.overlay.model import DATE_NAME_RE, DATE_PARSE_SHARE, DATE_SAMPLE, Overlay, OverlayError


def parse_dates(values: pd.Series) -> pd.Series:
    """Text values as dates (datetime64, day precision, NaT where not a date); the format is inferred once."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        parsed = pd.to_datetime(values.where(values.str.strip() != ""), errors="coerce", utc=True)
    return parsed.dt.tz_convert(None).dt.normalize()


def mostly_dates(values: pd.Series) -> bool:
    """Whether at least DATE_PARSE_SHARE of these (non-blank) values parse as dates."""
    return bool(parse_dates(values).notna().mean() >= DATE_PARSE_SHARE)


def detect_date_column(overlay: Overlay) -> str | None:
    """A column whose values are mostly dates: named like a date first, then any other text column.

    Each column is tried on a small sample first, so a wide file of text costs little (dates parse one by one when
    no format can be inferred).
    """
    candidates = [c for c in overlay.table.columns if c not in (overlay.lat_column, overlay.lon_column)]
    named = [c for c in candidates if DATE_NAME_RE.search(str(c))]
    for column in named + [c for c in candidates if c not in named]:
        values = overlay.table[column]
        present = values[values.str.strip() != ""].iloc[:500]
        if present.empty or pd.to_numeric(present, errors="coerce").notna().mean() > 0.5:
            continue
        sample = present.iloc[:DATE_SAMPLE]
        if mostly_dates(sample) and (len(sample) == len(present) or mostly_dates(present)):
            return column
    return None


def with_dates(overlay: Overlay, date_column: str | None = None) -> Overlay:
    """The overlay with its date column (given, or detected) parsed."""
    if date_column is not None and date_column not in overlay.table.columns:
        raise OverlayError(f"There is no column “{date_column}” in the file.")
    column = date_column or detect_date_column(overlay)
    if column is None:
        return overlay
    return replace(overlay, date_column=column, dates=parse_dates(overlay.table[column]))


def date_range(overlay: Overlay) -> tuple[dt.date, dt.date] | None:
    """The first and last date in the overlay's date column, or None without one."""
    if overlay.dates is None or overlay.dates.isna().all():
        return None
    return overlay.dates.min().date(), overlay.dates.max().date()


def filter_by_date(overlay: Overlay, start: dt.date, end: dt.date) -> Overlay:
    """Only the features dated start…end (inclusive); undated features are left out while filtering."""
    if overlay.dates is None:
        return overlay
    keep = ((overlay.dates >= pd.Timestamp(start)) & (overlay.dates <= pd.Timestamp(end))).to_numpy(dtype=bool)
    return replace(
        overlay,
        table=overlay.table[keep].reset_index(drop=True),
        lat=None if overlay.lat is None else overlay.lat[keep],
        lon=None if overlay.lon is None else overlay.lon[keep],
        geometries=None if overlay.geometries is None else tuple(g for g, k in zip(overlay.geometries, keep) if k),
        dates=overlay.dates[keep].reset_index(drop=True),
    )
