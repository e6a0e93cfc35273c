"""The Crossings page's table: every crossing with both towns, mode, status on the date and sources."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from borderatlas.asof import status_at
from borderatlas.data import Atlas
from borderatlas.tables.cells import (
    cites,
    feature_records,
    frame,
    number,
    status_text,
    text,
)

CROSSING_COLUMNS = [
    "Name",
    "中文",
    "조선말",
    "River",
    "Mode",
    "Town (China)",
    "Town (DPRK)",
    "Town (Russia)",
    "Status on date",
    "Recorded status",
    "Status date",
    "Opened",
    "Verified",
    "Precision (km)",
    "Sources",
    "id",
]


def crossings_table(atlas: Atlas, as_of: dt.date) -> pd.DataFrame:
    """Every crossing with its names, towns, status on the as-of date, verification and sources."""
    modes = {"road": "road", "rail": "rail", "road_rail": "both"}
    rows = [
        {
            "Name": r["name_en"],
            "中文": r["name_zh"],
            "조선말": r["name_ko"],
            "River": r.get("river"),
            "Mode": modes.get(r.get("mode"), text(r.get("mode"))),
            "Town (China)": text(r.get("town_china")),
            "Town (DPRK)": text(r.get("town_dprk")),
            "Town (Russia)": text(r.get("town_russia")),
            "Status on date": status_text(status_at(r.get("status_history"), r["status"], as_of)),
            "Recorded status": status_text(r["status"]),
            "Status date": r["status_date"],
            "Opened": text(r.get("date_opened")),
            "Verified": bool(r.get("verified")),
            "Precision (km)": number(r.get("precision_km")),
            "Sources": cites(atlas, r.get("source_ids")),
            "id": r["id"],
        }
        for r in feature_records(atlas, "crossings")
    ]
    return frame(rows, CROSSING_COLUMNS)
