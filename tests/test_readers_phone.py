"""Charts drawn for the screen they are on: narrow on a phone, dark in dark mode, no text cut; the home page is short;
embed pages pass the same checks as every other page."""

import json
import re
import xml.etree.ElementTree as ET

import pytest

from pipeline.charts.dark import DARK_BACKGROUND, contrast_ratio, dark_counterpart
from pipeline.charts.kinds.common import PALETTE
from pipeline.charts.layout import MIN_FONT, NARROW_WIDTH
from tests.browsing import COLOUR_RULES, differences, load_axe, page_but_colours, run_axe, settle
from tests.conftest import package_folders
from tests.test_readers_browser import PAGES

CHARTS = [chart["id"] for folder in package_folders() for chart in json.loads((folder / "charts.json").read_text())
          if (folder / "charts.json").exists()]
CHART_PAGES = ["index.html"] + [page for page in PAGES if page.startswith("charts/") and page != "charts/index.html"]
HOME_HEIGHT_BEFORE = 9375  # px at 390 px wide, measured on the site before issue 12
WIDTHS = [320, 390, 1280]


def svg_texts(svg: str) -> list[tuple[float, str]]:
    """Each text element's font size and text."""
    root = ET.fromstring(svg)
    return [(float(node.get("font-size", "0px").rstrip("px") or 0), "".join(node.itertext()))
            for node in root.iter("{http://www.w3.org/2000/svg}text")]


@pytest.mark.parametrize("chart", CHARTS)
def test_narrow_drawing_fits_a_phone_with_text_of_12_px(built_site, chart):
    svg = (built_site / "charts" / f"{chart}.narrow.svg").read_text(encoding="utf-8")
    width = int(re.search(r'width="(\d+)', svg).group(1))
    assert width <= NARROW_WIDTH
    sizes = [size for size, _ in svg_texts(svg)]
    assert sizes and min(sizes) >= MIN_FONT


@pytest.fixture(scope="module")
def blank_page(browser):
    """One page for the module's drawings: each test puts its own content in it, so nothing of the last one stays."""
    context = browser.new_context()
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("suffix", ["svg", "narrow.svg"])
@pytest.mark.parametrize("chart", CHARTS)
def test_no_chart_label_is_cut(built_site, blank_page, chart, suffix):
    """No ellipsis, and every text element lies inside the drawing."""
    svg = (built_site / "charts" / f"{chart}.{suffix}").read_text(encoding="utf-8")
    assert "…" not in "".join(text for _, text in svg_texts(svg))
    blank_page.set_content(svg)
    outside = blank_page.evaluate("""() => { const box = document.querySelector('svg').getBoundingClientRect();
        return [...document.querySelectorAll('svg text')].map((text) => [text.getBoundingClientRect(), text.textContent])
          .filter(([r]) => r.width > 0 && (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1
                                          || r.bottom > box.bottom + 1)).map(([, text]) => text); }""")
    assert outside == []


OVERLAPPING_TEXT = """() => {
    const shown = [...document.querySelectorAll('svg text')].filter((text) => text.textContent.trim()
        && getComputedStyle(text).opacity !== '0').map((text) => [text.getBoundingClientRect(), text.textContent]);
    const found = [];
    shown.forEach(([a, first], index) => shown.slice(index + 1).forEach(([b, second]) => {
        const across = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const down = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (across > 2 && down > 2) found.push(`${first} / ${second}`);
    }));
    return found;
}"""


@pytest.mark.parametrize("suffix", ["svg", "narrow.svg"])
@pytest.mark.parametrize("chart", CHARTS)
def test_no_chart_label_crowds_another(built_site, blank_page, chart, suffix):
    """No two texts a reader sees overlap: in a narrow drawing, text wrapped beside a mark ("a quarter [secondary
    report]" on three lines) ends above the next row's label (labels Vega hides, opacity 0, are not seen)."""
    blank_page.set_content((built_site / "charts" / f"{chart}.{suffix}").read_text(encoding="utf-8"))
    assert blank_page.evaluate(OVERLAPPING_TEXT) == []


@pytest.mark.parametrize("colour", PALETTE)
def test_dark_palette_colour_has_3_to_1_contrast_with_the_dark_background(colour):
    assert contrast_ratio(dark_counterpart(colour), DARK_BACKGROUND) >= 3.0


@pytest.mark.parametrize("chart", CHARTS)
def test_every_chart_colour_has_a_dark_counterpart(built_site, chart):
    for suffix in ("svg", "narrow.svg"):
        svg = (built_site / "charts" / f"{chart}.{suffix}").read_text(encoding="utf-8")
        painted = set(re.findall(r'<(?!style)[^>]*\b(?:fill|stroke)="(#[0-9a-fA-F]{3,6}|white|black)"', svg))
        style = svg[svg.index("<style>"):svg.index("</style>")]
        assert "prefers-color-scheme: dark" in style
        assert all(f'="{colour}"]' in style for colour in painted), painted


def charts_on(page) -> list[dict]:
    return page.evaluate("""[...document.querySelectorAll('.chart img')].map((image) => {
        const box = image.getBoundingClientRect();
        return {left: box.left, right: box.right, width: box.width, natural: image.naturalWidth, source: image.currentSrc};
    })""")


def misfits(charts: list[dict], width: int, scroll_width: int) -> list[str]:
    """What does not fit a screen width pixels wide: the page, a chart, or a drawing that is not the one for that width."""
    found = [f"page {scroll_width} px wide"] * (scroll_width > width) + ["no chart"] * (not charts)
    for chart in charts:
        found += [f"{chart} outside the screen"] * (chart["left"] < 0 or chart["right"] > width)
        found += [f"{chart} not loaded"] * (chart["natural"] <= 0)
        if width < 400:
            found += [f"{chart} not the narrow drawing at its own size"] * (
                not chart["source"].endswith(".narrow.svg") or chart["width"] < chart["natural"] - 1)
        else:
            found += [f"{chart} is the narrow drawing"] * chart["source"].endswith(".narrow.svg")
    return found


def brightness_behind_first_chart(page, blank_page) -> list[float]:
    """The brightness (0 to 255) of four points near the edges of the page's first chart, as the screen shows them."""
    image = page.locator(".chart img").first
    image.scroll_into_view_if_needed()
    shot = image.screenshot()  # the sticky header may cover the top of the image: corners below it are sampled
    blank_page.set_content("<canvas></canvas>")
    return blank_page.evaluate("""async (bytes) => {
        const bitmap = await createImageBitmap(new Blob([new Uint8Array(bytes)], {type: 'image/png'}));
        const canvas = document.querySelector('canvas'); canvas.width = bitmap.width; canvas.height = bitmap.height;
        const context = canvas.getContext('2d'); context.drawImage(bitmap, 0, 0);
        const [right, bottom, middle] = [bitmap.width - 3, bitmap.height - 3, bitmap.height >> 1];
        const corners = [[2, middle], [right, middle], [2, bottom], [right, bottom]];
        return corners.map(([x, y]) => { const [r, g, b] = context.getImageData(x, y, 1, 1).data; return (r + g + b) / 3; });
    }""", list(shot))


@pytest.mark.parametrize("page_path", CHART_PAGES)
def test_every_chart_fits_the_screen_at_its_own_size_and_is_dark_in_dark_mode(module_tab, blank_page, site_url, page_path):
    """At each width the page is loaded afresh at that size on a dark device (so the browser picks the drawing as it
    would), then the device turns light: in both schemes every chart fits, at its own size. At 390 px in dark, the area
    behind the first chart is dark (the charts are no lazy images: loaded before the load event)."""
    page = module_tab
    problems, behind = {}, None
    for width in WIDTHS:
        page.emulate_media(color_scheme="dark")
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(site_url + page_path, wait_until="load")
        problems["dark", width] = misfits(charts_on(page), width, page.evaluate("document.documentElement.scrollWidth"))
        if width == 390:
            behind = brightness_behind_first_chart(page, blank_page)
        page.emulate_media(color_scheme="light")
        problems["light", width] = misfits(charts_on(page), width, page.evaluate("document.documentElement.scrollWidth"))
    assert problems == {(scheme, width): [] for scheme in ["light", "dark"] for width in WIDTHS}
    assert max(behind) < 60, behind


def test_home_page_at_390_px_is_at_most_half_as_tall_as_before(browser, site_url):
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.goto(site_url + "index.html", wait_until="networkidle")
    closed = page.evaluate("[...document.querySelectorAll('details')].every((details) => !details.open)")
    height = page.evaluate("document.documentElement.scrollHeight")
    context.close()
    assert closed and height <= HOME_HEIGHT_BEFORE / 2, height


# Every chart page gets key facts: from the figures it draws, from the values of the table it draws, or from its kind's
# own facts (the kinds that compare police forces say where forces sit against the limits, never a rank).
KEY_FACT_CHARTS = {chart["id"] for folder in package_folders() if (folder / "charts.json").exists()
                   for chart in json.loads((folder / "charts.json").read_text())}


@pytest.mark.parametrize("page_path", [page for page in PAGES if page == "index.html" or (
    page.startswith("packages/") and page != "packages/index.html") or page[len("charts/"):-len(".html")] in KEY_FACT_CHARTS])
def test_page_opens_with_key_facts(built_site, page_path):
    html = (built_site / page_path).read_text(encoding="utf-8")
    body = html[html.index("<h1"):]
    facts = re.search(r'<section class="key-facts".*?</section>', body, re.S)
    assert facts and body.index("key-facts") < min(body.index("<p>"), body.index("<figure"))
    items = re.findall(r"<li>(.*?)</li>", facts.group(0), re.S)
    assert 3 <= len(items) <= 5
    for item in items:
        assert item.startswith('<strong class="fact-number">') and re.search(r"\(.+\d{4}.*\)\.", item), item


EMBEDS = [f"embed/{chart}.html" for chart in CHARTS]


def embed_image(page) -> dict:
    return page.evaluate("""(() => { const image = document.querySelector('img');
        return {alt: image.alt, loaded: image.complete && image.naturalWidth > 0, right: image.getBoundingClientRect().right}; })()""")


@pytest.fixture(scope="module")
def embed_tab(browser):
    """One tab, dark and 320 pixels wide, in which this worker opens every embed page in turn, each a new document;
    what it records: console errors, failed requests and error responses, and every request."""
    context = browser.new_context(color_scheme="dark", viewport={"width": 320, "height": 700})
    record = {"errors": [], "requests": []}
    page = context.new_page()
    page.on("console", lambda message: message.type == "error" and record["errors"].append(message.text))
    page.on("requestfailed", lambda request: record["errors"].append(request.url))
    page.on("response", lambda response: response.status >= 400 and record["errors"].append(response.url))
    page.on("request", lambda request: record["requests"].append(request.url))
    yield page, record
    context.close()


@pytest.mark.parametrize("embed", EMBEDS)
def test_embed_page_is_held_to_the_same_tests(built_site, embed_tab, site_url, embed):
    """Policy, errors, requests, axe, image and link; in dark every axe rule, then in light (where only colours may
    differ, which is checked) the colour rules."""
    html = (built_site / embed).read_text(encoding="utf-8")
    policy = html.split('http-equiv="Content-Security-Policy" content="', 1)[1].split('"', 1)[0]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy and "http" not in policy
    page, record = embed_tab
    errors, requests = (len(record["errors"]), len(record["requests"]))
    page.emulate_media(color_scheme="dark")
    page.goto(site_url + embed, wait_until="load")  # the chart is no lazy image: it has loaded before the load event
    load_axe(page)
    seen = {"axe, dark": run_axe(page), "image, dark": embed_image(page)}
    dark = page_but_colours(page)
    page.emulate_media(color_scheme="light")
    settle(page)
    seen |= {"in light only colours changed": differences(dark, page_but_colours(page)),
             "axe, light (the colour rules)": run_axe(page, COLOUR_RULES), "image, light": embed_image(page)}
    link = page.locator(f'a[href="../charts/{embed.split("/")[1]}"]').count()
    errors, requests = record["errors"][errors:], record["requests"][requests:]
    assert [seen[key] for key in ["axe, dark", "in light only colours changed", "axe, light (the colour rules)"]] == [[], [], []]
    assert errors == [] and requests and all(url.startswith(site_url) for url in requests)
    for image in (seen["image, dark"], seen["image, light"]):
        assert len(image["alt"]) > 20 and image["loaded"] and image["right"] <= 320
    assert link == 1


def search(page, words: str) -> list[str]:
    """Type into the search box and return the links it lists (polled: the page's CSP forbids eval)."""
    page.locator("#readers-search-input").fill(words)
    for _ in range(100):
        links = page.eval_on_selector_all(".readers-search-results a", "links => links.map((link) => link.href)")
        if links:
            return links
        page.wait_for_timeout(30)
    return []


def stored_nothing(page) -> bool:
    return page.evaluate("""async () => document.cookie === '' && localStorage.length === 0 && sessionStorage.length === 0
        && (await indexedDB.databases()).length === 0 && (await caches.keys()).length === 0""")


def test_search_loads_only_when_the_reader_starts(browser, site_url):
    context = browser.new_context()
    page = context.new_page()
    asked = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(site_url + "index.html", wait_until="networkidle")
    before = [url for url in asked if "search" in url]
    page.locator("#readers-search-input").focus()
    for _ in range(100):
        if any(url.endswith("search-index.json") for url in asked):
            break
        page.wait_for_timeout(30)
    after = [url.split("/")[-1] for url in asked if "search" in url]
    context.close()
    assert before == [] and sorted(after) == ["search-index.json", "search.js"]


@pytest.mark.parametrize(("words", "expected"), [
    ("Thames Valley", "force"),
    ("two-thirds contacted", "packages/pas-survey-2011.html#figure-contacted-police"),
    ("charge rate 2016", "packages/national-outcomes.html#figure-charge-rate-ye-mar-2016-slt"),
])
def test_search_leads_to_the_force_or_the_figure_card_and_stores_nothing(browser, site_url, built_site, words, expected):
    if expected == "force":  # the force's own page once there is one, else the package that lists it (as in the A–Z)
        own = built_site / "forces" / "thames-valley.html"
        expected = "forces/thames-valley.html" if own.exists() else "packages/home-office-recorded-crime.html"
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.goto(site_url + "charts/police-response.html", wait_until="networkidle")
    links = search(page, words)
    assert links and links[0] == site_url + expected, links
    page.locator(".readers-search-results a").first.click()
    page.wait_for_load_state("load")
    assert page.url == site_url + expected and stored_nothing(page)
    assert errors == [], errors  # a CSP violation is reported as a console error
    context.close()


def test_without_javascript_the_a_to_z_link_stands_in_for_search(browser, site_url, built_site):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(site_url + "index.html", wait_until="load")
    box_shown = page.locator("#readers-search-input").is_visible()
    link = page.locator(".readers-az a")
    shown, href = link.is_visible(), link.get_attribute("href")
    page.goto(site_url + href, wait_until="load")
    forces = page.locator(".az-list a").filter(has_text=re.compile(r"^Thames Valley$")).count()
    figures = page.locator('.az-list a[href="packages/pas-survey-2011.html#figure-contacted-police"]').count()
    context.close()
    assert not box_shown and shown and href == "az.html"
    assert forces == 1 and figures == 1
