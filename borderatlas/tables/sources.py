"""The Sources & method page's tables: every source with citation counts, and what is unverified."""

from __future__ import annotations

from collections import Counter

import pandas as pd

from borderatlas import models
from borderatlas.data import Atlas
from borderatlas.registry import BASEMAP, LAYERS
from borderatlas.tables.cells import cites, feature_records, frame, number, text
from borderatlas.tables.trade import SERIES_LABELS


def citation_counts(atlas: Atlas) -> dict[str, Counter]:
    """For each source id, how many features, facts and other rows cite it."""
    counts: dict[str, Counter] = {sid: Counter() for sid in atlas.sources}
    for spec in LAYERS:
        for record in feature_records(atlas, spec.id):
            for sid in set(record.get("source_ids") or []):
                counts.setdefault(sid, Counter())["features"] += 1
    for fact in atlas.facts:
        counts.setdefault(fact.source_id, Counter())["facts"] += 1
    for event in atlas.events:
        for sid in set(event.source_ids):
            counts.setdefault(sid, Counter())["events"] += 1
    for row in [*atlas.trade_series, *atlas.flood_figures, *atlas.designations]:
        counts.setdefault(row.source_id, Counter())["figures"] += 1
    for spec in BASEMAP:
        for sid in spec.source_ids:
            counts.setdefault(sid, Counter())["basemap"] += 1
    return counts


SOURCE_COLUMNS = [
    "Title",
    "Author",
    "Publisher",
    "Published",
    "Link",
    "Kind",
    "Language",
    "Licence",
    "Features",
    "Facts",
    "Events",
    "Figures",
    "Basemap layers",
    "Note",
    "id",
]


def sources_table(atlas: Atlas) -> pd.DataFrame:
    """Every source with its bibliographic fields and how many features, facts, events and figures cite it."""
    counts = citation_counts(atlas)
    rows = [
        {
            "Title": s.title,
            "Author": text(s.author),
            "Publisher": s.publisher,
            "Published": text(s.published),
            "Link": s.url,
            "Kind": s.kind.replace("_", " "),
            "Language": s.language,
            "Licence": text(s.licence),
            "Features": counts[s.id]["features"],
            "Facts": counts[s.id]["facts"],
            "Events": counts[s.id]["events"],
            "Figures": counts[s.id]["figures"],
            "Basemap layers": counts[s.id]["basemap"],
            "Note": text(s.note),
            "id": s.id,
        }
        for s in sorted(atlas.sources.values(), key=lambda s: (s.publisher.lower(), s.published or "", s.id))
    ]
    return frame(rows, SOURCE_COLUMNS)


UNVERIFIED_FEATURE_COLUMNS = ["Layer", "Name", "Precision (km)", "Why unverified", "id"]


def unverified_features_table(atlas: Atlas) -> pd.DataFrame:
    """Every unverified map feature with its precision and verification note."""
    rows = [
        {
            "Layer": spec.title,
            "Name": r["name_en"],
            "Precision (km)": number(r.get("precision_km")),
            "Why unverified": text(r.get("verification_note")),
            "id": r["id"],
        }
        for spec in LAYERS
        for r in feature_records(atlas, spec.id)
        if not r.get("verified")
    ]
    return frame(rows, UNVERIFIED_FEATURE_COLUMNS)


UNVERIFIED_RECORD_COLUMNS = ["Table", "What", "Source", "Note", "id"]


def describe(record: object) -> str:
    """One line saying what an unverified fact, event, trade value, flood figure or designation claims."""
    if isinstance(record, models.Fact):
        return record.statement
    if isinstance(record, models.Event):
        return f"{record.date}: {record.title}"
    if isinstance(record, models.TradeValue):
        return f"{SERIES_LABELS.get(record.series, record.series)} {record.period}: {record.value:g} {record.unit}"
    if isinstance(record, models.FloodFigure):
        return f"{record.metric.replace('_', ' ')}: {record.value:g} {record.unit} (reported {record.report_date})"
    return f"{record.entity} — {record.designated_by}"


def unverified_records_table(atlas: Atlas) -> pd.DataFrame:
    """Every unverified fact, event, trade value, flood figure and designation."""
    groups = (
        ("facts", atlas.facts),
        ("events", atlas.events),
        ("trade series", atlas.trade_series),
        ("flood figures", atlas.flood_figures),
        ("designations", atlas.designations),
    )
    rows = [
        {
            "Table": table,
            "What": describe(record),
            "Source": cites(atlas, getattr(record, "source_ids", None) or [record.source_id]),
            "Note": text(record.note),
            "id": record.id,
        }
        for table, records in groups
        for record in records
        if not record.verified
    ]
    return frame(rows, UNVERIFIED_RECORD_COLUMNS)
