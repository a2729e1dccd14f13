"""Markup every built page must carry for readers' safety: quick exit, support box, no referrer, content notes."""

import csv
import re

import pytest
from browsing import NEUTRAL_HOST
from conftest import package_folders
from test_readers_browser import PAGES


def pages_quoting_sources() -> set[str]:
    """The package pages whose figures carry a verbatim quote, read from the data, not from the built pages."""
    quoting = set()
    for folder in package_folders():
        if not (folder / "data" / "figures.csv").exists():  # a package of counts only quotes nothing
            continue
        with (folder / "data" / "figures.csv").open(encoding="utf-8", newline="") as opened:
            if any((row.get("quote") or "").strip() for row in csv.DictReader(opened)):
                quoting.add(f"packages/{folder.name}.html")
    return quoting


QUOTING = pages_quoting_sources()


@pytest.mark.parametrize("page_path", PAGES)
def test_page_carries_the_safety_markup(built_site, page_path):
    html = (built_site / page_path).read_text(encoding="utf-8")
    exit_link = re.search(r'<a class="quick-exit" href="([^"]+)" rel="([^"]+)" data-quick-exit', html)
    assert exit_link and exit_link.groups() == (f"https://{NEUTRAL_HOST}/weather", "noreferrer")
    support = html[html.index('class="support-box'):]
    assert 'href="tel:999"' in support and "0808 802 0300" in support
    assert '<meta name="referrer" content="no-referrer">' in html


@pytest.mark.parametrize("page_path", PAGES)
def test_page_quoting_victims_has_a_content_note_first(built_site, page_path):
    """Pages whose data quotes a source open with a content note before the first quote; no other page quotes."""
    html = (built_site / page_path).read_text(encoding="utf-8")
    quotes = html.count("<blockquote")
    note = html.find('class="content-note')
    assert (quotes > 0) == (page_path in QUOTING)
    assert (note >= 0) == (page_path in QUOTING)
    assert note < html.find("<blockquote") or not quotes


def test_some_pages_quote_victims():
    assert len(QUOTING) >= 3 and set(PAGES) >= QUOTING
