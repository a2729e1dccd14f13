"""The chart kinds drawn from outcome counts: what each frame holds, what each spec draws, and what each check refuses."""

import json
import math
import re

import pytest

from pipeline import paths
from pipeline.charts import draw
from pipeline.charts.kinds import KINDS
from pipeline.charts.kinds.common import PALETTE, ChartContext
from pipeline.charts.kinds.outcome_tables import FEW_MARKER
from pipeline.tables import tidy
from pipeline.tables.funnel_limits import control_limits
from pipeline.validation import packages

PACKAGE = "home-office-outcomes"


@pytest.fixture(scope="module")
def tables():
    loaded = [packages.load(paths.DATAPACKAGES / name)[0] for name in (PACKAGE, "national-outcomes")]
    return tidy.build_tables(loaded)


def definition(tables, kind: str) -> dict:
    return next(chart for chart in tables.package(PACKAGE).charts if chart["kind"] == kind)


def marks(spec) -> list[str]:
    """Every mark type in a Vega-Lite spec."""
    found, stack = [], [spec]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            mark = node.get("mark")
            if mark is not None:
                found.append(mark if isinstance(mark, str) else mark["type"])
            stack += list(node.values())
        elif isinstance(node, list):
            stack += node
    return found


def test_control_limits_are_the_binomial_limits_around_the_national_rate(tables):
    chart = definition(tables, "control-limits")
    data, _ = draw.prepare(chart, PACKAGE, tables)
    limits = data[data["row_kind"] == "limit"]
    forces = data[data["row_kind"] == "force"]
    assert len(forces) == 44 and len(limits) > 20
    target = forces["national_share"].iloc[0]
    for row in limits.sample(5, random_state=1).itertuples():
        expected = control_limits(int(row.outcomes_assigned), target)
        assert (row.low_95, row.high_998) == (pytest.approx(expected["low_95"]), pytest.approx(expected["high_99.8"]))
    # a force outside the 99.8% limits lies outside them at its own n
    for row in forces.itertuples():
        own = control_limits(int(row.outcomes_assigned), target)
        outside = not own["low_99.8"] <= row.share <= own["high_99.8"]
        assert outside == (row.position != "within the expected range"), row.area


def test_interval_dots_are_sorted_by_rate_and_every_force_has_an_interval(tables):
    data, _ = draw.prepare(definition(tables, "interval-dots"), PACKAGE, tables)
    assert list(data["share"]) == sorted(data["share"], reverse=True)
    assert ((data["ci_low"] <= data["share"]) & (data["share"] <= data["ci_high"])).all()
    assert data.loc[data["few_outcomes"], "marker"].str.startswith("fewer than").all()


def test_outcome_groups_give_each_year_whole_and_name_the_break(tables):
    data, _ = draw.prepare(definition(tables, "outcome-groups"), PACKAGE, tables)
    sums = data.groupby("year")["share"].sum()
    assert len(sums) == 2 and all(math.isclose(value, 1) for value in sums)
    assert any("Counting rules change" in year for year in sums.index)


def test_rate_points_never_join_points_and_mark_the_official_ones(tables):
    chart = definition(tables, "rate-points")
    data, footer = draw.prepare(chart, PACKAGE, tables)
    values = data[data["row_kind"] == "value"]
    official = values[values["figure"].str.startswith(PACKAGE + "/")]
    assert len(official) == 2 and official["source_kind"].str.startswith("official statistics").all()
    others = set(values["source_kind"]) - set(official["source_kind"])
    assert others and not any(kind.startswith("official statistics") for kind in others)
    assert others <= {"secondary report", "campaign claim", "management information"}
    assert set(data.loc[data["row_kind"] == "break", "date"]) == {"2018-04-01", "2020-04-01"}
    rendered = draw.draw(chart, PACKAGE, data, footer)
    assert "line" not in marks(rendered.spec)


@pytest.mark.parametrize("kind", ["control-limits", "interval-dots", "outcome-groups", "rate-points"])
def test_check_refuses_a_chart_without_a_table_of_outcome_counts(tables, kind):
    context = ChartContext(set(), {"outcomes": ["force", "offence_code", "outcome_type"], "other": ["x"]})
    chart = {**definition(tables, kind), "resource": "outcomes"}
    assert any("not a table of outcome counts" in message for message in KINDS[kind].check(chart, context))
    assert any("unknown resource" in message for message in KINDS[kind].check({**chart, "resource": "nope"}, context))


@pytest.mark.parametrize("kind", ["control-limits", "interval-dots"])
def test_check_asks_for_the_year_and_the_offence(tables, kind):
    fields = ["force", "offence_code", "outcome_type", "outcomes_assigned", "financial_year"]
    context = ChartContext(set(), {"outcomes": fields})
    chart = {**definition(tables, kind), "filter": {"offence_code": "8Q"}}
    assert KINDS[kind].check(chart, context) == ["'filter' must give 'financial_year'"]


FORCE_CHARTS = [chart["id"] for chart in json.loads((paths.DATAPACKAGES / PACKAGE / paths.CHARTS_NAME).read_text())
                if chart["kind"] in ("control-limits", "interval-dots")]


@pytest.mark.parametrize("chart_id", FORCE_CHARTS)
@pytest.mark.parametrize("drawing", ["svg", "narrow.svg"])
def test_hollow_markers_are_explained_in_the_legend(built_site, chart_id, drawing):
    """Forces with few outcomes are drawn hollow, and the drawing's legend says what that means (only when any is)."""
    drawn = (built_site / "charts" / f"{chart_id}.csv").read_text(encoding="utf-8")
    svg = (built_site / "charts" / f"{chart_id}.{drawing}").read_text(encoding="utf-8")
    assert (f">{FEW_MARKER}</text>" in svg) == (FEW_MARKER in drawn)


def test_some_force_chart_has_hollow_markers(built_site):
    assert any(FEW_MARKER in (built_site / "charts" / f"{chart_id}.csv").read_text(encoding="utf-8") for chart_id in FORCE_CHARTS)


@pytest.mark.parametrize("chart_id", FORCE_CHARTS)
@pytest.mark.parametrize("drawing", ["svg", "narrow.svg"])
def test_no_force_marker_is_faded_below_its_colours_contrast(built_site, chart_id, drawing):
    """Every marker is drawn in its full palette colour (checked for 3:1 contrast): filled, or hollow with a full-colour
    outline, never faded by opacity."""
    svg = (built_site / "charts" / f"{chart_id}.{drawing}").read_text(encoding="utf-8")
    partial = re.findall(r'(?:fill-|stroke-|\s)opacity="(0\.\d+)"', svg)
    hollow = re.findall(r'<path [^>]*fill-opacity="0"[^>]*>', svg)
    assert partial == []
    assert all(re.search(r'stroke="(#[0-9a-f]{6})"', path).group(1) in PALETTE for path in hollow), hollow[:2]
