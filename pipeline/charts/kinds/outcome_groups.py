"""Outcome groups: the share of outcomes assigned in each Home Office outcome group, one bar per year, breaks named."""

import pandas as pd

from pipeline.charts.kinds.common import PALETTE, ChartContext
from pipeline.charts.kinds.outcome_tables import check_outcomes, computed, year_labels
from pipeline.tables import formatting

TABLE = [("year", "Year"), ("outcome_group", "Outcome group"), ("share_text", "Share of outcomes assigned"),
         ("outcomes_text", "Outcomes")]


def refs(chart: dict) -> list[str]:
    return []


def check(chart: dict, context: ChartContext) -> list[str]:
    problems = check_outcomes(chart, context)
    if chart.get("breaks") and chart["breaks"] not in context.resources:
        problems.append(f"unknown breaks resource {chart['breaks']!r} in this package")
    return problems


def frame(chart: dict, tables, package: str) -> pd.DataFrame:
    shares = computed(tables, package, "outcome-group-shares", chart)
    data = shares[shares["area_kind"] == "national"].copy()
    labels = year_labels(list(data["financial_year"].unique()), tables, package, chart)
    data["year"] = data["financial_year"].map(labels)
    offences = tables.resources[(package, "offences")].set_index("offence_code")["offence"]
    data["offence"] = data["offence_code"].map(offences)
    data["outcomes_text"] = [f"{count:,} of {total:,}" for count, total in zip(data["outcomes"], data["outcomes_assigned"], strict=True)]
    data["share_label"] = formatting.percents_at_one_precision(data["share"])  # the bars' labels, at one precision
    return data.sort_values(["group_order", "year_end"]).reset_index(drop=True)


def draw(chart: dict, data: pd.DataFrame):
    import altair as alt

    years = list(dict.fromkeys(data.sort_values("year_end")["year"]))
    groups = list(dict.fromkeys(data["outcome_group"]))
    colour = alt.Scale(domain=years, range=PALETTE[: len(years)])
    base = alt.Chart().encode(y=alt.Y("outcome_group:N", title=None, sort=groups, axis=alt.Axis(labelLimit=420)),
                              yOffset=alt.YOffset("year:N", sort=years))
    bars = base.mark_bar(height=9).encode(
        x=alt.X("share:Q", title="Share of outcomes assigned in the year", axis=alt.Axis(format="%", tickCount=5)),
        color=alt.Color("year:N", scale=colour, legend=alt.Legend(title=None, orient="top", direction="vertical",
                                                                  labelLimit=520)))
    labels = base.mark_text(align="left", baseline="middle", dx=4, fontSize=9, color="#222").encode(x="share:Q", text="share_label:N")
    return alt.layer(bars, labels, data=data).properties(width=300, height=alt.Step(22))


def summary(chart: dict, data: pd.DataFrame) -> str:
    parts = []
    for year, rows in data.groupby("year", sort=False):
        top = rows.sort_values("share", ascending=False).head(3)
        parts.append(f"{year}: " + "; ".join(f"{row.outcome_group} {row.share_text}" for row in top.itertuples()) + ".")
    return " ".join(parts)


def facts(chart: dict, data: pd.DataFrame) -> list[tuple[str, str]]:
    """Each year's share charged, then the largest outcome group of the latest year."""
    said = [(row.share_text, f"of {row.offence.lower()} outcomes assigned were a charge or summons (Home Office, official "
                             f"statistics, {row.financial_year}).")
            for row in data[data["group_order"] == data["group_order"].min()].itertuples()]
    latest = data[data["year_end"] == data["year_end"].max()].sort_values("share", ascending=False).iloc[0]
    said.append((latest["share_text"], f"ended as '{latest['outcome_group']}', the largest group (Home Office, official "
                                       f"statistics, {latest['financial_year']})."))
    return said
