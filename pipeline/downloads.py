"""Files readers download: each package's descriptor and data, tidy tables, with sizes and checksums."""

import hashlib
import shutil
from pathlib import Path

import pandas as pd

from . import paths

TIDY_COLUMNS = [
    "ref", "package", "id", "derived", "measure", "label", "stage", "counts_what", "period", "geography",
    "proportion", "count", "change", "wording", "qualifier", "ci_low", "ci_high", "base", "base_n", "base_n_status",
    "operation", "formula", "inputs", "source_id", "source_title", "source_publisher", "source_published",
    "source_date_inferred", "source_kind", "source_address", "base_source_id", "quote", "notes", "flags",
]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def size_text(size: int) -> str:
    return f"{size:,} bytes" if size < 10_000 else f"{size / 1024:,.0f} KB"


def describe(path: Path, docs: Path, what: str) -> dict:
    """A download as listed on a page: name, address relative to the site root, size and checksum."""
    return {"name": path.name, "href": path.relative_to(docs).as_posix(), "what": what,
            "size": size_text(path.stat().st_size), "bytes": path.stat().st_size, "sha256": sha256(path)}


def write_package(package, tables, docs: Path) -> list[dict]:
    """Copy a package's descriptor and data into the site and add its tidy figures table."""
    folder = docs / "data" / package.name
    files = [describe(_copy(package.descriptor_path, folder / paths.DESCRIPTOR_NAME), docs,
                      "Frictionless Data Package descriptor (schemas, licences, sources)")]
    for resource in package.descriptor["resources"]:
        target = _copy(package.folder / resource["path"], folder / resource["path"])
        files.append(describe(target, docs, f"{resource.get('title', resource['name'])} (CSV, UTF-8)"))
    own = tables.figures[tables.figures["package"] == package.name] if not tables.figures.empty else pd.DataFrame()
    if not own.empty:
        tidy = folder / "figures-with-intervals.csv"
        own[[column for column in TIDY_COLUMNS if column in own]].to_csv(tidy, index=False, lineterminator="\n")
        files.append(describe(tidy, docs, "Every figure and derived figure with its source and 95% interval (CSV, UTF-8)"))
    return files


def _copy(source: Path, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return target
