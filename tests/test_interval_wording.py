"""An interval is worded at one precision: both ends alike, and like the estimate printed beside it ("15.0% (13.0% to
19.2%)", never "15% (13% to 19.2%)"), on every published figure, charge rate and page."""

import html
import re

import pytest

from pipeline import paths
from pipeline.tables import formatting, tidy
from pipeline.validation import packages

PERCENT = r"(\d+(?:\.\d+)?)%"
AN_INTERVAL = re.compile(rf"{PERCENT} to {PERCENT}")
# an estimate with its interval beside it: "15.0% (13.0% to 19.2%)" or "15.0%; 95% interval 13.0% to 19.2%"
ESTIMATE_BESIDE = re.compile(rf"{PERCENT}(?: \(|; 95% interval ){PERCENT} to {PERCENT}")


def decimals(number: str) -> int:
    return len(number.split(".")[1]) if "." in number else 0


@pytest.fixture(scope="module")
def tables():
    return tidy.build_tables([packages.load(folder)[0] for folder in packages.discover(paths.DATAPACKAGES)])


@pytest.mark.parametrize(("low", "high", "estimate", "worded"), [
    (0.13, 0.192, None, "13.0% to 19.2%"),
    (0.585, 0.74, None, "58.5% to 74.0%"),
    (0.59, 0.74, None, "59% to 74%"),
    (0.13, 0.19, 0.156, "13.0% to 19.0%"),  # at the estimate's precision
    (0.0074, 0.202, None, "0.74% to 20.20%"),  # no end loses the precision it has alone
    (0.0, 0.0861, None, "0.0% to 8.6%"),
])
def test_both_ends_of_an_interval_have_one_precision(low, high, estimate, worded):
    assert formatting.interval(low, high, estimate) == worded


def test_an_estimate_and_its_interval_have_one_precision():
    assert formatting.estimate_and_interval(0.15, 0.13, 0.192) == ("15.0%", "13.0% to 19.2%")
    assert formatting.estimate_and_interval(0.156, 0.13, 0.19) == ("15.6%", "13.0% to 19.0%")
    assert formatting.estimate_and_interval(0.15, None, None) == ("15%", None)


@pytest.mark.parametrize("share", [0, 0.0005, 0.0074, 0.05, 0.0996, 0.13, 0.1996, 0.192, 0.5, 0.667, 1])
def test_a_percentage_alone_is_written_as_before(share):
    alone = formatting.percent(share)
    assert alone == formatting.percent(share, formatting.places(share))
    assert decimals(alone.rstrip("%")) == formatting.places(share)


def test_every_figures_interval_has_one_precision_at_least_that_of_its_value(tables):
    checked = 0
    for _, figure in tables.figures.iterrows():
        spread = AN_INTERVAL.search(formatting.figure_texts(figure)["interval_text"])
        if spread is None:
            continue
        low, high = spread.groups()
        value = re.search(PERCENT, formatting.percent(figure["proportion"]))
        assert decimals(low) == decimals(high) >= decimals(value.group(1)), (figure["ref"], spread.group(0), value.group(0))
        checked += 1
    assert checked >= 20


def test_every_charge_rate_is_worded_at_the_precision_of_its_interval(tables):
    rates = [frame for (_, name), frame in tables.resources.items() if name == "charge-rates"]
    rows = [row for frame in rates for row in frame.to_dict("records") if row["interval_text"]]
    assert len(rows) >= 100
    for row in rows:
        low, high = AN_INTERVAL.fullmatch(row["interval_text"]).groups()
        assert decimals(row["share_text"].rstrip("%")) == decimals(low) == decimals(high), row


def test_every_interval_on_every_page_has_one_precision(built_site):
    """Cards, force pages, the forces index, chart tables and text alternatives, as readers get them."""
    mixed, seen, beside = [], 0, 0
    for page in sorted(built_site.rglob("*.html")):
        text = html.unescape(page.read_text(encoding="utf-8"))
        for low, high in AN_INTERVAL.findall(text):
            seen += 1
            if decimals(low) != decimals(high):
                mixed.append(f"{page.relative_to(built_site)}: {low}% to {high}%")
        for estimate, low, high in ESTIMATE_BESIDE.findall(text):
            beside += 1
            if not decimals(estimate) == decimals(low) == decimals(high):
                mixed.append(f"{page.relative_to(built_site)}: {estimate}% beside {low}% to {high}%")
    assert seen >= 200 and beside >= 100, (seen, beside)
    assert mixed == [], mixed[:20]
