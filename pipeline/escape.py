"""Make text from the data inert wherever it lands: HTML, Markdown, attributes, addresses and spreadsheet cells."""

import html
import json
import re

from markupsafe import Markup

MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()>#+\-.!])")
SAFE_ADDRESS = re.compile(r"^https?://[^\s<>\"'`]+$", re.IGNORECASE)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # OWASP CSV injection: what a spreadsheet may run as a formula


def spreadsheet_cell(value):
    """OWASP CSV-injection guidance: prefix text starting with = + - @ tab or carriage return with a single quote."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def markdown_text(value) -> Markup:
    """Text for a Markdown context (headings, list items): HTML-escaped and Markdown-escaped."""
    escaped = html.escape("" if value is None else str(value), quote=False)
    return Markup(MARKDOWN_SPECIAL.sub(r"\\\1", escaped))


def address(value) -> str | None:
    """An http(s) address fit for an href, or None for anything else (javascript:, data:, relative)."""
    text = "" if value is None else str(value).strip()
    return text if SAFE_ADDRESS.match(text) else None


def page_meta(value) -> Markup:
    """A front-matter value (page title, description) as a JSON string of HTML-escaped text.

    The theme prints page.meta values into <title>, <meta content> and the header without escaping them,
    so they must arrive already escaped; JSON keeps YAML from reading anything into them.
    """
    return Markup(json.dumps(html.escape("" if value is None else str(value), quote=True)))


def nav_title(value) -> str:
    """A navigation title: the theme prints it unescaped, so escape it here."""
    return html.escape("" if value is None else str(value), quote=True)


SCRIPT_SAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def json_for_script(value) -> Markup:
    """JSON with <, >, & and line separators escaped, so it can never close or break out of a <script> (JSON-LD)."""
    text = json.dumps(value, ensure_ascii=False)
    return Markup(re.sub("[<>&\u2028\u2029]", lambda match: SCRIPT_SAFE[match.group(0)], text))
