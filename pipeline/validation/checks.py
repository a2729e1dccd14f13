"""The project's own checks, beyond frictionless: each one function that returns problems."""

import re
from dataclasses import dataclass, field

from pipeline import escape, paths
from pipeline.problems import Problem
from pipeline.validation import wording
from pipeline.validation.packages import Package
from pipeline.validation.rows import Row, as_number

REQUIRED_CHART_KEYS = ("id", "kind", "title", "subtitle")
VALUE_FIELDS = ("proportion", "count", "change")
CHART_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")  # it names files: nothing that could climb out of charts/


@dataclass
class ChartContext:
    """What a chart definition may refer to: figure references, and its own package's resources and fields."""

    refs: set[str]
    resources: dict[str, list[str]] = field(default_factory=dict)


def _normalise(text: str) -> str:
    return " ".join(text.lower().replace("\u2011", "-").replace("\u2013", "-").split())


def _file(package: Package, resource: str) -> str:
    return paths.display(package.resource_file(resource) or package.descriptor_path)


def licences_and_sources(package: Package, tables: dict[str, list[Row]]) -> list[Problem]:
    """Every package names its licences and its sources, and has a sources table."""
    shown = paths.display(package.descriptor_path)
    problems = []
    if package.descriptor.get("name") != package.name:
        problems.append(Problem(shown, None, "name", f"the package needs a name equal to its folder name {package.name!r}"))
    for key in ("licenses", "sources"):
        if not isinstance(package.descriptor.get(key), list) or not package.descriptor[key]:
            problems.append(Problem(shown, None, key, f"the package must list its {key}"))
            continue
        for index, entry in enumerate(package.descriptor[key]):
            address = entry.get("path") if isinstance(entry, dict) else None
            if address is not None and escape.address(address) is None:
                problems.append(Problem(shown, None, f"{key}[{index}].path", f"{address!r} is not an http(s) address"))
    named = all(isinstance(resource, dict) and isinstance(resource.get("name"), str)
                for resource in package.descriptor.get("resources", []))
    if named and package.resource("sources") is None:
        problems.append(Problem(shown, None, "resources", "the package needs a 'sources' resource"))
    return problems


def source_addresses(package: Package, tables: dict[str, list[Row]]) -> list[Problem]:
    """Source addresses are http(s), whatever the package's own schema allows: they become links."""
    shown = _file(package, "sources")
    return [Problem(shown, row.number, "address", f"{row.get('address')!r} is not an http(s) address")
            for row in tables.get("sources", []) if escape.address(row.get("address")) is None]


def wording_agrees(package: Package, tables: dict[str, list[Row]]) -> list[Problem]:
    """Each figure's number and qualifier say what its published wording says."""
    shown = _file(package, "figures")
    problems = []
    for row in tables.get("figures", []):
        text, qualifier = row.get("wording"), row.get("qualifier")
        given = {field: as_number(row.get(field)) for field in VALUE_FIELDS}
        given = {field: value for field, value in given.items() if value is not None}
        if len(given) != 1:
            problems.append(Problem(shown, row.number, "proportion", "give exactly one of proportion, count and change"))
            continue
        (field, value), = given.items()
        try:
            reading = wording.read(text)
        except wording.WordingError as error:
            problems.append(Problem(shown, row.number, "wording", str(error)))
            continue
        if reading.kind != field and not (reading.value == 0 and value == 0):
            problems.append(Problem(shown, row.number, field, f"{text!r} reads as a {reading.kind}, but the figure is given as a {field}"))
        elif not wording.agrees(reading, value, qualifier):
            problems.append(Problem(
                shown, row.number, field,
                f"{text!r} means {reading.qualifier} {reading.value:g}, but the row says {qualifier} {value:g}"))
    return problems


def quote_contains_wording(package: Package, tables: dict[str, list[Row]]) -> list[Problem]:
    """The verbatim quote contains the published wording."""
    shown = _file(package, "figures")
    return [
        Problem(shown, row.number, "quote", f"the quote does not contain the wording {row.get('wording')!r}")
        for row in tables.get("figures", [])
        if row.get("wording") and _normalise(row.get("wording")) not in _normalise(row.get("quote"))
    ]


def sources_cited(package: Package, tables: dict[str, list[Row]]) -> list[Problem]:
    """Every source in the sources table is cited by at least one row of another resource."""
    if any(name not in tables for name in package.files):
        return []  # a resource that cannot be read may hold the citation
    cited = {
        row.get(column)
        for name, rows in tables.items() if name != "sources"
        for row in rows for column in ("source_id", "base_source_id")
    }
    shown = _file(package, "sources")
    return [
        Problem(shown, row.number, "id", f"source {row.get('id')!r} is not cited by any figure")
        for row in tables.get("sources", [])
        if row.get("id") not in cited
    ]


def derived_inputs(package: Package, tables: dict[str, list[Row]]) -> list[Problem]:
    """Derived figures name existing input figures of the right kind, and ids do not clash."""
    figures = {row.get("id"): row for row in tables.get("figures", [])}
    shown = _file(package, "derived")
    arity = {"product": None, "complement": 1, "ratio": 2}
    wants = {"product": "proportion", "complement": "proportion", "ratio": "count"}
    problems = []
    for row in tables.get("derived", []):
        if row.get("id") in figures:
            problems.append(Problem(shown, row.number, "id", f"{row.get('id')!r} is already a figure id"))
        inputs, operation = row.get("inputs").split(), row.get("operation")
        if operation not in arity:
            continue
        if arity[operation] is not None and len(inputs) != arity[operation]:
            problems.append(Problem(shown, row.number, "inputs", f"{operation} takes {arity[operation]} input(s), not {len(inputs)}"))
        for name in inputs:
            source = figures.get(name)
            if source is None:
                problems.append(Problem(shown, row.number, "inputs", f"input {name!r} is not a figure of this package"))
            elif not source.get(wants[operation]):
                problems.append(Problem(shown, row.number, "inputs", f"input {name!r} is not a {wants[operation]}"))
        published = row.get("published_as")
        if published and published in figures and not figures[published].get("proportion"):
            problems.append(Problem(shown, row.number, "published_as", f"{published!r} is not a published proportion"))
    return problems


def ratios_match_published(package: Package, tables: dict[str, list[Row]]) -> list[Problem]:
    """A rate derived from counts agrees with the rate the source printed, to the printed precision."""
    figures = {row.get("id"): row for row in tables.get("figures", [])}
    shown = _file(package, "derived")
    problems = []
    for row in tables.get("derived", []):
        published = figures.get(row.get("published_as"))
        inputs = [figures.get(name) for name in row.get("inputs").split()]
        if row.get("operation") != "ratio" or published is None or len(inputs) != 2 or None in inputs:
            continue
        top, bottom = as_number(inputs[0].get("count")), as_number(inputs[1].get("count"))
        printed = as_number(published.get("proportion"))
        if top is None or not bottom or printed is None:
            continue
        if abs(top / bottom - printed) > wording.tolerance(published.get("wording")):
            problems.append(Problem(
                shown, row.number, "published_as",
                f"{top:g} / {bottom:g} = {top / bottom:.4f}, which does not round to the published "
                f"{published.get('wording')!r}"))
    return problems


PACKAGE_CHECKS = [licences_and_sources, source_addresses, wording_agrees, quote_contains_wording, sources_cited, derived_inputs,
                  ratios_match_published]


def chart_definitions(packages: list[Package], known_refs: set[str], kinds: dict) -> list[Problem]:
    """Charts have the required keys, a known kind, a unique id, and refer to figures that exist."""
    problems, seen = [], set()
    for package in packages:
        shown = paths.display(package.folder / paths.CHARTS_NAME)
        for index, chart in enumerate(package.charts):
            where = f"[{index}]"
            if not isinstance(chart, dict):
                problems.append(Problem(shown, None, where, "a chart definition must be a JSON object"))
                continue
            missing = [key for key in REQUIRED_CHART_KEYS if not isinstance(chart.get(key), str) or not chart[key]]
            if missing:
                problems.append(Problem(shown, None, where, f"missing or empty: {', '.join(missing)}"))
                continue
            if not CHART_ID.match(chart["id"]):
                problems.append(Problem(shown, None, where, f"chart id {chart['id']!r} must be lower-case words joined by '-'"))
                continue
            where = chart["id"]
            if chart["id"] in seen:
                problems.append(Problem(shown, None, where, f"chart id {chart['id']!r} is used twice"))
            seen.add(chart["id"])
            kind = kinds.get(chart["kind"])
            if kind is None:
                problems.append(Problem(shown, None, where, f"unknown chart kind {chart['kind']!r}; known: {', '.join(sorted(kinds))}"))
                continue
            context = ChartContext(known_refs, {
                resource.get("name"): [field.get("name") for field in resource.get("schema", {}).get("fields", [])]
                for resource in package.descriptor.get("resources", []) if isinstance(resource, dict)})
            try:
                messages = kind.check(chart, context)
            except (TypeError, ValueError, KeyError, AttributeError) as error:
                messages = [f"a value of the wrong shape for a {chart['kind']} chart ({type(error).__name__}: {error})"]
            problems += [Problem(shown, None, where, message) for message in messages]
    return problems
