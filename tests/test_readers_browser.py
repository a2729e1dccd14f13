"""Every built page in headless Chromium: same origin only, nothing stored, no CSP violations, axe clean, quick exit works."""

import json
from urllib.parse import urlparse

import pytest

from pipeline import paths
from pipeline.pages.forces import slug
from tests.conftest import force_names, package_folders

AXE = paths.ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
NEUTRAL_HOST = "www.bbc.co.uk"
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const where = `${event.sourceFile}:${event.lineNumber}`;
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"} in ${where}`);
});
"""


def expected_pages() -> list[str]:
    """Every page the build should publish, worked out from the sources, so tests can be parametrized before it runs."""
    pages = ["404.html", "packages/index.html", "charts/index.html", "changes.html", "validation.html", "az.html"]
    pages += [f"{page.stem}.html" for page in sorted(paths.DOCS.glob("*.md"))]
    for folder in package_folders():
        pages.append(f"packages/{folder.name}.html")
        pages += [f"charts/{chart['id']}.html" for chart in json.loads((folder / paths.CHARTS_NAME).read_text())]
    forces = force_names()
    pages += ["forces/index.html"] * bool(forces) + [f"forces/{slug(name)}.html" for name in forces]
    return sorted(pages)


PAGES = expected_pages()
SCHEMES = ["light", "dark"]


def test_every_built_page_is_checked(built_site):
    """Every theme page is in the list; embed pages stand alone and are checked with the embeds."""
    built = sorted(page.relative_to(built_site).as_posix() for page in built_site.rglob("*.html"))
    assert [page for page in built if not page.startswith("embed/")] == PAGES


@pytest.fixture
def open_page(browser, site_url):
    """Open a page in a fresh context that records every request, console error and CSP violation; off-origin requests are refused."""
    contexts = []

    def open_(page_path: str, **options):
        context = browser.new_context(**options)
        contexts.append(context)
        record = {"requests": [], "off_origin": [], "errors": []}
        origin = urlparse(site_url).netloc

        def route(route_):
            url = route_.request.url
            record["requests"].append(url)
            if urlparse(url).scheme in ("http", "https") and urlparse(url).netloc != origin:
                record["off_origin"].append(url)
                route_.abort()
            else:
                route_.continue_()

        context.route("**/*", route)
        context.add_init_script(RECORD_VIOLATIONS)
        page = context.new_page()
        page.on("console", lambda message: message.type == "error" and record["errors"].append(message.text))
        page.on("pageerror", lambda error: record["errors"].append(str(error)))
        page.goto(site_url + page_path, wait_until="load")
        return page, record

    yield open_
    for context in contexts:
        context.close()


def stored_anything(page) -> dict:
    """What the page can see in the browser's storage for this site."""
    return page.evaluate("""async () => ({
        cookies: document.cookie,
        localStorage: Object.keys(localStorage),
        sessionStorage: Object.keys(sessionStorage),
        indexedDB: (await indexedDB.databases()).map((database) => database.name),
        caches: await caches.keys(),
    })""")


def scheme_after_change(page, expected: str) -> str:
    """The body's colour scheme once the media change has been handled (polled: the page's CSP forbids eval)."""
    for _ in range(50):
        scheme = page.evaluate("document.body.dataset.mdColorScheme")
        if scheme == expected:
            break
        page.wait_for_timeout(20)
    return scheme


@pytest.mark.parametrize("page_path", PAGES)
def test_page_asks_only_its_own_site_and_stores_nothing(open_page, page_path):
    page, record = open_page(page_path, color_scheme="light")
    for key in ["Tab", "Tab", "Tab", "Shift", "End", "Home"]:
        page.keyboard.press(key)
    page.emulate_media(color_scheme="dark")
    assert scheme_after_change(page, "slate") == "slate"
    page.emulate_media(color_scheme="light")
    assert scheme_after_change(page, "default") == "default"
    menu = page.locator("label.md-header__button[for=__drawer]")
    if menu.is_visible():
        menu.click()
    page.reload(wait_until="load")
    assert record["requests"], "the route recorded no requests"
    assert record["off_origin"] == []
    assert page.evaluate("window.__cspViolations") == [] and record["errors"] == []
    assert page.context.cookies() == []
    assert stored_anything(page) == {"cookies": "", "localStorage": [], "sessionStorage": [], "indexedDB": [], "caches": []}


@pytest.mark.parametrize("page_path", PAGES)
def test_page_has_no_csp_violations_or_console_errors(open_page, page_path, built_site):
    html = (built_site / page_path).read_text(encoding="utf-8")
    policy = html.split('http-equiv="Content-Security-Policy" content="', 1)[1].split('"', 1)[0]
    assert "default-src 'self'" in policy and "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "http" not in policy, "the policy names another host"
    page, record = open_page(page_path, color_scheme="dark")
    assert page.evaluate("window.__cspViolations") == []
    assert record["errors"] == []
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate", "the inline scheme script did not run"


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("page_path", PAGES)
def test_page_has_no_axe_violations(open_page, page_path, scheme):
    assert AXE.exists(), "node_modules/axe-core is missing: run 'npm ci' (make test does)"
    page, _ = open_page(page_path, color_scheme=scheme)
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    assert result["passes"], "axe ran no checks"
    violations = [
        f"{violation['id']}: {violation['help']} at {[node['target'] for node in violation['nodes']]}"
        for violation in result["violations"]
    ]
    assert violations == []


@pytest.fixture
def neutral_site(browser):
    """A context where the neutral site is answered locally, so leaving uses no network; records what was asked of it."""
    context = browser.new_context()
    asked = []

    def answer(route):
        asked.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body="<!doctype html><title>Weather</title><p>Weather</p>")

    context.route(f"https://{NEUTRAL_HOST}/**", answer)
    yield context, asked
    context.close()


def open_after_home(context, site_url, page_path):
    """Open another page of this site, then page_path, so the history holds this site twice; return the page and history.length."""
    page = context.new_page()
    page.goto(site_url + ("about.html" if page_path == "index.html" else "index.html"))
    page.goto(site_url + page_path)
    return page, page.evaluate("history.length")


@pytest.mark.parametrize("page_path", PAGES)
def test_quick_exit_is_the_first_tab_stop(browser, site_url, page_path):
    context = browser.new_context()
    page = context.new_page()
    page.goto(site_url + page_path)
    page.keyboard.press("Tab")
    focused = page.evaluate("[document.activeElement.hasAttribute('data-quick-exit'), document.activeElement.textContent.trim()]")
    has_skip_link = page.locator(".readers-skip").count() == 1
    page.keyboard.press("Tab")
    second = page.evaluate("document.activeElement.textContent.trim()")
    context.close()
    assert focused == [True, "Exit this page"]
    if has_skip_link:
        assert second == "Skip to content"


@pytest.mark.parametrize("page_path", PAGES)
def test_quick_exit_by_click_replaces_this_page(neutral_site, site_url, page_path):
    context, asked = neutral_site
    page, history_before = open_after_home(context, site_url, page_path)
    page.locator("[data-quick-exit]").click()
    page.wait_for_url(f"https://{NEUTRAL_HOST}/**")
    assert [urlparse(url).netloc for url in asked] == [NEUTRAL_HOST]
    assert page.evaluate("history.length") == history_before
    page.go_back()
    assert page.url == site_url + ("about.html" if page_path == "index.html" else "index.html"), "Back should skip the page left"


@pytest.mark.parametrize("page_path", PAGES)
def test_quick_exit_by_pressing_shift_three_times(neutral_site, site_url, page_path):
    context, asked = neutral_site
    page, history_before = open_after_home(context, site_url, page_path)
    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(f"https://{NEUTRAL_HOST}/**")
    assert [urlparse(url).netloc for url in asked] == [NEUTRAL_HOST]
    assert page.evaluate("history.length") == history_before


def test_typing_capital_letters_does_not_leave(neutral_site, site_url):
    context, asked = neutral_site
    page, _ = open_after_home(context, site_url, "about.html")
    page.keyboard.press("Shift+A")
    page.keyboard.press("Shift+B")
    page.keyboard.press("Shift+C")
    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.wait_for_timeout(300)
    assert asked == []
    assert page.url == site_url + "about.html"


@pytest.mark.parametrize("page_path", PAGES)
def test_page_works_without_javascript(browser, site_url, page_path):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + page_path, wait_until="load")
    exit_link = page.locator("[data-quick-exit]")
    link = [exit_link.count(), exit_link.get_attribute("href"), exit_link.get_attribute("rel"), exit_link.is_visible()]
    support = page.locator(".support-box").inner_text()
    images = page.evaluate("""[...document.querySelectorAll('.chart img')].map((image) => ({
        loaded: image.complete && image.naturalWidth > 0,
        shown: image.getBoundingClientRect().width > 100 && getComputedStyle(image).visibility === 'visible',
        alt: image.alt,
        summary: (document.getElementById(image.getAttribute('aria-describedby')) || {}).textContent || '',
        table: !!image.closest('figure').nextElementSibling.querySelector('table'),
    }))""")
    context.close()
    assert link == [1, f"https://{NEUTRAL_HOST}/weather", "noreferrer", True]
    assert "999" in support and "0808 802 0300" in support
    for image in images:
        assert image["loaded"] and image["shown"], image
        assert len(image["alt"]) > 20 and len(image["summary"]) > 40 and image["table"], image


def test_charts_are_on_the_pages_that_should_have_them(built_site):
    charted = [page for page in PAGES if '<figure class="chart"' in (built_site / page).read_text(encoding="utf-8")]
    assert "index.html" in charted and all(page in charted for page in PAGES if page.startswith("charts/") and page != "charts/index.html")


@pytest.mark.parametrize("page_path", PAGES)
def test_page_fits_a_320_pixel_screen(browser, site_url, page_path):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(site_url + page_path, wait_until="load")
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    context.close()
    assert widths[0] <= widths[1]


@pytest.mark.parametrize("page_path", ["index.html", "packages/pas-survey-2011.html"])
def test_page_fits_at_200_percent_zoom(browser, site_url, page_path):
    context = browser.new_context(viewport={"width": 640, "height": 400}, device_scale_factor=2)
    page = context.new_page()
    page.goto(site_url + page_path, wait_until="load")
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    context.close()
    assert widths[0] <= widths[1]
