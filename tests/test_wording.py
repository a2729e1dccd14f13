"""Wording-to-number rules: the published words give the number and the qualifier."""

import pytest

from pipeline.validation import wording

CASES = [
    ("two-thirds", 0.667, "approximately"),
    ("Two-thirds", 0.667, "approximately"),
    ("a quarter", 0.25, "approximately"),
    ("one in five", 0.2, "approximately"),
    ("one-in-ten", 0.1, "approximately"),
    ("around one in seven", 0.143, "approximately"),
    ("a third", 0.333, "approximately"),
    ("half", 0.5, "approximately"),
    ("60 per cent", 0.60, "exactly"),
    ("Only 10 per cent", 0.10, "exactly"),
    ("19.6 per cent", 0.196, "exactly"),
    ("29%", 0.29, "exactly"),
    ("0.1 per cent", 0.001, "exactly"),
    ("more than three-quarters", 0.75, "at least"),
    ("More than 60%", 0.60, "at least"),
    ("almost three-quarters", 0.75, "at most"),
    ("nearly nine out of 10", 0.9, "at most"),
    ("less than half", 0.5, "at most"),
    ("about half", 0.5, "approximately"),
]


@pytest.mark.parametrize(("text", "value", "qualifier"), CASES)
def test_proportion_wording_reads_as_number_and_qualifier(text, value, qualifier):
    reading = wording.read(text)
    assert (reading.value, reading.qualifier, reading.kind) == (value, qualifier, "proportion")


@pytest.mark.parametrize(("text", "value", "qualifier"), [
    ("10,214", 10214, "exactly"), ("over 1500", 1500, "at least"), ("3.4 million", 3_400_000, "approximately"),
])
def test_count_wording_reads_as_count(text, value, qualifier):
    reading = wording.read(text)
    assert (reading.value, reading.qualifier, reading.kind) == (value, qualifier, "count")


@pytest.mark.parametrize("text", ["most", "a lot of victims", "three-halves", "", "two in one"])
def test_unreadable_wording_is_an_error(text):
    with pytest.raises(wording.WordingError):
        wording.read(text)


def test_agreement_needs_the_value_and_the_qualifier():
    reading = wording.read("two-thirds")
    assert wording.agrees(reading, 0.667, "approximately")
    assert not wording.agrees(reading, 0.6, "approximately")
    assert not wording.agrees(reading, 0.667, "exactly")


@pytest.mark.parametrize(("text", "tolerance"), [("19.6 per cent", 0.0005), ("11%", 0.005), ("two-thirds", 0.02)])
def test_tolerance_is_half_the_last_printed_digit(text, tolerance):
    assert wording.tolerance(text) == pytest.approx(tolerance, abs=1e-8)


@pytest.mark.parametrize(("text", "value", "qualifier"), [
    ("more than double", 2, "at least"), ("more than doubled", 2, "at least"), ("More than four times", 4, "at least"),
    ("13% decrease", 0.87, "exactly"), ("rise of almost 22%", 1.22, "at most"), ("four times as many", 4, "exactly"),
])
def test_change_wording_reads_as_a_multiple(text, value, qualifier):
    reading = wording.read(text)
    assert (reading.value, reading.qualifier, reading.kind) == (pytest.approx(value), qualifier, "change")


@pytest.mark.parametrize(("text", "value"), [("two per cent", 0.02), ("none", 0.0), ("twelve per cent", 0.12)])
def test_words_for_numbers_read_as_proportions(text, value):
    reading = wording.read(text)
    assert (reading.value, reading.qualifier, reading.kind) == (value, "exactly", "proportion")
