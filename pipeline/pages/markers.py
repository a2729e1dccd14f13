"""Fill data markers in hand-written pages from plain data, so that filling a page never needs pandas."""

import pickle
import re
from dataclasses import dataclass
from pathlib import Path

from pipeline import paths
from pipeline.pages.facts import fact_sentence
from pipeline.pages.templating import environment
from pipeline.problems import Problem

CONTEXT_FILE = ".markers.pickle"  # a dot file: mkdocs reads it from docs/ but never publishes it
MARKER = re.compile(r"<!--\s*data:([a-z-]+)(?:\s+([^\s>]+))?\s*-->")


def plain(value):
    """value with numpy scalars made Python ones, in dicts, lists and tuples too, so unpickling needs no numpy."""
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(plain(item) for item in value)
    if hasattr(value, "item") and type(value).__module__ == "numpy":
        return value.item()
    return value


@dataclass
class MarkerData:
    """What markers can show: each figure's and chart's template context, and the counts."""

    figures: dict[str, dict]
    charts: dict[str, dict]
    package_count: int

    def __post_init__(self):
        self.figures, self.charts = plain(self.figures), plain(self.charts)


def has_markers(text: str) -> bool:
    return MARKER.search(text) is not None


def fill(source: str, page: str, data: MarkerData) -> tuple[str, list[Problem]]:
    """A hand-written page's Markdown (page: its path under docs/) with its data markers filled; an unknown marker
    or reference is a problem."""
    root = "../" * page.count("/")
    macros = environment().get_template("macros.j2").module
    shown = paths.display(paths.DOCS / page)
    problems = []

    def replace(match: re.Match) -> str:
        kind, argument = match.group(1), match.group(2)
        if kind == "figure" and argument in data.figures:
            return str(macros.figure_inline(data.figures[argument]))
        if kind == "fact" and argument in data.figures:
            return str(macros.fact(fact_sentence(data.figures[argument]), root))
        if kind == "chart" and argument in data.charts:
            return str(macros.chart_block(data.charts[argument], root))
        if kind == "package-count" and argument is None:
            return str(data.package_count)
        if kind == "figure-count" and argument is None:
            return str(len(data.figures))
        line = source.count("\n", 0, match.start()) + 1
        problems.append(Problem(shown, line, None, f"unknown data marker {match.group(0)!r}"))
        return match.group(0)

    return MARKER.sub(replace, source), problems


def load(docs: Path) -> MarkerData | None:
    """The marker data the pipeline left in docs (none when the docs were not made by the pipeline)."""
    stored = docs / CONTEXT_FILE
    if not stored.exists():
        return None
    with open(stored, "rb") as handle:
        return pickle.load(handle)
