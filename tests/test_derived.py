"""Derived figures: computed from their inputs, with the right qualifier, formula and base n."""

import pytest

from pipeline import paths
from pipeline.tables import tidy
from pipeline.validation import packages


@pytest.fixture(scope="module")
def tables():
    return tidy.build_tables([packages.load(folder)[0] for folder in packages.discover(paths.DATAPACKAGES)])


def test_product_of_two_proportions(tables):
    derived = tables.figure("pas-survey-2011/contacted-police-and-not-satisfied")
    contacted = tables.figure("pas-survey-2011/contacted-police")["proportion"]
    unhappy = tables.figure("pas-survey-2011/not-satisfied-police")["proportion"]
    assert derived["proportion"] == pytest.approx(contacted * unhappy, abs=1e-4)
    assert derived["qualifier"] == "approximately"
    assert derived["derived"] and "×" in derived["formula"]
    assert derived["base_n"] == tables.figure("pas-survey-2011/contacted-police")["base_n"]


def test_complement_of_an_upper_bound_is_a_lower_bound(tables):
    charged = tables.figure("pas-survey-2011/offenders-charged")
    assert charged["proportion"] == pytest.approx(0.1)
    assert charged["qualifier"] == "at least"
    assert charged["wording"].startswith("at least 10%")


@pytest.mark.parametrize(("qualifiers", "expected"), [
    (["exactly", "exactly"], "exactly"), (["at least", "exactly"], "at least"),
    (["at most", "at most"], "at most"), (["at least", "at most"], "approximately"),
    (["approximately", "exactly"], "approximately"),
])
def test_qualifiers_combine(qualifiers, expected):
    assert tidy.combine_qualifiers(qualifiers) == expected
