"""Charts and citations: each chart's CSV is the data in its spec, citations carry every part, embeds stay local."""

import csv
import hashlib
import html
import json
import re
import struct
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path

import jsonschema
import pytest
import yaml
from atom_rules import atom_problems, relative_links
from conftest import package_folders

from pipeline import identity
from pipeline.publish import citations

SVG = "{http://www.w3.org/2000/svg}"
ATOM = "{http://www.w3.org/2005/Atom}"
CFF_SCHEMA = Path(__file__).parent / "schemas" / "cff-1.2.0.schema.json"
CFF_SCHEMA_SHA256 = "0b8d22140da702d766df318dcff3a91af2f39521298dcf36d76315fd99cc169b"  # see tests/schemas/README.md


def descriptors() -> dict[str, dict]:
    return {folder.name: json.loads((folder / "datapackage.json").read_text(encoding="utf-8")) for folder in package_folders()}


def chart_definitions() -> list[dict]:
    found = []
    for folder in package_folders():
        charts = folder / "charts.json"
        if charts.exists():
            found += [{**chart, "package": folder.name} for chart in json.loads(charts.read_text(encoding="utf-8"))]
    return found


CHARTS = chart_definitions()


def test_there_are_charts_to_check():
    assert len(CHARTS) >= 1


def spec_rows(spec: dict, columns: list[str]) -> list[dict]:
    """The one dataset in the spec whose fields are the CSV's columns."""
    matching = [rows for rows in spec.get("datasets", {}).values()
                if rows and set().union(*(row.keys() for row in rows)) <= set(columns) and "source_line" not in rows[0]]
    assert len(matching) == 1, "exactly one dataset in the spec should hold the data drawn"
    return matching[0]


@pytest.mark.parametrize("chart", CHARTS, ids=lambda chart: chart["id"])
def test_chart_csv_equals_the_data_in_its_spec(built_site, chart):
    with (built_site / "charts" / f"{chart['id']}.csv").open(encoding="utf-8", newline="") as opened:
        reader = csv.DictReader(opened)
        columns, rows = reader.fieldnames, list(reader)
    spec = json.loads((built_site / "charts" / f"{chart['id']}.vl.json").read_text(encoding="utf-8"))
    drawn = spec_rows(spec, columns)
    assert len(rows) == len(drawn) > 0
    for row, values in zip(rows, drawn, strict=True):
        for column in columns:
            value = values.get(column)
            if value is None:
                assert row[column] == "", f"{column}: CSV has {row[column]!r}, spec has nothing"
            elif isinstance(value, bool):
                assert row[column] == str(value)
            elif isinstance(value, int | float):
                assert float(row[column]) == pytest.approx(value, abs=1e-12)
            else:
                assert row[column] == value


@pytest.mark.parametrize("chart", CHARTS, ids=lambda chart: chart["id"])
def test_chart_images_carry_title_source_and_licence(built_site, chart):
    svg = ET.parse(built_site / "charts" / f"{chart['id']}.svg").getroot()
    text = " ".join(" ".join(element.itertext()) for element in svg.iter(f"{SVG}text"))
    assert chart["title"] in text
    assert "Source:" in text and "CC BY 4.0" in text
    assert not [value for element in svg.iter() for key, value in element.attrib.items()
                if key.endswith("href") and not value.startswith(("#", "data:"))], "the SVG must not load anything"
    png = (built_site / "charts" / f"{chart['id']}.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert width == 2 * int(float(svg.attrib["width"])) and height == 2 * int(float(svg.attrib["height"]))
    spec = json.loads((built_site / "charts" / f"{chart['id']}.vl.json").read_text(encoding="utf-8"))
    notes = [rows[0]["source_line"] for rows in spec["datasets"].values() if rows and "source_line" in rows[0]]
    assert notes and "CC BY 4.0" in notes[0], "the PNG is drawn from this spec, which holds the licence line"


def page_text(path: Path) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", path.read_text(encoding="utf-8")))


@pytest.mark.parametrize("chart", CHARTS, ids=lambda chart: chart["id"])
def test_chart_citations_carry_every_part(built_site, chart):
    base = identity.base()
    text = page_text(built_site / "charts" / f"{chart['id']}.html")
    with (built_site / "charts" / f"{chart['id']}.csv").open(encoding="utf-8", newline="") as opened:
        used = {row["figure"].split("/")[0] for row in csv.DictReader(opened) if row.get("figure")} | {chart["package"]}
    year = max(descriptors()[name]["changes"][0]["date"] for name in used)[:4]
    url = f"{base}charts/{chart['id']}.html"
    short = re.search(r"Short: (.+)", text).group(1)
    full = re.search(r"Full: (.+)", text).group(1)
    bibtex = re.search(r"(@misc\{.*?\n\})", text, re.S).group(1)
    for citation in (short, full):
        assert chart["title"] in citation and f"({year})" in citation and url in citation
    assert "Stalking Justice Data" in full and f"(accessed {citations.ACCESSED_PLACEHOLDER})" in full
    for name in used:
        assert f"{name} version {descriptors()[name]['version']}" in full
    fields = dict(re.findall(r"^\s+(\w+) = \{(.*)\},?$", bibtex, re.M))
    assert {"author", "title", "publisher", "year", "url", "urldate"} <= set(fields)
    bibtex_title = re.sub(r"\\([%&_#$])", r"\1", fields["title"])  # BibTeX escapes these characters
    assert fields["year"] == year and fields["url"] == url and chart["title"] in bibtex_title
    placeholder = identity.is_placeholder(base)
    assert (identity.PLACEHOLDER in text, "has no fixed public address yet" in text) == (placeholder, placeholder)


def test_bibtex_text_escapes_latex_specials():
    assert citations.bibtex_text("50% & {more} #1 $x_y ~ ^ \\") == r"50\% \& \{more\} \#1 \$x\_y \~{} \^{} \textbackslash{}"


def test_site_url_is_read_from_mkdocs_yml_or_marked_as_a_placeholder(tmp_path):
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\n", encoding="utf-8")
    assert identity.base(config) == identity.PLACEHOLDER
    assert identity.PLACEHOLDER.split("/")[2].endswith(".invalid")
    config.write_text("site_name: x\nsite_url: https://example.org/justice\nmarkdown_extensions:\n"
                      "  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n", encoding="utf-8")
    assert identity.base(config) == "https://example.org/justice/"
    config.write_text("site_name: x\nsite_url: javascript:alert(1)\n", encoding="utf-8")
    assert identity.base(config) == identity.PLACEHOLDER


@pytest.mark.parametrize("chart", CHARTS, ids=lambda chart: chart["id"])
def test_embed_page_loads_only_this_sites_files(built_site, chart):
    """An embed page shows the chart's own drawings (narrow or wide, light or dark) through <picture>: every file it
    loads is one of this site's, by a relative address, and exists."""
    page = built_site / "embed" / f"{chart['id']}.html"
    source = page.read_text(encoding="utf-8")
    assert "<script" not in source.lower()
    assert "<picture" in source and chart["title"] in html.unescape(source)
    assert "Source:" in source and "CC BY 4.0" in source
    assert f'href="../charts/{chart["id"]}.html"' in source and (built_site / "charts" / f"{chart['id']}.html").is_file()
    loaded = [address.split()[0] for found in re.findall(r'(?:src|srcset)\s*=\s*"([^"]+)"', source) for address in found.split(",")]
    loaded += re.findall(r'<link[^>]+rel="(?:stylesheet|icon)"[^>]+href="([^"]+)"', source)
    assert f"../charts/{chart['id']}.svg" in loaded
    for address in loaded:
        assert not re.match(r"^(?:[a-z]+:|//)", address), address
        assert (page.parent / address).resolve().is_file(), address
    assert "default-src 'none'" in source
    chart_page = page_text(built_site / "charts" / f"{chart['id']}.html")
    assert f"{identity.base()}embed/{chart['id']}.html" in chart_page


def test_embed_pages_make_no_request_to_any_other_host(site_url, browser):
    context = browser.new_context()
    page = context.new_page()
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    for chart in CHARTS:
        page.goto(f"{site_url}embed/{chart['id']}.html")
        assert page.locator("picture img").count() >= 1
        assert page.locator(f'a[href="../charts/{chart["id"]}.html"]').count() == 1
    assert requested and all(url.startswith(site_url) for url in requested), requested
    assert context.cookies() == []
    assert page.evaluate("localStorage.length + sessionStorage.length") == 0
    context.close()


class CffLoader(yaml.SafeLoader):
    """YAML as CFF tools read it: a date such as 2026-11-23 stays the string the schema expects."""


CffLoader.yaml_implicit_resolvers = {key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
                                     for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def cff_problems(text: str) -> list[str]:
    """Every way the CFF text breaks the official CFF 1.2.0 JSON Schema, formats (dates, addresses) included."""
    schema_bytes = CFF_SCHEMA.read_bytes()
    assert hashlib.sha256(schema_bytes).hexdigest() == CFF_SCHEMA_SHA256, "the vendored CFF schema was changed"
    validator = jsonschema.Draft7Validator(json.loads(schema_bytes), format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    return sorted(f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
                  for error in validator.iter_errors(yaml.load(text, Loader=CffLoader)))


def test_citation_cff_is_valid_cff_1_2_0():
    root = Path(__file__).resolve().parent.parent
    text = (root / "CITATION.cff").read_text(encoding="utf-8")
    assert cff_problems(text) == []
    cff = yaml.load(text, Loader=CffLoader)
    assert cff["cff-version"] == "1.2.0" and cff["type"] == "dataset"
    licences = cff.get("license", [])
    assert set([licences] if isinstance(licences, str) else licences) <= {"CC-BY-4.0", "MIT"}


@pytest.mark.parametrize(("edit", "found"), [
    ("authors: []", "authors: [] should be non-empty"),
    ("license: CC-BY", "license: 'CC-BY' is not valid"),
    ("date-released: 2026-13-01", "date-released: '2026-13-01' does not match"),
    ("doi: not-a-doi", "doi: 'not-a-doi' does not match"),
    ("colour: blue", "Additional properties are not allowed ('colour' was unexpected)"),
])
def test_the_cff_check_finds_a_broken_file(edit, found):
    root = Path(__file__).resolve().parent.parent
    text = (root / "CITATION.cff").read_text(encoding="utf-8")
    key = edit.split(":")[0]
    kept = [line for line in text.splitlines() if not line.startswith(f"{key}:")]
    if key == "authors":
        kept = [line for line in kept if not line.startswith("  - name:")]
    problems = cff_problems("\n".join(kept) + f"\n{edit}\n")
    assert any(problem.startswith(found) or found in problem for problem in problems), problems


def test_catalog_lists_every_package_chart_and_download(built_site):
    catalog = json.loads((built_site / "catalog.json").read_text(encoding="utf-8"))
    assert {package["name"] for package in catalog["packages"]} == set(descriptors())
    assert {chart["id"] for chart in catalog["charts"]} == {chart["id"] for chart in CHARTS}
    listed = 0
    for item in catalog["packages"] + catalog["charts"]:
        assert (built_site / item["page"]).is_file()
        files = item["files"] + [file for version in item.get("versions", []) for file in version["files"]]
        for file in files:
            target = built_site / file["href"]
            assert target.is_file() and target.stat().st_size == file["bytes"]
            assert __import__("hashlib").sha256(target.read_bytes()).hexdigest() == file["sha256"]
            assert file["url"] == catalog["site"] + file["href"]
            listed += 1
    for package in catalog["packages"]:
        assert [version["version"] for version in package["versions"]] == [c["version"] for c in descriptors()[package["name"]]["changes"]]
    assert listed >= 10 * len(catalog["packages"])


def test_atom_feed_is_valid_and_lists_every_version(built_site):
    document = (built_site / "feed.xml").read_bytes()
    assert atom_problems(document) == []
    assert relative_links(document) == []
    root = ET.fromstring(document)
    entries = root.findall(f"{ATOM}entry")
    expected = {(name, change["version"]) for name, descriptor in descriptors().items() for change in descriptor["changes"]}
    assert len(entries) == len(expected)
    ids = [entry.findtext(f"{ATOM}id") for entry in entries]
    assert len(set(ids)) == len(ids) and all(identifier.startswith("urn:uuid:") for identifier in ids)
    dates = []
    for entry in entries:
        for tag in ("title", "updated", "summary"):
            assert (entry.findtext(f"{ATOM}{tag}") or "").strip()
        updated = entry.findtext(f"{ATOM}updated")
        dates.append(datetime.fromisoformat(updated.replace("Z", "+00:00")))
        assert entry.find(f"{ATOM}link[@rel='alternate']") is not None
        enclosure = entry.find(f"{ATOM}link[@rel='enclosure']").attrib["href"]
        assert (built_site / enclosure[len(identity.base()):]).is_file()
    assert root.findtext(f"{ATOM}updated") == max(dates).strftime("%Y-%m-%dT%H:%M:%SZ")
    for page in (built_site / "index.html", built_site / "packages" / "index.html"):
        link = re.search(r'<link rel="alternate" type="application/atom\+xml"[^>]*href="([^"]+)"', page.read_text(encoding="utf-8"))
        assert link and (page.parent / link.group(1)).resolve() == (built_site / "feed.xml").resolve()


BROKEN_FEEDS = {
    "entry without id": (lambda text: re.sub(r"<id>[^<]*</id>", "", text, count=2), "needs exactly one atom:id"),
    "date without T": (lambda text: text.replace("T00:00:00Z", " 00:00:00Z", 1), "is not an RFC 3339 date-time"),
    "two alternate links": (lambda text: text.replace("<category ", '<link type="text/html" href="https://a.invalid/" /><category ', 1),
                            "2 alternate links"),
    "unknown Atom element": (lambda text: text.replace("<rights>", "<licence>x</licence><rights>", 1), "atom:licence is not an element"),
    "relative id": (lambda text: text.replace("<id>urn:uuid:", "<id>", 1), "is not an absolute IRI"),
    "no author anywhere": (lambda text: re.sub(r"<author>.*?</author>", "", text, flags=re.S), "no atom:author"),
    "link without href": (lambda text: text.replace('type="application/zip" href=', 'type="application/zip" data=', 1), "link: no href"),
}


@pytest.mark.parametrize("defect", sorted(BROKEN_FEEDS))
def test_the_feed_check_finds_each_broken_rule(built_site, defect):
    break_it, found = BROKEN_FEEDS[defect]
    text = (built_site / "feed.xml").read_text(encoding="utf-8")
    broken = break_it(text)
    assert broken != text
    assert any(found in problem for problem in atom_problems(broken.encode("utf-8"))), atom_problems(broken.encode("utf-8"))
