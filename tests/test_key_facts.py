"""Key facts say what each number counts: a count is named by its own label, never by the wider group it was counted in."""

import csv
import html
import re

import pytest
from test_readers_browser import PAGES

from pipeline.pages import write
from pipeline.pages.facts import count_words, lower_first
from pipeline.publish.downloads import TIDY_NAME
from pipeline.tables.formatting import qualified_percent, states_its_value


def test_a_count_in_a_wider_group_names_what_it_counts_then_the_group():
    assert count_words("Harassment: charged or summonsed in the year (computed)", "harassment outcomes assigned in the year") \
        == "Harassment: charged or summonsed in the year (computed); base: harassment outcomes assigned in the year"
    assert count_words("Victims in a year (estimated number)", "people aged 16 and over") \
        == "Victims in a year (estimated number); base: people aged 16 and over"


@pytest.mark.parametrize("base", ["stalking offences recorded by the police", "Stalking offences recorded by the police.", "", None])
def test_a_count_whose_base_is_the_same_group_is_named_once(base):
    assert count_words("Stalking offences recorded by the police (8Q)", base) == "Stalking offences recorded by the police (8Q)"


@pytest.mark.parametrize(("label", "in_a_sentence"), [("Contacted the police", "contacted the police"),
                                                      ("CPS involved in their case", "CPS involved in their case"),
                                                      ("A third", "a third"), ("8Q offences", "8Q offences")])
def test_a_label_starts_in_lower_case_inside_a_sentence_unless_it_starts_with_an_acronym(label, in_a_sentence):
    assert lower_first(label) == in_a_sentence


@pytest.mark.parametrize(("wording", "qualifier", "states"), [
    ("40 per cent", "exactly", True), ("19.6%", "exactly", True), ("About 1.3%", "approximately", True),
    ("More than 60%", "at least", True), ("Two-thirds", "approximately", False), ("Almost three-quarters", "at most", False)])
def test_a_wording_that_shows_its_percentage_in_figures_needs_no_number_after_it(wording, qualifier, states):
    assert states_its_value(wording, qualifier) is states


@pytest.mark.parametrize(("value", "qualifier", "written"), [
    (0.667, "approximately", "about 67%"), (0.143, "approximately", "about 14%"), (0.013, "approximately", "about 1.3%"),
    (0.015, "approximately", "about 1.5%"), (0.75, "at least", "at least 75%"), (0.196, "exactly", "19.6%")])
def test_a_fraction_in_words_is_about_a_whole_percent_but_a_small_share_keeps_its_decimal(value, qualifier, written):
    assert qualified_percent(value, qualifier) == written


FACT = re.compile(r'<li><strong class="fact-number">(.*?)</strong>(.*?)<a href="[^"#]*?packages/([^"/#]+)\.html#figure-([^"]+)">', re.S)


def published_labels(site, package: str) -> dict[str, str]:
    with open(site / "data" / package / TIDY_NAME, encoding="utf-8", newline="") as handle:
        return {row["id"]: row["label"] for row in csv.DictReader(handle)}


# The pages whose key facts are figures (a chart page's may be values of the table it draws, with no figure of their own)
FIGURE_FACT_PAGES = [page for page in PAGES if page == "index.html" or (page.startswith("packages/") and page != "packages/index.html")]


def key_facts_section(site, page_path: str) -> re.Match | None:
    """The page's key-facts section, if any."""
    return re.search(r'<section class="key-facts".*?</section>', (site / page_path).read_text(encoding="utf-8"), re.S)


@pytest.mark.parametrize("page_path", FIGURE_FACT_PAGES)
def test_every_key_fact_names_its_figure_by_its_label(built_site, page_path):
    section = key_facts_section(built_site, page_path)
    assert section, "no key facts"
    facts = FACT.findall(section.group(0))
    assert facts, "key facts that link to no figure"
    for number, words, package, figure_id in facts:
        label = published_labels(built_site, package)[figure_id]
        sentence = html.unescape(words)
        assert label[:1].lower() + label[1:] in sentence or label in sentence, (number, sentence, label)
        assert not re.search(r"\b[a-z][A-Z]{2}", sentence), f"an acronym lost its first capital: {sentence}"



def figure_record(figure_id: str, derived: bool, inputs: str = "") -> dict:
    return {"id": figure_id, "ref": f"p/{figure_id}", "package": "p", "derived": derived, "inputs": inputs,
            "wording": figure_id, "value_in_wording": True, "proportion": None, "label": figure_id, "base": None,
            "period": None, "source_publisher": "Home Office", "source_published": "2019"}


def test_a_computed_count_under_a_computed_rate_is_no_key_fact_of_its_own_but_a_published_one_is():
    records = [figure_record("charged", True), figure_record("outcomes", True),
               figure_record("rate", True, "charged outcomes"), figure_record("published-count", False),
               figure_record("published-rate", True, "published-count outcomes")]
    assert [fact["id"] for fact in write.key_facts(records)] == ["published-count", "rate", "published-rate"]


def test_the_official_outcomes_open_with_the_latest_stalking_charge_rate(built_site):
    """The site is about stalking: the package of official outcomes opens with its latest national stalking rate."""
    with open(built_site / "data" / "home-office-outcomes" / TIDY_NAME, encoding="utf-8", newline="") as handle:
        rates = [row for row in csv.DictReader(handle) if row["measure"] == "charge-rate" and row["id"].startswith("stalking-")]
    latest = max(rates, key=lambda row: row["period"])
    section = key_facts_section(built_site, "packages/home-office-outcomes.html")
    first = FACT.search(section.group(0))
    assert first.group(4) == latest["id"], first.group(0)


KEY_FACT_PAGES = FIGURE_FACT_PAGES + [page for page in PAGES if page.startswith("charts/") and page != "charts/index.html"]


@pytest.mark.parametrize("page_path", KEY_FACT_PAGES)
def test_no_key_fact_gives_its_percentage_twice(built_site, page_path):
    """'About 1.3%' is not followed by '(about 1%)', nor 'More than 60%' by '(at least 60%)'."""
    section = key_facts_section(built_site, page_path)
    numbers = [html.unescape(re.sub(r"<[^>]+>", "", number))
               for number in re.findall(r'<strong class="fact-number">(.*?)</strong>', section.group(0), re.S)]
    assert numbers
    assert [number for number in numbers if re.search(r"\d\s*(%|per cent)[^(]*\([^)]*\d%\)", number)] == []
