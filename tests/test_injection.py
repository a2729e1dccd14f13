"""Hostile text in every field of a package is published as inert text: no script runs, no element or attribute is injected."""

import json
import shutil
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from conftest import serve_folder

from pipeline import build, escape, paths

pytestmark = pytest.mark.xdist_group("hostile-site")  # its session fixture is built once, on one worker

HOSTILE = Path(__file__).parent / "fixtures" / "hostile" / "worcester-hmic-2017"  # replaces the shipped package of that name

PAGE_CHECKS = """() => {
  const found = [];
  if (window.__pwned !== undefined) found.push('window.__pwned = ' + window.__pwned);
  for (const element of document.querySelectorAll('*')) {
    for (const attribute of element.attributes) {
      if (attribute.name.startsWith('on')) found.push(`<${element.tagName}> has handler ${attribute.name}`);
    }
  }
  for (const element of document.querySelectorAll('[id^="injected-"], img[src="x"], a[href^="javascript:" i]')) {
    found.push('injected element ' + element.outerHTML.slice(0, 80));
  }
  for (const element of document.querySelectorAll('strong, em, code, a')) {
    if (/bold-|link-/.test(element.textContent) && element.textContent.length < 40) {
      found.push('Markdown became markup: ' + element.outerHTML.slice(0, 80));
    }
  }
  for (const script of document.querySelectorAll('script')) {
    if (script.textContent.includes('__pwned') && script.type !== 'application/ld+json') found.push('script element holds the payload');
    if (script.type === 'application/ld+json') {
      if (script.textContent.includes('<')) found.push('JSON-LD holds a raw <');
      try { JSON.parse(script.textContent); } catch (error) { found.push('JSON-LD does not parse: ' + error); }
    }
  }
  return found;
}"""


@pytest.fixture(scope="session")
def hostile_site(built_site, tmp_path_factory) -> Path:
    """The shipped packages with Worcester's every text field made hostile, built for real (from the cache of the
    shipped site's build, as a developer's rebuild would be: what the hostile text reaches is made again).

    Keeping its name means the hand-written pages and the cross-package chart quote its figures too.
    """
    root = tmp_path_factory.mktemp("hostile-data")
    for folder in sorted(paths.DATAPACKAGES.iterdir()):
        if folder.is_dir() and folder.name != HOSTILE.name:
            shutil.copytree(folder, root / folder.name)
    shutil.copytree(HOSTILE, root / HOSTILE.name)
    site = tmp_path_factory.mktemp("hostile-site") / "site"
    build.build(site=site, docs=tmp_path_factory.mktemp("hostile-docs") / "docs", datapackages=root)
    return site


@pytest.fixture(scope="session")
def hostile_url(hostile_site):
    server = serve_folder(hostile_site)
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def test_no_injected_script_element_or_attribute_on_any_page(hostile_site, hostile_url, browser):
    pages = sorted(path.relative_to(hostile_site).as_posix() for path in hostile_site.rglob("*.html"))
    assert "packages/worcester-hmic-2017.html" in pages and "charts/hostile-stages.html" in pages
    context = browser.new_context(java_script_enabled=True)
    dialogs, foreign = [], []
    context.on("request", lambda request: foreign.append(request.url) if not request.url.startswith(hostile_url) else None)
    problems = {}
    page = context.new_page()  # one tab for every page: each load is a new document, with a new window and scripts
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for name in pages:
        page.goto(hostile_url + name, wait_until="load")
        page.wait_for_timeout(50)
        found = page.evaluate(PAGE_CHECKS)
        if found:
            problems[name] = found
    context.close()
    assert problems == {}
    assert dialogs == []
    assert foreign == []


def test_hostile_text_is_shown_as_text(hostile_url, browser):
    """Inert is not the same as dropped: the reader sees the characters that were written."""
    page = browser.new_page()
    page.goto(hostile_url + "packages/worcester-hmic-2017.html", wait_until="load")
    body = page.inner_text("body")
    for written in ('<b id="injected-description">x</b>', "[link-description](javascript:window.__pwned=1)",
                    "**bold-description**", "{{ 7*7 }}{% raw %}", "<!-- data:package-count -->",
                    '<b id="injected-figure1-quote">x</b>', '<b id="injected-source1-publisher">x</b>',
                    '<b id="injected-field-sources-notes">x</b>', '<b id="injected-label-completely-positive">x</b>'):
        assert written in body, written
    assert page.title().startswith('Hostile <script>window.__pwned="title"</script>')
    description = page.get_attribute('meta[name="description"]', "content")
    assert description.startswith('<script>window.__pwned="description"</script>')
    assert page.locator("a", has_text="Hostile <script>").count() >= 1  # the navigation entry, as text
    page.goto(hostile_url + "charts/hostile-stages.html", wait_until="load")
    assert page.get_attribute("figure.chart img", "alt").startswith('Chart: <script>window.__pwned="stages-title"')
    page.goto(hostile_url + "index.html", wait_until="load")
    facts = page.locator("section.key-facts").inner_text()  # a key fact names its source: here as plain text
    assert '<script>window.__pwned="source1-publisher"</script>' in facts, facts
    page.goto(hostile_url + "charts/report-to-conviction.html", wait_until="load")
    # the table sits in a closed <details>: read its text, not what shows
    assert 'Hostile <script>window.__pwned="title"</script>' in page.text_content("table.data-table")
    page.close()


def test_svg_text_is_escaped(hostile_site):
    svgs = sorted((hostile_site / "charts").glob("*.svg"))
    assert len(svgs) >= 4
    carrying_hostile_text = []
    for svg in svgs:
        tree = ElementTree.parse(svg)
        for element in tree.iter():
            assert element.tag.split("}")[-1] not in ("script", "foreignObject"), svg.name
            for name, value in element.attrib.items():
                assert not name.split("}")[-1].lower().startswith("on"), (svg.name, name)
                assert not value.strip().lower().startswith("javascript:"), (svg.name, name)
        texts = " ".join(element.text or "" for element in tree.iter())
        if '<b id="injected-' in texts:  # the hostile text is there, as text
            carrying_hostile_text.append(svg.name)
    assert {"hostile-stages.svg", "police-response.svg", "report-to-conviction.svg"} <= set(carrying_hostile_text)


def test_addresses_are_only_http():
    assert escape.address("https://example.org/a") == "https://example.org/a"
    for hostile in ("javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,<script>", "//evil.example/x",
                    "vbscript:x", "https://example.org/\"onclick=x", "/relative", ""):
        assert escape.address(hostile) is None, hostile


def test_json_for_script_cannot_close_its_block():
    text = str(escape.json_for_script({"name": "</script><script>alert(1)</script>&"}))
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"name": "</script><script>alert(1)</script>&"}


def test_page_meta_is_escaped_json():
    text = str(escape.page_meta('A "title" </title><script>'))
    assert json.loads(text) == "A &quot;title&quot; &lt;/title&gt;&lt;script&gt;"
