"""Link-preview images keep every word and stay readable in a 400 px thumbnail: cards wrap and shrink instead of cutting,
and a chart's preview draws the chart's own marks with no text smaller than SMALLEST_TEXT, from any spec."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_chart_layout import new_kind_spec

from pipeline import paths
from pipeline.charts import cards, chart_previews, preview_style, text_fit, unlabelled
from pipeline.tables import tidy
from pipeline.validation import packages

WORDS = st.lists(st.text(alphabet=st.characters(codec="utf-8", categories=["L", "N", "P", "S"]), min_size=1, max_size=30),
                 min_size=1, max_size=40).map(" ".join)


@pytest.fixture(scope="module")
def tables():
    return tidy.build_tables([packages.load(folder)[0] for folder in packages.discover(paths.DATAPACKAGES)])


@given(WORDS, st.integers(10, 80), st.integers(100, 1100))
def test_wrapping_keeps_every_word_and_only_a_lone_word_overruns(text, size, width):
    lines = text_fit.wrap(text, size, width)
    assert " ".join(lines) == " ".join(text.split())
    assert all(text_fit.text_width(line, size) <= width or " " not in line for line in lines)


def test_widths_are_never_narrower_than_dejavu_sans_draws_them():
    # advance widths of DejaVu Sans Book and Bold in ems, as Chromium measured them
    drawn = {"m": (0.974, 1.042), "W": (0.989, 1.103), "O": (0.787, 0.850), "0": (0.636, 0.696), "a": (0.613, 0.675),
             "r": (0.411, 0.493), " ": (0.318, 0.348), "“": (0.518, 0.657), "(": (0.390, 0.457)}
    for character, (book, bold) in drawn.items():
        assert text_fit.text_width(character, 1) >= book and text_fit.text_width(character, 1, bold=True) >= bold, character


def test_every_figure_s_card_keeps_all_its_words_on_the_card_at_a_readable_size(tables):
    """Any figure may head a page, so every figure's card is laid out: no word is cut, no line is wider than the card,
    the last line ends above its foot, and no text is smaller than a 400 px preview can show."""
    width = preview_style.WIDTH - 2 * preview_style.MARGIN
    for ref in tables.figures["ref"]:
        words = cards.card_text(tables.figure(ref))
        scale, blocks = cards.layout(words)
        for key, block in blocks.items():
            assert " ".join(block.lines) == " ".join(words[key].split()), f"{ref}: {key} is not all on the card"
            widest = max(text_fit.text_width(line, block.size, bold=key == "value") for line in block.lines)
            assert widest <= width, f"{ref}: {key} is wider than the card"
            assert block.size >= preview_style.SMALLEST_TEXT, f"{ref}: {key} at {block.size} px"
        foot = cards.HEIGHT - cards.FOOT
        used = cards.TOP + round(cards.VALUE_SIZE * scale) + cards.VALUE_GAP + cards.LABEL_GAP + cards.WORDING_GAP + \
            sum(blocks[key].height for key in ("label", "wording", "source"))
        assert used <= foot, f"{ref}: the card's words run {used - foot} px past its foot"


def test_a_card_too_long_for_the_card_shrinks_instead_of_being_cut():
    long = {"value": "12,345 of 67,890", "label": "word " * 60, "wording": "Published as “" + "said " * 50 + "”",
            "source": "Source: " + "publisher " * 20, "site": "Stalking Justice Data"}
    scale, blocks = cards.layout(long)
    assert scale < 1 and all(" ".join(blocks[key].lines) == " ".join(long[key].split()) for key in blocks)
    assert "…" not in str(cards.spec(long))


def texts(svg: str) -> list[tuple[float, str]]:
    """Each <text> of an SVG: its font size and its words."""
    return [(float(size), words) for size, words in re.findall(r'<text\b[^>]*font-size="([\d.]+)(?:px)?"[^>]*>([^<]*)</text>', svg)]


def labelled_spec() -> dict:
    """A spec of a kind no chart has yet (test_chart_layout's), each panel's points labelled by text marks beside them."""
    spec = new_kind_spec()
    for number, panel in enumerate(spec["hconcat"]):
        words = {**panel, "mark": {"type": "text", "dx": 6, "align": "left"},
                 "encoding": {**panel["encoding"], "text": {"field": "force", "type": "nominal"}}}
        words.pop("width")
        spec["hconcat"][number] = {"width": panel.pop("width"), "layer": [panel, words]}
    return spec


def test_a_spec_of_a_kind_no_chart_has_yet_is_drawn_with_its_marks_and_no_words():
    spec = labelled_spec()
    drawn = render_svg(spec)
    assert "mark-text role-mark" in drawn and texts(drawn)
    marks = render_svg(unlabelled.marks_only(spec))
    assert "<text" not in marks  # no labels, axis titles, legend or text marks
    assert mark_items(marks) == mark_items(drawn) != []  # the same points, and nothing else lost
    assert spec == labelled_spec()  # the chart's own spec is left as it was


def test_a_preview_s_words_are_its_title_sources_and_site_name_all_readable():
    title = "A long title of a chart that has to wrap onto several lines to fit into the preview image at a large size"
    footer = "Source: First Publisher (2020, official statistics); Second Publisher (2021, secondary report).\nChart: x."
    svg = chart_previews.svg(labelled_spec(), title, footer)
    shown = texts(svg)
    assert min(size for size, _ in shown) >= preview_style.SMALLEST_TEXT
    joined = " ".join(words for _, words in shown)
    assert preview_style.site_line() in joined and title in joined and chart_previews.source_text(footer) in joined


def render_svg(spec: dict) -> str:
    import json

    import vl_convert

    return vl_convert.vegalite_to_svg(json.dumps(spec))


MARK_GROUP = re.compile(r'<g class="mark-(?!group\b)([\w-]+) role-mark[^"]*"[^>]*>(.*?)</g>', re.S)


def mark_items(svg: str) -> list[tuple[str, int]]:
    """The data marks of a Vega drawing other than text: each mark's type and how many items it draws."""
    return sorted((kind, len(re.findall(r"<(?:path|line|rect)\b", items))) for kind, items in MARK_GROUP.findall(svg)
                  if kind not in ("text", "group"))
