"""Files readers download: each version of each package, raw and exported, at stable addresses with checksums."""

# Layout under the site: data/<package>/<version>/... holds every released version for good; data/<package>/...
# (the current path) holds the latest version. Raw files (descriptor, data/*.csv, the zip) are exactly as validated;
# the spreadsheet exports (-spreadsheet.csv, .xlsx) neutralise text that a spreadsheet would run as a formula.

import json
import logging
import shutil
from pathlib import Path

import pandas as pd

from pipeline import cache, identity, paths
from pipeline.publish import spreadsheet
from pipeline.publish.package_zip import package_citation, write_zip
from pipeline.tables.formula_safe import safe_frame
from pipeline.tables.load import load_resource
from pipeline.validation import versions
from pipeline.validation.rows import count_rows

log = logging.getLogger(__name__)

TIDY_COLUMNS = [
    "ref", "package", "id", "derived", "measure", "label", "stage", "counts_what", "period", "geography",
    "proportion", "count", "change", "wording", "qualifier", "ci_low", "ci_high", "interval_basis", "grim_fails", "base",
    "base_n", "base_n_status",
    "operation", "formula", "inputs", "source_id", "source_title", "source_publisher", "source_published",
    "source_date_inferred", "source_kind", "source_address", "base_source_id", "quote", "notes", "flags", "see_also",
]
TIDY_NAME = "figures-with-intervals.csv"
# A table longer than this is left out of the XLSX and JSON exports (and said to be); the CSV and the zip carry every
# row. openpyxl writes about 15,000 rows a second: a longer sheet (the 29,568 rows of crime outcomes) would add
# seconds to every cold build for a table that spreadsheets read from its CSV just as well.
EXPORT_ROW_LIMIT = 20_000
MEDIA_TYPES = {".csv": "text/csv", ".json": "application/json", ".zip": "application/zip",
               ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
GROUPS = {
    "zip": "The whole data package",
    "spreadsheet": "For spreadsheets (Excel, LibreOffice, Google Sheets): formula-safe",
    "analysis": "For code (pandas, R): exact values",
    "package": "Data package files, exactly as validated",
}


def size_text(size: int) -> str:
    return f"{size:,} bytes" if size < 10_000 else f"{size / 1024:,.0f} KB"


def role(relative: str, package_name: str) -> tuple[str, str]:
    """What a published file is, from its name: (group, description)."""
    if relative == paths.DESCRIPTOR_NAME:
        return "package", "Frictionless Data Package descriptor: schemas, licences, sources, version history (JSON)"
    if relative == f"{package_name}.zip":
        return "zip", "Descriptor, data and a README with sources and licence; validates with frictionless (ZIP)"
    if relative == f"{package_name}.xlsx":
        return "spreadsheet", ("Every figure with its source and interval, and each table of up to "
                               f"{EXPORT_ROW_LIMIT:,} rows, one sheet each (XLSX)")
    if relative == f"{package_name}-spreadsheet.csv":
        return "spreadsheet", "Every figure with its source and interval (CSV, UTF-8, formula-safe)"
    if relative == TIDY_NAME:
        return "analysis", "Every figure with its source and interval (CSV, UTF-8, exact)"
    if relative == f"{package_name}.json":
        return "analysis", f"Every figure with its source and interval, and each table of up to {EXPORT_ROW_LIMIT:,} rows (JSON)"
    return "package", f"Table {Path(relative).stem} of the data package (CSV, UTF-8, exact)"


def describe(path: Path, docs: Path, what: str, group: str = "package") -> dict:
    """A download as listed on a page: name, address relative to the site root, size, type and checksum."""
    size = path.stat().st_size
    return {"name": path.name, "href": path.relative_to(docs).as_posix(), "what": what, "group": group,
            "mediatype": MEDIA_TYPES.get(path.suffix, "application/octet-stream"),
            "size": size_text(size), "bytes": size, "sha256": cache.file_digest(path)}


def tidy_figures(package, tables) -> pd.DataFrame:
    """The package's figures and derived figures, one row each, with source and interval."""
    figures = tables.figures
    own = figures[figures["package"] == package.name] if not figures.empty else pd.DataFrame()
    return own[[column for column in TIDY_COLUMNS if column in own]].reset_index(drop=True)


def _records(frame: pd.DataFrame) -> list[dict]:
    return json.loads(frame.to_json(orient="records", force_ascii=False, double_precision=15))


def write_release_files(package, tables, folder: Path) -> list[Path]:
    """Write every file of the package's current version into folder; return them in listing order."""
    name, descriptor = package.name, package.descriptor
    date = versions.current(descriptor).date
    folder.mkdir(parents=True, exist_ok=True)
    written = [_copy(package.descriptor_path, folder / paths.DESCRIPTOR_NAME)]
    frames, left_out = [], {}
    for resource in descriptor["resources"]:
        written.append(_copy(package.folder / resource["path"], folder / resource["path"]))
        source = package.folder / resource["path"]
        # every data row ends in a newline, so a file of no more bytes than the limit cannot hold more rows
        rows = count_rows(source) if source.stat().st_size > EXPORT_ROW_LIMIT else 0
        if rows > EXPORT_ROW_LIMIT:
            left_out[resource["name"]] = {"rows": rows, "path": resource["path"]}
        else:
            frames.append((resource["name"], load_resource(package, resource)))
    tidy = tidy_figures(package, tables)
    about = [("Title", descriptor.get("title", name)), ("Version", descriptor["version"]), ("Released", date),
             ("Licence", "; ".join(str(item.get("path", item.get("name"))) for item in descriptor.get("licenses", []))),
             ("Description", descriptor.get("description", "")),
             ("Cite as", package_citation(package, identity.base())["full"]),
             ("Formula-safe", "Text cells that begin with = + - @, a tab or a carriage return start with an added ' "
                              "so that no spreadsheet runs them; the data package files hold the exact text.")]
    about += [("Left out", f"Table {name} has {table['rows']:,} rows, more than the {EXPORT_ROW_LIMIT:,} a sheet here holds; "
                           f"every row is in {table['path']} and in the zip.") for name, table in left_out.items()]
    exports = [write_zip(package, tables, folder / f"{name}.zip", date)]
    exports.append(spreadsheet.write_xlsx([(TIDY_NAME.removesuffix(".csv"), tidy), *frames], about, folder / f"{name}.xlsx", date))
    exports.append(spreadsheet.write_csv(tidy, folder / f"{name}-spreadsheet.csv"))
    if not tidy.empty:
        # validate keeps formula-like text out of the data; neutralised here too, in case (CRLF quotes a CR in a cell)
        safe_frame(tidy).to_csv(folder / TIDY_NAME, index=False, lineterminator="\r\n")
        exports.append(folder / TIDY_NAME)
    document = {"name": name, "title": descriptor.get("title", name), "version": descriptor["version"], "released": date,
                "licenses": descriptor.get("licenses", []), "figures": _records(tidy),
                "tables": {resource: _records(frame) for resource, frame in frames}}
    if left_out:
        document["tables_left_out"] = left_out
    (folder / f"{name}.json").write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    exports.append(folder / f"{name}.json")
    return exports + written


def _listing(folder: Path, docs: Path, package_name: str, order: list[Path] | None = None) -> list[dict]:
    files = order or sorted(path for path in folder.rglob("*") if path.is_file())
    listed = []
    for path in files:
        group, what = role(path.relative_to(folder).as_posix(), package_name)
        listed.append(describe(path, docs, what, group))
    return sorted(listed, key=lambda item: list(GROUPS).index(item["group"]))


def write_package(package, tables, docs: Path) -> dict:
    """Publish the current version at its versioned and latest addresses, and every archived version."""
    root = docs / "data" / package.name
    history = versions.history(package.descriptor)
    versioned = root / history[0].version
    made = write_release_files(package, tables, versioned)
    latest = []
    for path in made:
        target = _copy(path, root / path.relative_to(versioned))
        latest.append(target)
    releases = [{"version": history[0].version, "date": history[0].date, "kind": history[0].kind,
                 "summary": history[0].summary, "current": True,
                 "files": _listing(versioned, docs, package.name, made)}]
    kept = versions.archived(package.folder)
    for change in history[1:]:
        shutil.copytree(kept[change.version], root / change.version, dirs_exist_ok=True)
        releases.append({"version": change.version, "date": change.date, "kind": change.kind, "summary": change.summary,
                         "current": False, "files": _listing(root / change.version, docs, package.name)})
    files = _listing(root, docs, package.name, latest)
    return {"files": files, "groups": [{"name": key, "title": title, "files": [f for f in files if f["group"] == key]}
                                       for key, title in GROUPS.items()],
            "releases": releases, "updated": history[0].date, "first_released": history[-1].date}


LISTING = ".listing.json"  # write_package's answer, kept with the files in the cache


def write_reused(package, tables, docs: Path, store) -> dict:
    """write_package, its files and answer taken from the cache (store) while nothing they are made from has changed:
    the package's folder, its figures and sources in the tables, the site's address (citations) and the code."""
    figures, sources = tidy_figures(package, tables), tables.sources[tables.sources["package"] == package.name]
    key = cache.digest(store.code, package.folder, figures.to_csv(index=False), sources.to_csv(index=False), identity.base())

    def fill(folder: Path) -> None:
        log.info(f"{package.name}: writing downloads")
        (folder / LISTING).write_text(json.dumps(write_package(package, tables, folder)), encoding="utf-8")

    stored = store.folder("downloads", package.name, key, fill)
    if package.name in store.reused("downloads"):
        log.info(f"{package.name}: downloads unchanged, reused")
    shutil.copytree(stored, docs, dirs_exist_ok=True, copy_function=cache.link_or_copy,
                    ignore=shutil.ignore_patterns(".complete", LISTING))
    return json.loads((stored / LISTING).read_text(encoding="utf-8"))


def _copy(source: Path, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return target
