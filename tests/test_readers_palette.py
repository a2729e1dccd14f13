"""Chart colours stand out against the white chart background: WCAG contrast of at least 3:1."""

import json

import pytest
from conftest import nonempty, package_folders

from pipeline import paths
from pipeline.charts.kinds.common import PALETTE

WHITE = "#ffffff"


def relative_luminance(colour: str) -> float:
    """WCAG 2.2 relative luminance of a #rrggbb colour."""
    channels = [int(colour[index:index + 2], 16) / 255 for index in (1, 3, 5)]
    linear = [value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4 for value in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    """WCAG contrast ratio between two colours, from 1 to 21."""
    lighter, darker = sorted([relative_luminance(first), relative_luminance(second)], reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_contrast_ratio_matches_wcag_reference_points():
    assert contrast_ratio("#000000", WHITE) == pytest.approx(21.0)
    assert contrast_ratio(WHITE, WHITE) == pytest.approx(1.0)
    assert contrast_ratio("#767676", WHITE) == pytest.approx(4.54, abs=0.01)
    assert contrast_ratio("#959595", WHITE) < 3 < contrast_ratio("#949494", WHITE)


@pytest.mark.parametrize("colour", PALETTE)
def test_palette_colour_has_3_to_1_contrast_with_white(colour):
    assert contrast_ratio(colour, WHITE) >= 3.0


CHART_IDS = nonempty([chart["id"] for folder in package_folders()
                      for chart in json.loads((folder / paths.CHARTS_NAME).read_text(encoding="utf-8"))], "charts")
OTHER_CHANNELS = ("shape", "strokeDash", "text", "x", "y", "xOffset", "yOffset", "row", "column", "facet")


def fields_by_channel(encoding: dict, channels) -> set[str]:
    return {definition["field"] for channel, definition in encoding.items()
            if channel in channels and isinstance(definition, dict) and "field" in definition}


def colour_uses(spec: dict, outer: frozenset = frozenset()) -> list[tuple[str, dict, set[str]]]:
    """(field, colour definition, fields the same view tells apart otherwise) for every colour encoding in a spec.

    A view is a unit or a layer; a facet around it, or a sibling layer, tells fields apart for all of it."""
    found = []
    facet = spec.get("facet", {})
    outer = outer | {definition["field"] for definition in ([facet] if "field" in facet else facet.values())
                     if isinstance(definition, dict) and "field" in definition}
    if "layer" in spec:
        layers = spec["layer"]
        shared = set().union(*(fields_by_channel(layer.get("encoding", {}), OTHER_CHANNELS) for layer in layers))
        for layer in layers:
            found += colour_uses(layer, frozenset(outer | shared))
    if "color" in spec.get("encoding", {}) and "field" in spec["encoding"]["color"]:
        distinct = outer | fields_by_channel(spec["encoding"], OTHER_CHANNELS)
        found.append((spec["encoding"]["color"]["field"], spec["encoding"]["color"], distinct))
    for key in ("spec", "hconcat", "vconcat", "concat"):
        for inner in ([spec[key]] if isinstance(spec.get(key), dict) else spec.get(key, [])):
            found += colour_uses(inner, outer)
    return found


def test_the_encoding_check_sees_a_colour_only_chart():
    spec = {"layer": [{"mark": "line", "encoding": {"color": {"field": "series", "scale": {"range": PALETTE[:2]}},
                                                      "x": {"field": "date"}, "y": {"field": "value"}}}]}
    [(field, _, distinct)] = colour_uses(spec)
    assert field == "series" and field not in distinct
    spec["facet"] = {"row": {"field": "series"}}
    assert "series" in colour_uses(spec)[0][2]


@pytest.mark.parametrize("chart_id", CHART_IDS)
def test_colour_is_never_the_only_encoding(built_site, chart_id):
    """In the chart as published, whatever colour tells apart is told apart by shape, dashes, labels, position or panels,
    and the colours drawn are the palette's, one per value."""
    spec = json.loads((built_site / "charts" / f"{chart_id}.vl.json").read_text(encoding="utf-8"))
    for field, colour, distinct in colour_uses(spec):
        assert field in distinct, f"{chart_id}: {field} is shown by colour alone"
        colours = colour.get("scale", {}).get("range", [])
        assert colours and set(colours) <= set(PALETTE) and len(set(colours)) == len(colours), colours
        assert len(colours) >= len(colour["scale"].get("domain", colours))


def test_some_charts_tell_series_apart_by_colour(built_site):
    uses = [use for chart_id in CHART_IDS
            for use in colour_uses(json.loads((built_site / "charts" / f"{chart_id}.vl.json").read_text(encoding="utf-8")))]
    assert len(uses) >= 5
