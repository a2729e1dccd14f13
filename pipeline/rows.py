"""Read a package's CSV resources as plain rows of text, tolerant of anything malformed."""

import csv
from dataclasses import dataclass
from pathlib import Path

from .packages import Package


@dataclass(frozen=True)
class Row:
    """One data row: its row number as frictionless counts them (header is 1) and its cells."""

    number: int
    cells: dict

    def get(self, name: str) -> str:
        value = self.cells.get(name)
        return value.strip() if isinstance(value, str) else ""


def read_rows(path: Path) -> list[Row]:
    """All data rows of a CSV file; an unreadable file gives no rows (frictionless reports why)."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return [Row(number, cells) for number, cells in enumerate(csv.DictReader(handle), start=2)]
    except (OSError, UnicodeDecodeError, csv.Error):
        return []


def package_rows(package: Package) -> dict[str, list[Row]]:
    """Rows of every resource of a package whose file can be read, by resource name."""
    tables = {}
    for resource in package.descriptor.get("resources", []):
        if not isinstance(resource, dict) or not isinstance(resource.get("path"), str):
            continue
        path = package.folder / resource["path"]
        if path.is_file():
            tables[str(resource.get("name"))] = read_rows(path)
    return tables
