"""Property-based: whatever the CSV text or descriptor, the validator answers with problems or success, never an exception."""

import json
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import paths
from pipeline.charts.kinds import KINDS
from pipeline.problems import Problem
from pipeline.validation.validate import validate_packages

SHIPPED = paths.DATAPACKAGES / "worcester-hmic-2017"
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
CSV_TEXT = st.text(alphabet=st.sampled_from(list(',"\n\r;\t ab1.-\ufeffé\x00')), max_size=200)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5) | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12) | st.sampled_from(["https://example.org/x", "../x.csv", "/etc/passwd", "data/figures.csv", "id", "sources"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6,
)


def answer(mutate, keep_charts: bool = False) -> list[Problem]:
    """Copy the shipped packages, break Worcester's with mutate, validate them in-process, and check the answer's shape."""
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / SHIPPED.name
        shutil.copytree(SHIPPED, folder)
        if not keep_charts:
            (folder / paths.CHARTS_NAME).unlink()
        mutate(folder)
        folders = [folder]
        if keep_charts:  # its chart cites the other package's figures
            shutil.copytree(paths.DATAPACKAGES / "pas-survey-2011", Path(scratch) / "pas-survey-2011")
            folders.append(Path(scratch) / "pas-survey-2011")
        loaded, problems = validate_packages(folders, KINDS)
    assert isinstance(loaded, list)
    for problem in problems:
        assert isinstance(problem, Problem)
        assert "\n" not in str(problem) and "\r" not in str(problem)
        assert problem.message.strip()
    return problems


def random_edits(data, document, count: int = 3):
    """Up to count random replacements or deletions anywhere in a JSON document."""
    for _ in range(data.draw(st.integers(1, count))):
        where = data.draw(st.sampled_from(locations(document)))
        delete = bool(where) and data.draw(st.booleans())
        document = edited(document, where, data.draw(JSON_VALUES), delete)
    return document


def locations(descriptor) -> list[tuple]:
    """Every place in a JSON tree that an edit can reach, as key paths."""
    found = [()]
    if isinstance(descriptor, dict):
        items = descriptor.items()
    elif isinstance(descriptor, list):
        items = enumerate(descriptor)
    else:
        return found
    for key, value in items:
        found += [(key, *rest) for rest in locations(value)]
    return found


def edited(descriptor, where: tuple, value, delete: bool):
    if not where:
        return value
    parent = descriptor
    for key in where[:-1]:
        parent = parent[key]
    if delete:
        del parent[where[-1]]
    else:
        parent[where[-1]] = value
    return descriptor


@SETTINGS
@given(name=st.sampled_from(["figures.csv", "sources.csv"]), text=CSV_TEXT)
def test_random_csv_text_never_crashes(name, text):
    problems = answer(lambda folder: (folder / "data" / name).write_text(text, encoding="utf-8", newline=""))
    assert problems  # a random table is never the shipped one


@SETTINGS
@given(name=st.sampled_from(["figures.csv", "sources.csv"]), data=st.data())
def test_random_cell_edits_never_crash(name, data):
    def mutate(folder: Path):
        path = folder / "data" / name
        lines = path.read_text(encoding="utf-8").split("\n")
        for _ in range(data.draw(st.integers(1, 4))):
            row = data.draw(st.integers(0, len(lines) - 1))
            cells = lines[row].split(",")
            column = data.draw(st.integers(0, len(cells) - 1))
            cells[column] = data.draw(CSV_TEXT | st.sampled_from(["", "1e309", "-1", "NaN", "true", "2026-02-30", "0.5"]))
            lines[row] = ",".join(cells)
        path.write_text("\n".join(lines), encoding="utf-8", newline="")
    answer(mutate)


@SETTINGS
@given(data=st.data())
def test_random_descriptor_edits_never_crash(data):
    def mutate(folder: Path):
        path = folder / paths.DESCRIPTOR_NAME
        path.write_text(json.dumps(random_edits(data, json.loads(path.read_text(encoding="utf-8")))), encoding="utf-8")
    answer(mutate)


@settings(SETTINGS, max_examples=40)
@given(data=st.data())
def test_random_chart_definition_edits_never_crash(data):
    def mutate(folder: Path):
        path = folder / paths.CHARTS_NAME
        path.write_text(json.dumps(random_edits(data, json.loads(path.read_text(encoding="utf-8")))), encoding="utf-8")
    answer(mutate, keep_charts=True)


@SETTINGS
@given(raw=st.binary(max_size=300))
def test_random_descriptor_bytes_never_crash(raw):
    problems = answer(lambda folder: (folder / paths.DESCRIPTOR_NAME).write_bytes(raw))
    assert problems


def test_a_chart_reference_of_the_wrong_shape_is_a_problem():
    """Found by the chart property test: a list where a figure reference belongs once raised TypeError."""
    def mutate(folder: Path):
        path = folder / paths.CHARTS_NAME
        charts = json.loads(path.read_text(encoding="utf-8"))
        charts[0]["steps"][0]["figure"] = ["pas-survey-2011/contacted-police"]
        path.write_text(json.dumps(charts), encoding="utf-8")
    problems = answer(mutate, keep_charts=True)
    assert [problem.field for problem in problems] == ["report-to-conviction"]
    assert "wrong shape" in problems[0].message
