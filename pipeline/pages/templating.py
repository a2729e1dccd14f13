"""The Jinja environment of generated pages: autoescape on, with filters for Markdown text and safe addresses."""

import functools

import jinja2

from pipeline import escape, paths


@functools.cache
def environment() -> jinja2.Environment:
    """Jinja with autoescape on, and filters for Markdown text and safe addresses: one per process, so each template
    is compiled once."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(paths.TEMPLATES), autoescape=True, trim_blocks=True,
        lstrip_blocks=True, keep_trailing_newline=True, undefined=jinja2.StrictUndefined,
    )
    env.filters["md"] = escape.markdown_text
    env.filters["address"] = escape.address
    env.filters["meta"] = escape.page_meta
    return env
