"""The chart font: DejaVu Sans cut down and renamed, covering every character the shipped charts and cards draw, and
drawing them exactly as DejaVu Sans does."""

import json

import pytest
from conftest import nonempty
from fontTools.ttLib import TTFont

from pipeline import paths
from pipeline.charts import chart_font, draw
from pipeline.charts.font_subset import DEJAVU
from pipeline.charts.kinds.common import FONT

FACES = nonempty(sorted(chart_font.FACES), "chart font faces")


def texts(node) -> list[str]:
    """Every string in a chart spec."""
    if isinstance(node, dict):
        return [text for value in node.values() for text in texts(value)]
    if isinstance(node, list):
        return [text for value in node for text in texts(value)]
    return [node] if isinstance(node, str) else []


@pytest.mark.parametrize("face", FACES)
def test_each_face_is_renamed_and_keeps_dejavu_sans_style(face):
    font = TTFont(paths.CHART_FONTS / chart_font.file_name(face))
    assert font["name"].getDebugName(1) == chart_font.FAMILY
    assert "Vera" not in " ".join(str(record) for record in font["name"].names if record.nameID in (1, 4, 6))
    assert font["name"].getDebugName(2) == TTFont(DEJAVU / chart_font.FACES[face])["name"].getDebugName(2)


def test_the_chart_font_covers_every_character_the_charts_and_cards_draw(built_site):
    """A character outside the subset would be measured and drawn in another font: the shipped data must not need one.
    Cards quote figures' words, so every character of the packages' tables is checked too."""
    drawn = {character for spec in nonempty(sorted((built_site / "charts").glob("*.vl.json")), "chart specs")
             for text in texts(json.loads(spec.read_text(encoding="utf-8"))) for character in text}
    drawn |= {character for table in paths.DATAPACKAGES.glob("*/data/*.csv") for character in table.read_text(encoding="utf-8")}
    drawn |= set("“”·")  # the card's own quotes and separator
    for face in FACES:
        covered = set(map(chr, TTFont(paths.CHART_FONTS / chart_font.file_name(face)).getBestCmap()))
        assert sorted(character for character in drawn - covered if character not in "\r\n\t") == [], face


@pytest.mark.parametrize("chart", ["stalking-outcome-groups", "stalking-charge-rate-funnel-ye-mar-2019", "police-response"])
def test_a_chart_drawn_in_the_chart_font_is_the_drawing_dejavu_sans_makes(built_site, chart):
    """Same glyph widths and kerning: the two drawings differ only in the font's name."""
    assert (DEJAVU / chart_font.FACES["Regular"]).exists(), "DejaVu Sans is missing: apt-get install fonts-dejavu-core"
    spec = (built_site / "charts" / f"{chart}.vl.json").read_text(encoding="utf-8")
    system_font = FONT.removeprefix(f"{chart_font.FAMILY}, ")
    assert system_font != FONT and FONT in spec
    in_chart_font = draw._render(json.loads(spec)).replace(FONT, system_font)
    assert in_chart_font == draw._render(json.loads(spec.replace(FONT, system_font)))
