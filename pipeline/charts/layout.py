"""Reshape any chart's Vega-Lite spec: no label cut short, and a narrow drawing built for a phone."""

import copy
import json
import logging
import re
import textwrap

NARROW_WIDTH = 288  # the whole drawing: a 320 px screen less the page's margins, so it shows at 1:1
NARROW_PADDING = 8
MIN_FONT = 12
FONT_KEYS = ("fontSize", "labelFontSize", "titleFontSize", "subtitleFontSize")
CHAR_WIDTH = 0.65  # DejaVu Sans: a generous average glyph width, in ems, so wrapped lines never overrun
LEGEND_SYMBOL = 30  # a legend entry's symbol and the gap after it
BOLD = 1.12  # bold glyphs are this much wider
LINE_HEIGHT = 15
SIDE_TEXT_CHARS = 13  # a value or wording written beside its mark
MAX_TICKS = 4
MIN_PLOT_WIDTH = 90
FIT_SLACK = 24  # a drawing this much narrower than NARROW_WIDTH is kept: one render fewer matters more than a few pixels
FIT_AIM = 8  # a refit aims this far inside NARROW_WIDTH, as wrapping can shift the width by a few pixels either way
OFFSET_STEP = 14  # one bar of a group of bars side by side, in a narrow drawing
STACK_STEP = 12  # the pixel step between labels stacked one line apart (time series' break labels)
LABEL_GAP = 9  # a row's label, moved above the row, ends this far above the row's mark
ROW_GAP = 6  # at least this much between the last line written beside one row's mark and the next row's label
SIMPLE_FILTER = re.compile(r"\(datum\.(\w+) === '([^']*)'\)")
LIMIT_KEYS = ("labelLimit", "limit")

log = logging.getLogger(__name__)


def chars_in(width: float, font_size: float) -> int:
    """How many characters of this size fit in width pixels."""
    return max(8, int(width / (font_size * CHAR_WIDTH)))


def wrapped(text: str, width: int) -> list[str]:
    """text wrapped into lines of at most width characters, keeping its own line breaks."""
    return [line for paragraph in str(text).split("\n")
            for line in (textwrap.wrap(paragraph, width, break_long_words=False, break_on_hyphens=False) or [""])]


def nodes(value):
    """Every dict in a spec, depth first."""
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            yield node
            stack += [item for key, item in node.items() if key != "datasets"]
        elif isinstance(node, list):
            stack += node


def uncut(spec: dict) -> dict:
    """The spec with every label length limit lifted, so Vega never cuts a label with an ellipsis."""
    spec = copy.deepcopy(spec)
    for node in nodes(spec):
        for key in LIMIT_KEYS:
            if isinstance(node.get(key), int | float):
                node[key] = 0
    config = spec.setdefault("config", {})
    for part in ("axis", "legend", "header"):
        config.setdefault(part, {})["labelLimit"] = 0
    config.setdefault("title", {})["limit"] = 0
    return spec


def drawn_rows(spec: dict, part: dict | None = None) -> list[dict]:
    """The rows of the spec's datasets, in order; only those that pass the part's simple equality filters
    ("(datum.kind === 'value')"), when a part is given."""
    conditions = [SIMPLE_FILTER.fullmatch(step["filter"]).groups() for step in (part or {}).get("transform", [])
                  if isinstance(step.get("filter"), str) and SIMPLE_FILTER.fullmatch(step["filter"])]
    return [row for rows in spec.get("datasets", {}).values() for row in rows
            if isinstance(row, dict) and all(str(row.get(name)) == wanted for name, wanted in conditions)]


def field_values(spec: dict, field: str, part: dict | None = None) -> list[str]:
    """Every value of a field in the spec's datasets, as text; only in rows that pass the part's simple equality
    filters, when a part is given."""
    return [str(row[field]) for row in drawn_rows(spec, part) if row.get(field) is not None]


def _lookup_expression(lines_by_text: dict[str, list[str]], key: str) -> str:
    """A Vega expression giving each text's wrapped lines (JSON literals are valid expression literals)."""
    table = "{" + ",".join(f"{json.dumps(text)}:{json.dumps(lines)}" for text, lines in lines_by_text.items()) + "}"
    return f"({table}[{key}] || ({key}))"


def views(spec: dict):
    """Unit and layer views: dicts that draw marks and may carry a width."""
    return [node for node in nodes(spec) if "mark" in node or "layer" in node]


def _y_nominal(view: dict) -> dict | None:
    """The view's (or its first layer's) nominal y encoding with an axis, if any."""
    for part in [view, *view.get("layer", [])]:
        y = part.get("encoding", {}).get("y")
        if isinstance(y, dict) and y.get("type") in ("nominal", "ordinal") and y.get("axis", {}) is not None:
            return y
    return None


def _labels_above_rows(spec: dict, plot_chars: int) -> None:
    """Nominal y labels move above their row and wrap to the plot's width; each row grows to hold them."""
    for view in views(spec):
        if "layer" not in view and not view.get("encoding"):
            continue
        y = _y_nominal(view)
        if y is None or view.get("_narrow_rows"):
            continue
        lines = {text: wrapped(text, plot_chars) for text in field_values(spec, y["field"])}
        most = max((len(value) for value in lines.values()), default=1)
        lines = {text: [""] * (most - len(value)) + value for text, value in lines.items()}  # each ends just above its mark
        offsets = _y_offsets(view)
        label_offset, bar_height = -(most * LINE_HEIGHT + LABEL_GAP), 14
        if offsets:  # grouped bars: the row's labels in empty offset slots on top, its bars under them
            groups = list(dict.fromkeys(offsets[0].get("sort") or field_values(spec, offsets[0]["field"])))
            slots = -(-(most * LINE_HEIGHT + 6) // OFFSET_STEP)  # ceiling: enough empty slots to hold the label
            row = (slots + len(groups)) * OFFSET_STEP
            label_offset, bar_height = -(row / 2 - 3), OFFSET_STEP - 4
            y["scale"] = {**(y.get("scale") or {}), "paddingInner": 0, "paddingOuter": 0}  # rows touch: the slots space them
            for offset in offsets:
                offset.pop("sort", None)
                offset["scale"] = {**(offset.get("scale") or {}), "paddingInner": 0, "paddingOuter": 0,
                                   "domain": [f"\u2060label {slot}" for slot in range(slots)] + groups}
        axis = {"labelExpr": _lookup_expression(lines, "datum.label"), "labelAlign": "left", "labelBaseline": "top",
                "labelPadding": 0, "ticks": False, "labelOffset": label_offset, "labelLineHeight": LINE_HEIGHT,
                "labelFontSize": MIN_FONT, "labelLimit": 0}
        for part in [view, *view.get("layer", [])]:
            encoding_y = part.get("encoding", {}).get("y")
            if isinstance(encoding_y, dict) and encoding_y.get("field") == y["field"]:
                encoding_y["axis"] = {**(encoding_y.get("axis") or {}), **axis}
            mark = part.get("mark")
            if isinstance(mark, dict) and mark.get("type") == "bar":
                mark["height"] = min(mark.get("height", bar_height), bar_height)
            elif mark == "bar":
                part["mark"] = {"type": "bar", "height": bar_height}
        view["height"] = {"step": row, "for": "position"} if offsets else {"step": most * LINE_HEIGHT + 24}
        view["_narrow_rows"] = True
        if not offsets:
            view["_narrow_label_lines"] = {text: len(value) - value.count("") for text, value in lines.items()}


def _is_side_text(part: dict) -> bool:
    """A text mark written beside the mark of its row (its x is a field), as _wrap_text_marks wraps into short lines."""
    mark, encoding = part.get("mark"), part.get("encoding", {})
    return (isinstance(mark, dict) and mark.get("type") == "text" and isinstance(encoding.get("text"), dict)
            and "field" in encoding["text"] and "field" in encoding.get("x", {}))


def _row_order(spec: dict, y: dict) -> list[str]:
    """The rows of a nominal y in the order drawn: its sort list, else the data's order (sort None), else sorted."""
    if isinstance(y.get("sort"), list):
        return [str(value) for value in y["sort"]]
    seen = list(dict.fromkeys(field_values(spec, y["field"])))
    return seen if "sort" in y and y["sort"] is None else sorted(seen)


def _facet_fields(spec: dict) -> list[str]:
    """The fields that split the drawing into panels: rows of different panels are never next to each other."""
    return [channel["field"] for node in nodes(spec) if isinstance(node.get("facet"), dict)
            for channel in node["facet"].values() if isinstance(channel, dict) and "field" in channel]


def _room_below_side_text(spec: dict) -> None:
    """Each row tall enough that the text written beside its mark, wrapped onto lines that run down from the mark,
    ends above the next row's label (which sits just above that row's mark): in every view whose labels were moved
    above their rows, the row step is at least the deepest such pair of neighbours needs, in any panel."""
    panels = _facet_fields(spec)
    for view in views(spec):
        label_lines, y = view.get("_narrow_label_lines", {}), _y_nominal(view)
        if not label_lines or y is None:
            continue
        side_lines: dict[tuple, int] = {}
        for part in [view, *view.get("layer", [])]:
            if not _is_side_text(part):
                continue
            field = part["encoding"]["text"]["field"]
            for row in drawn_rows(spec, part):
                if row.get(field) is not None and row.get(y["field"]) is not None:
                    key = (tuple(str(row.get(name)) for name in panels), str(row[y["field"]]))
                    side_lines[key] = max(side_lines.get(key, 0), len(wrapped(str(row[field]), SIDE_TEXT_CHARS)))
        order = _row_order(spec, y)
        needed = 0
        for panel in {key[0] for key in side_lines}:
            rows = [value for value in order if (panel, value) in side_lines]
            for upper, lower in zip(rows, rows[1:], strict=False):
                below = side_lines[(panel, upper)] * LINE_HEIGHT - (LINE_HEIGHT // 2 + 1)  # the text starts 8 px above its mark
                above = label_lines.get(lower, 1) * LINE_HEIGHT + LABEL_GAP  # the label ends LABEL_GAP px above its mark
                needed = max(needed, below + above + ROW_GAP)
        view["height"] = {"step": max(view["height"]["step"], needed)}


def _y_offsets(view: dict) -> list[dict]:
    """The yOffset encodings of a view and its layers (grouped bars), if any."""
    return [part["encoding"]["yOffset"] for part in [view, *view.get("layer", [])]
            if isinstance(part.get("encoding", {}).get("yOffset"), dict)]


def _wrap_text_marks(spec: dict, full_chars: int) -> None:
    """Text marks wrap: beside a mark into short lines, or across the drawing when placed at a fixed x."""
    for view in views(spec):
        for part in [view, *view.get("layer", [])]:
            mark, encoding = part.get("mark"), part.get("encoding", {})
            text = encoding.get("text")
            if not (isinstance(mark, dict) and mark.get("type") == "text" and isinstance(text, dict) and "field" in text):
                continue
            chars = full_chars if "value" in encoding.get("x", {"value": 0}) else SIDE_TEXT_CHARS
            lines = {value: wrapped(value, chars) for value in field_values(spec, text["field"], part)}
            if all(len(value) == 1 for value in lines.values()):
                continue
            wrapped_field = f"{text['field']}__lines"
            part.setdefault("transform", []).append(
                {"calculate": _lookup_expression(lines, f"datum[{json.dumps(text['field'])}]"), "as": wrapped_field})
            encoding["text"] = {**text, "field": wrapped_field}
            mark.pop("lineBreak", None)
            mark["lineHeight"] = LINE_HEIGHT
            if mark.get("baseline") == "middle" and "value" not in encoding.get("x", {}):
                mark["baseline"] = "top"
                mark["dy"] = mark.get("dy", 0) - LINE_HEIGHT // 2 - 1
            most = max(len(value) for value in lines.values())
            y = encoding.get("y", {})
            if "value" in y and isinstance(view.get("height"), int | float):
                view["height"] = max(view["height"], most * LINE_HEIGHT)
            elif y.get("scale", {}) is None and "field" in y:  # labels stacked by pixel offsets: spread them apart
                spread = f"{y['field']}__spread"
                source = f"datum[{json.dumps(y['field'])}]"
                part["transform"].append({"calculate": f"floor({source} / {STACK_STEP}) * {most * LINE_HEIGHT} + {source} % {STACK_STEP}",
                                          "as": spread})
                y["field"] = spread


def _wrap_headers_and_legends(spec: dict, inner: int) -> None:
    """Panel headings and legend entries wrap across the drawing."""
    for node in nodes(spec):
        header, legend = node.get("header"), node.get("legend")
        if isinstance(header, dict) and "field" in node:
            size = max(header.get("labelFontSize", 13), 13)
            lines = {text: wrapped(text, chars_in(inner, size * BOLD)) for text in field_values(spec, node["field"])}
            header.update(labelExpr=_lookup_expression(lines, "datum.label"), labelFontSize=size, labelLineHeight=size + 4)
        if isinstance(legend, dict) and "field" in node:
            lines = {text: wrapped(text, chars_in(inner - LEGEND_SYMBOL, MIN_FONT)) for text in field_values(spec, node["field"])}
            legend.update(labelExpr=_lookup_expression(lines, "datum.label"), labelLineHeight=LINE_HEIGHT)
            if isinstance(legend.get("title"), str):
                legend["title"] = wrapped(legend["title"], chars_in(inner, MIN_FONT * BOLD))


def _wrap_axis_titles(spec: dict, chars: int) -> None:
    """Axis titles, given as text on an x or y encoding or its axis, wrap to the plot's width."""
    for node in nodes(spec):
        encoding = node.get("encoding")
        if not isinstance(encoding, dict):
            continue
        for channel in ("x", "y"):
            holder = encoding.get(channel)
            axis = holder.get("axis") if isinstance(holder, dict) else None
            for owner in (holder, axis):
                if isinstance(owner, dict) and isinstance(owner.get("title"), str) and len(owner["title"]) > chars:
                    owner["title"] = wrapped(owner["title"], chars)


def _title_lines(spec: dict, inner: int) -> None:
    title = spec.get("title")
    if not isinstance(title, dict):
        return
    size = max(title.get("fontSize", 13), MIN_FONT)
    title["text"] = wrapped(" ".join(title["text"]) if isinstance(title["text"], list) else title["text"],
                            chars_in(inner, size * BOLD))
    if title.get("subtitle"):
        title["subtitle"] = wrapped(title["subtitle"], chars_in(inner, max(title.get("subtitleFontSize", MIN_FONT), MIN_FONT)))


def narrow(spec: dict, plot_width: int) -> dict:
    """The spec redrawn for a phone: plots plot_width wide, text at least 12 px, labels wrapped onto lines above
    their rows, legends above, panels stacked, few ticks."""
    spec = uncut(spec)
    inner = NARROW_WIDTH - 2 * NARROW_PADDING
    spec["padding"] = NARROW_PADDING
    for node in nodes(spec):
        for key in FONT_KEYS:
            if isinstance(node.get(key), int | float) and node[key] < MIN_FONT:
                node[key] = MIN_FONT
        if isinstance(node.get("tickCount"), int):
            node["tickCount"] = min(node["tickCount"], MAX_TICKS)
        if isinstance(node.get("legend"), dict):
            node["legend"].update(orient="top", direction="vertical")
        if "hconcat" in node:
            node["vconcat"] = node.pop("hconcat")
        for channel in ("column", "facet"):
            if isinstance(node.get("facet"), dict) and channel in node["facet"] and channel == "column":
                node["facet"]["row"] = node["facet"].pop("column")
        if "columns" in node:
            node["columns"] = 1
    config = spec.setdefault("config", {})
    for part in ("axis", "legend", "header", "text", "title"):
        entry = config.setdefault(part, {})
        for key in FONT_KEYS:
            entry[key] = max(entry.get(key, MIN_FONT), MIN_FONT)
    config["legend"].update(orient="top", direction="vertical", layout={"top": {"direction": "vertical", "anchor": "start"}})
    config["header"]["labelFontSize"] = max(config["header"].get("labelFontSize", 13), 13)
    for view in views(spec):
        if isinstance(view.get("width"), int | float):
            view["width"] = plot_width
    _title_lines(spec, inner)
    _wrap_axis_titles(spec, chars_in(plot_width, MIN_FONT * BOLD))
    _wrap_headers_and_legends(spec, inner)
    _labels_above_rows(spec, chars_in(plot_width, MIN_FONT))
    _room_below_side_text(spec)
    _wrap_text_marks(spec, chars_in(inner, MIN_FONT))
    for view in views(spec):
        view.pop("_narrow_rows", None)
        view.pop("_narrow_label_lines", None)
    return spec


def fit_narrow(spec: dict, render, width_of, name: str = "chart") -> tuple[dict, str]:
    """The narrow spec and its SVG, its plots widened or narrowed until the drawing is just NARROW_WIDTH wide.

    render(spec) draws a spec into SVG; width_of(svg) reads the drawing's width."""
    plot = NARROW_WIDTH - 2 * NARROW_PADDING - 80
    for _ in range(4):
        shaped = narrow(spec, plot)
        svg = render(shaped)
        spare = NARROW_WIDTH - width_of(svg)
        if 0 <= spare <= FIT_SLACK or (spare > 0 and plot >= NARROW_WIDTH):
            return shaped, svg
        plot = max(MIN_PLOT_WIDTH, plot + spare - FIT_AIM)
        if plot == MIN_PLOT_WIDTH and spare < 0 and _ > 0:
            break
    # a word longer than a phone is wide (text from the data, unbroken) cannot wrap: keep the narrowest drawing, say so
    log.warning(f"{name} does not fit {NARROW_WIDTH} px even with {MIN_PLOT_WIDTH} px plots: it is {width_of(svg)} px wide "
                "and scrolls sideways on a phone")
    return shaped, svg
