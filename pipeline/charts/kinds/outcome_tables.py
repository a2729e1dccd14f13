"""What the chart kinds drawn from Home Office outcome counts share: the check, the computed rows, breaks, wording."""

import pandas as pd

from pipeline.charts.kinds.common import ChartContext, apply_filter, check_resource
from pipeline.tables import formatting
from pipeline.tables.outcome_measures import FEW_OUTCOMES

OUTCOME_FIELDS = ("force", "offence_code", "outcome_type", "outcomes_assigned")
FEW_MARKER = f"fewer than {FEW_OUTCOMES} outcomes"  # a force's note in the data table, and its hollow marker's legend


def few_outcomes_notes(few: pd.Series) -> list[str]:
    """The note beside each force in a chart's data table: FEW_MARKER where its rate rests on few outcomes."""
    return [FEW_MARKER if flagged else "" for flagged in few]


def hollow_when_few(alt, data: pd.DataFrame, colour) -> dict:
    """Encodings that draw forces with few outcomes as hollow markers, outlined in their full colour so they keep its
    contrast, with a legend entry that says so when any is drawn (Vega-Lite gives fillOpacity no legend, so the entry
    comes from an opacity encoding that changes nothing)."""
    legend = alt.Legend(title=None, values=[FEW_MARKER], orient="top", direction="vertical", symbolType="circle",
                        symbolFillColor="transparent", symbolStrokeColor=colour.range[0], symbolStrokeWidth=1.5) \
        if (data["marker"] == FEW_MARKER).any() else None
    return {"stroke": alt.Stroke("position:N", scale=colour, legend=None),
            "fillOpacity": alt.condition(alt.datum.marker == FEW_MARKER, alt.value(0), alt.value(1)),
            "opacity": alt.Opacity("marker:N", scale=alt.Scale(domain=["", FEW_MARKER], range=[1, 1]), legend=legend)}


def check_outcomes(chart: dict, context: ChartContext, needs: tuple[str, ...] = ("offence_code",)) -> list[str]:
    """The chart names a table of outcome counts and filters it by the fields it needs."""
    problems = check_resource(chart, context, [])
    fields = context.resources.get(chart.get("resource"), [])
    if fields and not all(name in fields for name in OUTCOME_FIELDS):
        problems.append(f"resource {chart['resource']!r} is not a table of outcome counts ({', '.join(OUTCOME_FIELDS)})")
    problems += [f"'filter' must give {name!r}" for name in needs if name not in (chart.get("filter") or {})]
    return problems


def no_refs(chart: dict) -> list[str]:
    """A chart drawn from outcome counts names no figures."""
    return []


def check_one_year(chart: dict, context: ChartContext) -> list[str]:
    """A chart of forces in one year: a table of outcome counts filtered to one offence and one year."""
    return check_outcomes(chart, context, ("offence_code", "financial_year"))


def computed(tables, package: str, name: str, chart: dict) -> pd.DataFrame:
    """Rows of a table the tables stage computed from the package's outcome counts, filtered as the chart says."""
    return apply_filter(tables.resources[(package, name)], chart.get("filter")).reset_index(drop=True)


def force_rates(tables, package: str, chart: dict) -> pd.DataFrame:
    """The charge-rate rows of the forces that assigned any outcome, filtered as the chart says."""
    rates = computed(tables, package, "charge-rates", chart)
    return rates[(rates["area_kind"] == "force") & (rates["outcomes_assigned"] > 0)].copy()


def year_labels(years: list[str], tables, package: str, chart: dict) -> dict[str, str]:
    """Each financial year, followed, when a series break falls since the year before, by the break's label."""
    breaks = tables.resources.get((package, chart.get("breaks")), pd.DataFrame(columns=["date", "label"]))
    labels, previous = {}, None
    for year in sorted(years, key=lambda y: y[-4:]):
        start = f"{int(year[-4:]) - 1}-04-01"
        crossed = [row["label"] for _, row in breaks.iterrows()
                   if (previous is None or str(row["date"]) > previous) and str(row["date"]) <= start]
        labels[year] = year + (f" (after the break: {'; '.join(crossed)}, {start[:7]})" if crossed and previous else "")
        previous = start
    return labels


def force_position_facts(chart: dict, forces: pd.DataFrame, positions: list[str]) -> list[tuple[str, str]]:
    """Key facts of a chart comparing forces: the national rate, then how many forces sit where against the limits,
    in words, never as a rank."""
    source = f"Home Office, official statistics, {(chart.get('filter') or {}).get('financial_year', '')}".rstrip(", ")
    offence = str(forces["offence"].iloc[0]).lower()
    facts = [(formatting.percent(forces["national_share"].iloc[0]),
              f"of {offence} outcomes assigned in England and Wales were a charge or summons: the rate each force is "
              f"set against ({source}).")]
    for position in positions:
        count = int((forces["position"] == position).sum())
        facts.append((f"{count} of {len(forces)} forces", f"were {position} ({source})."))
    facts.append(("Recording practice", "differs between forces and over time, so a force outside the limits is a question "
                  f"to ask, not a verdict ({source})."))
    return facts
