"""Large tables: the fast validation path finds exactly what frictionless finds, and charts embed only what they draw."""

import json
import re

import pytest

from bench import synthetic
from pipeline.charts import draw
from pipeline.validation import fastcheck, frictionless_check, packages
from pipeline.validation.rows import read_rows

pytestmark = pytest.mark.xdist_group("synthetic-package")  # its session fixture is built once, on one worker

# The plain messages pipeline/frictionless_check.py writes for each frictionless error type.
ERROR_TYPES = [("dangling foreign key", "foreign-key"), ("duplicate primary key", "primary-key"),
               ("each value must be unique", "unique-error"), (" is not a", "type-error"),
               ("is not one of", "constraint-error"), ("a value is required", "constraint-error"),
               ("is below the", "constraint-error"), ("is above the", "constraint-error"),
               ("does not match the pattern", "constraint-error"), ("than the m", "constraint-error"),
               ("constraint (", "constraint-error")]


def error_type(message: str) -> str:
    return next(kind for part, kind in ERROR_TYPES if part in message)


@pytest.fixture(scope="session")
def defective(tmp_path_factory):
    """A synthetic package of 12,000 rows, large enough for the fast path, with defects written in."""
    folder, defects = synthetic.generate(tmp_path_factory.mktemp("scale"), 12_000, defects=True)
    return folder, defects


def both_ways(folder):
    """Problems from the fast path and from upstream frictionless reading every row, and the fast path's notes."""
    package, load_problems = packages.load(folder)
    assert load_problems == []
    notes = []
    fast = fastcheck.validate_upstream(package, notes)
    return fast, frictionless_check.check(package), notes


def test_the_synthetic_table_is_large_enough_for_the_fast_path(defective):
    folder, _ = defective
    package, _ = packages.load(folder)
    assert fastcheck.plan(package) == {"sources": "frictionless", "forces": "frictionless", "outcomes": "fast"}


def test_fast_path_findings_equal_frictionless_on_injected_defects(defective):
    folder, defects = defective
    fast, upstream, notes = both_ways(folder)
    assert notes == ["outcomes: fast path"]
    assert sorted(fast) == sorted(upstream)
    found = {(problem.row, problem.field, error_type(problem.message)) for problem in fast}
    assert found == {(defect.row, defect.field, defect.error_type) for defect in defects}


def test_fast_path_keeps_frictionless_order_and_error_limit(tmp_path):
    """A unique constraint on a column of small counts repeats thousands of times: both stop at the same 1,000."""
    folder, _ = synthetic.generate(tmp_path, 12_000)
    descriptor_path = folder / "datapackage.json"
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    outcomes = next(resource for resource in descriptor["resources"] if resource["name"] == "outcomes")
    count = next(field for field in outcomes["schema"]["fields"] if field["name"] == "count")
    count["constraints"] |= {"unique": True, "maximum": 9}
    descriptor_path.write_text(json.dumps(descriptor), encoding="utf-8")
    fast, upstream, notes = both_ways(folder)
    assert notes == ["outcomes: fast path"]
    assert len(upstream) == fastcheck.ERROR_LIMIT
    assert fast == upstream


def _outcome_field(descriptor: dict, name: str) -> dict:
    outcomes = next(resource for resource in descriptor["resources"] if resource["name"] == "outcomes")
    return next(field for field in outcomes["schema"]["fields"] if field["name"] == name)


def _as_number(descriptor: dict) -> None:
    _outcome_field(descriptor, "count").update(type="number", constraints={"required": True, "minimum": 0, "maximum": 12.5})


def _string_constraints(descriptor: dict) -> None:
    _outcome_field(descriptor, "offence")["constraints"] = {"required": True, "pattern": "[a-z-]+", "maxLength": 12,
                                                             "minLength": 5}


def _missing_values(descriptor: dict) -> None:
    outcomes = next(resource for resource in descriptor["resources"] if resource["name"] == "outcomes")
    outcomes["schema"]["missingValues"] = ["", "-3", "ZZ99"]


@pytest.mark.parametrize(("change", "path"), [(_as_number, "fast path"), (_string_constraints, "fast path"),
                                              (_missing_values, "fast path")])
def test_fast_path_equals_frictionless_under_other_schemas(tmp_path, change, path):
    folder, _ = synthetic.generate(tmp_path, 12_000, defects=True)
    descriptor_path = folder / "datapackage.json"
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    change(descriptor)
    descriptor_path.write_text(json.dumps(descriptor), encoding="utf-8")
    fast, upstream, notes = both_ways(folder)
    assert len(notes) == 1 and notes[0].startswith(f"outcomes: {path}")
    assert sorted(fast) == sorted(upstream)
    assert upstream


def test_a_ragged_row_falls_back_to_frictionless(tmp_path):
    folder, _ = synthetic.generate(tmp_path, 12_000)
    table = folder / "data" / "outcomes.csv"
    lines = table.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[500] = lines[500].rstrip("\n") + ",extra\n"
    table.write_text("".join(lines), encoding="utf-8")
    fast, upstream, notes = both_ways(folder)
    assert len(notes) == 1 and notes[0].startswith("outcomes: frictionless (")
    assert fast == upstream
    assert any("extra: 'extra'" in problem.message for problem in fast)


def test_streamed_rows_equal_rows_read_at_once(defective):
    folder, _ = defective
    table = folder / "data" / "outcomes.csv"
    with_blank = table.with_name("blank.csv")
    lines = table.read_text(encoding="utf-8").splitlines(keepends=True)
    with_blank.write_text("".join(lines[:50] + ["\n"] + lines[50:]), encoding="utf-8")
    for path in (table, with_blank):
        assert list(fastcheck.LazyRows(path)) == read_rows(path)


def test_every_published_chart_embeds_exactly_the_rows_it_draws(built_site):
    specs = sorted((built_site / "charts").glob("*.vl.json"))
    assert specs
    for spec_path in specs:
        spec = json.loads(spec_path.read_text(encoding="utf-8"))
        drawn = spec_path.with_name(spec_path.name.replace(".vl.json", ".csv"))
        data_rows = len(drawn.read_text(encoding="utf-8").splitlines()) - 1
        assert draw.embedded_rows(spec) == data_rows + draw.FOOTER_ROWS, spec_path.name


def test_a_chart_that_embeds_more_rows_than_it_draws_is_refused(built_site):
    spec_path = sorted((built_site / "charts").glob("*.vl.json"))[0]
    spec = json.loads(spec_path.read_text(encoding="utf-8"))
    name = next(iter(spec["datasets"]))
    spec["datasets"][name] = spec["datasets"][name] * 2
    drawn_rows = len(spec_path.with_name(spec_path.name.replace(".vl.json", ".csv")).read_text().splitlines()) - 1
    import pandas as pd

    data = pd.DataFrame({"row": range(drawn_rows)})
    with pytest.raises(ValueError, match=re.escape("aggregate the table")):
        draw.check_embedded_rows({"id": spec_path.stem}, spec, data)
