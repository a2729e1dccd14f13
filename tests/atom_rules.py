"""The rules of RFC 4287 (The Atom Syndication Format) that a feed document can break, checked without any network.

Each rule cites its section. What the RFC leaves to a SHOULD is not checked, except that a feed names itself (rel="self").
"""

import re
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import datetime
from urllib.parse import urlsplit

ATOM = "http://www.w3.org/2005/Atom"
XHTML = "http://www.w3.org/1999/xhtml"
FEED_CHILDREN = {"author", "category", "contributor", "generator", "icon", "id", "link", "logo", "rights", "subtitle", "title",
                 "updated", "entry"}
ENTRY_CHILDREN = {"author", "category", "content", "contributor", "id", "link", "published", "rights", "source", "summary",
                  "title", "updated"}
TEXT_CONSTRUCTS = {"title", "subtitle", "summary", "rights"}
DATE_CONSTRUCTS = {"updated", "published"}
PERSON_CONSTRUCTS = {"author", "contributor"}
RFC_3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")  # 3.3: upper-case T and Z
REGISTERED_RELS = {"alternate", "related", "self", "enclosure", "via"}


def local(element: ET.Element) -> str:
    return element.tag.split("}", 1)[1] if element.tag.startswith(f"{{{ATOM}}}") else ""


def atom_children(element: ET.Element, name: str) -> list[ET.Element]:
    return element.findall(f"{{{ATOM}}}{name}")


def is_iri(text: str) -> bool:
    """An absolute IRI: a scheme, then something (4.2.6 for ids; 4.2.7.1 for links may be relative, checked apart)."""
    return bool(re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$", text or ""))


def counts(where: str, element: ET.Element, exactly_one: set[str], at_most_one: set[str]) -> list[str]:
    found = Counter(local(child) for child in element)
    problems = [f"{where}: needs exactly one atom:{name}, has {found[name]}" for name in sorted(exactly_one) if found[name] != 1]
    problems += [f"{where}: has {found[name]} atom:{name}, at most one allowed" for name in sorted(at_most_one) if found[name] > 1]
    return problems


def construct_problems(where: str, element: ET.Element) -> list[str]:
    """Text (3.1), person (3.2), date (3.3), link (4.2.7), category (4.2.2) and id (4.2.6) constructs."""
    name, problems = local(element), []
    if name in TEXT_CONSTRUCTS or name == "content":
        kind = element.get("type", "text")
        if name != "content" and kind not in ("text", "html", "xhtml"):
            problems.append(f"{where}/{name}: type {kind!r} is not text, html or xhtml")
        if kind in ("text", "html") and len(element):
            problems.append(f"{where}/{name}: a {kind} construct holds child elements")
        if kind == "xhtml" and [child.tag for child in element] != [f"{{{XHTML}}}div"]:
            problems.append(f"{where}/{name}: xhtml content must be exactly one xhtml:div")
    if name in DATE_CONSTRUCTS:
        text = element.text or ""
        try:
            valid = bool(RFC_3339.match(text)) and datetime.fromisoformat(text.replace("Z", "+00:00")) is not None
        except ValueError:
            valid = False
        if not valid:
            problems.append(f"{where}/{name}: {text!r} is not an RFC 3339 date-time")
    if name in PERSON_CONSTRUCTS:
        problems += counts(f"{where}/{name}", element, {"name"}, {"uri", "email"})
    if name == "id" and (not is_iri(element.text) or element.text != element.text.strip()):
        problems.append(f"{where}/id: {element.text!r} is not an absolute IRI")
    if name == "link":
        if not element.get("href"):
            problems.append(f"{where}/link: no href")
        rel = element.get("rel", "alternate")
        if rel not in REGISTERED_RELS and not is_iri(rel):
            problems.append(f"{where}/link: rel {rel!r} is neither registered nor an IRI")
    if name == "category" and not element.get("term"):
        problems.append(f"{where}/category: no term")
    if name in ("icon", "logo", "generator", "id", "updated", "published") and len(element):
        problems.append(f"{where}/{name}: holds child elements")
    return problems


def alternate_problems(where: str, element: ET.Element) -> list[str]:
    """4.1.1 and 4.1.2: at most one rel="alternate" link per type and hreflang."""
    alternates = Counter((link.get("type"), link.get("hreflang")) for link in atom_children(element, "link")
                         if link.get("rel", "alternate") == "alternate")
    return [f"{where}: {number} alternate links of type {kind!r}" for (kind, _), number in alternates.items() if number > 1]


def atom_problems(document: bytes) -> list[str]:
    """Every RFC 4287 rule the document breaks; [] for a valid feed."""
    try:
        root = ET.fromstring(document)
    except ET.ParseError as error:
        return [f"not well-formed XML: {error}"]
    if root.tag != f"{{{ATOM}}}feed":
        return [f"the document element is {root.tag}, not atom:feed"]
    problems = [f"feed: atom:{local(child)} is not an element of atom:feed" for child in root
                if local(child) and local(child) not in FEED_CHILDREN]
    problems += counts("feed", root, {"id", "title", "updated"}, {"generator", "icon", "logo", "rights", "subtitle"})
    problems += alternate_problems("feed", root)
    if not any(link.get("rel") == "self" for link in atom_children(root, "link")):
        problems.append("feed: no rel=\"self\" link")
    for child in root:
        if local(child) != "entry":
            problems += construct_problems("feed", child)
    feed_has_author = bool(atom_children(root, "author"))
    ids = []
    for number, entry in enumerate(atom_children(root, "entry"), start=1):
        where = f"entry {number}"
        problems += [f"{where}: atom:{local(child)} is not an element of atom:entry" for child in entry
                     if local(child) and local(child) not in ENTRY_CHILDREN]
        problems += counts(where, entry, {"id", "title", "updated"}, {"content", "published", "rights", "source", "summary"})
        problems += alternate_problems(where, entry)
        for child in entry:
            problems += construct_problems(where, child)
        if not feed_has_author and not atom_children(entry, "author"):
            problems.append(f"{where}: no atom:author, and the feed has none")
        content = atom_children(entry, "content")
        if not content and not any(link.get("rel", "alternate") == "alternate" for link in atom_children(entry, "link")):
            problems.append(f"{where}: neither atom:content nor an alternate link")
        if content and content[0].get("src") is not None and not atom_children(entry, "summary"):
            problems.append(f"{where}: content given by src needs an atom:summary")
        ids.append(entry.findtext(f"{{{ATOM}}}id"))
    problems += [f"entries share the id {identifier}" for identifier, number in Counter(ids).items() if number > 1]
    return problems


def relative_links(document: bytes) -> list[str]:
    """Links that are not absolute addresses (a feed reader has no page to resolve them against)."""
    root = ET.fromstring(document)
    return [link.get("href") for link in root.iter(f"{{{ATOM}}}link") if not urlsplit(link.get("href", "")).scheme]
