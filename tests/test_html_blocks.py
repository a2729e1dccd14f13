"""Raw HTML set aside from Markdown comes back unchanged: every page converts to the same HTML as without it."""

import re

import markdown
import pytest
import yaml

from pipeline import build, paths
from pipeline.pages import html_blocks

EXTENSIONS = [name if isinstance(name, str) else next(iter(name))
              for name in yaml.safe_load(paths.MKDOCS_CONFIG.read_text(encoding="utf-8"))["markdown_extensions"]]


def converted(text: str) -> str:
    return markdown.markdown(text, extensions=EXTENSIONS)


def through_set_aside(text: str) -> str:
    kept, blocks = html_blocks.set_aside(text)
    return html_blocks.put_back(converted(kept), blocks)


def squeezed(html: str) -> str:
    """The HTML without the blank lines and indentation between its elements, which no reader sees."""
    return re.sub(r">\s+<", "><", html).strip()


@pytest.fixture(scope="module")
def generated_pages(built_site, tmp_path_factory) -> dict[str, str]:
    """The Markdown of every page of the build (the data reused from the build's cache), by path."""
    docs = tmp_path_factory.mktemp("html-blocks") / "docs"
    build.generate(docs)
    pages = {page.relative_to(docs).as_posix(): page.read_text(encoding="utf-8") for page in sorted(docs.rglob("*.md"))}
    assert len(pages) > 50
    return pages


def test_every_page_converts_to_the_same_html(generated_pages):
    changed = [page for page, text in generated_pages.items() if squeezed(through_set_aside(text)) != squeezed(converted(text))]
    assert changed == []


def test_most_of_a_generated_page_is_set_aside(generated_pages):
    kept, blocks = html_blocks.set_aside(generated_pages["forces/cheshire.md"])
    assert blocks and len(kept) < len(generated_pages["forces/cheshire.md"]) / 10


@pytest.mark.parametrize(("text", "set_aside"), [
    ("Intro.\n\n<div class=\"a\">\n<p>One</p>\n</div>\n\nAfter.", 1),
    ("<table>\n<tr><td>1</td></tr>\n</table>", 1),
    ("<div class=\"a\">\n<p>One</p>\n\n<p>Two, after a blank line</p>\n</div>\n\nAfter.", 0),
    ("Text\n<div>not after a blank line</div>", 0),
    ("<a href=\"x.html\">an inline element starts a paragraph</a>", 0),
    ("```\n<div>in a code fence</div>\n```", 0),
    ("<hr>", 0),
])
def test_only_blocks_markdown_keeps_whole_are_set_aside(text, set_aside):
    assert len(html_blocks.set_aside(text)[1]) == set_aside
    assert squeezed(through_set_aside(text)) == squeezed(converted(text))


def test_a_block_markdown_did_not_keep_as_a_paragraph_is_an_error():
    kept, blocks = html_blocks.set_aside("<div>one</div>")
    with pytest.raises(ValueError, match="not put back"):
        html_blocks.put_back(f"<pre>{kept}</pre>", blocks)
