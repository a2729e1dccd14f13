"""Stages: the share of a base reaching each step of the justice process, a panel per study."""

import pandas as pd

from pipeline.charts.kinds.common import (
    FIGURE_TABLE,
    ChartContext,
    check_refs,
    colour_scales,
    figure_row,
    figure_sentence,
    panels,
    summary_by,
    wording_labels,
)

TABLE = [("step", "Stage"), *FIGURE_TABLE]


def refs(chart: dict) -> list[str]:
    """The figures this chart draws."""
    steps = chart.get("steps")
    if not isinstance(steps, list):
        return []
    return [step["figure"] for step in steps if isinstance(step, dict) and isinstance(step.get("figure"), str)]


def check(chart: dict, context: ChartContext) -> list[str]:
    steps = chart.get("steps")
    if not isinstance(steps, list) or not steps or not all(
        isinstance(step, dict) and isinstance(step.get("step"), str) and isinstance(step.get("figure"), str) for step in steps
    ):
        return ["'steps' has the wrong shape: it must be a non-empty list of {\"figure\": ..., \"step\": ...}"]
    return check_refs(refs(chart), context.refs, "steps")


def frame(chart: dict, tables, package: str) -> pd.DataFrame:
    order = list(dict.fromkeys(step["step"] for step in chart["steps"]))
    rows = []
    for step in chart["steps"]:
        row = figure_row(tables, step["figure"])
        rows.append({"step": step["step"], "step_order": order.index(step["step"]) + 1, **row})
    return pd.DataFrame(rows)


def draw(chart: dict, data: pd.DataFrame):
    import altair as alt

    studies = list(dict.fromkeys(data["study"]))
    steps = list(dict.fromkeys(data.sort_values("step_order")["step"]))
    colour, _ = colour_scales(studies)
    base = alt.Chart().encode(y=alt.Y("step:N", title=None, sort=steps, axis=alt.Axis(labelLimit=230)))
    bars = base.mark_bar(height=16).encode(
        x=alt.X("proportion:Q", title="Share of each figure's own base (see the table)", scale=alt.Scale(domain=[0, 1]),
                axis=alt.Axis(format="%", tickCount=5), stack=None),
        color=alt.Color("study:N", scale=colour, legend=None))
    interval = base.mark_rule(strokeWidth=2, color="#111").encode(x="ci_low:Q", x2="ci_high:Q")
    return panels(alt.layer(bars, interval, wording_labels(base), data=data).properties(width=300), "study", studies)


def summary(chart: dict, data: pd.DataFrame) -> str:
    return summary_by(data, "study", lambda row: f"{row['step']}: " + figure_sentence(row))
