"""Downloads: every listed file resolves with its checksum, the zip validates, exports are formula-safe, JSON-LD parses."""

import csv
import hashlib
import json
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from conftest import package_folders
from frictionless import Package, system
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from pipeline import escape, identity
from pipeline.charts import draw
from pipeline.charts.kinds import KINDS
from pipeline.publish import downloads, spreadsheet
from pipeline.publish.downloads import tidy_figures
from pipeline.tables import tidy
from pipeline.validation import validate
from pipeline.validation.rows import read_rows

DANGEROUS = ["=1+1", "+44 20", "-2 cases", "@SUM(A1:A2)", "\tx", "\rx", '=HYPERLINK("http://127.0.0.1/","click")']


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class DownloadRows(HTMLParser):
    """(href, checksum) for every table row holding a download link and a SHA-256, plus every relative link."""

    def __init__(self):
        super().__init__()
        self.rows, self.links, self._row, self._in_checksum = [], [], None, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "tr":
            self._row = {"hrefs": [], "text": ""}
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
            if self._row is not None and "download" in attrs:
                self._row["hrefs"].append(attrs["href"])
        if "checksum" in (attrs.get("class") or "").split():
            self._in_checksum = True

    def handle_endtag(self, tag):
        if tag in ("code", "span"):
            self._in_checksum = False
        if tag == "tr" and self._row is not None:
            checksums = re.findall(r"\b[0-9a-f]{64}\b", self._row["text"])
            if self._row["hrefs"]:
                self.rows.append((self._row["hrefs"], checksums))
            self._row = None

    def handle_data(self, data):
        if self._row is not None and self._in_checksum:
            self._row["text"] += data + " "


def html_pages(site: Path) -> list[Path]:
    return sorted(path for path in site.rglob("*.html") if "assets" not in path.parts)


def test_every_download_link_resolves_and_matches_its_checksum(built_site):
    checked = 0
    for page in html_pages(built_site):
        parser = DownloadRows()
        parser.feed(page.read_text(encoding="utf-8"))
        for hrefs, checksums in parser.rows:
            assert len(hrefs) == len(checksums), f"{page.name}: each download needs its checksum: {hrefs} {checksums}"
            for href, checksum in zip(hrefs, checksums, strict=True):
                target = (page.parent / href).resolve()
                assert target.is_file(), f"{page.relative_to(built_site)} links to missing {href}"
                assert sha256(target) == checksum, f"{href}: checksum on {page.name} does not match the file"
                checked += 1
    files_per_package = 9  # zip, xlsx, two CSV exports, JSON, descriptor and at least two data CSVs ... per version
    assert checked >= len(package_folders()) * files_per_package


DOWNLOAD_PAGES = [f"packages/{folder.name}.html" for folder in package_folders()] + [
    f"charts/{chart['id']}.html" for folder in package_folders() if (folder / "charts.json").exists()
    for chart in json.loads((folder / "charts.json").read_text(encoding="utf-8"))]
CHECKSUMS_AS_SEEN = """() => [...document.querySelectorAll('.md-content code.checksum')].map((code) => {
    const range = document.createRange(); range.selectNodeContents(code);
    const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top))).size;
    const box = code.getBoundingClientRect(), frame = code.closest('.table-wrap, .downloads, .versions');
    return {text: code.textContent, lines, font: getComputedStyle(code).fontFamily,
            shown_whole: box.left >= 0 && box.right <= innerWidth && code.scrollWidth <= code.clientWidth + 1,
            frame_scrolls: !!frame && frame.scrollWidth > frame.clientWidth + 1};
})"""


@pytest.mark.parametrize("page_path", DOWNLOAD_PAGES)
def test_checksums_are_whole_and_compact_on_a_phone(module_tab, site_url, page_path):
    """At 320 and 390 px every SHA-256 is all there (64 characters, nothing cut or hidden), in a monospace font, on at
    most two lines, and its table does not scroll sideways."""
    page, problems = module_tab, {}
    for width in (320, 390):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(site_url + page_path, wait_until="load")
        checksums = page.evaluate(CHECKSUMS_AS_SEEN)
        assert checksums, f"no checksum on {page_path}"
        problems[width] = [seen for seen in checksums if not re.fullmatch(r"[0-9a-f]{64}", seen["text"])
                           or seen["lines"] > 2 or "mono" not in seen["font"].lower() or not seen["shown_whole"]
                           or seen["frame_scrolls"]]
    assert problems == {320: [], 390: []}


def test_every_relative_link_on_every_page_resolves(built_site):
    missing = []
    for page in html_pages(built_site):
        parser = DownloadRows()
        parser.feed(page.read_text(encoding="utf-8"))
        for href in parser.links:
            if re.match(r"^[a-z]+:|^#|^//", href):
                continue
            path = href.split("#")[0].split("?")[0]
            target = (built_site / path[1:]) if path.startswith("/") else (page.parent / path).resolve()
            if href.split("#")[0] and not (target.is_file() or (target / "index.html").is_file()):
                missing.append(f"{page.relative_to(built_site)} -> {href}")
    assert missing == []


@pytest.mark.parametrize("folder", package_folders(), ids=lambda folder: folder.name)
def test_package_zip_validates_with_upstream_frictionless(built_site, folder, tmp_path):
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    archive = built_site / "data" / folder.name / f"{folder.name}.zip"
    with zipfile.ZipFile(archive) as opened:
        names = opened.namelist()
        opened.extractall(tmp_path)
    inner = f"{folder.name}-{descriptor['version']}/"
    expected = {inner + "README.md", inner + "datapackage.json"} | {inner + r["path"] for r in descriptor["resources"]}
    assert set(names) == expected
    with system.use_context(trusted=False):
        report = Package(str(tmp_path / inner / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert sum(task.stats["rows"] for task in report.tasks) > 0
    for resource in descriptor["resources"]:
        assert (tmp_path / inner / resource["path"]).read_bytes() == (folder / resource["path"]).read_bytes()
    readme = (tmp_path / inner / "README.md").read_text(encoding="utf-8")
    sources = pd.read_csv(folder / "data" / "sources.csv", dtype=str, keep_default_na=False)
    for licence in descriptor["licenses"]:
        assert licence["path"] in readme
    for address in sources["address"]:
        assert address in readme
    assert descriptor["version"] in readme


@pytest.fixture(scope="module")
def real_tables():
    packages, problems = validate.validate_packages(package_folders(), KINDS)
    assert problems == []
    return tidy.build_tables(packages)


def dangerous_frame(real_tables) -> pd.DataFrame:
    """A real package's tidy table with formula-like text planted in its notes."""
    frame = tidy_figures(real_tables.packages[0], real_tables).head(len(DANGEROUS)).copy()
    assert len(frame) >= 3
    frame["notes"] = DANGEROUS[: len(frame)]
    return frame


def test_spreadsheet_csv_neutralises_text_and_keeps_numbers(real_tables, tmp_path):
    frame = dangerous_frame(real_tables)
    target = spreadsheet.write_csv(frame, tmp_path / "safe.csv")
    with target.open(encoding="utf-8", newline="") as opened:
        rows = list(csv.DictReader(opened))
    for row, planted in zip(rows, frame["notes"], strict=True):
        assert row["notes"] == "'" + planted
    for row, proportion in zip(rows, frame["proportion"], strict=True):
        assert (row["proportion"] == "") if pd.isna(proportion) else float(row["proportion"]) == pytest.approx(float(proportion))
        assert not row["proportion"].startswith("'")


def test_xlsx_neutralises_text_and_stores_numbers_as_numbers(real_tables, tmp_path):
    frame = dangerous_frame(real_tables)
    frame.loc[frame.index[0], "proportion"] = -0.25  # a negative number stays a number
    target = spreadsheet.write_xlsx([("figures", frame)], [("Title", "=not a formula")], tmp_path / "safe.xlsx", "2026-11-23")
    book = load_workbook(target)
    sheet = book["figures"]
    header = [cell.value for cell in sheet[1]]
    notes, proportion = header.index("notes") + 1, header.index("proportion") + 1
    for index, planted in enumerate(frame["notes"], start=2):
        cell = sheet.cell(row=index, column=notes)
        assert cell.data_type == "s" and cell.value == "'" + planted.replace("\r", "\n")  # XML reads a bare CR as LF
    first = sheet.cell(row=2, column=proportion)
    assert first.data_type == "n" and first.value == -0.25
    assert book["About"]["B1"].value == "'=not a formula"
    assert book.properties.modified.date().isoformat() == "2026-11-23"


def test_exact_figures_csv_neutralises_formula_text_anyway(real_tables, tmp_path):
    """Validate keeps such text out of the data; the derived CSV neutralises it all the same, and numbers stay numbers."""
    package = real_tables.packages[0]
    figures = real_tables.figures
    own = figures.index[figures["package"] == package.name][: len(DANGEROUS)]
    planted = real_tables.figures.copy()
    planted.loc[own, "notes"] = DANGEROUS[: len(own)]
    downloads.write_release_files(package, tidy.Tables(real_tables.packages, planted, real_tables.sources,
                                                       real_tables.resources), tmp_path)
    with (tmp_path / downloads.TIDY_NAME).open(encoding="utf-8", newline="") as opened:
        rows = list(csv.DictReader(opened))
    for row, text in zip(rows, DANGEROUS, strict=False):
        assert row["notes"] == "'" + text
        assert not row["proportion"].startswith("'") and not row["ci_low"].startswith("'")
    assert (tmp_path / "data" / "figures.csv").read_bytes() == (package.folder / "data" / "figures.csv").read_bytes()


def test_chart_csv_neutralises_formula_text_anyway(tmp_path):
    data = pd.DataFrame({"label": DANGEROUS, "value": [-1.5] * len(DANGEROUS)})
    draw.write(draw.RenderedChart({"id": "planted"}, "p", data, {}, "<svg></svg>", "<svg></svg>", b"", "", "", b""), tmp_path)
    with (tmp_path / "planted.csv").open(encoding="utf-8", newline="") as opened:
        rows = list(csv.DictReader(opened))
    assert [row["label"] for row in rows] == ["'" + text for text in DANGEROUS]
    assert {row["value"] for row in rows} == {"-1.5"}


@given(st.text())
def test_neutralise_leaves_no_formula_start_and_changes_only_what_it_must(text):
    result = escape.spreadsheet_cell(text)
    assert not result.startswith(escape.FORMULA_STARTS)
    assert result == (("'" + text) if text.startswith(escape.FORMULA_STARTS) else text)


def test_numbers_are_never_neutralised():
    assert escape.spreadsheet_cell(-3) == -3
    assert escape.spreadsheet_cell(-0.5) == -0.5


def json_ld(page: Path) -> tuple[str, dict]:
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page.read_text(encoding="utf-8"), re.S)
    assert len(scripts) == 1, f"{page.name}: expected one JSON-LD block"
    return scripts[0], json.loads(scripts[0])


def published_figures(built_site: Path, folder: Path) -> pd.DataFrame:
    """The figures a package publishes (typed, derived and computed), as its figures-with-intervals download lists them."""
    return pd.read_csv(built_site / "data" / folder.name / "figures-with-intervals.csv", dtype=str, keep_default_na=False)


@pytest.mark.parametrize("folder", package_folders(), ids=lambda folder: folder.name)
def test_package_page_has_schema_org_dataset(built_site, folder):
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    raw, data = json_ld(built_site / "packages" / f"{folder.name}.html")
    assert "<" not in raw and ">" not in raw and "&" not in raw
    assert data["@context"] == "https://schema.org" and data["@type"] == "Dataset"
    assert data["name"] == descriptor["title"] and data["description"] == descriptor["description"]
    licences = data["license"] if isinstance(data["license"], list) else [data["license"]]
    assert licences == [licence["path"] for licence in descriptor["licenses"]]
    assert data["creator"] and all(creator["name"] for creator in data["creator"])
    changes = descriptor["changes"]
    assert data["dateCreated"] == descriptor["created"][:10]
    assert data["dateModified"] == changes[0]["date"] and data["version"] == descriptor["version"]
    assert re.match(r"^(\d{4}[-\d]*|\.\.)/(\d{4}[-\d]*|\.\.)$|^\d{4}", data["temporalCoverage"])
    places = set(published_figures(built_site, folder)["geography"])
    assert {place["name"] for place in data["spatialCoverage"]} == places
    assert data["isAccessibleForFree"] is True
    base = identity.base()
    assert len(data["distribution"]) >= 2 + len(descriptor["resources"])
    formats = {".csv": "text/csv", ".json": "application/json", ".zip": "application/zip",
               ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
    for download in data["distribution"]:
        assert download["@type"] == "DataDownload" and download["contentUrl"].startswith(base)
        target = built_site / download["contentUrl"][len(base):]
        assert target.is_file() and sha256(target) == download["sha256"]
        assert download["encodingFormat"] == formats[target.suffix]


def test_json_ld_cannot_break_out_of_its_script():
    hostile = {"name": "</script><script>alert(1)</script> & more \u2028"}
    text = escape.json_for_script(hostile)
    assert not re.search("[<>&\u2028]", text)
    assert json.loads(text) == hostile


@pytest.mark.parametrize("folder", package_folders(), ids=lambda folder: folder.name)
def test_json_export_keeps_numbers_and_every_figure(built_site, folder):
    exported = json.loads((built_site / "data" / folder.name / f"{folder.name}.json").read_text(encoding="utf-8"))
    figures_csv = published_figures(built_site, folder)
    if (folder / "data" / "figures.csv").exists():  # every figure the package publishes as typed is in the export
        figures_csv = pd.read_csv(folder / "data" / "figures.csv", dtype=str, keep_default_na=False)
    by_id = {row["id"]: row for row in exported["figures"]}
    assert by_id
    assert set(figures_csv["id"]) <= set(by_id)
    for row in figures_csv.to_dict("records"):
        if row["proportion"]:
            assert by_id[row["id"]]["proportion"] == pytest.approx(float(row["proportion"]))
    assert set(exported["tables"]) | set(exported.get("tables_left_out", {})) == {
        resource["name"] for resource in json.loads((folder / "datapackage.json").read_text())["resources"]}


@pytest.mark.parametrize("folder", package_folders(), ids=lambda folder: folder.name)
def test_xlsx_has_every_table_with_numbers_as_numbers(built_site, folder):
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    book = load_workbook(built_site / "data" / folder.name / f"{folder.name}.xlsx")
    tables = {}
    for resource in descriptor["resources"]:
        with (folder / resource["path"]).open(encoding="utf-8", newline="") as opened:
            rows = list(csv.DictReader(opened))
        if len(rows) <= downloads.EXPORT_ROW_LIMIT:  # longer tables are left out, and said to be (tested below)
            tables[resource["name"]] = (resource, rows)
    assert book.sheetnames == ["About", "figures-with-intervals"] + list(tables)
    for resource, rows in tables.values():
        sheet = book[resource["name"]]
        header = [cell.value for cell in sheet[1]]
        assert header == list(rows[0]) and sheet.max_row == len(rows) + 1
        for field in resource["schema"]["fields"]:
            if field.get("type") in ("number", "integer"):
                column = header.index(field["name"]) + 1
                for index, row in enumerate(rows, start=2):
                    cell = sheet.cell(row=index, column=column)
                    if row[field["name"]]:
                        assert cell.data_type == "n" and cell.value == pytest.approx(float(row[field["name"]]))
                    else:
                        assert cell.value is None


def test_a_table_too_long_for_a_sheet_is_left_out_of_xlsx_and_json_and_said_to_be(real_tables, tmp_path, monkeypatch):
    package = max(real_tables.packages, key=lambda p: max(len(read_rows(path)) for path in p.files.values()))
    longest = max(package.files, key=lambda name: len(read_rows(package.files[name])))
    rows = len(read_rows(package.files[longest]))
    monkeypatch.setattr(downloads, "EXPORT_ROW_LIMIT", rows - 1)
    downloads.write_release_files(package, real_tables, tmp_path)
    book = load_workbook(tmp_path / f"{package.name}.xlsx")
    assert longest not in book.sheetnames and len(book.sheetnames) == len(package.files) + 1
    about = {row[0]: row[1] for row in book["About"].iter_rows(values_only=True)}
    assert about["Left out"] == (f"Table {longest} has {rows:,} rows, more than the {rows - 1:,} a sheet here holds; "
                                 f"every row is in {package.resource(longest)['path']} and in the zip.")
    exported = json.loads((tmp_path / f"{package.name}.json").read_text(encoding="utf-8"))
    assert longest not in exported["tables"]
    assert exported["tables_left_out"] == {longest: {"rows": rows, "path": package.resource(longest)["path"]}}
    with (tmp_path / package.resource(longest)["path"]).open(encoding="utf-8", newline="") as opened:
        assert sum(1 for _ in csv.DictReader(opened)) == rows
