"""Which image a page's link preview shows: a hand-written page's headline figure is the first figure it names."""

import re
from pathlib import Path

from pipeline.pages.markers import MARKER

FRONT_MATTER = re.compile(r"\A---\n(?P<body>.*?\n)---\n", re.DOTALL)
KEY = "preview_image"  # the front-matter key overrides/main.html reads


def headline_ref(markdown: str) -> str | None:
    """The first figure a page's data markers name ("package/id"), or None."""
    for match in MARKER.finditer(markdown):
        if match.group(1) == "figure" and match.group(2):
            return match.group(2)
    return None


def headlines(pages: Path) -> dict[str, str]:
    """Each hand-written page that names a figure, by its path under pages, with its headline figure."""
    found = {}
    for page in sorted(pages.rglob("*.md")):
        ref = headline_ref(page.read_text(encoding="utf-8"))
        if ref:
            found[page.relative_to(pages).as_posix()] = ref
    return found


def with_image(markdown: str, image: str) -> str:
    """The page with its preview image in its front matter (added, or a front matter made for it)."""
    line = f"{KEY}: {image}\n"
    front = FRONT_MATTER.match(markdown)
    if front is None:
        return f"---\n{line}---\n\n{markdown}"
    if re.search(rf"^{KEY}:", front.group("body"), re.MULTILINE):
        return markdown
    return markdown[:front.end("body")] + line + markdown[front.end("body"):]
