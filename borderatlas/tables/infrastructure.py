"""The Infrastructure page's table: projects with their dates, status on the date and sourced budgets."""

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

INFRASTRUCTURE_COLUMNS = [
    "Name",
    "中文",
    "조선말",
    "Kind",
    "Started",
    "Completed",
    "Opened",
    "Status on date",
    "Recorded status",
    "Status date",
    "Budget",
    "Budget unit",
    "Budget note",
    "Verified",
    "Precision (km)",
    "Sources",
    "id",
]


def infrastructure_table(atlas: Atlas, as_of: dt.date) -> pd.DataFrame:
    """Every infrastructure project with its kind, dates, status on the as-of date, sourced money and sources."""
    rows = [
        {
            "Name": r["name_en"],
            "中文": r["name_zh"],
            "조선말": r["name_ko"],
            "Kind": text(r.get("kind")).replace("_", " "),
            "Started": text(r.get("date_started")),
            "Completed": text(r.get("date_completed")),
            "Opened": text(r.get("date_opened")),
            "Status on date": status_text(status_at(r.get("status_history"), r["status"], as_of)),
            "Recorded status": status_text(r["status"]),
            "Status date": r["status_date"],
            "Budget": number(r.get("budget_value")),
            "Budget unit": text(r.get("budget_unit")),
            "Budget note": text(r.get("budget_note")),
            "Verified": bool(r.get("verified")),
            "Precision (km)": number(r.get("precision_km")),
            "Sources": cites(atlas, r.get("source_ids")),
            "id": r["id"],
        }
        for r in feature_records(atlas, "infrastructure")
    ]
    return frame(rows, INFRASTRUCTURE_COLUMNS)
