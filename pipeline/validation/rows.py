"""Read a package's CSV resources as plain rows of text, tolerant of anything malformed."""

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from pipeline.validation.packages import Package


@dataclass(frozen=True)
class Row:
    """One data row: its row number as frictionless counts them (header is 1) and its cells."""

    number: int
    cells: dict

    def get(self, name: str) -> str:
        value = self.cells.get(name)
        return value.strip() if isinstance(value, str) else ""


def read_rows(path: Path) -> list[Row]:
    """All non-blank data rows of a CSV file, numbered as frictionless numbers them; unreadable gives none."""
    try:
        text = path.read_text(encoding="utf-8-sig")
        records = list(csv.reader(io.StringIO(text, newline="")))
    except (OSError, UnicodeDecodeError, csv.Error):
        return []
    if not records:
        return []
    header = records[0]
    return [Row(number, dict(zip(header, record, strict=False)))
            for number, record in enumerate(records[1:], start=2) if any(cell.strip() for cell in record)]


def count_rows(path: Path) -> int:
    """Non-blank data rows of a CSV file, counted without holding them."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return max(sum(1 for record in csv.reader(handle) if any(cell.strip() for cell in record)) - 1, 0)


def package_rows(package: Package, unreadable: set[str] = frozenset()) -> dict[str, list[Row]]:
    """Rows of every resource whose file is safe and readable, by resource name."""
    return {name: read_rows(path) for name, path in package.files.items() if name not in unreadable}


def as_number(text: str) -> float | None:
    """A cell's text as a number, or None when it is not one."""
    try:
        return float(text)
    except ValueError:
        return None
