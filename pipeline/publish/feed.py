"""An Atom feed of every package version, from the packages' version histories (dates from the data)."""

import uuid
import xml.etree.ElementTree as ET
from pathlib import Path

from pipeline import identity
from pipeline.validation import versions

ATOM = "http://www.w3.org/2005/Atom"
ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "stalking-justice-data")


def stable_id(*parts: str) -> str:
    """A urn:uuid that depends only on the parts, never on where the site is hosted."""
    return f"urn:uuid:{uuid.uuid5(ID_NAMESPACE, '/'.join(parts))}"


def releases(packages) -> list[tuple]:
    """(package, change) for every version of every package, newest first."""
    pairs = [(package, change) for package in packages for change in versions.history(package.descriptor)]
    return sorted(pairs, key=lambda pair: (pair[1].date, pair[0].name, pair[1].key), reverse=True)


def _add(parent, tag: str, text: str | None = None, **attributes) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", {key: value for key, value in attributes.items()})
    if text is not None:
        element.text = text
    return element


def feed(packages, base: str) -> bytes:
    """The Atom document."""
    ET.register_namespace("", ATOM)
    items = releases(packages)
    root = ET.Element(f"{{{ATOM}}}feed")
    _add(root, "id", stable_id("changes"))
    _add(root, "title", f"{identity.site().name}: changes and corrections")
    _add(root, "updated", f"{items[0][1].date}T00:00:00Z" if items else "1970-01-01T00:00:00Z")
    author = _add(root, "author")
    _add(author, "name", identity.site().name)
    _add(root, "link", rel="self", type="application/atom+xml", href=f"{base}feed.xml")
    _add(root, "link", rel="alternate", type="text/html", href=f"{base}changes.html")
    _add(root, "rights", f"Data compilation: {identity.site().licence}")
    for package, change in items:
        entry = _add(root, "entry")
        title = package.descriptor.get("title", package.name)
        _add(entry, "id", stable_id(package.name, change.version))
        _add(entry, "title", f"{title}: version {change.version} ({change.kind})")
        _add(entry, "updated", f"{change.date}T00:00:00Z")
        _add(entry, "published", f"{change.date}T00:00:00Z")
        _add(entry, "link", rel="alternate", type="text/html", href=f"{base}packages/{package.name}.html#version-{change.version}")
        _add(entry, "link", rel="enclosure", type="application/zip",
             href=f"{base}data/{package.name}/{change.version}/{package.name}.zip")
        _add(entry, "category", term=change.kind)
        _add(entry, "summary", change.summary)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def write(packages, base: str, docs: Path) -> Path:
    target = docs / "feed.xml"
    target.write_bytes(feed(packages, base))
    return target
