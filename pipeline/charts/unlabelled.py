"""A chart's Vega-Lite spec without its words: marks, grid and axis lines alone, for a drawing too small to read them."""

import copy

from pipeline.charts import layout

LEGEND_CHANNELS = ("color", "fill", "stroke", "shape", "size", "opacity", "fillOpacity", "strokeOpacity", "strokeWidth",
                   "strokeDash", "angle")
COMPOSITIONS = ("layer", "vconcat", "hconcat", "concat")
NO_HEADER = {"labels": False, "title": None}


def _is_text(view) -> bool:
    mark = view.get("mark") if isinstance(view, dict) else None
    return mark == "text" or (isinstance(mark, dict) and mark.get("type") == "text")


def _without_text(node: dict) -> None:
    """One node of a spec without its words: no text marks, axis labels or titles, legends or panel headings."""
    for key in COMPOSITIONS:
        if isinstance(node.get(key), list):
            node[key] = [view for view in node[key] if not _is_text(view)]
    encoding = node.get("encoding") if isinstance(node.get("encoding"), dict) else {}
    for channel in ("x", "y"):
        if isinstance(encoding.get(channel), dict) and encoding[channel].get("axis", {}) is not None:
            encoding[channel].update(title=None, axis={**(encoding[channel].get("axis") or {}), "labels": False,
                                                       "title": None, "ticks": False})
    for channel in LEGEND_CHANNELS:
        if isinstance(encoding.get(channel), dict) and "field" in encoding[channel]:
            encoding[channel]["legend"] = None
    facet = node.get("facet")
    for header in [encoding.get(channel) for channel in ("row", "column", "facet")] + [facet] + \
            [facet.get(channel) for channel in ("row", "column") if isinstance(facet, dict)]:
        if isinstance(header, dict) and "field" in header:
            header.update(header=NO_HEADER, title=None)


def marks_only(spec: dict) -> dict:
    """The chart's spec drawing its marks, grid and axes' lines alone, with no text."""
    spec = copy.deepcopy(spec)
    spec.pop("title", None)
    for node in layout.nodes(spec):
        _without_text(node)
    return spec
