"""Altair charts for the pages, built from the DataFrames in borderatlas.tables (no Streamlit).

Every chart draws each reported value as its own mark: values from different sources are never averaged.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

SANCTION_MARKERS: tuple[tuple[str, str], ...] = (
    ("UNSCR 2270", "2016-03-02"),
    ("UNSCR 2321", "2016-11-30"),
)
"""The UN Security Council resolutions marked on the coal chart: label and adoption date."""

NATIONAL_COLOUR = "#555555"
LEVEL_COLOURS = {"province": "#1f77b4", "region": "#9ecae1", "national": NATIONAL_COLOUR}


BIG_NUMBER_LABEL = (
    "abs(datum.value) >= 1e9 ? format(datum.value / 1e9, '~g') + ' bn' : "
    "abs(datum.value) >= 1e6 ? format(datum.value / 1e6, '~g') + ' m' : format(datum.value, ',')"
)
"""Axis labels for large values: 5.5 bn, 22 m, 9,088."""


def big_axis(title: str | None) -> alt.Axis:
    """A quantitative axis labelled in billions/millions rather than SI prefixes."""
    return alt.Axis(title=title, labelExpr=BIG_NUMBER_LABEL)


def markers_frame(markers: tuple[tuple[str, str], ...] = SANCTION_MARKERS) -> pd.DataFrame:
    """The sanction markers as chart data."""
    return pd.DataFrame({"label": [label for label, _ in markers], "date": [pd.Timestamp(day) for _, day in markers]})


def sanction_rules(markers: tuple[tuple[str, str], ...] = SANCTION_MARKERS) -> alt.LayerChart:
    """Vertical dashed rules with labels at the resolutions' adoption dates."""
    base = alt.Chart(markers_frame(markers))
    rules = base.mark_rule(color="#b00020", strokeDash=[5, 3]).encode(
        x="date:T", tooltip=[alt.Tooltip("label:N", title="Resolution"), alt.Tooltip("date:T", title="Adopted")]
    )
    labels = base.mark_text(align="left", dx=3, dy=-4, baseline="bottom", color="#b00020", fontSize=11).encode(
        x="date:T", y=alt.value(0), text="label:N"
    )
    return rules + labels


def flood_chart(figures: pd.DataFrame, metric: str | None = None) -> alt.Chart | alt.FacetChart:
    """Flood figures by report date: a point per figure, a line per reporter and coverage; facets per metric."""
    data = figures if metric is None else figures[figures["metric"] == metric]
    tooltip = [
        alt.Tooltip("metric:N", title="Metric"),
        alt.Tooltip("value:Q", title="Value", format=","),
        alt.Tooltip("unit:N", title="Unit"),
        alt.Tooltip("covers:N", title="Covers"),
        alt.Tooltip("report_text:N", title="Reported"),
        alt.Tooltip("as_of:N", title="Counts up to"),
        alt.Tooltip("source:N", title="Source"),
    ]
    colour = alt.Color("reporter:N", title="Reported by", legend=alt.Legend(orient="bottom", columns=2, labelLimit=320))
    base = alt.Chart().encode(
        x=alt.X("report_date:T", title="Report date", axis=alt.Axis(format="%Y-%m-%d")),
        y=alt.Y("value:Q", axis=big_axis(None if metric is None else metric)),
        color=colour,
        detail="covers:N",
    )
    lines = base.mark_line(strokeWidth=1.5, opacity=0.7)
    points = base.mark_point(filled=True, size=60).encode(shape=alt.Shape("covers:N", title="Covers"), tooltip=tooltip)
    layered = alt.layer(lines, points, data=data)
    if metric is not None:
        return layered.properties(height=320)
    return (
        layered.properties(width=300, height=200)
        .facet(facet=alt.Facet("metric:N", title=None), columns=2)
        .resolve_scale(y="independent")
    )


def gdp_growth_chart(growth: pd.DataFrame) -> alt.LayerChart:
    """GDP growth bars per province/region with the national rate as a reference rule."""
    order = list(growth["label"])
    colour = alt.Color(
        "level:N", title=None, scale=alt.Scale(domain=list(LEVEL_COLOURS), range=list(LEVEL_COLOURS.values()))
    )
    bars = (
        alt.Chart(growth)
        .mark_bar()
        .encode(
            x=alt.X("growth:Q", title="GDP growth (percent)"),
            y=alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=260)),
            color=colour,
            tooltip=[
                alt.Tooltip("place:N", title="Place"),
                alt.Tooltip("growth:Q", title="Growth %"),
                alt.Tooltip("period:N", title="Period"),
                alt.Tooltip("source:N", title="Source"),
            ],
        )
    )
    values = (
        alt.Chart(growth)
        .mark_text(align="left", dx=4)
        .encode(x=alt.X("growth:Q"), y=alt.Y("label:N", sort=order), text=alt.Text("growth:Q", format="+.1f"))
    )
    national = growth[growth["level"] == "national"]
    layers = [bars, values, alt.Chart(pd.DataFrame({"x": [0]})).mark_rule(color="#000").encode(x="x:Q")]
    if len(national):
        layers.append(
            alt.Chart(national)
            .mark_rule(color=NATIONAL_COLOUR, strokeDash=[4, 3])
            .encode(x="growth:Q", tooltip=[alt.Tooltip("label:N", title="National rate"), alt.Tooltip("growth:Q")])
        )
    return alt.layer(*layers).properties(height=alt.Step(34))


def trade_tooltip() -> list[alt.Tooltip]:
    """Tooltip fields shared by the trade charts."""
    return [
        alt.Tooltip("series_label:N", title="Series"),
        alt.Tooltip("period:N", title="Period"),
        alt.Tooltip("value:Q", title="Value", format=","),
        alt.Tooltip("unit:N", title="Unit"),
        alt.Tooltip("source:N", title="Source"),
        alt.Tooltip("reported:N", title="Reported"),
    ]


def annual_trade_chart(trade: pd.DataFrame, series: str) -> alt.Chart:
    """One series by year: one bar per source, side by side in its year (never stacked or averaged)."""
    data = trade[(trade["series"] == series) & (trade["granularity"] == "annual")]
    unit = " / ".join(sorted(set(data["unit"]))) or "value"
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("year:O", title="Year", axis=alt.Axis(labelAngle=0)),
            xOffset=alt.XOffset("slot:N", title=None),
            y=alt.Y("value:Q", axis=big_axis(unit)),
            color=alt.Color("source:N", title="Source", legend=alt.Legend(orient="bottom", columns=2, labelLimit=320)),
            tooltip=trade_tooltip(),
        )
        .properties(height=320)
    )


def coal_chart(trade: pd.DataFrame, series: str) -> alt.VConcatChart | alt.LayerChart:
    """A coal series: monthly points and lines per source above annual values (a span over the year), with
    rules at UNSCR 2270 and 2321."""
    data = trade[trade["series"] == series]
    unit = " / ".join(sorted(set(data["unit"]))) or "value"
    colour = alt.Color("source:N", title="Source", legend=alt.Legend(orient="bottom", columns=2, labelLimit=320))
    domain = [min([*data["start"], *markers_frame()["date"]]), max([*data["end"], *markers_frame()["date"]])]
    x = alt.X("start:T", title=None, scale=alt.Scale(domain=domain), axis=alt.Axis(format="%Y-%m"))
    panels = []
    monthly = data[data["granularity"] == "monthly"]
    if len(monthly):
        base = alt.Chart(monthly).encode(
            x=x, y=alt.Y("value:Q", axis=big_axis(f"Monthly ({unit})")), color=colour, tooltip=trade_tooltip()
        )
        panels.append(
            alt.layer(base.mark_line(opacity=0.7), base.mark_point(filled=True, size=60), sanction_rules()).properties(
                height=220
            )
        )
    annual = data[data["granularity"] == "annual"]
    if len(annual):
        spans = (
            alt.Chart(annual)
            .mark_rule(strokeWidth=4, opacity=0.6)
            .encode(
                x=x,
                x2="end:T",
                y=alt.Y("value:Q", axis=big_axis(f"Annual ({unit})"), scale=alt.Scale(zero=True)),
                color=colour,
                tooltip=trade_tooltip(),
            )
        )
        panels.append(alt.layer(spans, sanction_rules()).properties(height=160))
    if not panels:
        return sanction_rules()
    return panels[0] if len(panels) == 1 else alt.vconcat(*panels).resolve_scale(x="shared")
