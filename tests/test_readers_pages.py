"""Markup every built page must carry for readers' safety: quick exit, support box, no referrer, content notes."""

import re

import pytest

from tests.test_readers_browser import NEUTRAL_HOST, PAGES


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
    html = (built_site / page_path).read_text(encoding="utf-8")
    if "<blockquote" in html:
        assert 'class="content-note' in html
        assert html.index('class="content-note') < html.index("<blockquote")


def test_some_pages_quote_victims(built_site):
    assert any("<blockquote" in (built_site / page).read_text(encoding="utf-8") for page in PAGES)
