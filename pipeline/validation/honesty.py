"""Checks a careful reader would make of each number: its n, its precision, its breaks, its scope, its cells."""

import re

from pipeline import paths, periods
from pipeline.escape import FORMULA_STARTS
from pipeline.problems import Problem
from pipeline.validation import grim
from pipeline.validation.packages import Package
from pipeline.validation.rows import Row, as_number

PLAIN_NUMBER = re.compile(r"^\s*[+-]?\d+(?:[.,]\d+)*\s*$")
COURT_LEVELS = {"magistrates' court": "magistrates' courts", "crown court": "the Crown Court", "all courts": "all courts"}
PROBABLY = re.compile(r"\(probably ([^)]+)\)")
GRIM_WORD = "GRIM"
STRADDLES_WORD = "straddles"


def _file(package: Package, resource: str) -> str:
    return paths.display(package.resource_file(resource) or package.descriptor_path)


def ratio_n_is_denominator(package: Package, tables: dict[str, list[Row]]) -> list[Problem]:
    """A ratio's n is its denominator's count: its numerator and the rate it reproduces may not give another n."""
    figures = {row.get("id"): row for row in tables.get("figures", [])}
    shown = _file(package, "figures")
    problems = []
    for row in tables.get("derived", []):
        names = row.get("inputs").split()
        if row.get("operation") != "ratio" or len(names) != 2 or not all(name in figures for name in names):
            continue
        denominator = figures[names[1]]
        for name in (names[0], row.get("published_as")):
            figure = figures.get(name)
            given = as_number(figure.get("base_n")) if figure else None
            if given is not None and given != as_number(denominator.get("count")):
                problems.append(Problem(
                    shown, figure.number, "base_n",
                    f"{name!r} gives n = {given:g}, but the ratio {row.get('id')!r} divides by "
                    f"{names[1]!r}, which counts {denominator.get('count')}: a rate's n is its denominator"))
    return problems


def grim_flagged(package: Package, tables: dict[str, list[Row]]) -> list[Problem]:
    """A percentage that no whole number of its n can give (the GRIM test) carries a flag that says so."""
    shown = _file(package, "figures")
    return [
        Problem(shown, row.number, "proportion",
                f"{row.get('wording')!r} cannot be k out of n = {row.get('base_n')} at the printed precision (GRIM test); "
                f"say so in 'flags' with the word {GRIM_WORD!r}")
        for row in tables.get("figures", [])
        if grim.fails(row.get("wording"), as_number(row.get("proportion")), as_number(row.get("base_n")), row.get("qualifier"))
        and GRIM_WORD not in row.get("flags")
    ]


def rolling_totals_flag_breaks(package: Package, tables: dict[str, list[Row]]) -> list[Problem]:
    """A rolling 12-month total whose window straddles a break in the package's breaks table says so in its flag."""
    cuts = periods.breaks_from_rows(tables.get("breaks", []))
    problems = []
    for name, rows in tables.items():
        if name == "breaks" or not cuts:
            continue
        for row in rows:
            crossed = periods.straddled(row.get("period"), row.get("period_end"), cuts)
            if crossed and STRADDLES_WORD not in row.get("flag"):
                problems.append(Problem(
                    _file(package, name), row.number, "flag",
                    f"the 12 months to {row.get('period_end')} straddle the break of {crossed[0]}; "
                    f"say so in 'flag' with the word {STRADDLES_WORD!r}"))
    return problems


def court_level(base: str) -> str | None:
    lowered = base.lower().replace("\u2019", "'")
    return next((level for phrase, level in COURT_LEVELS.items() if phrase in lowered), None)


def derived_inputs_share_scope(package: Package, tables: dict[str, list[Row]]) -> list[Problem]:
    """The inputs of a derived figure share place, period and court level, or a scope note says why not."""
    figures = {row.get("id"): row for row in tables.get("figures", [])}
    shown = _file(package, "derived")
    problems = []
    for row in tables.get("derived", []):
        inputs = [figures[name] for name in row.get("inputs").split() if name in figures]
        if len(inputs) < 2 or row.get("scope_note"):
            continue
        for label, read in (("place", lambda figure: figure.get("geography")), ("period", lambda figure: figure.get("period")),
                            ("court level", lambda figure: court_level(figure.get("base")))):
            values = list(dict.fromkeys(read(figure) for figure in inputs))
            if len(values) > 1:
                problems.append(Problem(
                    shown, row.number, "inputs",
                    f"the inputs differ in {label} ({' / '.join(str(value) for value in values)}); "
                    "give a 'scope_note' that says why they may be combined"))
    return problems


def formula_cells(package: Package, tables: dict[str, list[Row]]) -> list[Problem]:
    """No text cell begins with a character a spreadsheet would run as a formula (numbers written as text may)."""
    problems = []
    for name, rows in tables.items():
        texts = text_fields(package, name)
        for row in rows:
            for field in texts:
                cell = row.cells.get(field)
                if isinstance(cell, str) and cell.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.match(cell):
                    problems.append(Problem(
                        _file(package, name), row.number, field,
                        f"text begins with {cell[0]!r}, which a spreadsheet would run as a formula; reword it"))
    return problems


def text_fields(package: Package, resource: str) -> list[str]:
    """The names of a resource's string fields (the default type is string)."""
    schema = (package.resource(resource) or {}).get("schema")
    if not isinstance(schema, dict):
        return []  # a schema given by address is reported, never fetched
    return [field.get("name") for field in schema.get("fields", []) if isinstance(field, dict)
            and field.get("type", "string") == "string"]


PACKAGE_CHECKS = [ratio_n_is_denominator, grim_flagged, rolling_totals_flag_breaks, derived_inputs_share_scope, formula_cells]


def conflicts_point_to_each_other(loaded: list[tuple[Package, dict[str, list[Row]]]]) -> list[Problem]:
    """Figures of the same thing (see same_thing) that give different numbers name each other in `see_also`."""
    figures = {}
    for package, tables in loaded:
        for row in tables.get("figures", []):
            figures[f"{package.name}/{row.get('id')}"] = (package, row)
    problems = []
    groups: dict[tuple, list[str]] = {}
    for ref, (package, row) in figures.items():
        groups.setdefault(same_thing(row), []).append(ref)
        for other in row.get("see_also").split():
            if other not in figures:
                problems.append(Problem(_file(package, "figures"), row.number, "see_also", f"unknown figure {other!r}"))
            elif ref not in figures[other][1].get("see_also").split():
                problems.append(Problem(_file(package, "figures"), row.number, "see_also",
                                        f"{other!r} does not name {ref!r} back in its 'see_also'"))
    for refs in groups.values():
        values = {ref: _value(figures[ref][1]) for ref in refs}
        for ref in refs:
            package, row = figures[ref]
            named = set(row.get("see_also").split())
            for other in refs:
                # a value that is not a number is already reported by the schema check: it conflicts with nothing
                if other != ref and None not in (values[other], values[ref]) and values[other] != values[ref] \
                        and other not in named:
                    problems.append(Problem(
                        _file(package, "figures"), row.number, "see_also",
                        f"{other!r} gives a different number for the same measure, base, place and period; "
                        "name it in 'see_also' and say how they differ in 'notes'"))
    return problems


def same_thing(row: Row) -> tuple:
    """What two figures must share to be the same thing: measure, kind of value, base, place and period (a period
    given as "probably X" counts as X)."""
    kind = next((field for field in ("proportion", "count", "change") if row.get(field)), None)
    period = PROBABLY.search(row.get("period"))
    return (row.get("measure"), kind, row.get("base"), row.get("geography"),
            period.group(1) if period else row.get("period"))


def _value(row: Row) -> float | None:
    for field in ("proportion", "count", "change"):
        if row.get(field):
            return as_number(row.get(field))
    return None
