"""Release a new version of a data package: freeze the current version's files, then bump the descriptor."""

# Usage: python -m pipeline.release NAME VERSION --date YYYY-MM-DD --kind KIND --summary TEXT
# Run it before editing the data for the new version; the date is given, never read from the clock.

import argparse
import json
import shutil
import sys
from pathlib import Path

from pipeline import paths
from pipeline.charts.kinds import KINDS
from pipeline.problems import Problem, ProblemsFound
from pipeline.publish import downloads
from pipeline.tables import tidy
from pipeline.validation import validate, versions
from pipeline.validation.packages import discover, load


def bump(package_folder: Path, version: str, date: str, kind: str, summary: str) -> None:
    """Set the descriptor's version and put the new change at the top of `changes`."""
    path = package_folder / paths.DESCRIPTOR_NAME
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    descriptor["version"] = version
    descriptor["changes"] = [{"version": version, "date": date, "kind": kind, "summary": summary}] + descriptor.get("changes", [])
    path.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def refusals(package, version: str, date: str, kind: str, summary: str) -> list[Problem]:
    """Why the new version cannot follow the package's current one (a sound history assumed): none when it can."""
    now = versions.current(package.descriptor)
    entry = {"version": version, "date": date, "kind": kind, "summary": summary}
    found = versions.entry_problems(entry, 0, paths.display(package.descriptor_path))
    if not found and versions.version_key(version) <= now.key:
        found.append(Problem(paths.display(package.descriptor_path), None, "version", f"{version} is not newer than {now.version}"))
    if not found and date < now.date:
        found.append(Problem(paths.display(package.descriptor_path), None, "date", f"{date} is before {now.date}"))
    return found


def release(package_folder: Path, version: str, date: str, kind: str, summary: str, all_folders: list[Path]) -> Path:
    """Freeze the current version's published files into releases/<current>/, then start `version`."""
    # the new version is checked first, from the descriptor alone: a refused version or date is said at once, before
    # every package's data is validated (which a release needs, and which fails on a descriptor that cannot be read)
    described, unusable = load(package_folder)
    if described is not None and not unusable and not versions.check_history(described):
        refused = refusals(described, version, date, kind, summary)
        if refused:
            raise ProblemsFound(refused)
    loaded, problems = validate.validate_packages(all_folders, KINDS)
    by_folder = {package.folder.resolve(): package for package in loaded}
    package = by_folder.get(package_folder.resolve())
    problems += versions.check_history(package) if package else []
    if problems or package is None:
        raise ProblemsFound(problems or [Problem(paths.display(package_folder), None, None, "not among the packages given")])
    target = versions.archive_folder(package.folder, versions.current(package.descriptor).version)
    if target.exists():
        shutil.rmtree(target)
    downloads.write_release_files(package, tidy.build_tables(loaded), target)
    bump(package.folder, version, date, kind, summary)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.release", description=__doc__)
    parser.add_argument("name", help="package folder name under datapackages/")
    parser.add_argument("version", help="the new semantic version, e.g. 1.1.0")
    parser.add_argument("--date", required=True, help="release date, YYYY-MM-DD (never taken from the clock)")
    parser.add_argument("--kind", required=True, choices=[kind for kind in versions.KINDS if kind != "first release"])
    parser.add_argument("--summary", required=True, help="one or two sentences on what changed")
    arguments = parser.parse_args(argv)
    try:
        target = release(paths.DATAPACKAGES / arguments.name, arguments.version, arguments.date, arguments.kind,
                         arguments.summary, discover())
    except ProblemsFound as found:
        for problem in found.problems:
            print(problem, file=sys.stderr)
        return 1
    print(f"archived the previous version in {paths.display(target)}; now edit the data for {arguments.version}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
