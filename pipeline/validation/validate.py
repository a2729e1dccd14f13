"""Validate data packages: our file checks, frictionless and the project's checks, as one list of problems."""

from pathlib import Path

from pipeline import paths
from pipeline.problems import Problem
from pipeline.validation import checks, csv_checks, fastcheck, honesty, packages, versions
from pipeline.validation.rows import package_rows


def printable(text: str | None) -> str | None:
    """Text for a one-line report: control characters written as escapes (a header cell may hold a newline)."""
    if text is None:
        return None
    return "".join(character if character.isprintable() else repr(character)[1:-1] for character in text)


def one_line(problem: Problem) -> Problem:
    return Problem(printable(problem.file), problem.row, printable(problem.field), problem.message)


def without_repeats(own: list[Problem], upstream: list[Problem]) -> list[Problem]:
    """Our row checks stay quiet on rows frictionless already faulted, so one mistake is reported once."""
    faulted = {(problem.file, problem.row) for problem in upstream if problem.row is not None}
    return [problem for problem in own if (problem.file, problem.row) not in faulted]


def validate_package(folder: Path) -> tuple[packages.Package | None, list[Problem], dict]:
    """Every problem of one package folder, the package when it could be loaded, and the rows read."""
    if not (folder / paths.DESCRIPTOR_NAME).exists() and not folder.is_dir():
        return None, [Problem(paths.display(folder), None, None, "no such data package folder")], {}
    package, load_problems = packages.load(folder)
    if package is None:
        return None, load_problems, {}
    file_problems = csv_checks.check_files(package)
    unreadable = {name for name, found in file_problems.items() if found}
    upstream = [] if load_problems else fastcheck.check(package, skip=unreadable)
    tables = fastcheck.package_rows(package, unreadable)
    own = [problem for check in checks.PACKAGE_CHECKS + honesty.PACKAGE_CHECKS for problem in check(package, tables)]
    own += versions.check_history(package)
    problems = load_problems + [problem for found in file_problems.values() for problem in found]
    return package, problems + upstream + without_repeats(own, upstream), tables


def validate_packages(folders: list[Path], kinds: dict) -> tuple[list[packages.Package], list[Problem]]:
    """Load and validate the packages in these folders, their charts against the given chart kinds; return those
    loaded and every problem, each once."""
    loaded, problems, refs, read = [], [], set(), []
    for folder in folders:
        package, found, tables = validate_package(folder)
        problems += found
        if package is None:
            continue
        loaded.append(package)
        read.append((package, tables))
        for resource in ("figures", "derived"):
            refs |= {f"{package.name}/{row.get('id')}" for row in tables.get(resource, [])}
    refs |= figure_refs_elsewhere(loaded, kinds)
    problems += checks.chart_definitions(loaded, refs, kinds)
    problems += honesty.conflicts_point_to_each_other(read)
    return loaded, list(dict.fromkeys(one_line(problem) for problem in problems))


def figure_refs_elsewhere(loaded: list[packages.Package], kinds: dict) -> set[str]:
    """Figure references in packages that charts name but that are not being validated now."""
    names = {package.name for package in loaded}
    wanted = {
        (package.folder.parent, ref.split("/")[0])
        for package in loaded for chart in package.charts
        if isinstance(chart, dict) and chart.get("kind") in kinds
        for ref in kinds[chart["kind"]].refs(chart)
        if "/" in ref and ref.split("/")[0] not in names
    }
    refs = set()
    for parent, name in wanted:
        other, _ = packages.load(parent / name) if (parent / name / paths.DESCRIPTOR_NAME).exists() else (None, [])
        if other is not None:
            tables = package_rows(other)
            refs |= {f"{name}/{row.get('id')}" for resource in ("figures", "derived") for row in tables.get(resource, [])}
    return refs


def resolve(arguments: list[str]) -> list[Path]:
    """Package folders named on the command line (a folder or its descriptor), or all of them."""
    if not arguments:
        return packages.discover()
    folders = []
    for argument in arguments:
        path = Path(argument)
        folders.append(path.parent if path.name == paths.DESCRIPTOR_NAME else path)
    return folders
