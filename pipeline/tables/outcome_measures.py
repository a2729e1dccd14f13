"""Charge rates and outcome-group shares by police force and nationally, computed from Home Office outcome counts."""

import pandas as pd

from pipeline.tables import formatting, intervals
from pipeline.tables.funnel_limits import control_limits, position

OUTCOMES, OUTCOME_TYPES, OFFENCES = "outcomes", "outcome-types", "offences"
MEASURED_CODES = ("8Q", "8L")  # stalking, and harassment beside it
CHARGED = 1  # outcome type 1: charged/summonsed
FEW_OUTCOMES = 50  # fewer outcomes than this and a force's rate is marked as resting on few outcomes
BTP = "British Transport Police"
NATIONAL = "England and Wales"
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


def _assigned(outcomes: pd.DataFrame) -> pd.DataFrame:
    """Outcomes assigned in each quarter (type 0, not yet assigned, has none), for the measured offences."""
    rows = outcomes[outcomes["offence_code"].isin(MEASURED_CODES) & outcomes["outcomes_assigned"].notna()]
    return rows.assign(charged=rows["outcomes_assigned"].where(rows["outcome_type"] == CHARGED, 0))


def _flags(rows: pd.DataFrame) -> str | None:
    negative = rows[rows["outcomes_assigned"] < 0]
    if negative.empty:
        return None
    return f"sums include {len(negative)} negative quarter count(s) as printed ({', '.join(map(str, negative['outcomes_assigned']))})"


def _rate_row(keys: dict, rows: pd.DataFrame) -> dict:
    n, charged = int(rows["outcomes_assigned"].sum()), int(rows["charged"].sum())
    share = charged / n if n > 0 else None
    low, high = intervals.wilson(share, n) if share is not None else (None, None)
    return {**keys, "outcomes_assigned": n, "charged": charged, "share": share, "ci_low": low, "ci_high": high,
            "forces": rows["force"].nunique(), "source_id": "; ".join(sorted(rows["source_id"].unique())),
            "flag": _flags(rows)}


def charge_rates(outcomes: pd.DataFrame, offences: pd.DataFrame) -> pd.DataFrame:
    """One row per year, offence and area (each force, and England and Wales with and without British Transport
    Police): outcomes assigned, charged/summonsed, the share with its 95% Wilson interval, and for forces the 95% and
    99.8% binomial control limits around the national rate with the force's position in words."""
    rows = _assigned(outcomes)
    names = dict(zip(offences["offence_code"], offences["offence"], strict=True))
    out = []
    for (year, code), part in rows.groupby(["financial_year", "offence_code"], sort=True):
        common = {"financial_year": year, "year_end": year_end(year), "offence_code": code, "offence": names[code]}
        national = {}
        for with_btp in (True, False):
            chosen = part if with_btp else part[part["force"] != BTP]
            national[with_btp] = _rate_row({**common, "area": NATIONAL_NAMES[with_btp], "force": None,
                                            "area_kind": "national", "includes_btp": with_btp}, chosen)
            out.append(national[with_btp])
        target = national[True]["share"]
        for force, own in part.groupby("force", sort=True):
            row = _rate_row({**common, "area": force, "force": force, "area_kind": "force",
                             "includes_btp": force == BTP}, own)
            row["national_share"] = target
            if row["outcomes_assigned"] > 0:
                limits = control_limits(row["outcomes_assigned"], target)
                row.update(limits, position=position(row["share"], limits),
                           outside_95=not limits["low_95"] <= row["share"] <= limits["high_95"])
            row["few_outcomes"] = row["outcomes_assigned"] < FEW_OUTCOMES
            out.append(row)
    frame = pd.DataFrame(out)
    frame["share_text"] = [formatting.percent(value) if value is not None and not pd.isna(value) else "no outcomes"
                           for value in frame["share"]]
    frame["interval_text"] = [formatting.interval(low, high) if not pd.isna(low) else ""
                              for low, high in zip(frame["ci_low"], frame["ci_high"], strict=True)]
    return frame


def group_shares(outcomes: pd.DataFrame, outcome_types: pd.DataFrame) -> pd.DataFrame:
    """One row per year, offence, area and Home Office outcome group: outcomes assigned in the group and their share
    of all outcomes assigned to that area (shares of an area sum to 1)."""
    rows = _assigned(outcomes).merge(outcome_types[["outcome_type", "outcome_group"]], on="outcome_type", how="left")
    groups = list(dict.fromkeys(outcome_types.sort_values("outcome_type")["outcome_group"]))
    groups.remove("Not yet assigned an outcome")
    out = []
    for (year, code), part in rows.groupby(["financial_year", "offence_code"], sort=True):
        areas = [(NATIONAL_NAMES[True], "national", part)]
        areas += [(force, "force", own) for force, own in part.groupby("force", sort=True)]
        for area, kind, own in areas:
            total = int(own["outcomes_assigned"].sum())
            counts = own.groupby("outcome_group")["outcomes_assigned"].sum()
            for order, group in enumerate(groups, start=1):
                count = int(counts.get(group, 0))
                out.append({"financial_year": year, "year_end": year_end(year), "offence_code": code, "area": area,
                            "area_kind": kind, "outcome_group": group, "group_order": order, "outcomes": count,
                            "outcomes_assigned": total, "share": count / total if total > 0 else None,
                            "source_id": "; ".join(sorted(own["source_id"].unique()))})
    frame = pd.DataFrame(out)
    frame["share_text"] = [formatting.percent(value) if value is not None and not pd.isna(value) else "" for value in frame["share"]]
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
