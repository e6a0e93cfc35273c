"""A flood area's reported figures for its panel: own figures and combined ones apart, latest per metric first."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from borderatlas import citations, models
from borderatlas.data import Atlas
from borderatlas.dates import date_start

METRIC_WORDS: dict[str, str] = {
    "deaths": "Deaths",
    "missing": "Missing",
    "injured": "Injured",
    "displaced": "Displaced",
    "homeless": "Homeless",
    "affected_people": "People affected",
    "homes_damaged": "Homes damaged",
    "homes_destroyed": "Homes destroyed",
}
"""Each metric in words, in the order the table lists them."""


@dataclass(frozen=True)
class AreaFigure:
    """One reported figure as the panel's table shows it."""

    metric: str
    value: str
    covers: str
    reported: str
    source: str
    latest: bool
    """True for the newest report of this metric for this coverage (by the as-of date)."""


def number_text(value: float, unit: str) -> str:
    """A figure with thousands separators and its unit: "13,000 persons"."""
    number = f"{value:,.0f}" if value == int(value) else f"{value:,}"
    return f"{number} {unit}".strip()


def covers_text(figure: models.FloodFigure, area_id: str) -> str:
    """Whose figure it is: this area alone, or several areas counted together (not this area's share)."""
    if figure.area_ids == [area_id]:
        return "this area"
    return f"{len(figure.area_ids)} areas together, not this area alone"


def area_figures(atlas: Atlas, area_id: str, as_of: dt.date) -> list[AreaFigure]:
    """The figures reported by the as-of date that count this area: own figures first, latest per metric first."""
    chosen = [f for f in atlas.flood_figures if area_id in f.area_ids and date_start(f.report_date) <= as_of]
    order = list(METRIC_WORDS)

    def group(figure: models.FloodFigure) -> tuple:
        return (len(figure.area_ids) > 1, order.index(figure.metric) if figure.metric in order else len(order))

    newest: dict[tuple, dt.date] = {}
    for figure in chosen:
        newest[group(figure)] = max(newest.get(group(figure), dt.date.min), date_start(figure.report_date))
    rows = [
        (
            not date_start(figure.report_date) == newest[group(figure)],
            group(figure),
            -date_start(figure.report_date).toordinal(),
            figure.id,
            AreaFigure(
                metric=METRIC_WORDS.get(figure.metric, figure.metric.replace("_", " ")),
                value=number_text(figure.value, figure.unit),
                covers=covers_text(figure, area_id),
                reported=figure.report_date,
                source=citations.cite(atlas.sources, figure.source_id, "publisher").text,
                latest=date_start(figure.report_date) == newest[group(figure)],
            ),
        )
        for figure in chosen
    ]
    return [row[-1] for row in sorted(rows, key=lambda row: row[:-1])]
