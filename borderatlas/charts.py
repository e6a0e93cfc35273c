"""Altair charts for the pages, built from the DataFrames in borderatlas.tables (no Streamlit).

Every chart draws each reported value as its own mark: values from different sources are never averaged.
"""

from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd

SANCTION_MARKERS: tuple[tuple[str, str], ...] = (
    ("UNSCR 2270", "2016-03-02"),
    ("UNSCR 2321", "2016-11-30"),
)
"""The UN Security Council resolutions marked on the coal chart: label and adoption date."""

NATIONAL_COLOUR = "#555555"
CAP_COLOUR = "#b00020"
LEVEL_COLOURS = {"province": "#1f77b4", "region": "#9ecae1", "national": NATIONAL_COLOUR}


BIG_NUMBER_LABEL = (
    "abs(datum.value) >= 1e9 ? format(datum.value / 1e9, '~g') + ' bn' : "
    "abs(datum.value) >= 1e6 ? format(datum.value / 1e6, '~g') + ' m' : format(datum.value, ',')"
)
"""Axis labels for large values: 5.5 bn, 22 m, 9,088."""


def big_axis(title: str | None, **kwargs) -> alt.Axis:
    """A quantitative axis labelled in billions/millions rather than SI prefixes."""
    return alt.Axis(title=title, labelExpr=BIG_NUMBER_LABEL, **kwargs)


WIDE_CHART_PX = 640
LEGEND_COLUMNS = alt.ExprRef(f"containerSize()[0] > {WIDE_CHART_PX} ? 2 : 1")
LEGEND_LABEL_LIMIT = alt.ExprRef(
    f"containerSize()[0] > {WIDE_CHART_PX} ? containerSize()[0] / 2 - 70 : max(120, containerSize()[0] - 90)"
)
"""A legend under the chart has two columns on a wide chart and one on a narrow one, and its labels may be as wide
as a column (the container less the axis and symbol), so a long name is cut only where it is wider than that."""


def bottom_legend(title: str | None, **kwargs) -> alt.Legend:
    """A legend under the chart, never wider than its container."""
    return alt.Legend(
        title=title,
        orient="bottom",
        direction="vertical",
        columns=LEGEND_COLUMNS,
        labelLimit=LEGEND_LABEL_LIMIT,
        labelFontSize=11,
        **({"symbolSize": 50} | kwargs),
    )


TWO_LINE_LABEL = (
    "lastindexof(datum.value, ' (') > 0 ? [slice(datum.value, 0, lastindexof(datum.value, ' (')), "
    "slice(datum.value, lastindexof(datum.value, ' (') + 1)] : datum.value"
)
"""An axis label "Place (period)" on two lines, split before its last parenthesis: the place, then the period."""


def markers_frame(markers: tuple[tuple[str, str], ...] = SANCTION_MARKERS) -> pd.DataFrame:
    """The sanction markers as chart data."""
    return pd.DataFrame({"label": [label for label, _ in markers], "date": [pd.Timestamp(day) for _, day in markers]})


def sanction_rules(
    markers: tuple[tuple[str, str], ...] = SANCTION_MARKERS, domain: list[pd.Timestamp] | None = None
) -> alt.LayerChart:
    """Vertical dashed rules with labels at the resolutions' adoption dates. With an x domain, a label in its second
    half is set to the left of its rule, so no label runs off the chart's right edge. Labels sit at the foot of the
    rules, clear of the values drawn near the top."""
    frame = markers_frame(markers)
    base = alt.Chart(frame)
    rules = base.mark_rule(color=CAP_COLOUR, strokeDash=[5, 3]).encode(
        x="date:T", tooltip=[alt.Tooltip("label:N", title="Resolution"), alt.Tooltip("date:T", title="Adopted")]
    )
    middle = domain[0] + (domain[1] - domain[0]) / 2 if domain else None
    layers = [rules]
    for align, dx, rows in (
        ("left", 3, frame if middle is None else frame[frame["date"] < middle]),
        ("right", -3, frame.iloc[0:0] if middle is None else frame[frame["date"] >= middle]),
    ):
        if len(rows):
            layers.append(
                alt.Chart(rows)
                .mark_text(align=align, dx=dx, dy=-3, y="height", baseline="bottom", color=CAP_COLOUR, fontSize=11)
                .encode(x="date:T", text="label:N")
            )
    return alt.layer(*layers)


POINT_PADDING_PX = 8
"""Room at each end of the timeline's axis, so an event on the first or last date is drawn whole (the flood chart
has none: its axis ends at the as-of date)."""
CATEGORY_COLOURS = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
    "#17becf",
)
CATEGORY_SHAPES = (
    "circle",
    "square",
    "triangle-up",
    "diamond",
    "cross",
    "triangle-down",
    "triangle-right",
    "triangle-left",
)
"""Ten colours and eight shapes: the n-th category gets colour n mod 10 and shape n mod 8, so no two of the first 40
categories look alike."""


def category_styles(values: list[str]) -> list[tuple[str, str, str]]:
    """Each distinct value (in sorted order) with its own colour and shape: (value, colour, shape)."""
    domain = sorted(set(values))
    return [
        (value, CATEGORY_COLOURS[i % len(CATEGORY_COLOURS)], CATEGORY_SHAPES[i % len(CATEGORY_SHAPES)])
        for i, value in enumerate(domain)
    ]


def category_scales(values: list[str]) -> tuple[alt.Scale, alt.Scale]:
    """Explicit colour and shape scales for a categorical field (the same value keeps its style in every chart)."""
    styles = category_styles(values)
    domain = [value for value, _, _ in styles]
    return (
        alt.Scale(domain=domain, range=[colour for _, colour, _ in styles]),
        alt.Scale(domain=domain, range=[shape for _, _, shape in styles]),
    )


def as_of_domain(dates: pd.Series, as_of: dt.date | None) -> list[pd.Timestamp] | None:
    """An x domain from the first date to the as-of date (None without an as-of date or dates)."""
    if as_of is None or not len(dates):
        return None
    end = pd.Timestamp(as_of)
    return [min(dates.min(), end), end]


FLOOD_TOOLTIP = (
    ("metric:N", "Metric", None),
    ("value:Q", "Value", ","),
    ("unit:N", "Unit", None),
    ("covers:N", "Covers", None),
    ("reporter:N", "Reported by", None),
    ("report_text:N", "Reported", None),
    ("as_of:N", "Counts up to", None),
    ("source:N", "Source", None),
)


def flood_panel(data: pd.DataFrame, reporters: list[str], metric: str, domain, height: int) -> alt.Chart:
    """One metric's figures: a point per figure at its report date, a colour and a shape per reporter (the same in
    every panel). Points are not joined: one reporter's figures for a date may count different things."""
    colour, shape = category_scales(reporters)
    legend = bottom_legend("Reported by", symbolSize=70)
    tooltip = [
        alt.Tooltip(field, title=title, **({"format": fmt} if fmt else {})) for field, title, fmt in FLOOD_TOOLTIP
    ]
    x_scale = alt.Scale(domain=domain) if domain else alt.Undefined
    return (
        alt.Chart(data[data["metric"] == metric], title=alt.Title(metric, anchor="start", fontSize=13))
        .mark_point(filled=True, size=70, opacity=0.9)
        .encode(
            x=alt.X(
                "report_date:T",
                title=None,
                scale=x_scale,
                axis=alt.Axis(format="%d %b %Y", labelOverlap=True, tickCount=5),
            ),
            y=alt.Y("value:Q", title=None, axis=big_axis(None, minExtent=48)),
            color=alt.Color("reporter:N", scale=colour, legend=legend),
            shape=alt.Shape("reporter:N", scale=shape, legend=legend),
            tooltip=tooltip,
        )
        .properties(height=height)
    )


def flood_chart(
    figures: pd.DataFrame, metric: str | None = None, as_of: dt.date | None = None
) -> alt.Chart | alt.VConcatChart:
    """Flood figures by report date, up to the as-of date: one metric, or every metric stacked one above another
    (each with its own y scale, one shared x axis and legend), so the chart keeps to its column's width."""
    domain = as_of_domain(figures["report_date"], as_of)
    reporters = list(figures["reporter"])
    if metric is not None:
        return flood_panel(figures, reporters, metric, domain, 300)
    panels = [flood_panel(figures, reporters, name, domain, 130) for name in sorted(set(figures["metric"]))]
    if len(panels) == 1:
        return panels[0]
    return alt.vconcat(*panels, spacing=18).resolve_scale(x="shared", y="independent")


def gdp_growth_chart(growth: pd.DataFrame) -> alt.LayerChart:
    """GDP growth bars per province/region with the national rate as a reference rule."""
    order = list(growth["label"])
    colour = alt.Color(
        "level:N",
        title=None,
        scale=alt.Scale(domain=list(LEVEL_COLOURS), range=list(LEVEL_COLOURS.values())),
        legend=bottom_legend(None),
    )
    bars = (
        alt.Chart(growth)
        .mark_bar()
        .encode(
            x=alt.X("growth:Q", title="GDP growth (percent)"),
            y=alt.Y(
                "label:N",
                sort=order,
                title=None,
                axis=alt.Axis(labelExpr=TWO_LINE_LABEL, labelLimit=200),
            ),
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
            color=alt.Color("source:N", title="Source", legend=bottom_legend("Source")),
            tooltip=trade_tooltip(),
        )
        .properties(height=320)
    )


COAL_DOMAINS = {
    "monthly": (pd.Timestamp("2016-01-01"), pd.Timestamp("2017-01-01")),
    "annual": (pd.Timestamp("2016-01-01"), pd.Timestamp("2018-01-01")),
}
"""The x range of each coal chart: the months of 2016 (and the cap for its last month), or 2016 and 2017 by year."""


def coal_chart(trade: pd.DataFrame, series: str, caps: pd.DataFrame, granularity: str = "monthly") -> alt.LayerChart:
    """A coal series at one granularity: each reported value as a point (monthly) or a span over its year
    (annual), one colour per source and never joined across missing months, with the UNSCR 2321 caps for the same
    kind of period as dashed red segments and rules at UNSCR 2270 and 2321. One legend names sources and caps."""
    data = trade[(trade["series"] == series) & (trade["granularity"] == granularity)].assign(key=lambda d: d["source"])
    limits = caps[(caps["series"] == series) & (caps["granularity"] == granularity)].assign(key=lambda d: d["label"])
    unit = " / ".join(sorted({*data["unit"], *limits["unit"]})) or "value"
    domain = [min([*data["start"], COAL_DOMAINS[granularity][0]]), max([*data["end"], COAL_DOMAINS[granularity][1]])]
    x = alt.X("start:T", title=None, scale=alt.Scale(domain=domain), axis=alt.Axis(format="%b %Y", labelOverlap=True))
    y = alt.Y("value:Q", axis=big_axis(unit), scale=alt.Scale(zero=True))
    sources, labels = sorted(set(data["key"])), sorted(set(limits["key"]))
    scale = alt.Scale(
        domain=sources + labels,
        range=[CATEGORY_COLOURS[i % len(CATEGORY_COLOURS)] for i in range(len(sources))] + [CAP_COLOUR] * len(labels),
    )
    colour = alt.Color("key:N", title="Source", scale=scale, legend=bottom_legend(None))
    layers = []
    if len(limits):
        layers.append(
            alt.Chart(limits)
            .mark_rule(strokeDash=[6, 3], strokeWidth=2)
            .encode(x=x, x2="end:T", y=y, color=colour, tooltip=cap_tooltip())
        )
    if len(data):
        values = alt.Chart(data).encode(x=x, y=y, color=colour, tooltip=trade_tooltip())
        if granularity == "monthly":
            layers.append(values.mark_point(filled=True, size=80, opacity=1))
        else:
            layers.append(values.mark_rule(strokeWidth=5, opacity=0.7).encode(x2="end:T"))
    layers.extend(sanction_rules(domain=domain).layer)
    return alt.layer(*layers).properties(height=260)


def cap_tooltip() -> list[alt.Tooltip]:
    """Tooltip fields of a cap segment."""
    return [
        alt.Tooltip("label:N", title="Cap"),
        alt.Tooltip("value:Q", title="Value", format=","),
        alt.Tooltip("unit:N", title="Unit"),
        alt.Tooltip("period:N", title="Period"),
        alt.Tooltip("source:N", title="Source"),
    ]


def timeline_chart(events: pd.DataFrame, topics: list[str], as_of: dt.date | None = None) -> alt.LayerChart:
    """The events on a time axis: one point per event, a row and a colour per topic, with the as-of date as a rule."""
    colour, shape = category_scales(topics)
    points = (
        alt.Chart(events)
        .mark_point(filled=True, size=70, opacity=0.85)
        .encode(
            x=alt.X(
                "date:T",
                title=None,
                scale=alt.Scale(padding=POINT_PADDING_PX),
                axis=alt.Axis(format="%Y", tickCount="year", labelOverlap=True),
            ),
            y=alt.Y("topic:N", title=None, sort=topics, axis=alt.Axis(labelLimit=120)),
            color=alt.Color("topic:N", scale=colour, legend=None),
            shape=alt.Shape("topic:N", scale=shape, legend=None),
            tooltip=[
                alt.Tooltip("date_text:N", title="Date"),
                alt.Tooltip("title:N", title="Event"),
                alt.Tooltip("topic:N", title="Topic"),
            ],
        )
    )
    layers = [points]
    if as_of is not None:
        rule = alt.Chart(pd.DataFrame({"date": [pd.Timestamp(as_of)], "label": [f"as of {as_of.isoformat()}"]}))
        layers.append(rule.mark_rule(color="#555", strokeDash=[4, 3]).encode(x="date:T", tooltip="label:N"))
    return alt.layer(*layers).properties(height=alt.Step(22))
