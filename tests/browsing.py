"""Chromium helpers for tests that open pages: a watched context, CSP violations, storage, axe and the colour scheme."""

import re
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
# No host but this machine resolves: a request to any other host fails in the browser even if a test forgot to watch.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
NEUTRAL_HOST = "www.bbc.co.uk"
NEUTRAL_PAGE = "<!doctype html><title>Weather</title><p>Weather</p>"
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const where = `${event.sourceFile}:${event.lineNumber}`;
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"} in ${where}`);
});
"""
NOTHING_STORED = {"cookies": "", "localStorage": [], "sessionStorage": [], "indexedDB": [], "caches": []}


def other_hosts(site_url: str) -> re.Pattern:
    """Every http(s) address not on the site's own origin."""
    return re.compile(rf"^https?://(?!{re.escape(site_url.split('://', 1)[1].split('/', 1)[0])}/)")


def watch(context, site_url: str) -> dict:
    """Record every request of the context, and apart from those, the ones to the neutral site and to any other host
    (which fail: no other host resolves). No request is routed: a route sends every request of the context through
    Playwright's driver, which doubles the cost of a page load; answer_neutral() adds the one route a test that leaves
    needs."""
    record = {"requests": [], "off_origin": [], "errors": [], "neutral": []}
    elsewhere, neutral = other_hosts(site_url), f"https://{NEUTRAL_HOST}/"

    def note(request):
        record["requests"].append(request.url)
        if request.url.startswith(neutral):
            record["neutral"].append(request.url)
        elif elsewhere.match(request.url):
            record["off_origin"].append(request.url)

    context.on("request", note)
    context.add_init_script(RECORD_VIOLATIONS)
    return record


NEUTRAL_ADDRESSES = f"https://{NEUTRAL_HOST}/**"


def answer_neutral(context, stay: bool = False) -> None:
    """From now on, answer the quick exit's neutral site locally (as it does not resolve), so the page reaches it; with
    stay=True, answer it with 204 No Content instead: a navigation answered so does not commit, and the page that asked
    stays, as it was (a test can try a way out and still read the page it tried it from).
    While a route is set every request of the context passes through Playwright's driver: a context that goes on to
    other pages calls stop_answering_neutral() when done."""
    if stay:
        context.route(NEUTRAL_ADDRESSES, lambda route: route.fulfill(status=204))
    else:
        context.route(NEUTRAL_ADDRESSES, lambda route: route.fulfill(status=200, content_type="text/html", body=NEUTRAL_PAGE))


def stop_answering_neutral(context) -> None:
    context.unroute(NEUTRAL_ADDRESSES)


def record_navigations(page) -> None:
    """From now on, note in the current document each navigation it starts: its kind (push, replace, reload, traverse)
    and where to (the Navigation API's navigate event; evaluated through DevTools, so the page's CSP does not stop it)."""
    page.evaluate("""() => {
        window.__navigations = [];
        navigation.addEventListener('navigate', (event) => window.__navigations.push([event.navigationType, event.destination.url]));
    }""")


def navigations(page) -> list[list[str]]:
    """The navigations the current document has started since record_navigations(page)."""
    return page.evaluate("window.__navigations")


class PageOpener:
    """Opens pages of a served site, each in a context of its own that watch() records; closes them all at the end."""

    def __init__(self, browser, site_url: str):
        self.browser, self.site_url, self.contexts = browser, site_url, []

    def tab(self, **context_options):
        """A blank tab in a new watched context: (page, record)."""
        context = self.browser.new_context(**context_options)
        self.contexts.append(context)
        record = watch(context, self.site_url)
        page = context.new_page()
        page.on("console", lambda message: message.type == "error" and record["errors"].append(message.text))
        page.on("pageerror", lambda error: record["errors"].append(str(error)))
        return page, record

    def open(self, page_path: str, after: str | None = None, **context_options):
        page, record = self.tab(**context_options)
        if after is not None:
            page.goto(self.site_url + after, wait_until="load")
        page.goto(self.site_url + page_path, wait_until="load")
        return page, record

    def close(self) -> None:
        for context in self.contexts:
            context.close()


def csp_violations(page) -> list[str]:
    """The CSP violations the current document has reported since it loaded (read before any reload or navigation)."""
    return page.evaluate("window.__cspViolations")


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


def settle(page) -> None:
    """Wait until no CSS transition or animation is running (a colour caught mid-transition is not the colour shown)."""
    for _ in range(100):
        if page.evaluate("document.getAnimations().filter((animation) => animation.playState === 'running').length") == 0:
            return
        page.wait_for_timeout(20)


def load_axe(page) -> None:
    """Put axe-core into the page once (DevTools evaluation is not subject to the page's CSP); run_axe may then run often."""
    assert AXE.exists(), "node_modules/axe-core is missing: run 'npm ci' (make test does)"
    page.evaluate(AXE.read_text(encoding="utf-8"))


# The rules whose outcome can depend on colours. The two palettes give the same page in other colours (same_but_colours
# checks it: the same markup, boxes, visibility and type), so every other rule gives the same answer in both and only
# these need to run again in the second palette.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
PRELOAD_RULES = {"css-orientation-lock", "no-autoplay-audio"}  # the rules that read what axe preloads (style sheets, media)


def run_axe(page, rules: list[str] | None = None) -> list[str]:
    """axe's WCAG 2.2 AA violations on the page as it is now (of the given rules only, if any), one line each; fails when
    axe ran no check at all. Only violations get every node listed: a selector for each passing node is half axe's time."""
    run_only = {"type": "rule", "values": rules} if rules else {"type": "tag", "values": AXE_TAGS}
    # before it runs, axe fetches and parses every style sheet and media file (its "preload"), which few rules read
    preload = not rules or bool(set(rules) & PRELOAD_RULES)
    result = page.evaluate("([runOnly, preload]) => axe.run(document, {runOnly, preload, resultTypes: ['violations']})",
                           [run_only, preload])
    assert result["passes"] or result["violations"], "axe ran no checks"
    return [f"{violation['id']}: {violation['help']} at {[node['target'] for node in violation['nodes']]}"
            for violation in result["violations"]]


def page_but_colours(page) -> list[str]:
    """The page as every rule but the colour ones sees it: the body's markup, then each element's box, visibility and type."""
    return page.evaluate("""() => [document.body.innerHTML, ...[...document.body.querySelectorAll('*')].map((element) => {
        const box = element.getBoundingClientRect(), style = getComputedStyle(element);
        return [element.tagName, box.x, box.y, box.width, box.height, style.display, style.visibility, style.opacity,
                style.fontSize, style.fontWeight, style.fontStyle, style.textDecorationLine, style.overflowX, style.overflowY].join(' ');
    })]""")


def differences(before: list[str], after: list[str]) -> list[str]:
    """The first few entries that differ between two page_but_colours() readings (empty when they are the same)."""
    if len(before) != len(after):
        return [f"{len(before)} entries became {len(after)}"]
    return [f"{old[:200]} became {new[:200]}" for old, new in zip(before, after, strict=True) if old != new][:5]
