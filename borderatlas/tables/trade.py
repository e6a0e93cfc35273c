"""The Trade & sanctions page's data: headline cards, GDP growth, trade and coal series, designations."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from borderatlas import panels
from borderatlas.citations import cite
from borderatlas.data import Atlas
from borderatlas.dates import date_end, date_start
from borderatlas.tables.cells import frame, short_cite, text

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

COAL_CAP_FACTS: dict[str, tuple[str, str]] = {
    "unscr2321-coal-cap-dec-2016-usd": ("dprk_coal_exports_to_china_value", "monthly"),
    "unscr2321-coal-cap-dec-2016-tonnes": ("dprk_coal_exports_to_china_volume", "monthly"),
    "unscr2321-coal-cap-2017-usd": ("dprk_coal_exports_to_china_value", "annual"),
    "unscr2321-coal-cap-2017-tonnes": ("dprk_coal_exports_to_china_volume", "annual"),
}
"""The UNSCR 2321 coal caps (facts with a value and a period): fact id -> (the coal series in the same unit, and the
chart it is drawn on: the cap for 30 Nov-31 Dec 2016 beside the monthly values, the 2017 cap beside the annual)."""


@dataclass(frozen=True)
class Headline:
    """A metric card: label, value (a number made here and the unit from the data), the citation caption and the
    statement behind it."""

    fact_id: str
    label: str
    amount: str
    """The number as the card shows it, made from the fact's value ("-2.2%", "US$400.9 M", "7.5 M")."""
    unit: str
    """The unit after the number, as written in the data (" tonnes"), or empty: data text, to be escaped."""
    citation: panels.Citation
    statement: str
    period: str
    topic: str = ""

    @property
    def value(self) -> str:
        """The card's value as plain text: number and unit."""
        return self.amount + self.unit


def period_text(start: str | None, end: str | None) -> str:
    """A fact's period as 'start–end', one date, or empty."""
    if start and end and start != end:
        return f"{start}–{end}"
    return start or end or ""


COMPACT_SCALES = ((1e9, "bn"), (1e6, "M"), (1e3, "k"))


def compact_parts(value: float, unit: str | None) -> tuple[str, str]:
    """A large figure shortened for a metric card, as (number, unit): 400,870,018 USD -> ('US$400.9 M', ''),
    7,500,000 tonnes -> ('7.5 M', ' tonnes'); the exact value stays in the caption."""
    prefix, suffix = ("US$", "") if unit == "USD" else ("", f" {unit}" if unit else "")
    for scale, label in COMPACT_SCALES:
        if abs(value) >= scale:
            return f"{prefix}{value / scale:.1f} {label}", suffix
    return f"{prefix}{value:g}", suffix


def compact_value(value: float, unit: str | None) -> str:
    """A large figure shortened for a metric card, e.g. 400,870,018 USD -> 'US$400.9 M'."""
    return "".join(compact_parts(value, unit))


def headlines(atlas: Atlas, fact_ids: Iterable[str] = tuple(HEADLINE_FACTS)) -> list[Headline]:
    """The headline metric cards for the fact ids that exist and carry a value."""
    by_id = {fact.id: fact for fact in atlas.facts}
    cards = []
    for fact_id in fact_ids:
        fact = by_id.get(fact_id)
        if fact is None or fact.value is None:
            continue
        view = panels.FactView(fact, panels.cite(atlas, fact.source_id))
        amount, unit = (f"{fact.value:g}%", "") if fact.unit == "percent" else compact_parts(fact.value, fact.unit)
        period = period_text(fact.period_start, fact.period_end)
        if amount + unit != view.value_text and fact.unit != "percent":
            period = f"{view.value_text} · {period}" if period else view.value_text
        label = HEADLINE_FACTS.get(fact_id, fact.statement)
        cards.append(Headline(fact_id, label, amount, unit, view.citation, fact.statement, period, fact.topic))
    return cards


CARDS_PER_ROW = 3
"""At most this many metric cards side by side: at 1440 px each card then holds "US$400.9 M" and its label whole."""


def headline_rows(cards: list[Headline], per_row: int = CARDS_PER_ROW) -> list[list[Headline]]:
    """The cards in rows: one group of rows per topic (economy, sanctions, …), at most per_row cards in a row."""
    rows: list[list[Headline]] = []
    for _, group in itertools.groupby(cards, key=lambda card: card.topic):
        items = list(group)
        rows += [items[i : i + per_row] for i in range(0, len(items), per_row)]
    return rows


GDP_COLUMNS = ["place", "level", "growth", "period", "label", "statement", "source", "id"]


def gdp_growth_frame(atlas: Atlas, facts: dict[str, tuple[str, str]] = GDP_GROWTH_FACTS) -> pd.DataFrame:
    """GDP growth rates (percent) of the border provinces, region and nation, one row per fact."""
    rows = []
    for fact in atlas.facts:
        if fact.id in facts and fact.value is not None and fact.unit == "percent":
            place, level = facts[fact.id]
            period = period_text(fact.period_start, fact.period_end)
            rows.append(
                {
                    "place": place,
                    "level": level,
                    "growth": fact.value,
                    "period": period,
                    "label": f"{place} ({period})" if period else place,
                    "statement": fact.statement,
                    "source": short_cite(atlas, fact.source_id),
                    "id": fact.id,
                }
            )
    order = {fact_id: index for index, fact_id in enumerate(facts)}
    return frame(sorted(rows, key=lambda row: order[row["id"]]), GDP_COLUMNS)


TRADE_COLUMNS = [
    "series",
    "series_label",
    "period",
    "granularity",
    "start",
    "end",
    "year",
    "value",
    "unit",
    "source",
    "source_id",
    "reported",
    "verified",
    "id",
    "slot",
]


def source_label(atlas: Atlas, source_id: str) -> str:
    """A short legend label for a source: publisher and date."""
    return cite(atlas.sources, source_id, "dated_publisher").text


def trade_frame(atlas: Atlas) -> pd.DataFrame:
    """Every trade-series value as chart data, one row per source and period, never averaged.

    slot numbers the sources within a series and period, so bars sit side by side without gaps.
    """
    rows = []
    for value in atlas.trade_series:
        start, end = date_start(value.period), date_end(value.period)
        rows.append(
            {
                "series": value.series,
                "series_label": SERIES_LABELS.get(value.series, value.series),
                "period": value.period,
                "granularity": "annual" if len(value.period) == 4 else "monthly",
                "start": pd.Timestamp(start),
                "end": pd.Timestamp(end + dt.timedelta(days=1)),
                "year": start.year,
                "value": value.value,
                "unit": value.unit,
                "source": source_label(atlas, value.source_id),
                "source_id": value.source_id,
                "reported": text(value.reported),
                "verified": value.verified,
                "id": value.id,
            }
        )
    table = frame(rows, TRADE_COLUMNS)
    counts = Counter(zip(table["series"], table["period"], table["source"]))
    if any(count > 1 for count in counts.values()):
        table["source"] = [
            f"{row.source} · {row.source_id}" if counts[(row.series, row.period, row.source)] > 1 else row.source
            for row in table.itertuples()
        ]
    table = table.sort_values(["series", "start", "source"], ignore_index=True)
    table["slot"] = table.groupby(["series", "period"]).cumcount() if len(table) else []
    return table


def series_options(table: pd.DataFrame, granularity: str, series: Iterable[str] = tuple(SERIES_LABELS)) -> list[str]:
    """The series (in registry order) that have values of this granularity."""
    present = set(table.loc[table["granularity"] == granularity, "series"])
    return [name for name in series if name in present]


CAP_COLUMNS = [
    "series",
    "granularity",
    "label",
    "short_label",
    "period",
    "start",
    "end",
    "value",
    "unit",
    "source",
    "id",
]


def coal_caps(atlas: Atlas, caps: dict[str, tuple[str, str]] = COAL_CAP_FACTS) -> pd.DataFrame:
    """The coal caps as chart data: one row per cap fact that exists with a value and a period."""
    rows = []
    for fact in atlas.facts:
        if fact.id not in caps or fact.value is None or not (fact.period_start and fact.period_end):
            continue
        series, granularity = caps[fact.id]
        period = period_text(fact.period_start, fact.period_end)
        rows.append(
            {
                "series": series,
                "granularity": granularity,
                "label": f"UNSCR 2321 cap, {period}",
                "short_label": "UNSCR 2321 cap",
                "period": period,
                "start": pd.Timestamp(date_start(fact.period_start)),
                "end": pd.Timestamp(date_end(fact.period_end) + dt.timedelta(days=1)),
                "value": fact.value,
                "unit": text(fact.unit),
                "source": short_cite(atlas, fact.source_id),
                "id": fact.id,
            }
        )
    return frame(rows, CAP_COLUMNS).sort_values(["series", "start"], ignore_index=True)


COAL_TABLE_COLUMNS = ["Period", "What", "Value", "Unit", "Source", "Reported", "id"]


def coal_table(trade: pd.DataFrame, caps: pd.DataFrame, series: str) -> pd.DataFrame:
    """The values the coal charts draw for one series, and its caps, in date order: one row each, as reported."""
    rows = [
        {
            "Period": row.period,
            "What": f"{row.granularity.capitalize()} total",
            "Value": row.value,
            "Unit": row.unit,
            "Source": row.source,
            "Reported": row.reported,
            "id": row.id,
            "start": row.start,
        }
        for row in trade[trade["series"] == series].itertuples()
    ]
    rows += [
        {
            "Period": row.period,
            "What": f"{row.short_label} (exports to all states)",
            "Value": row.value,
            "Unit": row.unit,
            "Source": row.source,
            "Reported": "",
            "id": row.id,
            "start": row.start,
        }
        for row in caps[caps["series"] == series].itertuples()
    ]
    table = frame(rows, [*COAL_TABLE_COLUMNS, "start"]).sort_values(["start", "What"], ignore_index=True)
    return drop_empty_columns(table.drop(columns="start"))


def drop_empty_columns(table: pd.DataFrame, keep: Iterable[str] = ("id",)) -> pd.DataFrame:
    """The table without the columns that are empty in every row (a table without rows keeps all its columns)."""
    if table.empty:
        return table
    kept = set(keep)
    empty = [c for c in table.columns if c not in kept and all(text(v).strip() == "" for v in table[c])]
    return table.drop(columns=empty)


DESIGNATION_COLUMNS = [
    "Entity",
    "Native name",
    "Designation",
    "Designated by",
    "Instrument",
    "Date",
    "Source",
    "Verified",
    "Note",
    "id",
]


def designations_table(atlas: Atlas) -> pd.DataFrame:
    """The sanctioned entities: what each designation was, by whom, under what instrument, when, and the source."""
    rows = [
        {
            "Entity": d.entity,
            "Native name": text(d.entity_native),
            "Designation": d.designation,
            "Designated by": d.designated_by,
            "Instrument": d.instrument,
            "Date": text(d.date),
            "Source": short_cite(atlas, d.source_id),
            "Verified": d.verified,
            "Note": text(d.note),
            "id": d.id,
        }
        for d in sorted(atlas.designations, key=lambda d: (d.date or "", d.entity))
    ]
    return drop_empty_columns(frame(rows, DESIGNATION_COLUMNS))
