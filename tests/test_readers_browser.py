"""Every built page in headless Chromium: same origin only, nothing stored, no CSP violations, axe clean, quick exit works."""

import json
from pathlib import Path
from urllib.parse import urlparse

import pytest

from pipeline import paths
from tests.conftest import package_folders

AXE = paths.ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
NEUTRAL_HOST = "www.bbc.co.uk"
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"} in ${event.sourceFile}:${event.lineNumber}`);
});
"""


def expected_pages() -> list[str]:
    """Every page the build should publish, worked out from the sources, so tests can be parametrized before it runs."""
    pages = ["404.html", "packages/index.html"]
    pages += [f"{page.stem}.html" for page in sorted(paths.DOCS.glob("*.md"))]
    for folder in package_folders():
        pages.append(f"packages/{folder.name}.html")
        pages += [f"charts/{chart['id']}.html" for chart in json.loads((folder / paths.CHARTS_NAME).read_text())]
    return sorted(pages)


PAGES = expected_pages()
SCHEMES = ["light", "dark"]


def test_every_built_page_is_checked(built_site):
    built = sorted(page.relative_to(built_site).as_posix() for page in built_site.rglob("*.html"))
    assert built == PAGES


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


@pytest.mark.parametrize("page_path", PAGES)
def test_page_asks_only_its_own_site_and_stores_nothing(open_page, page_path):
    page, record = open_page(page_path, color_scheme="light")
    for key in ["Tab", "Tab", "Tab", "Shift", "End", "Home"]:
        page.keyboard.press(key)
    page.emulate_media(color_scheme="dark")
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    page.emulate_media(color_scheme="light")
    assert page.evaluate("document.body.dataset.mdColorScheme") == "default"
    menu = page.locator("label.md-header__button[for=__drawer]")
    if menu.is_visible():
        menu.click()
    page.reload(wait_until="load")
    assert record["requests"], "the route recorded no requests"
    assert record["off_origin"] == []
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
