"""A chart's dark rendering: the SVG carries its own prefers-color-scheme colours, each worked out for contrast."""

import colorsys
import re

DARK_BACKGROUND = "#1e2029"  # Material's slate background, so a chart is no light box on a dark page
MOST_CONTRAST_NEEDED = 4.5  # a colour keeps its light contrast on the dark background, up to this
NAMED = {"white": "#ffffff", "black": "#000000"}
PAINT = re.compile(r'\b(fill|stroke)="(#[0-9a-fA-F]{3}|#[0-9a-fA-F]{6}|white|black)"')


def hex6(colour: str) -> str:
    """'#abc', 'white' or '#aabbcc' as '#aabbcc'."""
    colour = NAMED.get(colour, colour).lower()
    return "#" + "".join(c * 2 for c in colour[1:]) if len(colour) == 4 else colour


def relative_luminance(colour: str) -> float:
    """WCAG 2.2 relative luminance of a colour."""
    channels = [int(hex6(colour)[index:index + 2], 16) / 255 for index in (1, 3, 5)]
    linear = [value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4 for value in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    """WCAG contrast ratio between two colours, from 1 to 21."""
    lighter, darker = sorted([relative_luminance(first), relative_luminance(second)], reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def dark_counterpart(colour: str) -> str:
    """The colour for a dark background: same hue, lightness turned over, then lightened until it stands out as
    much against the dark background as it did against white (at most 4.5:1)."""
    colour = hex6(colour)
    if colour == "#ffffff":
        return DARK_BACKGROUND
    red, green, blue = (int(colour[index:index + 2], 16) / 255 for index in (1, 3, 5))
    hue, lightness, saturation = colorsys.rgb_to_hls(red, green, blue)
    needed = min(contrast_ratio(colour, "#ffffff"), MOST_CONTRAST_NEEDED)
    lightness = 1 - lightness
    while True:
        candidate = "#" + "".join(f"{round(value * 255):02x}" for value in colorsys.hls_to_rgb(hue, lightness, saturation))
        if contrast_ratio(candidate, DARK_BACKGROUND) >= needed or lightness >= 1:
            return candidate
        lightness = min(1.0, lightness + 0.02)


def dark_style(svg: str) -> str:
    """A <style> giving every colour the SVG paints with its dark counterpart when the reader prefers dark."""
    rules = "".join(f'[{attribute}="{colour}"]{{{attribute}:{dark_counterpart(colour)}}}'
                    for attribute, colour in sorted(set(PAINT.findall(svg))))
    return f"<style>@media (prefers-color-scheme: dark){{{rules}}}</style>"


def with_dark_style(svg: str) -> str:
    """The SVG with its dark colours inside, just after the opening tag (and any title and description)."""
    head_end = svg.index(">") + 1
    for closing in ("</title>", "</desc>"):
        if closing in svg[:svg.find("<g")]:
            head_end = max(head_end, svg.index(closing) + len(closing))
    return svg[:head_end] + dark_style(svg) + svg[head_end:]
