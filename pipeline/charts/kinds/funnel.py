"""Funnel: counts at each step from recorded offence to conviction, one panel per chain of one source and year."""

import pandas as pd

from pipeline.charts.kinds.common import ChartContext, check_refs, figure_row, panels, summary_by
from pipeline.tables import formatting

TABLE = [("chain", "Source and year"), ("step", "Stage"), ("wording", "Published count"),
         ("share_text", "Share of the first stage"), ("base_text", "What is counted")]


def refs(chart: dict) -> list[str]:
    """The figures this chart draws."""
    chains = chart.get("chains")
    if not isinstance(chains, list):
        return []
    return [step["figure"] for chain in chains if isinstance(chain, dict) for step in chain.get("steps") or []
            if isinstance(step, dict) and isinstance(step.get("figure"), str)]


def check(chart: dict, context: ChartContext) -> list[str]:
    chains = chart.get("chains")
    shape_ok = isinstance(chains, list) and chains and all(
        isinstance(chain, dict) and isinstance(chain.get("label"), str) and isinstance(chain.get("steps"), list)
        and chain["steps"] and all(isinstance(step, dict) and isinstance(step.get("step"), str)
                                   and isinstance(step.get("figure"), str) for step in chain["steps"])
        for chain in chains)
    if not shape_ok:
        return ["'chains' has the wrong shape: it must be a non-empty list of "
                "{\"label\": ..., \"steps\": [{\"figure\": ..., \"step\": ...}]}"]
    return check_refs(refs(chart), context.refs, "chains")


def frame(chart: dict, tables, package: str) -> pd.DataFrame:
    rows, shares = [], []
    for chain in chart["chains"]:
        first = None
        for order, step in enumerate(chain["steps"], start=1):
            row = figure_row(tables, step["figure"])
            if row["count"] is None:
                raise ValueError(f"chart {chart['id']}: {step['figure']} is a proportion, not a count")
            first = first or row["count"]
            shares.append(row["count"] / first if first else None)
            rows.append({"chain": chain["label"], "step": step["step"], "step_order": order, **row,
                         "share_of_first": round(shares[-1], 4)})
    data = pd.DataFrame(rows)
    data["share_text"] = formatting.percents_at_one_precision(shares)  # every share in the chart at one precision
    data["bar_label"] = [(f"{wording} ({share})" if order > 1 else wording) + f" [{kind}]" for wording, share, order, kind
                         in zip(data["wording"], data["share_text"], data["step_order"], data["source_kind"], strict=True)]
    return data


def draw(chart: dict, data: pd.DataFrame):
    import altair as alt

    chains = list(dict.fromkeys(data["chain"]))
    base = alt.Chart().encode(y=alt.Y("step:N", title=None, sort=None, axis=alt.Axis(labelLimit=200)))
    bars = base.mark_bar(height=16, color="#1b5e8c").encode(
        x=alt.X("count:Q", title="Count as published", axis=alt.Axis(format=",d", tickCount=4)))
    labels = base.mark_text(align="left", baseline="middle", dx=6, fontSize=11, color="#222").encode(
        x="count:Q", text="bar_label:N")
    layer = alt.layer(bars, labels, data=data).properties(width=300)
    return panels(layer, "chain", chains, independent=("x", "y"))


def summary(chart: dict, data: pd.DataFrame) -> str:
    return summary_by(data, "chain", lambda row: f"{row['step']}: {row['wording']}" + (
        f" ({row['share_text']} of the first stage)" if row["step_order"] > 1 else ""))
