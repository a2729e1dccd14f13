"""Proportions: one dot per figure, with its 95% interval and published wording, a panel per study."""

import pandas as pd

from pipeline.charts.kinds.common import (
    FIGURE_TABLE,
    ChartContext,
    check_refs,
    colour_scales,
    figure_row,
    figure_sentence,
    panels,
    row_labels,
    summary_by,
    wording_labels,
)

TABLE = [*FIGURE_TABLE[:2], ("where_when", "Where and when"), *FIGURE_TABLE[2:]]


def refs(chart: dict) -> list[str]:
    """The figures this chart draws."""
    figures = chart.get("figures")
    return [ref for ref in figures if isinstance(ref, str)] if isinstance(figures, list) else []


def check(chart: dict, context: ChartContext) -> list[str]:
    return check_refs(chart.get("figures"), context.refs, "figures")


def frame(chart: dict, tables, package: str) -> pd.DataFrame:
    rows = [figure_row(tables, ref) for ref in chart["figures"]]
    counts = [row["figure"] for row in rows if row["proportion"] is None]
    if counts:
        raise ValueError(f"chart {chart['id']}: {', '.join(counts)} are counts, not proportions")
    data = pd.DataFrame(rows)
    data["row"] = row_labels(data, "study")
    return data


def draw(chart: dict, data: pd.DataFrame):
    import altair as alt

    studies = list(dict.fromkeys(data["study"]))
    colour, shape = colour_scales(studies)
    y = alt.Y("row:N", title=None, sort=None, axis=alt.Axis(labelLimit=260))
    x = alt.X("proportion:Q", title="Share of each figure's own base (see the table)", scale=alt.Scale(domain=[0, 1]),
              axis=alt.Axis(format="%", tickCount=5))
    base = alt.Chart().encode(y=y)
    interval = base.mark_rule(strokeWidth=2).encode(
        x="ci_low:Q", x2="ci_high:Q", color=alt.Color("study:N", scale=colour, legend=None))
    dots = base.mark_point(filled=True, size=90, opacity=1).encode(
        x=x, color=alt.Color("study:N", scale=colour, legend=None),
        shape=alt.Shape("study:N", scale=shape, legend=None))
    return panels(alt.layer(interval, dots, wording_labels(base), data=data).properties(width=300), "study", studies)


def summary(chart: dict, data: pd.DataFrame) -> str:
    return summary_by(data, "study", figure_sentence)
