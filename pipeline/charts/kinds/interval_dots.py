"""Interval dots: each force's charge rate with its 95% interval, sorted by rate, beside the national rate."""

import pandas as pd

from pipeline.charts.kinds.common import PALETTE
from pipeline.charts.kinds.control_limits import POSITIONS
from pipeline.charts.kinds.outcome_tables import (
    check_one_year,
    few_outcomes_notes,
    force_position_facts,
    force_rates,
    hollow_when_few,
    no_refs,
)
from pipeline.tables import formatting
from pipeline.tables.outcome_measures import FEW_OUTCOMES

TABLE = [("area", "Police force"), ("share_text", "Charged or summonsed"), ("interval_text", "95% interval"),
         ("n_text", "Outcomes assigned"), ("position", "Against the 99.8% limits"), ("marker", "Note")]


refs, check = no_refs, check_one_year  # the chart kind interface, shared by the charts of forces in one year


def frame(chart: dict, tables, package: str) -> pd.DataFrame:
    forces = force_rates(tables, package, chart)
    forces["n_text"] = forces["outcomes_assigned"].map(formatting.count)
    forces["marker"] = few_outcomes_notes(forces["few_outcomes"])
    forces["row"] = [f"{area} ({n_text})" for area, n_text in zip(forces["area"], forces["n_text"], strict=True)]
    return forces.sort_values(["share", "area"], ascending=[False, True])[
        ["area", "row", "outcomes_assigned", "charged", "share", "ci_low", "ci_high", "national_share", "position",
         "few_outcomes", "marker", "n_text", "share_text", "interval_text", "offence", "source_id"]].reset_index(drop=True)


def draw(chart: dict, data: pd.DataFrame):
    import altair as alt

    order = list(data["row"])
    colour = alt.Scale(domain=POSITIONS, range=[PALETTE[0], PALETTE[1], PALETTE[2]])
    shape = alt.Scale(domain=POSITIONS, range=["circle", "triangle-up", "triangle-down"])  # position by shape as well
    base = alt.Chart().encode(y=alt.Y("row:N", title=None, sort=order, axis=alt.Axis(labelLimit=240, labelFontSize=10)))
    x = alt.X("share:Q", title="Share charged or summonsed (dot), 95% interval (line)", scale=alt.Scale(domain=[0, 1]),
              axis=alt.Axis(format="%", tickCount=5))
    national = base.mark_rule(color="#333", strokeDash=[4, 3]).encode(x="national_share:Q", y=alt.value(0),
                                                                    y2=alt.value(14 * len(order)))
    intervals = base.mark_rule(strokeWidth=1.5, color="#5c5c5c").encode(x="ci_low:Q", x2="ci_high:Q")
    dots = base.mark_point(size=50, filled=True, opacity=1, strokeWidth=1.5).encode(
        x=x, color=alt.Color("position:N", scale=colour, legend=alt.Legend(title=None, orient="top", direction="vertical")),
        shape=alt.Shape("position:N", scale=shape, legend=alt.Legend(title=None, orient="top", direction="vertical")),
        **hollow_when_few(alt, data, colour))
    return alt.layer(national, intervals, dots, data=data).properties(width=300, height=alt.Step(14))


def summary(chart: dict, data: pd.DataFrame) -> str:
    target = formatting.percent(data["national_share"].iloc[0])
    parts = [f"{len(data)} forces, each with its 95% interval, beside the national rate of {target} (dashed line)."]
    for position in POSITIONS[1:]:
        named = data[data["position"] == position]
        parts.append(f"{position.capitalize()}: {', '.join(named['area']) or 'none'}.")
    few = data[data["few_outcomes"]]
    if len(few):
        parts.append(f"Fewer than {FEW_OUTCOMES} outcomes: {', '.join(few['area'])}.")
    return " ".join(parts)


def facts(chart: dict, data: pd.DataFrame) -> list[tuple[str, str]]:
    return force_position_facts(chart, data, POSITIONS)
