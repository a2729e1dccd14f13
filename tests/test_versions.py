"""Versions: the history is checked, a release keeps the old version's files at their address, byte for byte."""

import csv
import hashlib
import json
import re
import shutil
import xml.etree.ElementTree as ET
import zipfile

import pytest
from conftest import package_folders
from frictionless import Package, system

from pipeline import build, paths, release
from pipeline.problems import ProblemsFound
from pipeline.validation import packages, versions

pytestmark = pytest.mark.xdist_group("bumped-site")  # its session fixture is built once, on one worker

BUMPED = "pas-survey-2011"
NEW_VERSION, NEW_DATE = "1.1.0", "2026-12-01"
PLANTED = "planted by the version test: =SUM(1,1)"  # validate refuses text that starts with a formula
ATOM = "{http://www.w3.org/2005/Atom}"
HOSTILE = " </script><script>alert(1)</script> & \u2028 'quotes' \"too\""
HOSTILE_TITLE = " </title><script>alert(1)</script> & more"  # the title reaches a Vega expression, which quotes break


def tree(folder) -> dict[str, str]:
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def test_shipped_packages_have_a_valid_history():
    for folder in package_folders():
        package, problems = packages.load(folder)
        assert problems == [] and versions.check_history(package) == []
        assert package.descriptor["changes"][0]["version"] == package.descriptor["version"]


def load_copy(copy_package, mutate) -> list[str]:
    folder = copy_package(BUMPED)
    path = folder / paths.DESCRIPTOR_NAME
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    mutate(descriptor, folder)
    path.write_text(json.dumps(descriptor, indent=2), encoding="utf-8")
    package, _ = packages.load(folder)
    return [f"{problem.field}: {problem.message}" for problem in versions.check_history(package)]


def test_missing_history_is_a_problem(copy_package):
    found = load_copy(copy_package, lambda d, f: d.pop("changes"))
    assert len(found) == 1 and found[0].startswith("changes:")


def test_version_must_match_the_newest_change(copy_package):
    found = load_copy(copy_package, lambda d, f: d.update(version="1.0.1"))
    assert found == ["version: version '1.0.1' must equal the newest change 1.0.0"]


def test_bad_entries_are_named(copy_package):
    def mutate(descriptor, folder):
        descriptor["changes"][0].update(version="1.0", date="2026-13-01", kind="tweak", summary=" ")
    found = load_copy(copy_package, mutate)
    assert [item.split(":")[0] for item in found] == ["changes[0].version", "changes[0].date", "changes[0].kind", "changes[0].summary"]


def test_order_and_archives_are_checked(copy_package):
    def mutate(descriptor, folder):
        first = descriptor["changes"][0]
        descriptor["changes"] = [first, {**first, "version": "1.2.0", "date": "2026-12-02", "kind": "revision"}]
        (folder / "releases" / "0.9.0").mkdir(parents=True)
    found = load_copy(copy_package, mutate)
    assert any(item.startswith("changes[0].version: 1.0.0 must be newer than 1.2.0") for item in found)
    assert any(item.startswith("changes[0].date: 2026-11-23 is earlier than 2026-12-02") for item in found)
    assert any("the oldest change must be the first release" in item for item in found)
    assert any("version 1.2.0 was released, so its files must be kept here" in item for item in found)
    assert any("archive of version 0.9.0" in item for item in found)


def test_release_refuses_an_older_version_or_an_earlier_date(tmp_path):
    root = tmp_path / "datapackages"
    shutil.copytree(paths.DATAPACKAGES, root)
    for version, date in (("1.0.0", NEW_DATE), ("0.9.0", NEW_DATE), ("1.1.0", "2026-11-01"), ("1.1", NEW_DATE)):
        with pytest.raises(ProblemsFound):
            release.release(root / BUMPED, version, date, "correction", "x", packages.discover(root))
    assert not (root / BUMPED / "releases").exists()


@pytest.fixture(scope="session")
def bumped_site(built_site, tmp_path_factory):
    """Copy every package, release a correction of one (archiving 1.0.0), change its data, and build (from the cache of
    the shipped site's build, as a developer's rebuild after a release would be)."""
    work = tmp_path_factory.mktemp("bump")
    root = work / "datapackages"
    shutil.copytree(paths.DATAPACKAGES, root)
    archive = release.release(root / BUMPED, NEW_VERSION, NEW_DATE, "correction",
                               "Corrected a note on the sample size.", packages.discover(root))
    descriptor_path = root / BUMPED / paths.DESCRIPTOR_NAME
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    descriptor["description"] += HOSTILE
    descriptor["title"] += HOSTILE_TITLE
    descriptor_path.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    charts_path = root / BUMPED / paths.CHARTS_NAME
    charts = json.loads(charts_path.read_text(encoding="utf-8"))
    charts[0]["title"] += HOSTILE
    charts_path.write_text(json.dumps(charts, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    figures = root / BUMPED / "data" / "figures.csv"
    with figures.open(encoding="utf-8", newline="") as opened:
        reader = csv.DictReader(opened)
        fields, rows = reader.fieldnames, list(reader)
    rows[0]["notes"] = PLANTED
    with figures.open("w", encoding="utf-8", newline="") as opened:
        writer = csv.DictWriter(opened, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    site = work / "site"
    build.build(site=site, docs=work / "docs", folders=packages.discover(root))
    return {"site": site, "archive": archive, "root": root, "first_id": rows[0]["id"], "chart": charts[0]["id"]}


def test_release_archives_the_old_version_in_the_package_folder(bumped_site):
    archive = bumped_site["archive"]
    assert archive == bumped_site["root"] / BUMPED / "releases" / "1.0.0"
    assert json.loads((archive / "datapackage.json").read_text(encoding="utf-8"))["version"] == "1.0.0"
    descriptor = json.loads((bumped_site["root"] / BUMPED / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["version"] == NEW_VERSION
    assert descriptor["changes"][0] == {"version": NEW_VERSION, "date": NEW_DATE, "kind": "correction",
                                        "summary": "Corrected a note on the sample size."}


def test_old_version_addresses_still_resolve_byte_for_byte(built_site, bumped_site):
    before = tree(built_site / "data" / BUMPED / "1.0.0")
    after = tree(bumped_site["site"] / "data" / BUMPED / "1.0.0")
    assert len(before) >= 8 and after == before
    latest = json.loads((bumped_site["site"] / "data" / BUMPED / "datapackage.json").read_text(encoding="utf-8"))
    assert latest["version"] == NEW_VERSION
    assert tree(bumped_site["site"] / "data" / BUMPED / NEW_VERSION)["datapackage.json"] == tree(
        bumped_site["site"] / "data" / BUMPED)["datapackage.json"]
    page = (bumped_site["site"] / "packages" / f"{BUMPED}.html").read_text(encoding="utf-8")
    old_zip = f"data/{BUMPED}/1.0.0/{BUMPED}.zip"
    assert f'href="../{old_zip}"' in page and before[f"{BUMPED}.zip"] in page


def test_unchanged_packages_build_to_identical_bytes(built_site, bumped_site):
    for folder in package_folders():
        if folder.name != BUMPED:
            assert tree(bumped_site["site"] / "data" / folder.name) == tree(built_site / "data" / folder.name)


def test_changes_page_feed_catalog_and_json_ld_show_the_correction(bumped_site):
    site = bumped_site["site"]
    changes = (site / "changes.html").read_text(encoding="utf-8")
    corrections = changes[changes.index('id="corrections"'):changes.index('id="all-changes"')]
    assert NEW_DATE in corrections and f"{BUMPED}.html#version-{NEW_VERSION}" in corrections
    entries = ET.parse(site / "feed.xml").getroot().findall(f"{ATOM}entry")
    newest = entries[0]
    assert newest.findtext(f"{ATOM}updated") == f"{NEW_DATE}T00:00:00Z"
    assert newest.find(f"{ATOM}category").attrib["term"] == "correction"
    catalog = json.loads((site / "catalog.json").read_text(encoding="utf-8"))
    entry = next(package for package in catalog["packages"] if package["name"] == BUMPED)
    assert [version["version"] for version in entry["versions"]] == [NEW_VERSION, "1.0.0"]
    page = (site / "packages" / f"{BUMPED}.html").read_text(encoding="utf-8")
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    assert data["dateModified"] == NEW_DATE and data["dateCreated"] == "2026-11-23" and data["version"] == NEW_VERSION


def test_json_ld_survives_hostile_text_in_the_descriptor(bumped_site):
    page = (bumped_site["site"] / "packages" / f"{BUMPED}.html").read_text(encoding="utf-8")
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert len(scripts) == 1 and not re.search("[<>&\u2028]", scripts[0])
    assert json.loads(scripts[0])["description"].endswith(HOSTILE)
    for built in bumped_site["site"].rglob("*.html"):
        assert "<script>alert(1)" not in built.read_text(encoding="utf-8"), built.name
    for path in (f"charts/{bumped_site['chart']}.html", f"embed/{bumped_site['chart']}.html"):
        chart_page = (bumped_site["site"] / path).read_text(encoding="utf-8")
        assert "alert(1)" in chart_page and "<script>alert(1)" not in chart_page, path


def test_formula_text_is_neutralised_in_spreadsheet_files_only(bumped_site, tmp_path):
    folder = bumped_site["site"] / "data" / BUMPED
    with (folder / f"{BUMPED}-spreadsheet.csv").open(encoding="utf-8", newline="") as opened:
        safe = {row["id"]: row for row in csv.DictReader(opened)}
    assert safe[bumped_site["first_id"]]["notes"] == PLANTED
    with (folder / "figures-with-intervals.csv").open(encoding="utf-8", newline="") as opened:
        exact = {row["id"]: row for row in csv.DictReader(opened)}
    assert exact[bumped_site["first_id"]]["notes"] == PLANTED
    with zipfile.ZipFile(folder / f"{BUMPED}.zip") as opened:
        opened.extractall(tmp_path)
    inner = tmp_path / f"{BUMPED}-{NEW_VERSION}"
    assert PLANTED in (inner / "data" / "figures.csv").read_text(encoding="utf-8")
    with system.use_context(trusted=False):
        assert Package(str(inner / "datapackage.json")).validate().valid


def test_validation_report_counts_the_real_run(bumped_site):
    text = re.sub(r"<[^>]+>", " ", (bumped_site["site"] / "validation.html").read_text(encoding="utf-8"))
    text = " ".join(text.split())
    rows = 0
    for folder in packages.discover(bumped_site["root"]):
        descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
        for resource in descriptor["resources"]:
            with (folder / resource["path"]).open(encoding="utf-8", newline="") as opened:
                rows += sum(1 for _ in csv.DictReader(opened))
    assert f"Data packages: {len(package_folders())}" in text
    assert f"Rows checked: {rows}" in text and "Problems: 0" in text
    assert "1.0.0" in text and f"{NEW_VERSION} (latest)" in text


def test_a_broken_history_stops_the_build(tmp_path):
    root = tmp_path / "datapackages"
    shutil.copytree(paths.DATAPACKAGES, root)
    path = root / BUMPED / paths.DESCRIPTOR_NAME
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    descriptor["version"] = "2.0.0"
    path.write_text(json.dumps(descriptor, indent=2), encoding="utf-8")
    site = tmp_path / "site"
    with pytest.raises(ProblemsFound) as found:
        build.build(site=site, docs=tmp_path / "docs", folders=packages.discover(root))
    assert [str(problem).split(":")[-2:] for problem in found.value.problems] == [
        ["version", " version '2.0.0' must equal the newest change 1.0.0"]]
    assert not site.exists()


def test_release_command_refuses_a_bad_version_without_touching_the_data(capsys):
    before = tree(paths.DATAPACKAGES / BUMPED)
    code = release.main([BUMPED, "1.0", "--date", NEW_DATE, "--kind", "correction", "--summary", "x"])
    assert code == 1
    assert "is not a semantic version" in capsys.readouterr().err
    assert tree(paths.DATAPACKAGES / BUMPED) == before
