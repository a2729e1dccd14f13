"""Fill data markers in hand-written pages from plain data, so that filling a page never needs pandas."""

import re
from dataclasses import dataclass
from pathlib import Path

from pipeline import paths
from pipeline.pages.templating import environment
from pipeline.problems import Problem

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


def fill(page: Path, docs: Path, data: MarkerData) -> list[Problem]:
    """Replace data markers in a hand-written page in place; an unknown marker or reference is a problem."""
    source = page.read_text(encoding="utf-8")
    root = "../" * (len(page.relative_to(docs).parts) - 1)
    macros = environment().get_template("macros.j2").module
    shown = paths.display(paths.DOCS / page.relative_to(docs))
    problems = []

    def replace(match: re.Match) -> str:
        kind, argument = match.group(1), match.group(2)
        if kind == "figure" and argument in data.figures:
            return str(macros.figure_inline(data.figures[argument]))
        if kind == "chart" and argument in data.charts:
            return str(macros.chart_block(data.charts[argument], root))
        if kind == "package-count" and argument is None:
            return str(data.package_count)
        if kind == "figure-count" and argument is None:
            return str(len(data.figures))
        line = source.count("\n", 0, match.start()) + 1
        problems.append(Problem(shown, line, None, f"unknown data marker {match.group(0)!r}"))
        return match.group(0)

    page.write_text(MARKER.sub(replace, source), encoding="utf-8")
    return problems
