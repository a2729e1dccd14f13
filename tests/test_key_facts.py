"""Key facts say what each number counts: a count is named by its own label, never by the wider group it was counted in."""

import csv
import html
import re

import pytest
from test_readers_browser import PAGES

from pipeline.pages.facts import count_words
from pipeline.publish.downloads import TIDY_NAME


def test_a_count_in_a_wider_group_names_what_it_counts_then_the_group():
    assert count_words("Harassment: charged or summonsed in the year (computed)", "harassment outcomes assigned in the year") \
        == "Harassment: charged or summonsed in the year (computed); base: harassment outcomes assigned in the year"
    assert count_words("Victims in a year (estimated number)", "people aged 16 and over") \
        == "Victims in a year (estimated number); base: people aged 16 and over"


@pytest.mark.parametrize("base", ["stalking offences recorded by the police", "Stalking offences recorded by the police.", "", None])
def test_a_count_whose_base_is_the_same_group_is_named_once(base):
    assert count_words("Stalking offences recorded by the police (8Q)", base) == "Stalking offences recorded by the police (8Q)"


FACT = re.compile(r'<li><strong class="fact-number">(.*?)</strong>(.*?)<a href="[^"#]*?packages/([^"/#]+)\.html#figure-([^"]+)">', re.S)


def published_labels(site, package: str) -> dict[str, str]:
    with open(site / "data" / package / TIDY_NAME, encoding="utf-8", newline="") as handle:
        return {row["id"]: row["label"] for row in csv.DictReader(handle)}


# The pages whose key facts are figures (a chart page's may be values of the table it draws, with no figure of their own)
FIGURE_FACT_PAGES = [page for page in PAGES if page == "index.html" or (page.startswith("packages/") and page != "packages/index.html")]


@pytest.mark.parametrize("page_path", FIGURE_FACT_PAGES)
def test_every_key_fact_names_its_figure_by_its_label(built_site, page_path):
    section = re.search(r'<section class="key-facts".*?</section>', (built_site / page_path).read_text(encoding="utf-8"), re.S)
    assert section, "no key facts"
    facts = FACT.findall(section.group(0))
    assert facts, "key facts that link to no figure"
    for number, words, package, figure_id in facts:
        label = published_labels(built_site, package)[figure_id]
        sentence = html.unescape(words)
        assert label[:1].lower() + label[1:] in sentence, (number, sentence, label)
