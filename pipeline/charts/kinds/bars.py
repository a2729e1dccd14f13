"""Bars: a table's values summed by category (for example recorded offences by police force), sorted."""

import pandas as pd

from pipeline.charts.kinds.common import ChartContext, apply_filter, check_resource, panels
from pipeline.tables import formatting

TABLE = [("group", "Group"), ("category", "Category"), ("value_text", "Value"), ("flag", "Flag")]


def refs(chart: dict) -> list[str]:
    return []


def check(chart: dict, context: ChartContext) -> list[str]:
    problems = check_resource(chart, context, ["category", "value", "group", "flag"])
    for key in ("category", "value"):
        if not isinstance(chart.get(key), str):
            problems.append(f"{key!r} must name a field")
    if chart.get("aggregate", "sum") != "sum":
        problems.append("'aggregate' must be \"sum\"")
    if chart.get("sort", "descending") not in ("descending", "category"):
        problems.append("'sort' must be \"descending\" or \"category\"")
    return problems


def frame(chart: dict, tables, package: str) -> pd.DataFrame:
    table = apply_filter(tables.resources[(package, chart["resource"])], chart.get("filter"))
    group = chart.get("group")
    flag = chart.get("flag")
    keys = ([group] if group else []) + [chart["category"]]
    rows = []
    for key, part in table.groupby(keys, sort=True, dropna=False):
        key = key if isinstance(key, tuple) else (key,)
        flags = sorted({str(value) for value in part[flag].dropna() if str(value)}) if flag else []
        value = part[chart["value"]].sum()
        rows.append({"group": str(key[0]) if group else "", "category": str(key[-1]), "value": int(value),
                     "value_text": formatting.count(value), "rows_summed": len(part), "flag": "; ".join(flags) or None,
                     "source_id": "; ".join(sorted(set(part["source_id"].dropna()))) if "source_id" in part else None})
    data = pd.DataFrame(rows)
    if chart.get("sort", "descending") == "descending":
        data = data.sort_values(["group", "value", "category"], ascending=[True, False, True], kind="stable")
    data["order"] = range(1, len(data) + 1)
    data["bar_label"] = data["value_text"] + data["flag"].map(lambda value: " *" if value else "")
    return data.reset_index(drop=True)


def draw(chart: dict, data: pd.DataFrame):
    import altair as alt

    order = list(dict.fromkeys(data["category"]))
    base = alt.Chart().encode(y=alt.Y("category:N", title=None, sort=order, axis=alt.Axis(labelLimit=200)))
    bars = base.mark_bar(color="#1b5e8c").encode(x=alt.X("value:Q", title=chart.get("value_label", "Count"),
                                                          axis=alt.Axis(format=",d", tickCount=4)))
    labels = base.mark_text(align="left", baseline="middle", dx=4, fontSize=10, color="#222").encode(
        x="value:Q", text="bar_label:N")
    layer = alt.layer(bars, labels, data=data).properties(width=300)
    if data["group"].astype(bool).any():
        groups = list(dict.fromkeys(data["group"]))
        return panels(layer, "group", groups)
    return layer.properties(height=alt.Step(14))


def summary(chart: dict, data: pd.DataFrame) -> str:
    parts = []
    for group, rows in data.groupby("group", sort=False):
        rows = rows.sort_values("value", ascending=False)
        top = "; ".join(f"{row.category} {row.value_text}" for row in rows.head(3).itertuples())
        lowest = rows.iloc[-1]
        lead = f"{group}: " if group else ""
        parts.append(f"{lead}{len(rows)} categories totalling {formatting.count(rows['value'].sum())}. Highest: {top}. "
                     f"Lowest: {lowest['category']} {lowest['value_text']}.")
    flagged = data["flag"].notna().sum()
    if flagged:
        parts.append(f"{flagged} bar(s) marked * include values the source flags; see the table.")
    return " ".join(parts)
