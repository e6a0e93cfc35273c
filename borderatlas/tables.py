"""What the non-map pages show, as plain data: DataFrames and small records built from the Atlas (no Streamlit)."""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from dataclasses import dataclass
from typing import Iterable

import pandas as pd

from borderatlas import models, panels
from borderatlas.asof import event_visible, status_at
from borderatlas.data import Atlas
from borderatlas.dates import date_end, date_start
from borderatlas.registry import BASEMAP, LAYERS

NOT_YET = "not yet begun"

HEADLINE_FACTS: dict[str, str] = {
    "sinonk-liaoning-gdp-jan-sep-2016": "Liaoning GDP, Jan–Sep 2016",
    "sinonk-china-gdp-jan-sep-2016": "China GDP (national), Jan–Sep 2016",
    "sinonk-jilin-gdp-2016": "Jilin GDP, Jan–Sep 2016",
    "unscr2321-coal-cap-2017-usd": "UNSCR 2321 coal cap 2017 (value)",
    "unscr2321-coal-cap-2017-tonnes": "UNSCR 2321 coal cap 2017 (volume)",
}
"""The fact ids shown as metric cards on the trade page, with their card labels (missing ids are skipped)."""

GDP_GROWTH_FACTS: dict[str, tuple[str, str]] = {
    "sinonk-liaoning-gdp-jan-sep-2016": ("Liaoning", "province"),
    "sinonk-jilin-gdp-2016": ("Jilin", "province"),
    "northeast-gdp-h1-2016": ("North-east region", "region"),
    "sinonk-china-gdp-jan-sep-2016": ("China (national)", "national"),
}
"""Economy facts (unit percent) that are GDP growth rates: fact id -> (place label, level)."""

SERIES_LABELS: dict[str, str] = {
    "china_dprk_trade_total": "China–DPRK trade, total",
    "china_exports_to_dprk": "China's exports to the DPRK",
    "china_imports_from_dprk": "China's imports from the DPRK",
    "dprk_coal_exports_to_china_value": "DPRK coal exports to China (value)",
    "dprk_coal_exports_to_china_volume": "DPRK coal exports to China (volume)",
}
COAL_SERIES = ("dprk_coal_exports_to_china_value", "dprk_coal_exports_to_china_volume")


def text(value: object) -> str:
    """A cell value as display text: None and NaN become empty."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def join(values: Iterable[object] | None) -> str:
    """A list as one '; '-separated cell."""
    if values is None or isinstance(values, float):
        return ""
    return "; ".join(text(value) for value in values if text(value))


def status_text(status: str | None) -> str:
    """A status for display, e.g. 'under construction'; None means the feature did not exist yet."""
    return status.replace("_", " ") if status else NOT_YET


def number(value: object) -> float | None:
    """A numeric cell, or None when empty."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return float(value)


def feature_records(atlas: Atlas, layer: str) -> list[dict]:
    """A layer's features as property dicts (no geometry); empty when the layer is missing."""
    frame = atlas.layers.get(layer)
    if frame is None or not len(frame):
        return []
    return frame.drop(columns="geometry").to_dict("records")


def feature_names(atlas: Atlas) -> dict[str, str]:
    """English name of every feature, by id."""
    return {record["id"]: record["name_en"] for spec in LAYERS for record in feature_records(atlas, spec.id)}


def short_cite(atlas: Atlas, source_id: str) -> str:
    """A source in one short line: title — publisher (date)."""
    source = atlas.sources.get(source_id)
    if source is None:
        return source_id
    return f"{source.title} — {source.publisher}" + (f" ({source.published})" if source.published else "")


def cites(atlas: Atlas, source_ids: Iterable[str] | None) -> str:
    """Several sources as one cell."""
    return join(short_cite(atlas, sid) for sid in (source_ids or []))


def frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    """A DataFrame with exactly these columns, even when there are no rows."""
    return pd.DataFrame(rows, columns=columns)


CROSSING_COLUMNS = ["Name", "中文", "조선말", "River", "Mode", "Town (China)", "Town (DPRK)", "Town (Russia)",
                    "Status on date", "Recorded status", "Status date", "Opened", "Verified", "Precision (km)",
                    "Sources", "id"]


def crossings_table(atlas: Atlas, as_of: dt.date) -> pd.DataFrame:
    """Every crossing with its names, towns, status on the as-of date, verification and sources."""
    modes = {"road": "road", "rail": "rail", "road_rail": "both"}
    rows = [{
        "Name": r["name_en"], "中文": r["name_zh"], "조선말": r["name_ko"], "River": r.get("river"),
        "Mode": modes.get(r.get("mode"), text(r.get("mode"))), "Town (China)": text(r.get("town_china")),
        "Town (DPRK)": text(r.get("town_dprk")), "Town (Russia)": text(r.get("town_russia")),
        "Status on date": status_text(status_at(r.get("status_history"), r["status"], as_of)),
        "Recorded status": status_text(r["status"]), "Status date": r["status_date"],
        "Opened": text(r.get("date_opened")), "Verified": bool(r.get("verified")),
        "Precision (km)": number(r.get("precision_km")), "Sources": cites(atlas, r.get("source_ids")), "id": r["id"],
    } for r in feature_records(atlas, "crossings")]
    return frame(rows, CROSSING_COLUMNS)


INFRASTRUCTURE_COLUMNS = ["Name", "中文", "조선말", "Kind", "Started", "Completed", "Opened", "Status on date",
                          "Recorded status", "Status date", "Budget", "Budget unit", "Budget note", "Verified",
                          "Precision (km)", "Sources", "id"]


def infrastructure_table(atlas: Atlas, as_of: dt.date) -> pd.DataFrame:
    """Every infrastructure project with its kind, dates, status on the as-of date, sourced money and sources."""
    rows = [{
        "Name": r["name_en"], "中文": r["name_zh"], "조선말": r["name_ko"], "Kind": text(r.get("kind")).replace("_", " "),
        "Started": text(r.get("date_started")), "Completed": text(r.get("date_completed")),
        "Opened": text(r.get("date_opened")),
        "Status on date": status_text(status_at(r.get("status_history"), r["status"], as_of)),
        "Recorded status": status_text(r["status"]), "Status date": r["status_date"],
        "Budget": number(r.get("budget_value")), "Budget unit": text(r.get("budget_unit")),
        "Budget note": text(r.get("budget_note")), "Verified": bool(r.get("verified")),
        "Precision (km)": number(r.get("precision_km")), "Sources": cites(atlas, r.get("source_ids")), "id": r["id"],
    } for r in feature_records(atlas, "infrastructure")]
    return frame(rows, INFRASTRUCTURE_COLUMNS)


FLOOD_AREA_COLUMNS = ["Name", "中文", "조선말", "Kind", "Severity", "Approximate extent", "Verified", "Sources", "id"]


def flood_areas_table(atlas: Atlas) -> pd.DataFrame:
    """The flood-affected areas: name, county or area, severity, whether the extent is approximate."""
    rows = [{
        "Name": r["name_en"], "中文": r["name_zh"], "조선말": r["name_ko"], "Kind": text(r.get("kind")),
        "Severity": text(r.get("severity")), "Approximate extent": bool(r.get("approximate")),
        "Verified": bool(r.get("verified")), "Sources": cites(atlas, r.get("source_ids")), "id": r["id"],
    } for r in feature_records(atlas, "flood_areas")]
    return frame(rows, FLOOD_AREA_COLUMNS)


def area_scope(area_ids: list[str], names: dict[str, str]) -> str:
    """What a figure covers: one area's name, or how many areas."""
    if not area_ids:
        return "unspecified"
    if len(area_ids) == 1:
        return names.get(area_ids[0], area_ids[0])
    return f"{len(area_ids)} areas"


def reporter(atlas: Atlas, source_id: str) -> str:
    """Who reported a figure: the source's publisher (one line per reporter over time)."""
    source = atlas.sources.get(source_id)
    return source.publisher if source else source_id


FLOOD_FIGURE_COLUMNS = ["Metric", "Value", "Unit", "Covers", "Areas", "Event date", "Report date", "As of",
                        "Reported by", "Source", "Verified", "Note", "id"]


def flood_figures_table(atlas: Atlas) -> pd.DataFrame:
    """Every flood figure as reported, one row each (never merged), with its source and as-of date."""
    names = feature_names(atlas)
    figures = sorted(atlas.flood_figures, key=lambda f: (f.metric, date_start(f.report_date), f.id))
    rows = [{
        "Metric": f.metric.replace("_", " "), "Value": f.value, "Unit": f.unit,
        "Covers": area_scope(f.area_ids, names), "Areas": join(names.get(a, a) for a in f.area_ids),
        "Event date": text(f.event_date), "Report date": f.report_date, "As of": text(f.as_of),
        "Reported by": reporter(atlas, f.source_id), "Source": short_cite(atlas, f.source_id),
        "Verified": f.verified, "Note": text(f.note), "id": f.id,
    } for f in figures]
    return frame(rows, FLOOD_FIGURE_COLUMNS)


FLOOD_CHART_COLUMNS = ["metric", "value", "unit", "report_date", "report_text", "as_of", "reporter", "covers",
                       "source", "id"]


def flood_chart_frame(atlas: Atlas) -> pd.DataFrame:
    """Flood figures as chart data: one row per reported figure, dated by report date."""
    names = feature_names(atlas)
    rows = [{
        "metric": f.metric.replace("_", " "), "value": f.value, "unit": f.unit,
        "report_date": pd.Timestamp(date_start(f.report_date)), "report_text": f.report_date,
        "as_of": text(f.as_of), "reporter": reporter(atlas, f.source_id), "covers": area_scope(f.area_ids, names),
        "source": short_cite(atlas, f.source_id), "id": f.id,
    } for f in atlas.flood_figures]
    return frame(rows, FLOOD_CHART_COLUMNS).sort_values(["metric", "report_date", "id"], ignore_index=True)


def place_facts(atlas: Atlas, layer: str, as_of: dt.date | None = None) -> list[tuple[dict, list[panels.FactView]]]:
    """Each feature of a layer that has facts (reported by as_of, if given), with those facts."""
    result = []
    for record in feature_records(atlas, layer):
        facts = [fact for fact in atlas.facts if record["id"] in fact.place_ids
                 and (as_of is None or panels.reported_by(fact, as_of))]
        if facts:
            result.append((record, panels.fact_views(atlas, facts)))
    return result


def topic_facts(atlas: Atlas, topic: str) -> list[panels.FactView]:
    """Every fact on one topic, in order of report date."""
    chosen = [fact for fact in atlas.facts if fact.topic == topic]
    return panels.fact_views(atlas, sorted(chosen, key=lambda f: (f.reported or "", f.id)))


@dataclass(frozen=True)
class Headline:
    """A metric card: label, value with unit, the citation caption and the statement behind it."""

    fact_id: str
    label: str
    value: str
    citation: panels.Citation
    statement: str
    period: str


def period_text(start: str | None, end: str | None) -> str:
    """A fact's period as 'start–end', one date, or empty."""
    if start and end and start != end:
        return f"{start}–{end}"
    return start or end or ""


COMPACT_SCALES = ((1e9, "bn"), (1e6, "M"), (1e3, "k"))


def compact_value(value: float, unit: str | None) -> str:
    """A large figure shortened for a metric card, e.g. 400,870,018 USD -> 'US$400.9 M'; the exact value stays in the caption."""
    prefix, suffix = ("US$", "") if unit == "USD" else ("", f" {unit}" if unit else "")
    for scale, label in COMPACT_SCALES:
        if abs(value) >= scale:
            return f"{prefix}{value / scale:.1f} {label}{suffix}"
    return f"{prefix}{value:g}{suffix}"


def headlines(atlas: Atlas, fact_ids: Iterable[str] = tuple(HEADLINE_FACTS)) -> list[Headline]:
    """The headline metric cards for the fact ids that exist and carry a value."""
    by_id = {fact.id: fact for fact in atlas.facts}
    cards = []
    for fact_id in fact_ids:
        fact = by_id.get(fact_id)
        if fact is None or fact.value is None:
            continue
        view = panels.FactView(fact, panels.cite(atlas, fact.source_id))
        value = f"{fact.value:g}%" if fact.unit == "percent" else compact_value(fact.value, fact.unit)
        period = period_text(fact.period_start, fact.period_end)
        if value != view.value_text and fact.unit != "percent":
            period = f"{view.value_text} · {period}" if period else view.value_text
        cards.append(Headline(fact_id, HEADLINE_FACTS.get(fact_id, fact.statement), value, view.citation,
                              fact.statement, period))
    return cards


GDP_COLUMNS = ["place", "level", "growth", "period", "label", "statement", "source", "id"]


def gdp_growth_frame(atlas: Atlas, facts: dict[str, tuple[str, str]] = GDP_GROWTH_FACTS) -> pd.DataFrame:
    """GDP growth rates (percent) of the border provinces, region and nation, one row per fact."""
    rows = []
    for fact in atlas.facts:
        if fact.id in facts and fact.value is not None and fact.unit == "percent":
            place, level = facts[fact.id]
            period = period_text(fact.period_start, fact.period_end)
            rows.append({"place": place, "level": level, "growth": fact.value, "period": period,
                         "label": f"{place} ({period})" if period else place, "statement": fact.statement,
                         "source": short_cite(atlas, fact.source_id), "id": fact.id})
    order = {fact_id: index for index, fact_id in enumerate(facts)}
    return frame(sorted(rows, key=lambda row: order[row["id"]]), GDP_COLUMNS)


TRADE_COLUMNS = ["series", "series_label", "period", "granularity", "start", "end", "year", "value", "unit",
                 "source", "source_id", "reported", "verified", "id", "slot"]


def source_label(atlas: Atlas, source_id: str) -> str:
    """A short legend label for a source: publisher and date."""
    source = atlas.sources.get(source_id)
    if source is None:
        return source_id
    return f"{source.publisher} ({source.published})" if source.published else source.publisher


def trade_frame(atlas: Atlas) -> pd.DataFrame:
    """Every trade-series value as chart data, one row per source and period, never averaged.

    slot numbers the sources within a series and period, so bars sit side by side without gaps.
    """
    rows = []
    for value in atlas.trade_series:
        start, end = date_start(value.period), date_end(value.period)
        rows.append({
            "series": value.series, "series_label": SERIES_LABELS.get(value.series, value.series),
            "period": value.period, "granularity": "annual" if len(value.period) == 4 else "monthly",
            "start": pd.Timestamp(start), "end": pd.Timestamp(end + dt.timedelta(days=1)), "year": start.year,
            "value": value.value, "unit": value.unit, "source": source_label(atlas, value.source_id),
            "source_id": value.source_id, "reported": text(value.reported), "verified": value.verified,
            "id": value.id,
        })
    table = frame(rows, TRADE_COLUMNS)
    counts = Counter(zip(table["series"], table["period"], table["source"]))
    if any(count > 1 for count in counts.values()):
        table["source"] = [f"{row.source} · {row.source_id}" if counts[(row.series, row.period, row.source)] > 1
                           else row.source for row in table.itertuples()]
    table = table.sort_values(["series", "start", "source"], ignore_index=True)
    table["slot"] = table.groupby(["series", "period"]).cumcount() if len(table) else []
    return table


def series_options(table: pd.DataFrame, granularity: str, series: Iterable[str] = tuple(SERIES_LABELS)) -> list[str]:
    """The series (in registry order) that have values of this granularity."""
    present = set(table.loc[table["granularity"] == granularity, "series"])
    return [name for name in series if name in present]


DESIGNATION_COLUMNS = ["Entity", "Native name", "Designation", "Designated by", "Instrument", "Date", "Source",
                       "Verified", "Note", "id"]


def designations_table(atlas: Atlas) -> pd.DataFrame:
    """The sanctioned entities: what each designation was, by whom, under what instrument, when, and the source."""
    rows = [{
        "Entity": d.entity, "Native name": text(d.entity_native), "Designation": d.designation,
        "Designated by": d.designated_by, "Instrument": d.instrument, "Date": text(d.date),
        "Source": short_cite(atlas, d.source_id), "Verified": d.verified, "Note": text(d.note), "id": d.id,
    } for d in sorted(atlas.designations, key=lambda d: (d.date or "", d.entity))]
    return frame(rows, DESIGNATION_COLUMNS)


@dataclass(frozen=True)
class EventView:
    """A timeline entry: the event, the places it concerns (id, name) and its citations."""

    event: models.Event
    places: list[tuple[str, str]]
    citations: list[panels.Citation]


def event_topics(atlas: Atlas) -> list[str]:
    """The topics that occur among the events, in vocabulary order."""
    present = {event.topic for event in atlas.events}
    return [topic for topic in models.EventTopic.__args__ if topic in present]


def timeline(atlas: Atlas, topics: Iterable[str] = (), as_of: dt.date | None = None) -> list[EventView]:
    """Events in date order, limited to the topics (all when empty) and to those begun by as_of (all when None)."""
    wanted = set(topics)
    names = feature_names(atlas)
    return [EventView(event, [(pid, names[pid]) for pid in event.place_ids if pid in names],
                      [panels.cite(atlas, sid) for sid in event.source_ids])
            for event in sorted(atlas.events, key=lambda e: (date_start(e.date), e.id))
            if (not wanted or event.topic in wanted) and (as_of is None or event_visible(event.date, as_of))]


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


SOURCE_COLUMNS = ["Title", "Author", "Publisher", "Published", "Link", "Kind", "Language", "Licence", "Features",
                  "Facts", "Events", "Figures", "Basemap layers", "Note", "id"]


def sources_table(atlas: Atlas) -> pd.DataFrame:
    """Every source with its bibliographic fields and how many features, facts, events and figures cite it."""
    counts = citation_counts(atlas)
    rows = [{
        "Title": s.title, "Author": text(s.author), "Publisher": s.publisher, "Published": text(s.published),
        "Link": s.url, "Kind": s.kind.replace("_", " "), "Language": s.language, "Licence": text(s.licence),
        "Features": counts[s.id]["features"], "Facts": counts[s.id]["facts"], "Events": counts[s.id]["events"],
        "Figures": counts[s.id]["figures"], "Basemap layers": counts[s.id]["basemap"], "Note": text(s.note),
        "id": s.id,
    } for s in sorted(atlas.sources.values(), key=lambda s: (s.publisher.lower(), s.published or "", s.id))]
    return frame(rows, SOURCE_COLUMNS)


UNVERIFIED_FEATURE_COLUMNS = ["Layer", "Name", "Precision (km)", "Why unverified", "id"]


def unverified_features_table(atlas: Atlas) -> pd.DataFrame:
    """Every unverified map feature with its precision and verification note."""
    rows = [{"Layer": spec.title, "Name": r["name_en"], "Precision (km)": number(r.get("precision_km")),
             "Why unverified": text(r.get("verification_note")), "id": r["id"]}
            for spec in LAYERS for r in feature_records(atlas, spec.id) if not r.get("verified")]
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
    groups = (("facts", atlas.facts), ("events", atlas.events), ("trade series", atlas.trade_series),
              ("flood figures", atlas.flood_figures), ("designations", atlas.designations))
    rows = [{"Table": table, "What": describe(record),
             "Source": cites(atlas, getattr(record, "source_ids", None) or [record.source_id]),
             "Note": text(record.note), "id": record.id}
            for table, records in groups for record in records if not record.verified]
    return frame(rows, UNVERIFIED_RECORD_COLUMNS)
