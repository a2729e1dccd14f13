"""catalog.json: every package, version, chart and download with its address and checksum."""

import json
from pathlib import Path

from pipeline import identity


def _file(item: dict, base: str) -> dict:
    return {"name": item["name"], "href": item["href"], "url": base + item["href"], "what": item["what"],
            "mediatype": item["mediatype"], "bytes": item["bytes"], "sha256": item["sha256"]}


def catalog(tables, rendered: list, files: dict, extras: dict, base: str, placeholder: bool) -> dict:
    """The catalogue as a JSON-ready dict; addresses are site-relative (href) and absolute (url)."""
    packages = []
    for package in tables.packages:
        published = files[package.name]
        descriptor = package.descriptor
        packages.append({
            "name": package.name, "title": descriptor.get("title", package.name), "version": descriptor["version"],
            "created": str(descriptor.get("created", ""))[:10], "updated": published["updated"],
            "licenses": [{"name": item.get("name"), "path": item.get("path")} for item in descriptor.get("licenses", [])],
            "page": f"packages/{package.name}.html", "files": [_file(item, base) for item in published["files"]],
            "versions": [{key: release[key] for key in ("version", "date", "kind", "summary", "current")}
                         | {"files": [_file(item, base) for item in release["files"]]} for release in published["releases"]],
        })
    charts = []
    for chart in rendered:
        extra = extras["charts"][chart.id]
        charts.append({"id": chart.id, "title": chart.definition["title"], "package": chart.package,
                       "page": f"charts/{chart.id}.html", "embed": extra["embed_href"],
                       "citation": {"short": extra["citation"]["short"], "full": extra["citation"]["full"]},
                       "files": [_file(item, base) for item in extra["files"]]})
    updated = max(package["updated"] for package in packages) if packages else None
    return {"name": identity.site().name, "site": base, "site_address_is_placeholder": placeholder, "updated": updated,
            "feed": "feed.xml", "changes": "changes.html", "validation": "validation.html",
            "packages": packages, "charts": charts}


def write(document: dict, docs: Path) -> Path:
    target = docs / "catalog.json"
    target.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return target
