"""A package's version history as data: the `changes` list in its descriptor and its archived releases."""

# Each descriptor carries `changes`, newest first: {"version", "date", "kind", "summary"}. The first entry is the
# current version (it equals the descriptor's `version`). Every earlier version's published files are kept in the
# repository under datapackages/<name>/releases/<version>/, byte for byte, so their addresses and checksums never
# change; pipeline/release.py freezes the current version there and starts the next one.

import json
import re
from dataclasses import dataclass
from datetime import date as Date
from pathlib import Path

from pipeline import paths
from pipeline.problems import Problem

SEMVER = re.compile(r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
KINDS = ("first release", "addition", "correction", "revision")
RELEASES = "releases"


@dataclass(frozen=True)
class Change:
    """One released version of a package."""

    version: str
    date: str
    kind: str
    summary: str

    @property
    def key(self) -> tuple[int, int, int]:
        return version_key(self.version)


def version_key(version: str) -> tuple[int, int, int]:
    major, minor, patch = (int(part) for part in version.split("."))
    return major, minor, patch


def history(descriptor: dict) -> list[Change]:
    """The changes of a validated descriptor, newest first."""
    return [Change(item["version"], item["date"], item["kind"], item["summary"]) for item in descriptor.get("changes", [])]


def current(descriptor: dict) -> Change:
    """The change that made the current version."""
    return history(descriptor)[0]


def archive_folder(package_folder: Path, version: str) -> Path:
    return package_folder / RELEASES / version


def archived(package_folder: Path) -> dict[str, Path]:
    """Archived earlier versions of a package: version to folder, newest first."""
    root = package_folder / RELEASES
    found = [folder for folder in root.iterdir() if folder.is_dir()] if root.is_dir() else []
    found = [folder for folder in found if SEMVER.match(folder.name)]
    return {folder.name: folder for folder in sorted(found, key=lambda f: version_key(f.name), reverse=True)}


def _valid_date(text) -> bool:
    if not isinstance(text, str) or not ISO_DATE.match(text):
        return False
    try:
        Date.fromisoformat(text)
    except ValueError:
        return False
    return True


def entry_problems(item, index: int, shown: str) -> list[Problem]:
    """Problems with one entry of `changes`."""
    where = f"changes[{index}]"
    if not isinstance(item, dict):
        return [Problem(shown, None, where, "each change must be an object with version, date, kind and summary")]
    problems = []
    if not isinstance(item.get("version"), str) or not SEMVER.match(item["version"]):
        problems.append(Problem(shown, None, f"{where}.version", f"{item.get('version')!r} is not a semantic version like 1.2.0"))
    if not _valid_date(item.get("date")):
        problems.append(Problem(shown, None, f"{where}.date", f"{item.get('date')!r} is not a date like 2026-11-23"))
    if item.get("kind") not in KINDS:
        problems.append(Problem(shown, None, f"{where}.kind", f"{item.get('kind')!r} is not one of: {', '.join(KINDS)}"))
    if not isinstance(item.get("summary"), str) or not item["summary"].strip():
        problems.append(Problem(shown, None, f"{where}.summary", "say what changed in this version"))
    return problems


def check_history(package) -> list[Problem]:
    """The version history is complete and in order, names the current version, and every earlier release is archived."""
    shown = paths.display(package.descriptor_path)
    changes = package.descriptor.get("changes")
    if not isinstance(changes, list) or not changes:
        return [Problem(shown, None, "changes", "the package needs a `changes` list, newest first, starting with its current version")]
    problems = []
    for index, item in enumerate(changes):
        problems += entry_problems(item, index, shown)
    if problems:
        return problems
    entries = history(package.descriptor)
    for index, (newer, older) in enumerate(zip(entries, entries[1:], strict=False)):
        if newer.key <= older.key:
            message = f"{newer.version} must be newer than {older.version} below it"
            problems.append(Problem(shown, None, f"changes[{index}].version", message))
        if newer.date < older.date:
            message = f"{newer.date} is earlier than {older.date} of version {older.version}"
            problems.append(Problem(shown, None, f"changes[{index}].date", message))
    if package.descriptor.get("version") != entries[0].version:
        message = f"version {package.descriptor.get('version')!r} must equal the newest change {entries[0].version}"
        problems.append(Problem(shown, None, "version", message))
    if entries[-1].kind != "first release":
        problems.append(Problem(shown, None, f"changes[{len(entries) - 1}].kind", "the oldest change must be the first release"))
    created = str(package.descriptor.get("created", ""))[:10]
    if created and created > entries[-1].date:
        problems.append(Problem(shown, None, "created", f"created {created} is after the first release {entries[-1].date}"))
    kept = archived(package.folder)
    for entry in entries[1:]:
        descriptor = kept[entry.version] / paths.DESCRIPTOR_NAME if entry.version in kept else None
        if descriptor is None or not descriptor.is_file():
            problems.append(Problem(paths.display(archive_folder(package.folder, entry.version)), None, None,
                                    f"version {entry.version} was released, so its files must be kept here"))
        elif json.loads(descriptor.read_text(encoding="utf-8")).get("version") != entry.version:
            problems.append(Problem(paths.display(descriptor), None, "version", f"the archived descriptor is not version {entry.version}"))
    for version in set(kept) - {entry.version for entry in entries[1:]}:
        message = f"archive of version {version}, which is not an earlier version in `changes`"
        problems.append(Problem(paths.display(kept[version]), None, None, message))
    return problems
