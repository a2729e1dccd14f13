"""The dark palette for readers without JavaScript: the theme's own slate rules, applied to the page's scheme on a dark device."""

# With JavaScript on, a script in overrides/main.html switches the body to Material's slate scheme; with it off, the
# body keeps the configured (light) scheme while the charts follow the device. This stylesheet, linked inside
# <noscript>, carries the installed theme's [data-md-color-scheme=slate] rules rewritten for the configured scheme
# under @media (prefers-color-scheme: dark), so nothing of Material's CSS is copied into the repository by hand.

import re
from importlib import resources
from pathlib import Path

from pipeline import identity

STYLESHEET = "assets/noscript-dark.css"  # linked in overrides/main.html
DARK_SCHEME = "slate"
DEVICE_ASKS_FOR_DARK = "@media (prefers-color-scheme: dark)"
THEME_STYLESHEETS = ("palette.*.min.css",)  # where Material keeps its colour schemes
SCHEME_AT_START = re.compile(r"""^\[data-md-color-scheme=(["']?)(?P<scheme>[\w-]+)\1\]""")
COLOUR_ATTRIBUTE = re.compile(r"""\[data-md-color-(?P<kind>primary|accent)=(["']?)(?P<name>[\w-]+)\2\]""")
RECURSED_AT_RULES = ("@media", "@supports")  # conditional groups: their rules are read; other at-rules are not palettes


def theme_stylesheets() -> list[str]:
    """The installed Material theme's stylesheets that hold its colour schemes."""
    folder = resources.files("material") / "templates" / "assets" / "stylesheets"
    found = []
    for pattern in THEME_STYLESHEETS:
        matches = sorted(path for path in Path(str(folder)).glob(pattern))
        if len(matches) != 1:
            raise FileNotFoundError(f"expected one {pattern} in {folder}, found {len(matches)}")
        found.append(matches[0].read_text(encoding="utf-8"))
    return found


def _outside_strings(text: str):
    """(index, character) of each character of CSS text that is not inside a string or a comment."""
    index, quote = 0, None
    while index < len(text):
        char = text[index]
        if quote:
            quote = None if char == quote else quote
            index += 2 if char == "\\" else 1
            continue
        if text.startswith("/*", index):
            end = text.find("*/", index + 2)
            index = len(text) if end < 0 else end + 2
            continue
        quote = char if char in "\"'" else None
        yield index, char
        index += 1


def blocks(css: str) -> list[tuple[str, str]]:
    """(prelude, body) of each top-level rule with a block; statement at-rules (@charset, @import) are passed over."""
    found, depth, start, opened = [], 0, 0, 0
    for index, char in _outside_strings(css):
        if char == "{":
            opened = index if depth == 0 else opened
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                found.append((css[start:opened].strip(), css[opened + 1:index]))
                start = index + 1
        elif char == ";" and depth == 0:
            start = index + 1
    return found


def selector_list(selectors: str) -> list[str]:
    """The selectors of a comma-separated list, commas inside :not(...) or [...] left alone."""
    parts, depth, start = [], 0, 0
    for index, char in _outside_strings(selectors):
        depth += (char in "([") - (char in ")]")
        if char == "," and depth == 0:
            parts.append(selectors[start:index].strip())
            start = index + 1
    return [*parts, selectors[start:].strip()]


def style_rules(css: str, conditions: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], str, str]]:
    """(the conditional at-rules around it, selector list, declarations) of every style rule in css, in order."""
    found = []
    for prelude, body in blocks(css):
        if prelude.startswith(RECURSED_AT_RULES):
            found += style_rules(body, (*conditions, prelude))
        elif not prelude.startswith("@"):
            found.append((conditions, prelude, body))
    return found


def for_this_site(selector: str, palette: dict) -> str | None:
    """A selector of the dark scheme rewritten for the page's own scheme, or None when it is not a dark-scheme rule
    or names a primary or accent colour this site does not use."""
    start = SCHEME_AT_START.match(selector.strip())
    if start is None or start.group("scheme") != DARK_SCHEME:
        return None
    rest = selector.strip()[start.end():]
    for colour in COLOUR_ATTRIBUTE.finditer(rest):
        if colour.group("name") != palette[colour.group("kind")]:
            return None
    return f"[data-md-color-scheme={palette['scheme']}]{rest}"


def dark_rules(css: str, palette: dict) -> list[str]:
    """The dark scheme's rules of one stylesheet, for the page's scheme, each inside the at-rules it was found in."""
    rules = []
    for conditions, selectors, body in style_rules(css):
        rewritten = [selector for selector in (for_this_site(part, palette) for part in selector_list(selectors))
                     if selector is not None]
        if rewritten:
            rules.append("".join(f"{condition}{{" for condition in conditions) + ",".join(rewritten)
                         + f"{{{body}}}" + "}" * len(conditions))
    return rules


def palette_settings(settings: dict) -> dict:
    """The scheme, primary and accent colour the pages are built with (the first palette when mkdocs.yml lists several)."""
    palette = (settings.get("theme") or {}).get("palette") or {}
    palette = palette[0] if isinstance(palette, list) else palette
    return {key: str(palette.get(key, default)).replace(" ", "-")
            for key, default in (("scheme", "default"), ("primary", "indigo"), ("accent", "indigo"))}


def stylesheet(stylesheets: list[str], palette: dict) -> str:
    """The whole noscript dark stylesheet: every dark-scheme rule, applied only when the device asks for dark."""
    rules = [rule for css in stylesheets for rule in dark_rules(css, palette)]
    if not rules:
        raise ValueError(f"the theme's stylesheets have no [data-md-color-scheme={DARK_SCHEME}] rule")
    header = "/* Generated by pipeline/pages/noscript_palette.py from the installed theme: the dark scheme without JavaScript. */"
    return "\n".join([header, DEVICE_ASKS_FOR_DARK + "{", *rules, "}"]) + "\n"


def write(docs: Path) -> None:
    """Write the stylesheet into the generated docs, beside the hand-written noscript.css."""
    target = docs / STYLESHEET
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(stylesheet(theme_stylesheets(), palette_settings(identity.settings())), encoding="utf-8")
