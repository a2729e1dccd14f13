"""The careful reader's rules at work on the shipped data: n of a rate, GRIM, breaks, scope, kinds, conflicts."""

from datetime import date

import pytest

from pipeline import paths, periods
from pipeline.charts import draw
from pipeline.tables import tidy
from pipeline.validation import grim, packages


@pytest.fixture(scope="module")
def tables():
    return tidy.build_tables([packages.load(folder)[0] for folder in packages.discover(paths.DATAPACKAGES)])


def test_a_ratio_takes_its_n_from_its_denominator(tables):
    computed = tables.figure("national-outcomes/charge-rate-ye-mar-2018-computed")
    denominator = tables.figure("national-outcomes/outcome-recorded-ye-mar-2018")
    assert int(computed["base_n"]) == int(denominator["count"]) != int(denominator["base_n"])
    assert computed["base_n_status"] == "stated"


def test_every_ratio_has_the_n_of_its_denominator(tables):
    ratios = tables.figures[tables.figures["operation"] == "ratio"]
    assert len(ratios) >= 10
    for _, ratio in ratios.iterrows():
        denominator = tables.figures[(tables.figures["package"] == ratio["package"])
                                     & (tables.figures["id"] == ratio["inputs"].split()[1])].iloc[0]
        assert int(ratio["base_n"]) == int(denominator["count"]), ratio["ref"]


def test_a_complement_takes_its_inputs_n(tables):
    charged = tables.figure("pas-survey-2011/offenders-charged")
    assert charged["base_n_status"] == tables.figure("pas-survey-2011/offenders-not-charged")["base_n_status"]


@pytest.mark.parametrize(("wording", "proportion", "n", "fails"), [
    ("10 per cent", 0.1, 35, True), ("60 per cent", 0.6, 35, False), ("19.6 per cent", 0.196, 9283, False),
    ("95%", 0.95, 112, False), ("84 per cent", 0.84, 50, False), ("65 percent", 0.65, 1145, False),
    ("10 per cent", 0.1, 20, False), ("33%", 0.33, 10, True), ("two-thirds", 0.667, 93, False),
])
def test_grim(wording, proportion, n, fails):
    assert grim.fails(wording, proportion, n, "exactly") is fails


def test_grim_leaves_bounds_and_unknown_n_alone():
    assert not grim.fails("More than 60%", 0.6, 7, "at least")
    assert not grim.fails("10 per cent", 0.1, None, "exactly")


def test_an_inferred_n_that_fails_grim_draws_no_interval_and_others_are_indicative(tables):
    failing = tables.figure("worcester-hmic-2017/completely-positive")
    assert failing["grim_fails"] and failing["ci_low"] is not None and str(failing["ci_low"]) == "<NA>"
    passing = tables.figure("worcester-hmic-2017/first-contact-positive")
    assert not passing["grim_fails"] and passing["interval_basis"].startswith("indicative")


def test_a_chart_drawing_an_indicative_interval_says_so_in_its_subtitle(tables):
    package = tables.package("pas-survey-2011")
    definition = next(chart for chart in package.charts if chart["id"] == "police-response")
    data, _ = draw.prepare(definition, package.name, tables)
    assert draw.INDICATIVE_NOTE in draw.with_honest_subtitle(definition, data)["subtitle"]
    assert all(f"[{kind}]" in label for kind, label in zip(data["source_kind"], data["mark_label"], strict=True))


def test_a_chart_with_only_known_n_is_left_alone(tables):
    package = tables.package("living-in-fear-2017")
    definition = package.charts[0]
    data, _ = draw.prepare(definition, package.name, tables)
    assert draw.with_honest_subtitle(definition, data) is definition


@pytest.mark.parametrize(("end", "crossed"), [
    ("2018-03-31", []), ("2018-06-30", [date(2018, 4, 1)]), ("2018-12-31", [date(2018, 4, 1)]), ("2019-03-31", []),
])
def test_rolling_windows_that_straddle_a_break(end, crossed):
    assert periods.straddled("year ending whenever", end, [date(2014, 4, 1), date(2018, 4, 1)]) == crossed
    assert periods.straddled("April to June 2018", end, [date(2018, 4, 1)]) == []


def test_straddling_rolling_totals_are_drawn_alone(tables):
    package = tables.package("home-office-recorded-crime")
    definition = next(chart for chart in package.charts if chart["kind"] == "time-series")
    data, _ = draw.prepare(definition, package.name, tables)
    values = data[data["row_kind"] == "value"]
    alone = values[values["line"].str.contains("across a break")]
    assert len(alone) and alone["line"].is_unique
    assert alone["note"].str.contains("straddles").all()


def test_the_two_2017_18_national_totals_explain_each_other(tables):
    totals = tables.resources[("home-office-recorded-crime", "national-totals")]
    year = totals[totals["period_end"].astype(str) == "2018-03-31"]
    assert len(year) == 8 and year["flag"].str.contains("rolling|reconcile").all()


def test_no_source_claims_official_statistics_for_an_foi_reply_or_a_written_answer(tables):
    sources = tables.sources
    answers = sources["title"].str.contains("FOI|Written answer|Written question|written answer", regex=True)
    assert len(sources[answers]) >= 6
    assert (sources.loc[answers, "kind"] == "management information").all()
