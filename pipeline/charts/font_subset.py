"""Cut the chart font (chart_font) from the machine's DejaVu Sans: python -m pipeline.charts.font_subset."""

# Needs fontTools (in requirements-test.lock) and Debian's fonts-dejavu-core. Run it only to change what the subset
# covers; the build reads the files it writes and never runs it.

import sys
from pathlib import Path

from pipeline import paths
from pipeline.charts.chart_font import FACES, FAMILY, RANGES, file_name

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
RENAMED = (1, 3, 4, 6, 16)  # family, unique id, full name, PostScript name, typographic family


def characters() -> list[int]:
    return [code for first, last in RANGES for code in range(first, last + 1)]


def cut(source: Path, target: Path) -> None:
    """Keep the characters of RANGES with their kerning, drop hinting (the renderer does not use it), and rename the
    face, as DejaVu's licence asks of a modified font."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(source, recalcTimestamp=False)
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.hinting = False
    options.drop_tables += ["FFTM"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=characters())
    subsetter.subset(font)
    for record in font["name"].names:
        if record.nameID in RENAMED:
            record.string = record.toUnicode().replace("DejaVu Sans", FAMILY).replace("DejaVuSans", FAMILY.replace(" ", ""))
    font.save(target)


def main() -> int:
    try:
        import fontTools  # noqa: F401
    except ImportError:
        print("font_subset: needs fontTools: .venv/bin/pip install -r requirements-test.lock", file=sys.stderr)
        return 1
    for face, source in FACES.items():
        if not (DEJAVU / source).exists():
            print(f"font_subset: {DEJAVU / source} is missing: apt-get install fonts-dejavu-core", file=sys.stderr)
            return 1
        cut(DEJAVU / source, paths.CHART_FONTS / file_name(face))
        print(f"font_subset: wrote {paths.display(paths.CHART_FONTS / file_name(face))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
