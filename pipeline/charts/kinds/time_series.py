"""Time series: values over time, one line per series, never joined across a series break."""

from datetime import date

import pandas as pd

from pipeline import periods
from pipeline.charts.kinds.common import ChartContext, apply_filter, check_refs, check_resource, colour_scales
from pipeline.tables import formatting

TABLE = [("series", "Series"), ("period", "Period"), ("value_text", "Value"), ("note", "Note")]


def refs(chart: dict) -> list[str]:
    points = chart.get("points")
    if not isinstance(points, list):
        return []
    return [point["figure"] for point in points if isinstance(point, dict) and isinstance(point.get("figure"), str)]


def check(chart: dict, context: ChartContext) -> list[str]:
    if "points" in chart:
        points = chart["points"]
        if not isinstance(points, list) or not points or not all(
                isinstance(point, dict) and isinstance(point.get("series"), str) and isinstance(point.get("period_end"), str)
                and isinstance(point.get("figure"), str)
                for point in points):
            return ["'points' has the wrong shape: it must be a non-empty list of {\"figure\", \"period_end\", \"series\"}"]
        problems = check_refs(refs(chart), context.refs, "points")
        if chart.get("breaks") and chart["breaks"] not in context.resources:
            problems.append(f"unknown breaks resource {chart['breaks']!r} in this package")
        return problems
    problems = check_resource(chart, context, ["x", "y", "series", "flag"])
    for key in ("x", "y", "series"):
        if not isinstance(chart.get(key), str):
            problems.append(f"{key!r} must name a field (or give 'points')")
    return problems


def _breaks(chart: dict, tables, package: str) -> pd.DataFrame:
    if not chart.get("breaks"):
        return pd.DataFrame(columns=["date", "label"])
    breaks = tables.resources[(package, chart["breaks"])]
    return breaks.assign(date=breaks["date"].astype(str)).sort_values("date")


def _points_from_figures(chart: dict, tables) -> pd.DataFrame:
    rows = []
    for point in chart["points"]:
        figure = tables.figure(point["figure"])
        is_count = pd.isna(figure["proportion"])
        value = float(figure["count"] if is_count else figure["proportion"])
        approximate = bool(point.get("approximate_date"))
        notes = [note for note in (("period approximate" if approximate else None),
                                   (None if pd.isna(figure["flags"]) else str(figure["flags"]))) if note]
        shown = formatting.count(value) if is_count else formatting.qualified_percent(value, figure["qualifier"])
        rows.append({"series": f"{point['series']} [{figure['source_kind']}]", "date": point["period_end"],
                     "period": figure["period"], "value": value,
                     "value_text": figure["wording"] if formatting.states_its_value(figure["wording"], figure["qualifier"])
                     else f"{figure['wording']} ({shown})",
                     "figure": point["figure"], "approximate_date": approximate, "note": "; ".join(notes) or None,
                     "is_proportion": not is_count})
    return pd.DataFrame(rows)


def _points_from_table(chart: dict, tables, package: str) -> pd.DataFrame:
    table = apply_filter(tables.resources[(package, chart["resource"])], chart.get("filter"))
    if chart.get("highlight"):
        table = table[table[chart["series"]].isin(chart["highlight"])]
    flag = chart.get("flag")
    period = "period" if "period" in table else chart["x"]
    rows = [{"series": str(row[chart["series"]]), "date": str(row[chart["x"]]), "period": str(row[period]),
             "value": float(row[chart["y"]]), "value_text": formatting.count(row[chart["y"]]),
             "source_id": row.get("source_id"), "approximate_date": False,
             "note": None if not flag or pd.isna(row[flag]) else str(row[flag]), "is_proportion": False}
            for _, row in table.iterrows()]
    return pd.DataFrame(rows)


def frame(chart: dict, tables, package: str) -> pd.DataFrame:
    data = _points_from_figures(chart, tables) if "points" in chart else _points_from_table(chart, tables, package)
    breaks = _breaks(chart, tables, package)
    dates = list(breaks["date"])
    data["segment"] = data["date"].map(lambda day: sum(day >= cut for cut in dates))
    data["line"] = data["series"] + " / part " + (data["segment"] + 1).astype(str)
    # a rolling total whose months straddle a break belongs to neither side: it is drawn alone, joined to nothing
    cuts = [date.fromisoformat(str(day)[:10]) for day in dates]
    across = pd.Series([bool(periods.straddled(period, day, cuts)) for period, day in zip(data["period"], data["date"], strict=True)],
                       index=data.index, dtype=bool)
    data.loc[across, "line"] = data["series"] + " / across a break, " + data["date"].astype(str)
    data["row_kind"] = "value"
    marks = pd.DataFrame({"row_kind": "break", "date": breaks["date"], "series": "", "period": breaks["date"],
                          "note": breaks["label"], "value_text": "", "label_y": [2 + 12 * (i % 3) for i in range(len(breaks))]})
    data = pd.concat([data.sort_values(["series", "date"], kind="stable"), marks], ignore_index=True)
    return data


def draw(chart: dict, data: pd.DataFrame):
    import altair as alt

    values = data[data["row_kind"] == "value"]
    series = list(dict.fromkeys(values["series"]))
    colour, shape = colour_scales(series)
    share = bool(values["is_proportion"].all())
    y = alt.Y("value:Q", title="Share" if share else chart.get("value_label", "Count"),
              axis=alt.Axis(format="%" if share else ",d", tickCount=5), scale=alt.Scale(zero=True))
    # UTC: dates are days, and a local time scale would move the ticks with the time zone of the machine drawing
    x = alt.X("date:T", title=None, axis=alt.Axis(format="%Y", tickCount=8), scale=alt.Scale(type="utc"))
    base = alt.Chart().transform_filter(alt.datum.row_kind == "value")
    lines = base.mark_line(strokeWidth=2).encode(x=x, y=y, detail="line:N",
                                                 color=alt.Color("series:N", scale=colour, legend=alt.Legend(
                                                     title=None, orient="top", direction="vertical", labelLimit=420)))
    dots = base.mark_point(size=50, filled=True, opacity=1).encode(
        x=x, y=y, color=alt.Color("series:N", scale=colour, legend=None),
        shape=alt.Shape("series:N", scale=shape, legend=None))
    rules = alt.Chart().transform_filter(alt.datum.row_kind == "break")
    break_lines = rules.mark_rule(strokeDash=[4, 3], color="#555").encode(x="date:T")
    break_labels = rules.mark_text(align="left", baseline="top", dx=3, dy=2, fontSize=9, color="#333", angle=0).encode(
        x="date:T", y=alt.Y("label_y:Q", scale=None, axis=None), text="note:N")
    return alt.layer(lines, dots, break_lines, break_labels, data=data).properties(width=420, height=240)


def summary(chart: dict, data: pd.DataFrame) -> str:
    values = data[data["row_kind"] == "value"]
    parts = []
    for name, rows in values.groupby("series", sort=False):
        rows = rows.sort_values("date")
        first, last = rows.iloc[0], rows.iloc[-1]
        parts.append(f"{name}: {first['value_text']} in {first['period']}" +
                     (f", {last['value_text']} in {last['period']}" if len(rows) > 1 else "") + f" ({len(rows)} points).")
    breaks = data[data["row_kind"] == "break"]
    if len(breaks):
        parts.append("Series breaks, where lines are not joined: " +
                     "; ".join(f"{row.note} ({row.date})" for row in breaks.itertuples()) + ".")
    return " ".join(parts)
