"""A chart page's link preview, 1200 × 630 PNG: the chart's own marks drawn large beside or under its title in big type."""

# With them: its sources (or how many there are, when naming them all would leave the chart no room) and the site's
# name. The chart's own labels cannot stay legible in a 400 px thumbnail, so the preview leaves them out and carries no
# text smaller than SMALLEST_TEXT.

import json
import re
from dataclasses import dataclass
from html import escape

from pipeline.charts import chart_font, layout, unlabelled
from pipeline.charts.kinds.common import FONT
from pipeline.charts.preview_style import (
    BAND,
    BAND_HEIGHT,
    HEIGHT,
    INK,
    MARGIN,
    MUTED,
    NAME_SIZE,
    NAME_TOP,
    SMALLEST_TEXT,
    WIDTH,
    site_line,
)
from pipeline.charts.text_fit import Lines, line_step, wrap

SUFFIX = ".preview.png"
TITLE_LARGEST, TITLE_LINES = 56, 6
UNDER_TITLE_LARGEST = 44  # a title across the top leaves the chart more room
LEAST_CHART_HEIGHT = 150  # the chart's box under a title and sources is at least this tall
TOP, FOOT, GAP = BAND_HEIGHT + 32, 40, 32
TEXT_COLUMN = 470  # the title and sources' column when the chart stands beside them
MOST_WIDENED = 3  # a tall chart's plot is widened at most this much
MOST_ZOOM = 2.5  # a small chart is enlarged no more than this: its lines and points would grow coarse
ASCENT = 0.93  # DejaVu Sans' ascent in ems: from a line's top to its baseline


def path(chart_id: str) -> str:
    """Where a chart's preview is published, relative to the site root."""
    return f"charts/{chart_id}{SUFFIX}"


def source_text(footer: str) -> str:
    """The chart's source line without its last line (the site's name and licence, which the band shows)."""
    return " ".join(footer.split("\n")[:-1])


@dataclass
class Text(Lines):
    """Lines of text at one size, placed by their top left corner."""

    x: float = MARGIN
    y: float = TOP

    def svg(self, color: str, weight: str = "normal") -> str:
        return "".join(f'<text x="{self.x}" y="{self.y + number * line_step(self.size) + round(self.size * ASCENT)}" '
                       f'font-family="{FONT}" font-size="{self.size}" font-weight="{weight}" fill="{color}">'
                       f"{escape(line)}</text>" for number, line in enumerate(self.lines))


@dataclass
class Layout:
    """Where the title, the sources and the chart go: the chart fills its box, keeping its shape."""

    title: Text
    sources: Text
    box: tuple[float, float, float, float]  # x, y, width, height
    fits: bool  # every word is in its place, at SMALLEST_TEXT or more

    def zoom(self, width: float, height: float) -> float:
        return min(self.box[2] / width, self.box[3] / height, MOST_ZOOM)


def _words(title: str, sources: list[str], width: float, room: float, title_lines: int, largest: int) -> tuple[Text, Text, bool]:
    """The title, as large as it can be up to largest in at most title_lines lines (more if it must), and the first
    way of naming the sources with which both, wrapped to width, fit in room; and whether they do."""
    for source in sources:
        sources_text = Text(wrap(source, SMALLEST_TEXT, width), SMALLEST_TEXT)
        for most_lines in (title_lines, TITLE_LINES):
            for size in range(largest, SMALLEST_TEXT - 1, -2):
                lines = wrap(title, size, width, bold=True)
                if len(lines) <= most_lines and len(lines) * line_step(size) + sources_text.height <= room:
                    return Text(lines, size), sources_text, True
    return Text(lines, size), sources_text, False


def beside(title: str, sources: list[str]) -> Layout:
    """The title on the left with the sources at its foot, the chart on the right: for a chart taller than wide."""
    height = HEIGHT - FOOT - TOP
    title_text, sources_text, fitted = _words(title, sources, TEXT_COLUMN, height - GAP, TITLE_LINES, TITLE_LARGEST)
    sources_text.y = HEIGHT - FOOT - sources_text.height
    left = MARGIN + TEXT_COLUMN + GAP
    return Layout(title_text, sources_text, (left, TOP, WIDTH - MARGIN - left, height), fitted)


def under(title: str, sources: list[str]) -> Layout:
    """The title across the top, the chart under it and the sources at the foot: for a chart wider than tall."""
    width = WIDTH - 2 * MARGIN
    title_text, sources_text, fitted = _words(title, sources, width, HEIGHT - FOOT - TOP - GAP - LEAST_CHART_HEIGHT, 2,
                                              UNDER_TITLE_LARGEST)
    sources_text.y = HEIGHT - FOOT - sources_text.height
    top = TOP + title_text.height + GAP // 2
    return Layout(title_text, sources_text, (MARGIN, top, width, sources_text.y - GAP // 2 - top), fitted)


def best_layout(title: str, sources: list[str], width: float, height: float) -> Layout:
    """The layout in which the chart, width × height, is drawn largest, of those whose words all fit."""
    return max((beside(title, sources), under(title, sources)), key=lambda layout: (layout.fits, layout.zoom(width, height)))


def ways_to_name(sources: str) -> list[str]:
    """The sources as the chart names them, then, for a list too long for a preview, how many there are."""
    depth, count = 0, 1
    for number, character in enumerate(sources):
        depth += {"(": 1, ")": -1}.get(character, 0)
        count += depth == 0 and sources.startswith("; ", number)
    return [sources, f"Sources: {count}, each named on the chart's page" if count > 1 else sources]


SVG_SIZE = re.compile(r'<svg\b[^>]*?\bwidth="([\d.]+)"[^>]*?\bheight="([\d.]+)"[^>]*>')


def compose(marks: str, title: str, sources: str) -> str:
    """The preview as SVG: the band with the site's name, the title and sources, and the marks' drawing in its box."""
    head = SVG_SIZE.match(marks)
    width, height = float(head.group(1)), float(head.group(2))
    layout = best_layout(title, ways_to_name(sources), width, height)
    zoom = layout.zoom(width, height)
    x = layout.box[0] + (layout.box[2] - width * zoom) / 2
    y = layout.box[1] + (layout.box[3] - height * zoom) / 2
    chart = (f'<svg x="{x:.1f}" y="{y:.1f}" width="{width * zoom:.1f}" height="{height * zoom:.1f}" '
             f'viewBox="0 0 {width:g} {height:g}">' + marks[head.end():])
    band = Text([site_line()], NAME_SIZE, MARGIN, NAME_TOP)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}">'
            f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/><rect width="{WIDTH}" height="{BAND_HEIGHT}" fill="{BAND}"/>'
            f'{band.svg("#ffffff", "bold")}{layout.title.svg(INK, "bold")}{layout.sources.svg(MUTED)}{chart}</svg>')


def _rows(view: dict, spec: dict) -> int:
    """How many rows a view with a nominal y draws (a row per y value, or per y and yOffset value for grouped bars)."""
    for part in [view, *view.get("layer", [])]:
        encoding = part.get("encoding", {})
        y, offset = encoding.get("y"), encoding.get("yOffset")
        if isinstance(y, dict) and y.get("type") in ("nominal", "ordinal") and "field" in y:
            groups = len(set(layout.field_values(spec, offset["field"]))) if isinstance(offset, dict) and "field" in offset else 1
            return len(set(layout.field_values(spec, y["field"]))) * groups
    return 0


def widened(spec: dict) -> dict:
    """The spec with each plot of many rows (a tall chart) widened towards the shape of the box beside the title,
    so it is drawn large there rather than as a narrow strip; its rows keep their spacing."""
    box = (WIDTH - 2 * MARGIN - TEXT_COLUMN - GAP) / (HEIGHT - FOOT - TOP)
    for view in layout.views(spec):
        step = view.get("height", {}).get("step") if isinstance(view.get("height"), dict) else None
        if isinstance(view.get("width"), int | float) and isinstance(step, int | float):
            view["width"] = min(max(view["width"], round(step * _rows(view, spec) * box)), MOST_WIDENED * view["width"])
    return spec


def svg(spec: dict, title: str, footer: str) -> str:
    """A chart's preview as SVG, from the spec it is drawn from (one render of its marks), its title and source line."""
    vl_convert = chart_font.converter()

    marks = vl_convert.vegalite_to_svg(json.dumps(widened(unlabelled.marks_only(spec)), sort_keys=True))
    return compose(marks, title, source_text(footer))


def draw(spec: dict, title: str, footer: str) -> bytes:
    """A chart's preview as PNG bytes (runs in the chart's worker process, once per chart drawn)."""
    vl_convert = chart_font.converter()

    return vl_convert.svg_to_png(svg(spec, title, footer), scale=1)
