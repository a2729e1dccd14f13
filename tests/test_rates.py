"""Every rate derived from counts agrees with the rate its source printed, to the printed precision."""

import pytest

from pipeline import paths
from pipeline.tables import tidy
from pipeline.validation import packages, wording

TABLES = tidy.build_tables([packages.load(folder)[0] for folder in packages.discover(paths.DATAPACKAGES)])
RATIOS = TABLES.figures[TABLES.figures["operation"] == "ratio"]


@pytest.mark.parametrize("ref", RATIOS["ref"].tolist())
def test_rate_is_numerator_over_denominator(ref):
    rate = TABLES.figure(ref)
    package = rate["package"]
    top, bottom = (TABLES.figure(f"{package}/{name}") for name in rate["inputs"].split())
    assert rate["proportion"] == pytest.approx(top["count"] / bottom["count"], abs=5e-5)
    assert top["count"] <= bottom["count"]


@pytest.mark.parametrize("ref", RATIOS.loc[RATIOS["published_as"].notna(), "ref"].tolist())
def test_rate_matches_the_published_rate(ref):
    rate = TABLES.figure(ref)
    published = TABLES.figure(f"{rate['package']}/{rate['published_as']}")
    assert abs(rate["proportion"] - published["proportion"]) <= wording.tolerance(published["wording"]) + 5e-5


def test_there_are_rates_to_check():
    assert len(RATIOS) >= 5 and RATIOS["published_as"].notna().sum() >= 5
