"""Chart colours stand out against the white chart background: WCAG contrast of at least 3:1."""

import pytest

from pipeline.charts.kinds.common import PALETTE, SHAPES

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


def test_colour_is_never_the_only_encoding():
    assert len(SHAPES) >= len(PALETTE) and len(set(SHAPES)) == len(SHAPES)
    assert len(set(PALETTE)) == len(PALETTE)
