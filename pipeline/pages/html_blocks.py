"""Set a page's raw HTML blocks aside while Python-Markdown runs, and put them back after."""

# Markdown passes raw HTML through unchanged, but its HTML parser took most of a build's Markdown time on the generated
# pages, which are mostly tables.

import functools
import re

from markdown.util import BLOCK_LEVEL_ELEMENTS

TOKEN = "SJDRAWHTMLBLOCK{}X"
TOKEN_PARAGRAPH = re.compile(r"<p>SJDRAWHTMLBLOCK(\d+)X</p>")
TOKEN_ANYWHERE = re.compile(r"SJDRAWHTMLBLOCK\d+X")
START = re.compile(r"<([a-z][a-z0-9]*)[\s>]")
VOID = {"hr", "br", "img", "input", "meta", "link", "source", "wbr", "area", "base", "col", "embed", "track"}


@functools.cache
def _tag_patterns(tag: str) -> tuple[re.Pattern, re.Pattern]:
    return re.compile(rf"<{tag}[\s>]"), re.compile(rf"</{tag}\s*>")


def _depth_change(line: str, tag: str) -> int:
    """Opened minus closed elements named tag on a line."""
    if "<" not in line:
        return 0
    opening, closing = _tag_patterns(tag)
    return len(opening.findall(line)) - len(closing.findall(line))


def set_aside(markdown: str) -> tuple[str, list[str]]:
    """The Markdown with each raw HTML block (a block-level element opening at the start of a line after a blank line,
    closed before the next blank line) replaced by a token paragraph, and the blocks in order.

    A block that does not fit that shape exactly is left where it is, for Markdown to handle as it always has."""
    lines = markdown.split("\n")
    out, blocks, index, fenced = [], [], 0, False
    while index < len(lines):
        line = lines[index]
        if line.startswith(("```", "~~~")):
            fenced = not fenced
        start = START.match(line)
        after_blank = index == 0 or lines[index - 1].strip() == ""
        if fenced or not start or not after_blank or start.group(1) not in BLOCK_LEVEL_ELEMENTS or start.group(1) in VOID:
            out.append(line)
            index += 1
            continue
        tag, depth, end = start.group(1), 0, index
        while end < len(lines) and lines[end].strip():
            depth += _depth_change(lines[end], tag)
            end += 1
        if depth != 0:  # the element spans blank lines: all of it is left to Markdown, which keeps it whole
            while end < len(lines) and depth > 0:
                depth += _depth_change(lines[end], tag)
                end += 1
            out += lines[index:end]
            index = end
            continue
        out.append(TOKEN.format(len(blocks)))
        blocks.append("\n".join(lines[index:end]))
        index = end
    return "\n".join(out), blocks


def put_back(html: str, blocks: list[str]) -> str:
    """The page's HTML with each token paragraph replaced by its block; a token Markdown did not leave as a paragraph of
    its own is an error, never a block lost."""
    if not blocks:
        return html
    html = TOKEN_PARAGRAPH.sub(lambda match: blocks[int(match.group(1))], html)
    left = TOKEN_ANYWHERE.search(html)
    if left:
        raise ValueError(f"raw HTML block {left.group(0)} was not put back: Markdown did not keep it as a paragraph")
    return html
