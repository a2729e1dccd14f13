"""Validate data packages: frictionless plus the project's checks, as one list of problems."""

from pathlib import Path

from . import checks, fastcheck, packages, paths
from .chart_kinds import KINDS
from .problems import Problem


def validate_packages(folders: list[Path]) -> tuple[list[packages.Package], list[Problem]]:
    """Load and validate the packages in these folders; return those loaded and every problem."""
    loaded, problems, refs = [], [], set()
    for folder in folders:
        if not (folder / paths.DESCRIPTOR_NAME).exists() and not folder.is_dir():
            problems.append(Problem(paths.display(folder), None, None, "no such data package folder"))
            continue
        package, load_problems = packages.load(folder)
        problems += load_problems
        if package is None:
            continue
        loaded.append(package)
        if not load_problems:
            problems += fastcheck.check(package)
        tables = fastcheck.package_rows(package)
        for check in checks.PACKAGE_CHECKS:
            problems += check(package, tables)
        for resource in ("figures", "derived"):
            refs |= {f"{package.name}/{row.get('id')}" for row in tables.get(resource, [])}
    problems += checks.chart_definitions(loaded, refs, KINDS)
    return loaded, problems


def resolve(arguments: list[str]) -> list[Path]:
    """Package folders named on the command line (a folder or its descriptor), or all of them."""
    if not arguments:
        return packages.discover()
    folders = []
    for argument in arguments:
        path = Path(argument)
        folders.append(path.parent if path.name == paths.DESCRIPTOR_NAME else path)
    return folders
