"""Every built page in headless Chromium: same origin only, nothing stored, no CSP violations, axe clean, quick exit works.

Each page is opened once for everything that needs JavaScript; axe is loaded into it once and run in both colour schemes.
"""

import json

import pytest
from browsing import (  # AXE, AXE_TAGS and RECORD_VIOLATIONS are imported from here by other test modules
    AXE,  # noqa: F401
    AXE_TAGS,  # noqa: F401
    COLOUR_RULES,
    NEUTRAL_HOST,
    NOTHING_STORED,
    RECORD_VIOLATIONS,  # noqa: F401
    PageOpener,
    answer_neutral,
    csp_violations,
    differences,
    load_axe,
    navigations,
    page_but_colours,
    record_navigations,
    run_axe,
    scheme_after_change,
    settle,
    stop_answering_neutral,
    stored_anything,
)
from conftest import force_names, nonempty, package_folders

from pipeline import paths
from pipeline.pages.forces import slug


def expected_pages() -> list[str]:
    """Every page the build should publish, worked out from the sources, so tests can be parametrized before it runs."""
    pages = ["404.html", "packages/index.html", "charts/index.html", "changes.html", "validation.html", "az.html"]
    pages += [f"{page.stem}.html" for page in sorted(paths.DOCS.glob("*.md"))]
    for folder in package_folders():
        pages.append(f"packages/{folder.name}.html")
        pages += [f"charts/{chart['id']}.html" for chart in json.loads((folder / paths.CHARTS_NAME).read_text())]
    forces = force_names()
    pages += ["forces/index.html"] * bool(forces) + [f"forces/{slug(name)}.html" for name in forces]
    return nonempty(sorted(pages), "pages")


PAGES = expected_pages()
SCHEMES = ["light", "dark"]
DESKTOP = {"width": 1280, "height": 720}


def test_every_built_page_is_checked(built_site):
    """Every theme page is in the list; embed pages stand alone and are checked with the embeds."""
    built = sorted(page.relative_to(built_site).as_posix() for page in built_site.rglob("*.html"))
    assert [page for page in built if not page.startswith("embed/")] == PAGES


def other_page(page_path: str) -> str:
    """A page of this site to open before page_path, so Back has somewhere on the site to go: a short one (each test
    starts it twice: before the page and on going Back), not the home page with its charts."""
    return "changes.html" if page_path == "about.html" else "about.html"


def leave_by_shift(page) -> None:
    for _ in range(3):
        page.keyboard.press("Shift")


def leave_by_click(page) -> None:
    page.locator("[data-quick-exit]").click()


def quick_exit(page, record, site_url: str, page_path: str, leave) -> dict:
    """Leave by the quick exit from page_path opened after another page; what happened to the history and the network."""
    asked_before = len(record["neutral"])
    history = page.evaluate("history.length")
    leave(page)
    page.wait_for_url(f"https://{NEUTRAL_HOST}/**")
    seen = {"asked": record["neutral"][asked_before:], "history kept its length": page.evaluate("history.length") == history}
    # loaded, not only committed: the next visit must not start while this page is still loading (a navigation started
    # then could take its place in the history rather than follow it)
    page.go_back(wait_until="load")
    seen["Back goes to"] = page.url.removeprefix(site_url)
    return seen


def quick_exit_in_place(page, record, site_url: str, leave) -> dict:
    """Try the quick exit while the neutral site answers 204 No Content (answer_neutral(stay=True)): the way out sets off
    but does not commit, so the same document stays and tells how it set off (replacing this page in the history, or
    adding an entry after it) and what was asked. quick_exit() shows the other way out really leaving."""
    asked_before = len(record["neutral"])
    record_navigations(page)
    with page.expect_response(f"https://{NEUTRAL_HOST}/**"):
        leave(page)
    return {"asked": record["neutral"][asked_before:], "navigations": navigations(page), "still on": page.url.removeprefix(site_url)}


@pytest.fixture(scope="module")
def reader_tab(browser, site_url):
    """One watched tab in which this worker visits every page in turn, as a reader moves through the site: a context of
    its own for each page (its start, and a cache cold every time) cost more than the page's checks. Each visit is a new
    document; what can carry over from page to page (cookies, storage, history) is what the test looks for."""
    opener = PageOpener(browser, site_url)
    yield opener.tab(color_scheme="dark")
    opener.close()


@pytest.mark.parametrize("page_path", PAGES)
def test_page_in_chromium(reader_tab, built_site, site_url, page_path):
    """One visit: policy, tab order, both colour schemes with axe (every rule in dark; in light, where only colours
    differ, the colour rules), a 320-pixel screen with the menu opened, the quick exit by a click tried in place (its
    neutral site answered 204, so the page stays), nothing stored and no other host asked, then the page left for good by
    the quick exit by Shift three times."""
    html = (built_site / page_path).read_text(encoding="utf-8")
    policy = html.split('http-equiv="Content-Security-Policy" content="', 1)[1].split('"', 1)[0]
    assert "default-src 'self'" in policy and "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "http" not in policy, "the policy names another host"

    page, record = reader_tab
    before = {key: len(entries) for key, entries in record.items()}

    def recorded(key: str) -> list[str]:
        """What the watcher recorded during this test."""
        return record[key][before[key]:]

    page.set_viewport_size(DESKTOP)
    page.emulate_media(color_scheme="dark")
    if page.url != site_url + other_page(page_path):  # the last visit ended there, on going Back
        page.goto(site_url + other_page(page_path), wait_until="load")  # in the history, so Back has a page of the site
    page.goto(site_url + page_path, wait_until="load")
    seen = {"scheme at load (the inline script ran)": page.evaluate("document.body.dataset.mdColorScheme")}

    load_axe(page)
    seen["axe, dark"] = run_axe(page)
    dark = page_but_colours(page)
    page.emulate_media(color_scheme="light")
    seen["scheme after the device turned light"] = scheme_after_change(page, "default")
    settle(page)
    seen["in light only colours changed"] = differences(dark, page_but_colours(page))
    seen["axe, light (the colour rules)"] = run_axe(page, COLOUR_RULES)
    page.emulate_media(color_scheme="dark")
    seen["scheme after the device turned dark"] = scheme_after_change(page, "slate")
    page.keyboard.press("Tab")
    seen["first tab stop"] = page.evaluate("[document.activeElement.hasAttribute('data-quick-exit'),"
                                           " document.activeElement.textContent.trim()]")
    page.keyboard.press("Tab")
    seen["second tab stop is the skip link"] = page.evaluate("document.activeElement.classList.contains('readers-skip')")
    for key in ["Tab", "Shift", "End", "Home"]:
        page.keyboard.press(key)

    page.set_viewport_size({"width": 320, "height": 640})
    seen["fits 320 pixels"] = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    menu = page.locator("label.md-header__button[for=__drawer]")
    seen["menu button shown at 320 pixels"] = menu.is_visible()
    if seen["menu button shown at 320 pixels"]:  # a hidden button cannot be clicked; the comparison below reports it
        menu.click()
    seen["menu opened"] = page.locator("#__drawer").is_checked()

    answer_neutral(page.context, stay=True)
    try:
        seen["quick exit by a click, tried in place"] = quick_exit_in_place(page, record, site_url, leave_by_click)
    finally:
        stop_answering_neutral(page.context)
    seen["CSP violations"] = csp_violations(page)  # of the whole visit: the document is gone once the page is left
    seen["storage"] = stored_anything(page)
    answer_neutral(page.context)
    try:
        seen["quick exit by Shift three times"] = quick_exit(page, record, site_url, page_path, leave_by_shift)
    finally:
        stop_answering_neutral(page.context)
    seen["console errors"] = recorded("errors")
    seen["requests to other hosts"] = recorded("off_origin")
    seen["cookies"] = page.context.cookies()
    assert recorded("requests"), "the watcher saw no request at all"

    neutral = f"https://{NEUTRAL_HOST}/weather"
    assert seen == {
        "scheme at load (the inline script ran)": "slate",
        "first tab stop": [True, "Exit this page"],
        "second tab stop is the skip link": page_path != "404.html",  # the 404 page has no headings to skip to
        "axe, dark": [],
        "scheme after the device turned light": "default",
        "in light only colours changed": [],
        "axe, light (the colour rules)": [],
        "scheme after the device turned dark": "slate",
        "fits 320 pixels": True,
        "menu button shown at 320 pixels": True,
        "menu opened": True,
        "CSP violations": [],
        "console errors": [],
        "requests to other hosts": [],
        "cookies": [],
        "storage": NOTHING_STORED,
        "quick exit by a click, tried in place": {"asked": [neutral], "navigations": [["replace", neutral]], "still on": page_path},
        "quick exit by Shift three times": {"asked": [neutral], "history kept its length": True, "Back goes to": other_page(page_path)},
    }


def test_axe_reports_text_too_faint_to_read(open_page):
    """The axe runs above can fail: grey text added on a grey ground is reported by both, in either colour scheme."""
    for scheme in SCHEMES:
        page, _ = open_page("about.html", color_scheme=scheme)
        load_axe(page)
        page.evaluate("""() => {
            const faint = document.createElement('p');
            faint.textContent = 'Grey words on a grey ground';
            faint.style.cssText = 'color: #777; background: #888';
            document.querySelector('article').append(faint);
        }""")
        for rules in (None, COLOUR_RULES):
            assert any(line.startswith("color-contrast:") for line in run_axe(page, rules)), (scheme, rules)


def test_typing_capital_letters_does_not_leave(open_page, site_url):
    page, record = open_page("about.html", after="index.html")
    answer_neutral(page.context)
    page.keyboard.press("Shift+A")
    page.keyboard.press("Shift+B")
    page.keyboard.press("Shift+C")
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.wait_for_timeout(300)
    assert record["neutral"] == []
    assert page.url == site_url + "about.html"


@pytest.fixture(scope="module")
def script_free(browser):
    """One tab with JavaScript off for every page (nothing a page does there can outlive it: each load is a new document)."""
    context = browser.new_context(java_script_enabled=False)
    yield context.new_page()
    context.close()


def charts_on(html: str) -> int:
    return html.count('<figure class="chart"')


@pytest.mark.parametrize("page_path", PAGES)
def test_page_works_without_javascript(script_free, built_site, site_url, page_path):
    page = script_free
    page.goto(site_url + page_path, wait_until="load")
    exit_link = page.locator("[data-quick-exit]")
    link = [exit_link.count(), exit_link.get_attribute("href"), exit_link.get_attribute("rel"), exit_link.is_visible()]
    support = page.locator(".support-box").inner_text()
    images = page.evaluate("""[...document.querySelectorAll('.chart img')].map((image) => ({
        loaded: image.complete && image.naturalWidth > 0,
        shown: image.getBoundingClientRect().width > 100 && getComputedStyle(image).visibility === 'visible',
        alt: image.alt.length > 20,
        summary: ((document.getElementById(image.getAttribute('aria-describedby')) || {}).textContent || '').length > 40,
        table: !!image.closest('figure').nextElementSibling.querySelector('table'),
    }))""")
    assert link == [1, f"https://{NEUTRAL_HOST}/weather", "noreferrer", True]
    assert "999" in support and "0808 802 0300" in support
    every_part = {"loaded": True, "shown": True, "alt": True, "summary": True, "table": True}
    assert images == [every_part] * charts_on((built_site / page_path).read_text(encoding="utf-8"))


def test_charts_are_on_the_pages_that_should_have_them(built_site):
    charted = [page for page in PAGES if charts_on((built_site / page).read_text(encoding="utf-8"))]
    assert "index.html" in charted and all(page in charted for page in PAGES if page.startswith("charts/") and page != "charts/index.html")


@pytest.mark.parametrize("page_path", ["index.html", "packages/pas-survey-2011.html"])
def test_page_fits_at_200_percent_zoom(browser, site_url, page_path):
    context = browser.new_context(viewport={"width": 640, "height": 400}, device_scale_factor=2)
    page = context.new_page()
    page.goto(site_url + page_path, wait_until="load")
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    context.close()
    assert widths[0] <= widths[1]
