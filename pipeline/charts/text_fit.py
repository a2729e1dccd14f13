"""Text measured in DejaVu Sans and wrapped onto whole lines no wider than a width: never cut."""

from dataclasses import dataclass

# Advance widths in ems of DejaVu Sans (the first font of the site's stack), by class of character, each the widest
# of its class (measured in Chromium), so a line measured here is never narrower than the line drawn.
NARROW = set(" fijlrtIJ.,:;'!|()[]‘’·/-")
WIDE = set("mwMW%@—…&#+<=>~×")
CAPITAL_OR_DIGIT_WIDTH, NARROW_WIDTH, WIDE_WIDTH, OTHER_WIDTH = 0.79, 0.42, 1.0, 0.64
BOLD = {CAPITAL_OR_DIGIT_WIDTH: 0.85, NARROW_WIDTH: 0.50, WIDE_WIDTH: 1.11, OTHER_WIDTH: 0.72}
LINE_HEIGHT = 1.2


def line_step(size: int) -> int:
    """The distance from one line's top to the next one's at a font size."""
    return round(size * LINE_HEIGHT)


@dataclass
class Lines:
    """Text in whole lines at one font size."""

    lines: list[str]
    size: int

    @property
    def height(self) -> int:
        return len(self.lines) * line_step(self.size)


def _em(character: str, bold: bool) -> float:
    if character in NARROW:
        width = NARROW_WIDTH
    elif character in WIDE:
        width = WIDE_WIDTH
    elif character.isupper() or character.isdigit():
        width = CAPITAL_OR_DIGIT_WIDTH
    else:
        width = OTHER_WIDTH
    return BOLD[width] if bold else width


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The width in pixels text takes at a font size (at most: see the widths above)."""
    return size * sum(_em(character, bold) for character in text)


def wrap(text: str, size: float, width: float, bold: bool = False) -> list[str]:
    """text in lines no wider than width, broken between words only; a word wider than width has a line of its own."""
    lines: list[str] = []
    for word in str(text).split():
        if lines and text_width(f"{lines[-1]} {word}", size, bold) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]

