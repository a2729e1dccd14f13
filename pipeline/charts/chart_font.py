"""The font charts, cards and previews are measured and drawn in: DejaVu Sans cut down, carried by the repository."""

# vl-convert reads a font's whole file again for every glyph it measures or draws (its font database does not map files
# into memory; the system time it spends says so), so the 760 KB of DejaVu Sans weigh on every glyph: with this 45 KB
# subset a chart is drawn in about half the time. The glyphs, advance widths and kerning are DejaVu Sans' own, so a
# drawing is the same as before but for the font's name (tests/test_chart_font.py compares them), and a machine without
# DejaVu draws the same charts. A character outside the subset is drawn from another installed font.

import functools

from pipeline import paths

FAMILY = "SJD Chart Sans"
# What the subset covers: Basic Latin, Latin-1 and Latin Extended-A (Welsh place names), dashes, quotes, bullets and
# ellipsis, per mille, the euro, arrows, minus, and the signs for "at most" and "at least".
RANGES = [(0x20, 0x7E), (0xA0, 0x17F), (0x2010, 0x2027), (0x2030, 0x203A), (0x20AC, 0x20AC), (0x2190, 0x2193),
          (0x2212, 0x2212), (0x2264, 0x2265)]
# Each face of the subset and the DejaVu Sans file it is cut from.
FACES = {"Regular": "DejaVuSans.ttf", "Bold": "DejaVuSans-Bold.ttf", "Oblique": "DejaVuSans-Oblique.ttf",
         "BoldOblique": "DejaVuSans-BoldOblique.ttf"}


def file_name(face: str) -> str:
    return f"{FAMILY.replace(' ', '')}-{face}.ttf"


@functools.cache
def converter():
    """vl_convert, with the chart font registered in this process (once)."""
    import vl_convert

    vl_convert.register_font_directory(str(paths.CHART_FONTS))
    return vl_convert
