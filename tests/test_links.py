"""Crawl the built site: every internal link, anchor, image, stylesheet, script and download resolves."""

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

LINKING_ATTRIBUTES = {"a": "href", "link": "href", "img": "src", "script": "src", "source": "src", "iframe": "src"}
LOADED = {"img", "script", "source", "iframe"}


class PageLinks(HTMLParser):
    """The ids of a page and every address it links to or loads."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for key in ("id", "name"):
            if attributes.get(key):
                self.ids.add(attributes[key])
        wanted = LINKING_ATTRIBUTES.get(tag)
        if wanted and attributes.get(wanted) is not None:
            self.links.append((tag, attributes[wanted]))


def parse(page: Path) -> PageLinks:
    parser = PageLinks()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def crawled(built_site) -> dict[Path, PageLinks]:
    return {page: parse(page) for page in sorted(built_site.rglob("*.html"))}


def broken_links(site: Path, crawled: dict[Path, PageLinks]) -> list[str]:
    broken = []
    for page, found in crawled.items():
        for tag, address in found.links:
            parts = urlsplit(address)
            if parts.scheme or parts.netloc:
                if tag in LOADED or (tag == "link"):
                    broken.append(f"{page.relative_to(site)}: <{tag}> loads from another host: {address}")
                continue
            base = site if parts.path.startswith("/") else page.parent
            target = (base / unquote(parts.path).lstrip("/")).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            if site.resolve() not in (target, *target.parents):
                broken.append(f"{page.relative_to(site)}: {address} leaves the site")
            elif not target.is_file():
                broken.append(f"{page.relative_to(site)}: {address} -> missing file")
            elif parts.fragment and target.suffix == ".html":
                ids = crawled[target].ids if target in crawled else parse(target).ids
                if unquote(parts.fragment) not in ids:
                    broken.append(f"{page.relative_to(site)}: {address} -> no element with id {parts.fragment!r}")
    return broken


def test_no_broken_internal_link_anchor_image_or_download(built_site, crawled):
    assert len(crawled) >= 8
    assert broken_links(built_site.resolve(), {page.resolve(): found for page, found in crawled.items()}) == []


def test_every_download_listed_on_a_package_page_exists(built_site, crawled):
    downloads = [(page, address) for page, found in crawled.items() for tag, address in found.links
                 if tag == "a" and "/data/" in address and not urlsplit(address).scheme and page.parent.name == "packages"]
    assert len(downloads) >= 6
    for page, address in downloads:
        assert (page.parent / urlsplit(address).path).resolve().is_file(), address


def test_the_crawler_sees_a_broken_link(built_site, tmp_path):
    """The checker itself must fail on a page with a dead link, a dead anchor and a dead image."""
    page = tmp_path / "page.html"
    page.write_text('<p id="here"><a href="gone.html">x</a><a href="#nowhere">y</a><img src="none.png">'
                    '<a href="#here">ok</a></p>', encoding="utf-8")
    found = broken_links(tmp_path.resolve(), {page.resolve(): parse(page)})
    assert len(found) == 3
