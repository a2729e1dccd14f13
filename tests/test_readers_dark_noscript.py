"""Dark mode with JavaScript off: a dark device gets the same dark (slate) page as with JavaScript on, axe clean; a light
device keeps the light page. The stylesheet that does it is made from the installed theme, not copied into the repository.
"""

import json
import re

import pytest
from browsing import load_axe, run_axe, settle
from conftest import force_names, nonempty, package_folders

from pipeline import paths
from pipeline.pages import noscript_palette
from pipeline.pages.forces import slug

SITE_PALETTE = {"scheme": "default", "primary": "indigo", "accent": "indigo"}
LINKED = re.compile(r"<noscript>(?:(?!</noscript>).)*?href=\"[^\"]*" + re.escape(noscript_palette.STYLESHEET) + r"\"", re.S)


def page_kinds() -> list[str]:
    """One page of each kind the site has: hand-written, indexes, a package, a chart, a police force, the A–Z, the 404."""
    folder = package_folders()[0]
    chart = json.loads((folder / paths.CHARTS_NAME).read_text(encoding="utf-8"))[0]["id"]
    pages = ["index.html", "about.html", "packages/index.html", f"packages/{folder.name}.html", "charts/index.html",
             f"charts/{chart}.html", "az.html", "changes.html", "validation.html", "404.html"]
    forces = force_names()
    pages += ["forces/index.html", f"forces/{slug(forces[0])}.html"] if forces else []
    return nonempty(pages, "page kinds")


PAGE_KINDS = page_kinds()
# What the reader sees of the colour scheme: the page, its text, its links and its header.
SCHEME_COLOURS = """() => {
    const style = (element) => element ? getComputedStyle(element) : null;
    const body = style(document.body), link = style(document.querySelector('.md-content a')),
          header = style(document.querySelector('.md-header'));
    return {background: body.backgroundColor, text: body.color, link: link && link.color,
            header: header && header.backgroundColor, scheme: body.colorScheme};
}"""


# With JavaScript off the browser runs no timer callback, and axe waits on setTimeout between its steps: run each
# callback as a promise reaction instead (those still run), after the page has rendered without any of its scripts.
TIMERS_AS_PROMISES = """() => {
    window.setTimeout = (callback, delay, ...args) => { Promise.resolve().then(() => callback(...args)); return 0; };
    window.requestAnimationFrame = (callback) => { Promise.resolve().then(() => callback(performance.now())); return 0; };
}"""


def brightness(css_colour: str) -> float:
    """The mean of the red, green and blue channels of an rgb()/rgba() colour, 0 to 255."""
    red, green, blue = (float(part) for part in re.findall(r"[\d.]+", css_colour)[:3])
    return (red + green + blue) / 3


# The theme's stylesheet as a stand-in: strings, comments and lists that a naive reading would cut in the wrong place.
THEME_LIKE = """@charset "utf-8";/* a { } comment */
:root,[data-md-color-scheme=default]{--md-hue:225deg;--icon:url("data:image/svg+xml,<svg a='{'>,</svg>")}
@media screen{[data-md-color-scheme=slate]{color-scheme:dark;--md-default-bg-color:#1e2129}
[data-md-color-scheme=slate] img[src$="#only-light"],.other{display:none}}
[data-md-color-scheme=slate][data-md-color-primary=indigo]{--md-typeset-a-color:#5488e8}
[data-md-color-scheme=slate][data-md-color-primary=pink]{--md-typeset-a-color:#ed5487}
[data-md-color-primary=indigo]:not([data-md-color-scheme=slate]),[data-md-color-scheme=default]{--x:1}
@keyframes spin{from{color:red}to{color:blue}}"""


def test_the_dark_rules_are_those_of_the_dark_scheme_rewritten_for_the_sites_own():
    made = noscript_palette.stylesheet([THEME_LIKE], SITE_PALETTE)
    body = made.split(noscript_palette.DEVICE_ASKS_FOR_DARK + "{", 1)[1]
    assert body.rstrip().endswith("}") and "slate" not in body
    assert "@media screen{[data-md-color-scheme=default]{color-scheme:dark;--md-default-bg-color:#1e2129}}" in body
    assert '@media screen{[data-md-color-scheme=default] img[src$="#only-light"]{display:none}}' in body
    assert "[data-md-color-scheme=default][data-md-color-primary=indigo]{--md-typeset-a-color:#5488e8}" in body
    assert "pink" not in body and "--md-hue" not in body and "--x" not in body and "keyframes" not in body


def test_another_primary_colour_takes_its_own_link_colour():
    made = noscript_palette.stylesheet([THEME_LIKE], {**SITE_PALETTE, "scheme": "custom", "primary": "pink"})
    assert "[data-md-color-scheme=custom][data-md-color-primary=pink]{--md-typeset-a-color:#ed5487}" in made
    assert "indigo" not in made


def test_a_theme_without_a_dark_scheme_stops_the_build():
    with pytest.raises(ValueError, match="no \\[data-md-color-scheme=slate\\] rule"):
        noscript_palette.stylesheet(["[data-md-color-scheme=default]{color:red}"], SITE_PALETTE)


def test_the_installed_theme_gives_the_dark_background_and_this_sites_link_colour():
    made = noscript_palette.stylesheet(noscript_palette.theme_stylesheets(), noscript_palette.palette_settings(
        {"theme": {"palette": SITE_PALETTE}}))
    assert "[data-md-color-scheme=default]{color-scheme:dark;" in made and "--md-default-bg-color:" in made
    assert "[data-md-color-scheme=default][data-md-color-primary=indigo]{--md-typeset-a-color:" in made


def test_every_page_of_the_theme_links_the_stylesheet_inside_noscript(built_site):
    pages = [page for page in built_site.rglob("*.html") if not page.relative_to(built_site).as_posix().startswith("embed/")]
    unlinked = [page.relative_to(built_site).as_posix() for page in pages
                if not LINKED.search(page.read_text(encoding="utf-8"))]
    assert (built_site / noscript_palette.STYLESHEET).is_file()
    assert len(pages) >= len(PAGE_KINDS) and unlinked == []


@pytest.fixture(scope="module")
def reader_tabs(browser):
    """One tab, in a browser context of its own, for each way a reader may come: JavaScript on or off, device light or
    dark. Each visit loads a new document in it, so nothing of the last visit's page stays (its scripts, axe, timers)."""
    made = {(script, scheme): browser.new_context(java_script_enabled=script == "on", color_scheme=scheme,
                                                  viewport={"width": 390, "height": 800})
            for script, scheme in [("off", "dark"), ("off", "light"), ("on", "dark")]}
    yield {way: context.new_page() for way, context in made.items()}
    for context in made.values():
        context.close()


def visit(reader_tabs, site_url: str, page_path: str, script: str, scheme: str, axe: bool = False) -> tuple[dict, list]:
    """The colours of the page as a reader with this setting sees them, and axe's violations when asked for."""
    page = reader_tabs[(script, scheme)]
    page.goto(site_url + page_path, wait_until="load")
    settle(page)
    colours = page.evaluate(SCHEME_COLOURS)
    if axe:
        if script == "off":
            page.evaluate(TIMERS_AS_PROMISES)
        load_axe(page)
    return colours, run_axe(page) if axe else []


@pytest.mark.parametrize("page_path", PAGE_KINDS)
def test_without_javascript_a_dark_device_gets_the_dark_page(reader_tabs, site_url, page_path):
    colours, violations = visit(reader_tabs, site_url, page_path, "off", "dark", axe=True)
    with_script, _ = visit(reader_tabs, site_url, page_path, "on", "dark")
    assert brightness(colours["background"]) < 60, colours
    assert colours == with_script  # the same slate page as with JavaScript on: background, text, links, header
    assert violations == []


@pytest.mark.parametrize("page_path", PAGE_KINDS)
def test_without_javascript_a_light_device_keeps_the_light_page(reader_tabs, site_url, page_path):
    colours, violations = visit(reader_tabs, site_url, page_path, "off", "light", axe=True)
    assert brightness(colours["background"]) > 250 and colours["scheme"] == "light", colours
    assert violations == []
