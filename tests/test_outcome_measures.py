"""Charge rates, outcome shares and funnel limits computed from the Home Office outcomes package, checked against the
raw extracts and against binomial values worked by hand."""

import csv
import math
import re
from collections import defaultdict

import pytest

from pipeline import paths
from pipeline.tables import funnel_limits, outcome_measures, tidy
from pipeline.validation import packages
from tests.test_importer_outcomes import RAW

PACKAGE = "home-office-outcomes"
RAW_FILES = {"year ending March 2018": "home-office-outcomes-2017-18-stalking-harassment.csv",
             "year ending March 2019": "home-office-outcomes-2018-19-stalking-harassment.csv"}
FORCES = ["Lincolnshire", "Metropolitan Police", "London, City of"]


@pytest.fixture(scope="module")
def tables():
    package, problems = packages.load(paths.DATAPACKAGES / PACKAGE)
    assert not problems
    return tidy.build_tables([package])


@pytest.fixture(scope="module")
def raw_counts():
    """(year, force) -> [outcomes assigned, charged] for stalking, straight from the raw extracts' rows."""
    counts = defaultdict(lambda: [0, 0])
    for year, name in RAW_FILES.items():
        with (RAW / name).open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                if row["offence_code"] != "8Q" or row["force_outcomes_recorded_in_quarter"] == "NA":
                    continue
                value = int(row["force_outcomes_recorded_in_quarter"])
                for key in ((year, row["force_name"]), (year, "national")):
                    counts[key][0] += value
                    counts[key][1] += value if row["outcome_type"] == "1" else 0
    return counts


def rates(tables):
    return tables.resources[(PACKAGE, "charge-rates")]


@pytest.mark.parametrize("year", list(RAW_FILES))
@pytest.mark.parametrize("area", ["national", *FORCES])
def test_stalking_charge_rate_agrees_with_the_raw_rows(tables, raw_counts, year, area):
    frame = rates(tables)
    chosen = frame[(frame["financial_year"] == year) & (frame["offence_code"] == "8Q")]
    row = (chosen[(chosen["area_kind"] == "national") & chosen["includes_btp"]] if area == "national"
           else chosen[chosen["force"] == area]).iloc[0]
    assigned, charged = raw_counts[(year, area)]
    assert (row["outcomes_assigned"], row["charged"]) == (assigned, charged)
    assert row["share"] == pytest.approx(charged / assigned)
    assert row["ci_low"] < row["share"] < row["ci_high"]


def test_national_figures_are_the_readme_counts_and_say_they_are_official(tables):
    stalking = tables.figures.set_index("ref")
    first = stalking.loc[f"{PACKAGE}/stalking-charge-rate-ye-mar-2018"]
    assert (first["base_n"], first["proportion"]) == (9304, round(1830 / 9304, 4))
    assert stalking.loc[f"{PACKAGE}/stalking-charged-ye-mar-2019", "count"] == 2603
    assert stalking.loc[f"{PACKAGE}/stalking-outcomes-ye-mar-2019", "count"] == 17451
    assert set(stalking.loc[stalking["package"] == PACKAGE, "source_kind"]) == {"official statistics"}
    assert "British Transport Police" in first["notes"]


def test_each_areas_outcome_group_shares_sum_to_one(tables):
    shares = tables.resources[(PACKAGE, "outcome-group-shares")]
    sums = shares.groupby(["financial_year", "offence_code", "area"])["share"].sum()
    assert len(sums) == 2 * 2 * 45
    assert all(math.isclose(value, 1, abs_tol=1e-9) for value in sums)


def test_every_outcome_group_share_is_written_to_one_decimal_place(tables):
    """A force's table of outcome groups never reads "2%" above "0.95%"; a share too small for one decimal is "<0.1%"."""
    shares = tables.resources[(PACKAGE, "outcome-group-shares")]
    written = shares.loc[shares["outcomes_assigned"] > 0, "share_text"]
    assert {text for text in written if not re.fullmatch(r"\d+\.\d%|<0\.1%", text)} == set()
    assert "0.0%" in set(written) and "<0.1%" in set(written)


def test_every_force_has_a_position_in_words_and_never_a_rank(tables):
    forces = rates(tables)[rates(tables)["area_kind"] == "force"]
    assert len(forces) == 2 * 2 * 44
    assert set(forces["position"]) <= {"within the expected range", "above the 99.8% limits", "below the 99.8% limits"}
    few = forces[forces["few_outcomes"]]
    assert "London, City of" in set(few["force"]) and (few["outcomes_assigned"] < outcome_measures.FEW_OUTCOMES).all()


def test_binomial_limit_agrees_with_a_value_worked_by_hand():
    """Binomial(10, 0.5): F(1) = 11/1024, F(2) = 56/1024, F(7) = 968/1024, F(8) = 1013/1024, so the 2.5% point is
    2 - (56/1024 - 0.025) / (45/1024) and the 97.5% point 8 - (1013/1024 - 0.975) / (45/1024), over n."""
    low = (2 - (56 / 1024 - 0.025) / (45 / 1024)) / 10
    high = (8 - (1013 / 1024 - 0.975) / (45 / 1024)) / 10
    assert funnel_limits.binomial_quantile(10, 0.5, [0.025, 0.975]) == [pytest.approx(low, abs=1e-12),
                                                                        pytest.approx(high, abs=1e-12)]
    limits = funnel_limits.control_limits(10, 0.5)
    assert (limits["low_95"], limits["high_95"]) == (pytest.approx(low, abs=1e-12), pytest.approx(high, abs=1e-12))


@pytest.mark.parametrize(("n", "rate"), [(2000, 0.2), (20000, 0.1)])
def test_binomial_limits_approach_the_normal_ones_for_large_n(n, rate):
    spread = math.sqrt(rate * (1 - rate) / n)
    limits = funnel_limits.control_limits(n, rate)
    assert limits["low_95"] == pytest.approx(rate - 1.959964 * spread, abs=0.3 / n + 1e-4)
    assert limits["high_99.8"] == pytest.approx(rate + 3.090232 * spread, abs=0.3 / n + 2e-4)


def test_position_is_worded_against_the_99_8_limits():
    limits = {"low_99.8": 0.1, "high_99.8": 0.3}
    assert funnel_limits.position(0.31, limits) == "above the 99.8% limits"
    assert funnel_limits.position(0.09, limits) == "below the 99.8% limits"
    assert funnel_limits.position(0.3, limits) == "within the expected range"
