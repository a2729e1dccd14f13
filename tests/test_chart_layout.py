"""The narrow and dark drawings come from any Vega-Lite spec, so a new chart kind gets them with no code of its own."""

import json
import re

import pandas as pd

from pipeline.charts import dark, layout
from pipeline.charts.draw import svg_size

LONG = "Unhappy with the criminal justice system response to their stalking report"


def new_kind_spec() -> dict:
    """A chart no kind draws today: two panels side by side, long labels cut at 100 px, a legend at the right."""
    import altair as alt

    data = pd.DataFrame({"force": [LONG, "Thames Valley", LONG, "Thames Valley"], "rate": [0.2, 0.5, 0.3, 0.4],
                         "year": ["2017", "2017", "2018", "2018"]})
    dots = alt.Chart(data).mark_point(filled=True).encode(
        y=alt.Y("force:N", axis=alt.Axis(labelLimit=100)),
        x=alt.X("rate:Q", axis=alt.Axis(tickCount=10), title="Share of each figure's own base, as the table beside it explains"),
        color=alt.Color("year:N", legend=alt.Legend(orient="right", labelFontSize=9)))
    return alt.hconcat(dots.properties(width=300), dots.properties(width=300)).to_dict()


def render(spec: dict) -> str:
    import vl_convert

    return vl_convert.vegalite_to_svg(json.dumps(spec))


def test_a_new_kind_is_drawn_narrow_with_nothing_cut_and_text_of_12_px():
    spec, svg = layout.fit_narrow(new_kind_spec(), render, lambda drawing: svg_size(drawing)[0])
    assert svg_size(svg)[0] <= layout.NARROW_WIDTH
    assert "…" not in svg and "hconcat" not in spec
    sizes = [float(size) for size in re.findall(r'font-size="([\d.]+)px"', svg)]
    assert sizes and min(sizes) >= layout.MIN_FONT
    drawn = re.sub(r"<[^>]+>", " ", svg[svg.index("<g"):]).split()
    assert all(word in drawn for word in LONG.split())  # the long label is all there, wrapped onto lines


def test_the_wide_drawing_lifts_every_label_limit():
    spec = layout.uncut(new_kind_spec())
    assert "…" not in render(spec)
    assert all(node.get("labelLimit", 0) == 0 for node in layout.nodes(spec))


def test_a_new_kind_gets_its_dark_colours():
    svg = dark.with_dark_style(render(new_kind_spec()))
    style = svg[svg.index("<style>"):svg.index("</style>")]
    painted = set(re.findall(r'(?:fill|stroke)="(#[0-9a-fA-F]{3,6}|white)"', svg.replace(style, "")))
    assert painted and all(f'="{colour}"]' in style for colour in painted)
    for colour in painted:
        assert dark.contrast_ratio(dark.dark_counterpart(colour), dark.DARK_BACKGROUND) >= min(
            dark.contrast_ratio(colour, "#ffffff"), dark.MOST_CONTRAST_NEEDED) - 0.01
