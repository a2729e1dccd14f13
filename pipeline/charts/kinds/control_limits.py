"""Control limits (a funnel plot): each force's charge rate against its number of outcomes, inside binomial limits."""

import math

import pandas as pd

from pipeline.charts.kinds.common import PALETTE
from pipeline.charts.kinds.outcome_tables import (
    check_one_year,
    few_outcomes_notes,
    force_position_facts,
    force_rates,
    hollow_when_few,
    no_refs,
)
from pipeline.tables import formatting
from pipeline.tables.funnel_limits import control_limits

TABLE = [("area", "Police force"), ("n_text", "Outcomes assigned"), ("share_text", "Charged or summonsed"),
         ("interval_text", "95% interval"), ("position", "Against the 99.8% limits"), ("marker", "Note")]
GRID_POINTS = 60  # points along each limit line, evenly spaced on the log scale
POSITIONS = ["within the expected range", "above the 99.8% limits", "below the 99.8% limits"]
LIMIT_LINES = [("low_95", "high_95", "95% limits", [4, 3]), ("low_998", "high_998", "99.8% limits", [])]


refs, check = no_refs, check_one_year  # the chart kind interface, shared by the charts of forces in one year


def frame(chart: dict, tables, package: str) -> pd.DataFrame:
    forces = force_rates(tables, package, chart)
    target = float(forces["national_share"].iloc[0])
    forces["row_kind"] = "force"
    forces["n_text"] = forces["outcomes_assigned"].map(formatting.count)
    forces["marker"] = few_outcomes_notes(forces["few_outcomes"])
    low, high = math.log(max(1, forces["outcomes_assigned"].min() * 0.8)), math.log(forces["outcomes_assigned"].max() * 1.2)
    grid = []
    for step in range(GRID_POINTS):
        n = max(1, round(math.exp(low + (high - low) * step / (GRID_POINTS - 1))))
        limits = control_limits(n, target)
        grid.append({"row_kind": "limit", "outcomes_assigned": n, "national_share": target,
                     **{key.replace(".", ""): value for key, value in limits.items()}})
    data = pd.concat([forces.sort_values("share", ascending=False), pd.DataFrame(grid).drop_duplicates("outcomes_assigned")],
                     ignore_index=True)
    return data[["row_kind", "area", "outcomes_assigned", "charged", "share", "ci_low", "ci_high", "national_share",
                 "low_95", "high_95", "low_998", "high_998", "position", "few_outcomes", "marker", "n_text",
                 "share_text", "interval_text", "offence", "source_id"]]


def draw(chart: dict, data: pd.DataFrame):
    import altair as alt

    span = [int(data["outcomes_assigned"].min()), int(data["outcomes_assigned"].max())]
    x = alt.X("outcomes_assigned:Q", title="Outcomes assigned in the year (log scale)",
              scale=alt.Scale(type="log", domain=span, nice=False),
              axis=alt.Axis(format=",d", tickCount=6))
    y_scale = alt.Scale(domain=[0, min(1.0, max(0.6, float(data["share"].max()) + 0.05))])
    limits = alt.Chart().transform_filter(alt.datum.row_kind == "limit")
    layers = [limits.mark_line(color="#333", strokeWidth=1.4, clip=True).encode(
        x=x, y=alt.Y("national_share:Q", title="Share charged or summonsed", scale=y_scale, axis=alt.Axis(format="%")))]
    for low, high, _, dash in LIMIT_LINES:
        for edge in (low, high):
            layers.append(limits.mark_line(color="#5c5c5c", strokeWidth=1, strokeDash=dash or [1, 0], clip=True).encode(x=x, y=f"{edge}:Q"))
    forces = alt.Chart().transform_filter(alt.datum.row_kind == "force")
    colour = alt.Scale(domain=POSITIONS, range=[PALETTE[0], PALETTE[1], PALETTE[2]])
    shape = alt.Scale(domain=POSITIONS, range=["circle", "triangle-up", "triangle-down"])  # position by shape as well
    layers.append(forces.mark_point(size=60, filled=True, opacity=1, strokeWidth=1.5).encode(
        x=x, y="share:Q",
        color=alt.Color("position:N", scale=colour, legend=alt.Legend(title=None, orient="top", direction="vertical")),
        shape=alt.Shape("position:N", scale=shape, legend=alt.Legend(title=None, orient="top", direction="vertical")),
        **hollow_when_few(alt, data, colour)))
    return alt.layer(*layers, data=data).properties(width=360, height=300)


def summary(chart: dict, data: pd.DataFrame) -> str:
    forces = data[data["row_kind"] == "force"]
    target = formatting.percent(forces["national_share"].iloc[0])
    parts = [f"{len(forces)} forces around the national rate of {target}; lines mark the 95% and 99.8% binomial limits."]
    for position in POSITIONS[1:]:
        named = forces[forces["position"] == position]
        parts.append(f"{position.capitalize()}: " + (", ".join(f"{row.area} ({row.share_text} of {row.n_text})"
                                                               for row in named.itertuples()) or "none") + ".")
    parts.append(f"{(forces['position'] == POSITIONS[0]).sum()} forces are within the expected range.")
    return " ".join(parts)


def facts(chart: dict, data: pd.DataFrame) -> list[tuple[str, str]]:
    return force_position_facts(chart, data[data["row_kind"] == "force"], POSITIONS)
