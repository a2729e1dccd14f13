"""Charge rates and outcome-group shares by police force and nationally, computed from Home Office outcome counts."""

from collections import defaultdict
from dataclasses import dataclass, field

import pandas as pd

from pipeline.tables import formatting, intervals
from pipeline.tables.funnel_limits import control_limits, position

OUTCOMES, OUTCOME_TYPES, OFFENCES = "outcomes", "outcome-types", "offences"
MEASURED_CODES = ("8Q", "8L")  # stalking, and harassment beside it
CHARGED = 1  # outcome type 1: charged/summonsed
NOT_YET_ASSIGNED = 0  # outcome type 0: an offence still open, not an outcome assigned
FEW_OUTCOMES = 50  # fewer outcomes than this and a force's rate is marked as resting on few outcomes
BTP = "British Transport Police"
NATIONAL_NAMES = {True: "England and Wales (43 police forces and British Transport Police)",
                  False: "England and Wales (43 police forces, without British Transport Police)"}
RECORDING_CAVEAT = ("Recording practice differs between forces and over time: a force that records few outcomes can "
                    "still show a high rate, and a change in a force's rate may be a change in how it records.")


def has_outcomes(package) -> bool:
    """A package holds Home Office outcome counts in the layout these measures read."""
    return all(package.resource(name) is not None for name in (OUTCOMES, OUTCOME_TYPES, OFFENCES))


def year_end(financial_year: str) -> str:
    """'year ending March 2019' -> '2019-03-31'."""
    return f"{financial_year.rsplit(' ', 1)[1]}-03-31"


@dataclass
class Tally:
    """Outcomes assigned and charged, summed over quarter rows, with what the sum needs to say about itself."""

    outcomes_assigned: int = 0
    charged: int = 0
    negatives: list = field(default_factory=list)
    forces: set = field(default_factory=set)
    sources: set = field(default_factory=set)

    def add(self, force: str, outcome_type: int, count: int, source: str) -> None:
        self.outcomes_assigned += count
        self.charged += count if outcome_type == CHARGED else 0
        self.forces.add(force)
        self.sources.add(source)
        if count < 0:
            self.negatives.append(count)

    def row(self, keys: dict) -> dict:
        n, charged = self.outcomes_assigned, self.charged
        share = charged / n if n > 0 else None
        low, high = intervals.wilson(share, n) if share is not None else (None, None)
        flag = (f"sums include {len(self.negatives)} negative quarter count(s) as printed "
                f"({', '.join(map(str, self.negatives))})") if self.negatives else None
        return {**keys, "outcomes_assigned": n, "charged": charged, "share": share, "ci_low": low, "ci_high": high,
                "forces": len(self.forces), "source_id": "; ".join(sorted(self.sources)), "flag": flag}


def quarter_rows(outcomes: pd.DataFrame) -> list[tuple]:
    """(year, offence code, force, outcome type, outcomes assigned, source) of every quarter row of the measured
    offences that has outcomes assigned (type 0, not yet assigned, has none), as plain values: summing them in Python
    costs less than asking pandas for each of a few hundred groups."""
    rows = outcomes[outcomes["offence_code"].isin(MEASURED_CODES) & outcomes["outcomes_assigned"].notna()]
    return list(zip(rows["financial_year"], rows["offence_code"], rows["force"], rows["outcome_type"].astype(int),
                    rows["outcomes_assigned"].astype(int), rows["source_id"], strict=True))


def areas_of(force: str) -> tuple[str, ...]:
    """The areas a force's rows count towards: itself and England and Wales (and, but for BTP, the forces-only sum)."""
    return (force, NATIONAL_NAMES[True]) + (() if force == BTP else (NATIONAL_NAMES[False],))


def charge_rates(outcomes: pd.DataFrame, offences: pd.DataFrame) -> pd.DataFrame:
    """One row per year, offence and area (each force, and England and Wales with and without British Transport
    Police): outcomes assigned, charged/summonsed, the share with its 95% Wilson interval, and for forces the 95% and
    99.8% binomial control limits around the national rate with the force's position in words."""
    names = dict(zip(offences["offence_code"], offences["offence"], strict=True))
    tallies: dict[tuple, Tally] = defaultdict(Tally)
    for year, code, force, outcome_type, count, source in quarter_rows(outcomes):
        for area in areas_of(force):
            tallies[(year, code, area)].add(force, outcome_type, count, source)
    out = []
    for year, code in sorted({(year, code) for year, code, _ in tallies}):
        common = {"financial_year": year, "year_end": year_end(year), "offence_code": code, "offence": names[code]}
        for with_btp in (True, False):
            out.append(tallies[(year, code, NATIONAL_NAMES[with_btp])].row(
                {**common, "area": NATIONAL_NAMES[with_btp], "force": None, "area_kind": "national", "includes_btp": with_btp}))
        target = out[-2]["share"]
        forces = sorted(area for y, c, area in tallies if (y, c) == (year, code) and area not in NATIONAL_NAMES.values())
        for force in forces:
            row = tallies[(year, code, force)].row({**common, "area": force, "force": force, "area_kind": "force",
                                                    "includes_btp": force == BTP})
            row["national_share"] = target
            if row["outcomes_assigned"] > 0:
                limits = control_limits(row["outcomes_assigned"], target)
                row.update(limits, position=position(row["share"], limits),
                           outside_95=not limits["low_95"] <= row["share"] <= limits["high_95"])
            row["few_outcomes"] = row["outcomes_assigned"] < FEW_OUTCOMES
            out.append(row)
    frame = pd.DataFrame(out)
    worded = [formatting.estimate_and_interval(share, low, high) if share is not None and not pd.isna(share)
              else ("no outcomes", None) for share, low, high in zip(frame["share"], frame["ci_low"], frame["ci_high"], strict=True)]
    frame["share_text"] = [share for share, _ in worded]
    frame["interval_text"] = [spread or "" for _, spread in worded]
    return frame


def group_shares(outcomes: pd.DataFrame, outcome_types: pd.DataFrame) -> pd.DataFrame:
    """One row per year, offence, area and Home Office outcome group: outcomes assigned in the group and their share
    of all outcomes assigned to that area (shares of an area sum to 1)."""
    group_of = dict(zip(outcome_types["outcome_type"].astype(int), outcome_types["outcome_group"], strict=True))
    groups = list(dict.fromkeys(outcome_types.sort_values("outcome_type")["outcome_group"]))
    groups.remove(group_of[NOT_YET_ASSIGNED])
    totals: dict[tuple, Tally] = defaultdict(Tally)
    counts: dict[tuple, int] = defaultdict(int)
    for year, code, force, outcome_type, count, source in quarter_rows(outcomes):
        for area in areas_of(force)[:2]:
            totals[(year, code, area)].add(force, outcome_type, count, source)
            counts[(year, code, area, group_of[outcome_type])] += count
    out = []
    for (year, code, area), total in sorted(totals.items(), key=lambda item: (item[0][:2], item[0][2] != NATIONAL_NAMES[True], item[0][2])):
        kind = "national" if area == NATIONAL_NAMES[True] else "force"
        for order, group in enumerate(groups, start=1):
            count, whole = counts.get((year, code, area, group), 0), total.outcomes_assigned
            out.append({"financial_year": year, "year_end": year_end(year), "offence_code": code, "area": area,
                        "area_kind": kind, "outcome_group": group, "group_order": order, "outcomes": count,
                        "outcomes_assigned": whole, "share": count / whole if whole > 0 else None,
                        "source_id": "; ".join(sorted(total.sources))})
    frame = pd.DataFrame(out)
    # one precision for every share, so a table of groups never reads "2%" above "0.95%"
    frame["share_text"] = [text if value is not None and not pd.isna(value) else "" for value, text
                           in zip(frame["share"], formatting.percents_at_one_precision(frame["share"]), strict=True)]
    return frame


def measures(package, resources: dict) -> dict:
    """The computed tables of a package of outcome counts, keyed like the package's own resources."""
    outcomes = resources[(package.name, OUTCOMES)]
    types = resources[(package.name, OUTCOME_TYPES)]
    return {(package.name, "charge-rates"): charge_rates(outcomes, resources[(package.name, OFFENCES)]),
            (package.name, "outcome-group-shares"): group_shares(outcomes, types)}


def official_figure_id(offence: str, year_end: str, measure: str = "charge-rate") -> str:
    """The id of a computed national figure: 'stalking-charge-rate-ye-mar-2019'."""
    return f"{offence.lower().replace(' ', '-')}-{measure}-ye-mar-{year_end[:4]}"


def national_figures(package_name: str, rates: pd.DataFrame) -> pd.DataFrame:
    """The national charge rate, charges and outcomes assigned of each year and offence as figures, so pages, markers
    and downloads show them like every other figure (computed here, from official statistics)."""
    rows = []
    national = rates[(rates["area_kind"] == "national") & rates["includes_btp"]]
    # stalking first, the latest year first: a package's key facts are its first figures
    national = national.sort_values("year_end", ascending=False, kind="stable").sort_values(
        "offence_code", key=lambda codes: codes.map(MEASURED_CODES.index), kind="stable")
    for record in national.to_dict("records"):
        n, charged = record["outcomes_assigned"], record["charged"]
        common = {"stage": "prosecution", "counts_what": "outcomes", "period": record["financial_year"],
                  "geography": record["area"], "change": pd.NA, "qualifier": "exactly", "base_source_id": None,
                  "quote": None, "flags": record["flag"], "derived": True, "inputs": OUTCOMES, "published_as": None,
                  "source_id": record["source_id"], "package": package_name}
        method = (f"sum of the quarter rows of {record['forces']} forces (43 police forces and British Transport "
                  "Police) in the Home Office crime outcomes open data; outcomes assigned in the year, whatever the "
                  "date of the offence; type 0 (not yet assigned) is not an outcome assigned")
        rows.append({**common, "id": official_figure_id(record["offence"], record["year_end"]), "measure": "charge-rate",
                     "label": f"{record['offence']} outcomes that were a charge or summons (computed)",
                     "proportion": round(record["share"], 4), "count": pd.NA,
                     "wording": f"{formatting.percent(record['share'])} ({charged:,} of {n:,}; computed)",
                     "base": f"{record['offence'].lower()} outcomes assigned in the year", "base_n": n,
                     "base_n_status": "stated", "operation": "ratio",
                     "inputs": " ".join(official_figure_id(record["offence"], record["year_end"], kind)
                                        for kind in ("charged", "outcomes")),
                     "formula": f"{charged:,} charged or summonsed (outcome type 1) ÷ {n:,} outcomes assigned",
                     "notes": f"Computed by the pipeline: {method}."})
        for kind, value, label in (("charged", charged, "charged or summonsed"), ("outcomes", n, "outcomes assigned")):
            rows.append({**common, "id": official_figure_id(record["offence"], record["year_end"], kind), "measure": kind,
                         "label": f"{record['offence']}: {label} in the year (computed)", "proportion": pd.NA,
                         "count": value, "wording": f"{value:,}", "base": f"{record['offence'].lower()} outcomes assigned in the year",
                         "base_n": pd.NA, "base_n_status": "unknown", "operation": "sum", "formula": method,
                         "notes": f"Computed by the pipeline: {method}."})
    frame = pd.DataFrame(rows)
    frame.insert(0, "ref", package_name + "/" + frame["id"])
    return frame
