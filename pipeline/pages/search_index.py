"""The search index, read from every built page (so future pages are found too): headings, figure cards, A–Z entries."""

import html
import json
import re
from pathlib import Path

INDEX_NAME = "search-index.json"
LEFT_OUT = ("embed/", "404.html", "validation.html")
TAG = re.compile(r"<[^>]+>")
SPACE = re.compile(r"\s+")
TITLE = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)
SECTION_HEADING = re.compile(r'<h([23]) id="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
FIGURE_CARD = re.compile(r'<div class="figure-card[^"]*" id="(figure-[^"]+)">(.*?)</div>', re.S)
CARD_HEADING = re.compile(r"<h3[^>]*>(.*?)</h3>", re.S)
AZ_ENTRY = re.compile(r'<li><a href="([^"]+)">(.*?)</a> <span class="az-kind">\((.*?)\)</span></li>', re.S)
CONTENT_START = re.compile(r'<article class="md-content__inner[^"]*">')
CONTENT_END = "</article>"
PERMALINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)


def plain(fragment: str) -> str:
    """Text of an HTML fragment, on one line."""
    return SPACE.sub(" ", html.unescape(TAG.sub(" ", PERMALINK.sub("", fragment)))).strip()


def figure_text(card: str) -> str:
    """What a figure card offers the search: everything up to and including its id, without the quote and notes."""
    before, _, after = card.partition(" Figure id ")
    return f"{before} {after.split(' ')[0]}".strip()


def content(page: str) -> str:
    """The page's article (up to its first closing tag: a lazy (.*?) pattern took several times as long), or the whole page."""
    start = CONTENT_START.search(page)
    end = page.find(CONTENT_END, start.end()) if start else -1
    return page[start.end():end] if end != -1 else page


def page_entries(relative: str, page: str) -> list[dict]:
    """A page's entries: the page itself, each section heading, each figure card and, on the A–Z page, each entry."""
    body = content(page)
    title = TITLE.search(body)
    if not title:
        return []
    name = plain(title.group(1))
    entries = [{"t": name, "u": relative, "k": "page", "x": ""}]
    entries += [{"t": plain(heading), "u": f"{relative}#{anchor}", "k": f"section of {name}", "x": ""}
                for _, anchor, heading in SECTION_HEADING.findall(body) if not anchor.startswith("letter-")]
    for card in FIGURE_CARD.finditer(body):
        before = body[:card.start()]
        heading = CARD_HEADING.search(before[before.rfind("<h3"):])
        entries.append({"t": plain(heading.group(1)) if heading else name, "u": f"{relative}#{card.group(1)}", "k": "figure",
                        "x": figure_text(plain(card.group(2)))})
    base = relative.rsplit("/", 1)[0] + "/" if "/" in relative else ""
    entries += [{"t": plain(label), "u": base + href, "k": plain(kind).split(":")[0], "x": plain(kind)}
                for href, label, kind in AZ_ENTRY.findall(body) if plain(kind).startswith("police force")]
    return entries


def build(site: Path) -> list[dict]:
    """Every entry of every published page, in page order."""
    entries = []
    for page in sorted(site.rglob("*.html")):
        relative = page.relative_to(site).as_posix()
        if not relative.startswith(LEFT_OUT):
            entries += page_entries(relative, page.read_text(encoding="utf-8"))
    seen, unique = set(), []
    for entry in entries:
        if (entry["t"], entry["u"]) not in seen:
            seen.add((entry["t"], entry["u"]))
            unique.append(entry)
    return unique


def write(site: Path) -> Path:
    """Write the index as compact JSON at the site's root."""
    target = site / INDEX_NAME
    target.write_text(json.dumps(build(site), ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return target
