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


def by(rows: list[dict], key: str) -> dict[str, list[dict]]:
    """Plain rows grouped by one column's value, in their order."""
    grouped: dict[str, list[dict]] = {}
    for row in rows:
        grouped.setdefault(row[key], []).append(row)
    return grouped


class ForceTables:
    """Every table a force page shows, turned into plain rows once and grouped by force, so 44 pages cost little."""

    def __init__(self, tables, rates: pd.DataFrame, shares: pd.DataFrame, national_area: str):
        rows = records(rates.sort_values(["year_end", "offence_code"], ascending=[False, False]))
        self.national = {(row["financial_year"], row["offence_code"]): row for row in rows
                         if row["area_kind"] == "national" and row["includes_btp"]}
        self.rates = by([self.rate_row(row) for row in rows], "area")
        stalking = records(shares[shares["offence_code"] == MEASURED_CODES[0]].sort_values(
            ["year_end", "group_order"], ascending=[False, True]))
        national_shares = {(row["financial_year"], row["outcome_group"]): row["share_text"]
                           for row in stalking if row["area"] == national_area}
        self.groups = by([{**row, "national_text": national_shares[(row["financial_year"], row["outcome_group"])],
                           "outcomes_text": formatting.count(row["outcomes"])} for row in stalking], "area")
        self.recorded_package, quarterly = resource_anywhere(tables, QUARTERLY)
        _, rolling = resource_anywhere(tables, ROLLING)
        self.quarterly = by(records(quarterly), "force") if quarterly is not None else {}
        march = rolling[rolling["period_end"].astype(str).str.endswith("-03-31")] if rolling is not None else None
        self.rolling = by(records(march.sort_values("period_end")), "force") if march is not None else {}
        breaks = tables.resources.get((self.recorded_package, BREAKS)) if self.recorded_package else None
        self.breaks = [] if breaks is None else records(breaks.assign(date=breaks["date"].astype(str)).sort_values("date"))

    def rate_row(self, row: dict) -> dict:
        other = self.national[(row["financial_year"], row["offence_code"])]
        return {**row, "n_text": formatting.count(row["outcomes_assigned"]), "charged_text": formatting.count(row["charged"]),
                "national_text": f"{other['share_text']} ({other['interval_text']})",
                "position": row.get("position") or "no outcomes"}

    def recorded(self, names: list[str]) -> dict:
        """Recorded stalking and harassment: quarterly offence totals by year, and March rolling-year totals with the
        series breaks that fall before each."""
        result = {"package": self.recorded_package, "by_offence": [], "rolling": []}
        quarters = [row for name in names for row in self.quarterly.get(name, [])]
        totals: dict[tuple, list[dict]] = {}
        for row in quarters:
            totals.setdefault((row["financial_year"], row["offence_code"], row["offence"]), []).append(row)
        for (year, code, offence), part in sorted(totals.items()):
            flags = sorted({row["flag"] for row in part if row["flag"]})
            result["by_offence"].append({"year": year, "code": code, "offence": offence, "flag": "; ".join(flags),
                                         "count_text": formatting.count(sum(row["count"] for row in part))})
        previous = None
        for row in [row for name in names for row in self.rolling.get(name, [])]:
            end = str(row["period_end"])
            crossed = [cut["label"] for cut in self.breaks if previous and previous < cut["date"] <= end]
            result["rolling"].append({"period": row["period"], "count_text": formatting.count(row["count"]),
                                      "break": "; ".join(crossed)})
            previous = end
        return result


def figures_about(tables, own_package: str) -> list[dict]:
    """Figures from other packages that are about one area (FOI disclosures and the like), as plain rows."""
    figures = tables.figures
    if figures.empty:
        return []
    return [{**row, "value_text": formatting.figure_value(row["proportion"], row["count"], row.get("change"), row["qualifier"])}
            for row in records(figures[figures["package"] != own_package])]


def about(figures: list[dict], names: list[str]) -> list[dict]:
    """The figures whose geography is this force ("West Midlands Police force area")."""
    return [row for row in figures if any(str(row["geography"]).startswith(name + " ") for name in names)]


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
    grouped = ForceTables(tables, rates, shares, national_area)
    others = figures_about(tables, package.name)
    template = env.get_template("force.md.j2")
    index, written = [], ["forces/index.md"]
    for force, rows in outcomes.groupby("force", sort=True):
        names = names_of(forces, force)
        context = {"force": force, "names": names, "slug": slug(force), "rates": grouped.rates.get(force, []),
                   "groups": grouped.groups.get(force, []), "recorded": grouped.recorded(names),
                   "figures": about(others, names), "csv": f"{slug(force)}.csv", "rows": len(rows)}
        rows.to_csv(folder / context["csv"], index=False, lineterminator="\n")
        (folder / f"{context['slug']}.md").write_text(template.render(**common, **context), encoding="utf-8")
        written.append(f"forces/{context['slug']}.md")
        index.append(context)
    national = grouped.rates[national_area]
    figure_ids = {row["financial_year"]: f"{package.name}/{official_figure_id('stalking', row['year_end'])}" for row in national}
    (folder / "index.md").write_text(env.get_template("forces_index.md.j2").render(
        **common, forces=index, national=national, figure_ids=figure_ids,
        comparisons=comparisons(tables, package.name, rates)), encoding="utf-8")
    return written
