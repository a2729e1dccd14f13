"""Rate points: official rates beside published ones, marked by kind of source, breaks drawn, no line joining them."""

import pandas as pd

from pipeline.charts.kinds.common import ChartContext, check_refs, colour_scales
from pipeline.charts.kinds.outcome_tables import check_outcomes, computed
from pipeline.charts.kinds.time_series import _breaks, _points_from_figures
from pipeline.tables.outcome_measures import official_figure_id

TABLE = [("source_kind", "Kind of source"), ("series", "Published by"), ("period", "Period"), ("value_text", "Value"),
         ("note", "Note")]
OFFICIAL = "official statistics (computed here from Home Office outcomes)"


def refs(chart: dict) -> list[str]:
    points = chart.get("secondary")
    if not isinstance(points, list):
        return []
    return [point["figure"] for point in points if isinstance(point, dict) and isinstance(point.get("figure"), str)]


def check(chart: dict, context: ChartContext) -> list[str]:
    problems = check_outcomes(chart, context)
    points = chart.get("secondary")
    if not isinstance(points, list) or not all(isinstance(point, dict) and isinstance(point.get("period_end"), str)
                                               and isinstance(point.get("series"), str) for point in points):
        return problems + ["'secondary' has the wrong shape: it must be a list of {\"figure\", \"period_end\", \"series\"}"]
    problems += check_refs(refs(chart), context.refs, "secondary")
    if chart.get("breaks") and chart["breaks"] not in context.resources:
        problems.append(f"unknown breaks resource {chart['breaks']!r} in this package")
    return problems


def frame(chart: dict, tables, package: str) -> pd.DataFrame:
    rates = computed(tables, package, "charge-rates", chart)
    national = rates[(rates["area_kind"] == "national") & rates["includes_btp"]]
    official = pd.DataFrame([{
        "series": "Home Office crime outcomes", "date": row.year_end, "period": row.financial_year, "value": row.share,
        "value_text": f"{row.share_text} ({row.charged:,} of {row.outcomes_assigned:,} outcomes)",
        "figure": f"{package}/{official_figure_id(row.offence, row.year_end)}", "approximate_date": False,
        "note": "95% interval " + row.interval_text, "source_kind": OFFICIAL} for row in national.itertuples()])
    secondary = _points_from_figures({"points": chart["secondary"]}, tables)
    secondary["source_kind"] = [str(tables.figure(ref)["source_kind"]) for ref in secondary["figure"]]
    data = pd.concat([official, secondary], ignore_index=True).sort_values(["date", "series"], kind="stable")
    data["row_kind"] = "value"
    breaks = _breaks(chart, tables, package)
    marks = pd.DataFrame({"row_kind": "break", "date": breaks["date"], "series": "", "period": breaks["date"],
                          "note": breaks["label"], "value_text": "", "label_y": [2 + 12 * (i % 3) for i in range(len(breaks))]})
    return pd.concat([data, marks], ignore_index=True)


def draw(chart: dict, data: pd.DataFrame):
    import altair as alt

    values = data[data["row_kind"] == "value"]
    kinds = [OFFICIAL] + [kind for kind in dict.fromkeys(values["source_kind"]) if kind != OFFICIAL]
    colour, shape = colour_scales(kinds)
    x = alt.X("date:T", title=None, axis=alt.Axis(format="%Y", tickCount=8), scale=alt.Scale(type="utc"))  # no local time
    y = alt.Y("value:Q", title="Share charged", axis=alt.Axis(format="%", tickCount=5), scale=alt.Scale(zero=True))
    legend = alt.Legend(title="Kind of source", orient="top", direction="vertical", labelLimit=420)
    values = alt.Chart().transform_filter(alt.datum.row_kind == "value")
    # secondary points open and underneath, official ones filled on top: where both fall on one year, both show
    secondary = values.transform_filter(alt.datum.source_kind != OFFICIAL).mark_point(size=80, filled=False, strokeWidth=2).encode(
        x=x, y=y, color=alt.Color("source_kind:N", scale=colour, legend=legend), shape=alt.Shape("source_kind:N", scale=shape, legend=None))
    official = values.transform_filter(alt.datum.source_kind == OFFICIAL).mark_point(size=70, filled=True, opacity=1).encode(
        x=x, y=y, color=alt.Color("source_kind:N", scale=colour, legend=legend), shape=alt.Shape("source_kind:N", scale=shape, legend=None))
    rules = alt.Chart().transform_filter(alt.datum.row_kind == "break")
    break_lines = rules.mark_rule(strokeDash=[4, 3], color="#555").encode(x="date:T")
    break_labels = rules.mark_text(align="left", baseline="top", dx=3, dy=2, fontSize=9, color="#333").encode(
        x="date:T", y=alt.Y("label_y:Q", scale=None, axis=None), text="note:N")
    return alt.layer(secondary, official, break_lines, break_labels, data=data).properties(width=420, height=240)


def summary(chart: dict, data: pd.DataFrame) -> str:
    values = data[data["row_kind"] == "value"]
    parts = [f"{kind}: " + "; ".join(f"{row.period} {row.value_text} ({row.series})" for row in rows.itertuples()) + "."
             for kind, rows in values.groupby("source_kind", sort=False)]
    breaks = data[data["row_kind"] == "break"]
    parts.append("Points are not joined: they come from different sources and bases. Series breaks: " +
                 "; ".join(f"{row.note} ({row.date})" for row in breaks.itertuples()) + ".")
    return " ".join(parts)
