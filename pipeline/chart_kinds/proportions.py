"""Proportions: one dot per figure, with its 95% interval and published wording, a panel per study."""

import pandas as pd

from .common import check_refs, colour_scales, figure_row, figure_sentence


def refs(chart: dict) -> list[str]:
    """The figures this chart draws."""
    figures = chart.get("figures")
    return [ref for ref in figures if isinstance(ref, str)] if isinstance(figures, list) else []


def check(chart: dict, known: set[str]) -> list[str]:
    return check_refs(chart.get("figures"), known, "figures")


def frame(chart: dict, tables) -> pd.DataFrame:
    return pd.DataFrame([figure_row(tables, ref) for ref in chart["figures"]])


def draw(chart: dict, data: pd.DataFrame):
    import altair as alt

    studies = list(dict.fromkeys(data["study"]))
    colour, shape = colour_scales(studies)
    y = alt.Y("label:N", title=None, sort=None, axis=alt.Axis(labelLimit=230))
    x = alt.X("proportion:Q", title="Share of the study's base", scale=alt.Scale(domain=[0, 1]),
              axis=alt.Axis(format="%", tickCount=5))
    base = alt.Chart().encode(y=y)
    interval = base.mark_rule(strokeWidth=2).encode(
        x="ci_low:Q", x2="ci_high:Q", color=alt.Color("study:N", scale=colour, legend=None))
    dots = base.mark_point(filled=True, size=90, opacity=1).encode(
        x=x, color=alt.Color("study:N", scale=colour, legend=None),
        shape=alt.Shape("study:N", scale=shape, legend=None))
    labels = base.mark_text(align="left", baseline="middle", dx=6, fontSize=11, color="#222").encode(
        x="label_at:Q", text="wording:N")
    return alt.layer(interval, dots, labels, data=data).properties(width=360).facet(
        row=alt.Row("study:N", sort=studies, title=None,
                    header=alt.Header(labelAngle=0, labelAlign="left", labelAnchor="start",
                                      labelOrient="top", labelFontWeight="bold", labelFontSize=12))
    ).resolve_scale(y="independent")


def summary(chart: dict, data: pd.DataFrame) -> str:
    parts = []
    for study, rows in data.groupby("study", sort=False):
        parts.append(f"{study}: " + "; ".join(figure_sentence(row) for row in rows.to_dict("records")) + ".")
    return " ".join(parts)
