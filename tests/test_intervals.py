"""The 95% Wilson score interval against published values (Newcombe 1998, Table I, method 3)."""

import pytest

from pipeline.tables.intervals import wilson

NEWCOMBE = [
    (81, 263, 0.2553, 0.3662),
    (15, 148, 0.0624, 0.1605),
    (0, 20, 0.0000, 0.1611),
    (1, 29, 0.0061, 0.1718),
]


@pytest.mark.parametrize(("successes", "n", "low", "high"), NEWCOMBE)
def test_wilson_matches_published_values(successes, n, low, high):
    assert wilson(successes / n, n) == pytest.approx((low, high), abs=5e-5)


def test_interval_contains_the_proportion_and_stays_in_range():
    for n in (1, 5, 35, 140, 10_000):
        for proportion in (0, 0.1, 0.5, 0.667, 1):
            low, high = wilson(proportion, n)
            assert 0 <= low <= proportion <= high <= 1


def test_interval_narrows_as_n_grows():
    widths = [high - low for low, high in (wilson(0.4, n) for n in (10, 100, 1000))]
    assert widths == sorted(widths, reverse=True)


@pytest.mark.parametrize(("proportion", "n"), [(0.5, 0), (1.2, 10), (-0.1, 10)])
def test_impossible_inputs_are_refused(proportion, n):
    with pytest.raises(ValueError):
        wilson(proportion, n)
