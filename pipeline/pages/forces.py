"""A page for every police force in the outcome counts, an index of them all, and a CSV of each force's rows."""

import re
from pathlib import Path

import pandas as pd

from pipeline.tables import formatting
from pipeline.tables.outcome_measures import (
    FEW_OUTCOMES,
    MEASURED_CODES,
    OUTCOMES,
    RECORDING_CAVEAT,
    has_outcomes,
    official_figure_id,
)

FOLDER = "forces"
FORCES = "forces"
QUARTERLY, ROLLING, BREAKS = "recorded-crime-quarterly", "recorded-crime-rolling-year", "breaks"
CHART_KINDS = ("control-limits", "interval-dots")  # shared charts every force page shows, drawn once for all forces


def slug(name: str) -> str:
    """'London, City of' -> 'london-city-of'."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def plain(value):
    return None if not isinstance(value, str) and pd.api.types.is_scalar(value) and pd.isna(value) else value


def records(frame: pd.DataFrame) -> list[dict]:
    return [{key: plain(value) for key, value in row.items()} for row in frame.to_dict("records")]


def resource_anywhere(tables, name: str):
    """The first package's resource with this name, and the package's name; (None, None) when no package has it."""
    for (package, resource), frame in tables.resources.items():
        if resource == name:
            return package, frame
    return None, None


def names_of(forces: pd.DataFrame | None, force: str) -> list[str]:
    """The Home Office name of a force, then any other name it is known by."""
    if forces is None:
        return [force]
    row = forces[forces["force"] == force]
    other = row["also_known_as"].iloc[0] if len(row) and not pd.isna(row["also_known_as"].iloc[0]) else None
    return [force] + ([other] if other else [])


def rate_rows(rates: pd.DataFrame, force: str) -> list[dict]:
    """The force's charge rate by year and offence, with the national rate beside each, latest year first."""
    rows = []
    national = rates[(rates["area_kind"] == "national") & rates["includes_btp"]].set_index(["financial_year", "offence_code"])
    own = rates[rates["force"] == force].sort_values(["year_end", "offence_code"], ascending=[False, False])
    for row in records(own):
        other = national.loc[(row["financial_year"], row["offence_code"])]
        rows.append({**row, "n_text": formatting.count(row["outcomes_assigned"]), "charged_text": formatting.count(row["charged"]),
                     "national_text": f"{other['share_text']} ({other['interval_text']})",
                     "position": row.get("position") or "no outcomes"})
    return rows


def group_rows(shares: pd.DataFrame, force: str, national_area: str) -> list[dict]:
    """Stalking outcome groups of the force beside the national shares, one row per group and year."""
    stalking = shares[shares["offence_code"] == MEASURED_CODES[0]]
    own = stalking[stalking["area"] == force]
    national = stalking[stalking["area"] == national_area].set_index(["financial_year", "outcome_group"])
    rows = []
    for row in records(own.sort_values(["year_end", "group_order"], ascending=[False, True])):
        rows.append({**row, "national_text": national.loc[(row["financial_year"], row["outcome_group"]), "share_text"],
                     "outcomes_text": formatting.count(row["outcomes"])})
    return rows


def recorded_rows(tables, names: list[str]) -> dict:
    """Recorded stalking and harassment for the force: quarterly offence totals by year, and March rolling-year totals
    with the series breaks that fall before each."""
    package, quarterly = resource_anywhere(tables, QUARTERLY)
    _, rolling = resource_anywhere(tables, ROLLING)
    result = {"package": package, "by_offence": [], "rolling": [], "breaks": []}
    if quarterly is not None:
        own = quarterly[quarterly["force"].isin(names)]
        for (year, code, offence), part in own.groupby(["financial_year", "offence_code", "offence"], sort=True):
            flags = sorted({flag for flag in part["flag"].dropna() if flag})
            result["by_offence"].append({"year": year, "code": code, "offence": offence,
                                         "count_text": formatting.count(part["count"].sum()), "flag": "; ".join(flags)})
    breaks = tables.resources.get((package, BREAKS)) if package else None
    cuts = [] if breaks is None else records(breaks.assign(date=breaks["date"].astype(str)).sort_values("date"))
    result["breaks"] = cuts
    if rolling is not None:
        own = rolling[rolling["force"].isin(names) & rolling["period_end"].astype(str).str.endswith("-03-31")]
        previous = None
        for row in records(own.sort_values("period_end")):
            end = str(row["period_end"])
            crossed = [cut["label"] for cut in cuts if previous and previous < cut["date"] <= end]
            result["rolling"].append({"period": row["period"], "count_text": formatting.count(row["count"]),
                                      "break": "; ".join(crossed), "flag": row.get("flag") or ""})
            previous = end
    return result


def figures_about(tables, names: list[str], own_package: str) -> list[dict]:
    """Figures from other packages whose geography is this force (FOI disclosures and the like)."""
    figures = tables.figures
    if figures.empty:
        return []
    chosen = figures[(figures["package"] != own_package)
                     & figures["geography"].map(lambda place: any(str(place).startswith(name + " ") for name in names))]
    return [{**row, "value_text": formatting.figure_value(row["proportion"], row["count"], row.get("change"), row["qualifier"])}
            for row in records(chosen)]


def comparisons(tables, package: str, rates: pd.DataFrame) -> list[dict]:
    """Each national stalking charge rate computed here beside the same year's count as others printed it."""
    figures = tables.figures
    out = []
    national = rates[(rates["area_kind"] == "national") & rates["includes_btp"] & (rates["offence_code"] == MEASURED_CODES[0])]
    for row in records(national):
        printed = figures[(figures["package"] != package) & (figures["measure"] == "charged")
                          & (figures["period"] == row["financial_year"]) & (figures["geography"] == "England and Wales")]
        for other in records(printed):
            if other["base_n"] is None:
                continue
            share = other["count"] / other["base_n"]
            out.append({"year": row["financial_year"], "computed": f"{row['charged']:,} of {row['outcomes_assigned']:,} "
                        f"({formatting.percent(row['share'])})", "printed": f"{other['count']:,} of {other['base_n']:,} "
                        f"({formatting.percent(share)})", "publisher": other["source_publisher"],
                        "published": other["source_published"], "address": other["source_address"],
                        "charges_more": row["charged"] - other["count"], "outcomes_more": row["outcomes_assigned"] - other["base_n"],
                        "points": f"{abs(row['share'] - share) * 100:.1f}"})
    return out


def shared_charts(charts: dict, package: str) -> list:
    """The package's charts comparing forces, drawn once and shown on every force page."""
    return [chart for chart in charts.values() if chart.package == package and chart.definition["kind"] in CHART_KINDS]


def write(tables, charts: dict, chart_context, env, out: Path) -> list[str]:
    """Write forces/index.md, a page and a CSV per force; return the pages written (none without outcome counts)."""
    package = next((package for package in tables.packages if has_outcomes(package)), None)
    if package is None:
        return []
    rates = tables.resources[(package.name, "charge-rates")]
    shares = tables.resources[(package.name, "outcome-group-shares")]
    outcomes = tables.resources[(package.name, OUTCOMES)]
    forces = tables.resources.get((package.name, FORCES))
    national_area = rates.loc[(rates["area_kind"] == "national") & rates["includes_btp"], "area"].iloc[0]
    folder = out / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    shared = [chart_context(chart) for chart in shared_charts(charts, package.name)]
    common = {"package": package.name, "caveat": RECORDING_CAVEAT, "few": FEW_OUTCOMES, "national_area": national_area,
              "charts": shared, "root": "../"}
    index, written = [], ["forces/index.md"]
    for force, rows in outcomes.groupby("force", sort=True):
        names = names_of(forces, force)
        context = {"force": force, "names": names, "slug": slug(force), "rates": rate_rows(rates, force),
                   "groups": group_rows(shares, force, national_area), "recorded": recorded_rows(tables, names),
                   "figures": figures_about(tables, names, package.name), "csv": f"{slug(force)}.csv", "rows": len(rows)}
        rows.to_csv(folder / context["csv"], index=False, lineterminator="\n")
        (folder / f"{context['slug']}.md").write_text(env.get_template("force.md.j2").render(**common, **context), encoding="utf-8")
        written.append(f"forces/{context['slug']}.md")
        index.append(context)
    national = rate_rows(rates.assign(force=rates["area"]), national_area)
    figure_ids = {row["financial_year"]: f"{package.name}/{official_figure_id('stalking', row['year_end'])}" for row in national}
    (folder / "index.md").write_text(env.get_template("forces_index.md.j2").render(
        **common, forces=index, national=national, figure_ids=figure_ids,
        comparisons=comparisons(tables, package.name, rates)), encoding="utf-8")
    return written
