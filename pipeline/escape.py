"""Make text from the data inert wherever it lands: HTML, Markdown, attributes and addresses."""

import html
import re

from markupsafe import Markup

MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()>#+\-.!])")
SAFE_ADDRESS = re.compile(r"^https?://[^\s<>\"'`]+$", re.IGNORECASE)


def markdown_text(value) -> Markup:
    """Text for a Markdown context (headings, list items): HTML-escaped and Markdown-escaped."""
    escaped = html.escape("" if value is None else str(value), quote=False)
    return Markup(MARKDOWN_SPECIAL.sub(r"\\\1", escaped))


def address(value) -> str | None:
    """An http(s) address fit for an href, or None for anything else (javascript:, data:, relative)."""
    text = "" if value is None else str(value).strip()
    return text if SAFE_ADDRESS.match(text) else None
