"""Tidy tables for publishing: every figure and derived figure across packages, with intervals."""

import math
from dataclasses import dataclass, field

import pandas as pd

from pipeline.tables import formatting, intervals, outcome_measures
from pipeline.tables.load import category_labels, load_resource
from pipeline.validation import grim, wording
from pipeline.validation.packages import Package

FLIP = {wording.AT_LEAST: wording.AT_MOST, wording.AT_MOST: wording.AT_LEAST}
SOURCE_COLUMNS = {
    "title": "source_title", "publisher": "source_publisher", "published": "source_published",
    "published_inferred": "source_date_inferred", "address": "source_address", "kind": "source_kind",
}


@dataclass
class Tables:
    """Everything later stages read: figures, sources and other tidy resources, by package."""

    packages: list[Package]
    figures: pd.DataFrame
    sources: pd.DataFrame
    resources: dict = field(default_factory=dict)

    _positions: dict = field(default_factory=dict, init=False, repr=False, compare=False)  # ref -> row, filled once

    def figure(self, ref: str) -> pd.Series:
        """The figure's row (the first, should a ref repeat), found by position: pages ask for figures hundreds of times."""
        if not self._positions:
            for position, each in enumerate(self.figures["ref"]):
                self._positions.setdefault(each, position)
        return self.figures.iloc[self._positions[ref]]

    def package(self, name: str) -> Package:
        return next(package for package in self.packages if package.name == name)


def combine_qualifiers(qualifiers: list[str]) -> str:
    """The qualifier of a product of non-negative figures."""
    kinds = set(qualifiers)
    if kinds == {wording.EXACTLY}:
        return wording.EXACTLY
    if kinds <= {wording.EXACTLY, wording.AT_LEAST}:
        return wording.AT_LEAST
    if kinds <= {wording.EXACTLY, wording.AT_MOST}:
        return wording.AT_MOST
    return wording.APPROXIMATELY


def derived_base(operation: str, inputs: list[pd.Series]) -> tuple[int | None, str]:
    """The n of a derived figure, from what it is computed over: a ratio's n is its denominator's count; a product's
    is its first (widest) share's base; a complement's is its input's base."""
    if operation == "ratio":
        denominator = inputs[1]
        status = "approximate" if denominator["qualifier"] != wording.EXACTLY else "stated"
        return int(denominator["count"]), status
    if pd.isna(inputs[0]["base_n"]):
        return None, "unknown"
    return int(inputs[0]["base_n"]), inputs[0]["base_n_status"]


def derive(row: pd.Series, figures: pd.DataFrame) -> dict:
    """Compute one derived figure from its inputs: value, qualifier and formula in words."""
    inputs = [figures.loc[figures["id"] == name].iloc[0] for name in row["inputs"].split()]
    operation = row["operation"]
    if operation == "product":
        value = math.prod(float(item["proportion"]) for item in inputs)
        qualifier = combine_qualifiers([item["qualifier"] for item in inputs])
        formula = " × ".join(f"{item['proportion']:g} ({item['id']})" for item in inputs)
    elif operation == "complement":
        value = 1 - float(inputs[0]["proportion"])
        qualifier = FLIP.get(inputs[0]["qualifier"], inputs[0]["qualifier"])
        formula = f"1 − {inputs[0]['proportion']:g} ({inputs[0]['id']})"
    else:
        value = float(inputs[0]["count"]) / float(inputs[1]["count"])
        qualifier = combine_qualifiers([item["qualifier"] for item in inputs])
        formula = f"{inputs[0]['count']:,} ({inputs[0]['id']}) ÷ {inputs[1]['count']:,} ({inputs[1]['id']})"
    value = round(value, 4)
    n, status = derived_base(operation, inputs)
    first = inputs[0]
    return {
        "id": row["id"], "measure": row["measure"], "stage": row["stage"], "counts_what": row["counts_what"],
        "period": first["period"], "geography": first["geography"], "proportion": value, "count": pd.NA,
        "wording": f"{formatting.qualified_percent(value, qualifier)} (derived)", "qualifier": qualifier, "base": row["base"],
        "base_n": n, "base_n_status": status, "source_id": first["source_id"],
        "base_source_id": first.get("base_source_id"), "quote": None,
        "notes": " ".join(part for part in (row["description"], row.get("scope_note")) if isinstance(part, str) and part),
        "flags": "; ".join(sorted({str(item["flags"]) for item in inputs if not pd.isna(item["flags"])})) or None,
        "derived": True, "operation": operation, "formula": formula, "inputs": row["inputs"],
        "published_as": row.get("published_as"),
    }


INDICATIVE = {"inferred": "indicative: drawn from an inferred n", "approximate": "indicative: drawn from an approximate n"}


def add_intervals(figures: pd.DataFrame) -> pd.DataFrame:
    """95% Wilson interval for each proportion whose base n is given, marked indicative where n is inferred or
    approximate; none where n is missing, or inferred and failing the GRIM test (it cannot be that n)."""
    lows, highs, bases, grim_fails = [], [], [], []
    for row in figures.itertuples(index=False):
        proportion, n, status = row.proportion, row.base_n, row.base_n_status
        failed = not row.derived and grim.fails(row.wording, proportion, n, row.qualifier)
        grim_fails.append(failed)
        if pd.isna(proportion) or pd.isna(n) or (failed and status != "stated"):
            lows.append(pd.NA)
            highs.append(pd.NA)
            bases.append(None)
        else:
            low, high = intervals.wilson(float(proportion), int(n))
            lows.append(round(low, 4))
            highs.append(round(high, 4))
            bases.append(INDICATIVE.get(status, "from the stated n"))
    figures["ci_low"] = pd.array(lows, dtype="Float64")
    figures["ci_high"] = pd.array(highs, dtype="Float64")
    figures["interval_basis"] = bases
    figures["grim_fails"] = grim_fails
    return figures


def package_figures(package: Package) -> pd.DataFrame | None:
    """A package's figures and derived figures in one tidy frame, or None when it has no figures."""
    resource = package.resource("figures")
    if resource is None:
        return None
    figures = load_resource(package, resource)
    figures["derived"] = False
    for column in ("operation", "formula", "inputs", "published_as"):
        figures[column] = None
    derived = package.resource("derived")
    if derived is not None:
        rows = [derive(row, figures) for _, row in load_resource(package, derived).iterrows()]
        if rows:
            figures = pd.concat([figures, pd.DataFrame(rows)], ignore_index=True)
    labels = category_labels(resource, "measure")
    if derived is not None:
        labels |= category_labels(derived, "measure")
    figures["label"] = figures["measure"].map(labels).fillna(figures["measure"])
    figures.insert(0, "package", package.name)
    figures.insert(0, "ref", package.name + "/" + figures["id"])
    return figures


def build_tables(packages: list[Package]) -> Tables:
    """Every figure with its source and interval, every source, and every other resource."""
    figure_frames, source_frames, resources = [], [], {}
    for package in packages:
        frame = package_figures(package)
        if frame is not None:
            figure_frames.append(frame)
        sources = load_resource(package, package.resource("sources"))
        sources.insert(0, "package", package.name)
        source_frames.append(sources)
        for resource in package.descriptor["resources"]:
            if resource["name"] not in ("figures", "sources", "derived"):
                resources[(package.name, resource["name"])] = load_resource(package, resource)
        if outcome_measures.has_outcomes(package):
            computed = outcome_measures.measures(package, resources)
            resources.update(computed)
            figure_frames.append(outcome_measures.national_figures(package.name, computed[(package.name, "charge-rates")]))
    sources = pd.concat(source_frames, ignore_index=True)
    figures = pd.concat(figure_frames, ignore_index=True) if figure_frames else pd.DataFrame()
    if not figures.empty:
        renamed = sources.rename(columns={"id": "source_id", **SOURCE_COLUMNS})
        figures = figures.merge(renamed[["package", "source_id", *SOURCE_COLUMNS.values()]],
                                on=["package", "source_id"], how="left")
        figures = add_intervals(figures)
        texts = pd.DataFrame([formatting.figure_texts(row) for _, row in figures.iterrows()], index=figures.index)
        figures = pd.concat([figures, texts], axis=1)
    return Tables(packages, figures, sources, resources)
