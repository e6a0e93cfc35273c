"""Synthetic observations over the border region: the same points for every benchmark run."""

from __future__ import annotations

import numpy as np

REGION = ((39.5, 43.0), (124.0, 131.0))
"""(lat range, lon range) the points fall in."""


def points_csv(count: int, seed: int = 2016) -> bytes:
    """count vessel-like observations as CSV: lat, lon, a name and a date in 2016."""
    rng = np.random.default_rng(seed)
    lat = rng.uniform(*REGION[0], count)
    lon = rng.uniform(*REGION[1], count)
    rows = (f"{a:.6f},{b:.6f},obs {i},2016-{1 + i % 12:02d}-{1 + i % 28:02d}" for i, (a, b) in enumerate(zip(lat, lon)))
    return ("lat,lon,name,date\n" + "\n".join(rows) + "\n").encode()
