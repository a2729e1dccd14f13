"""Every police force in the outcome counts has a page, reachable from the Police forces index, whose charts show
with JavaScript off, drawn for a phone on a phone; its CSV holds its rows; its rates are worded against the limits, never ranked."""

import csv
import re

import pytest

from pipeline.pages.forces import slug
from tests.conftest import force_names

FORCES = force_names()


def test_there_are_44_forces_and_the_index_lists_them_all(built_site):
    assert len(FORCES) == 44 and "British Transport Police" in FORCES
    index = (built_site / "forces" / "index.html").read_text(encoding="utf-8")
    for name in FORCES:
        assert f'href="{slug(name)}.html"' in index, name
    assert "City of London" in index and "London, City of" in index
    assert "1,822 of 9,283" in index and "1,830 of 9,304" in index  # the press figure beside the computed one


@pytest.mark.parametrize("force", FORCES)
def test_every_force_has_a_page_and_its_rows(built_site, force):
    page = (built_site / "forces" / f"{slug(force)}.html").read_text(encoding="utf-8")
    assert "<h1" in page and force.replace(",", "") in re.sub(r"<[^>]+>", "", page).replace(",", "")
    assert "Recording practice differs between forces" in page
    positions = re.findall(r"this force's rate is <strong>([^<]+)</strong>", page)
    assert positions and set(positions) <= {"within the expected range", "above the 99.8% limits", "below the 99.8% limits"}
    assert not re.search(r"\b(ranked|ranks|league|best|worst)\b", page, re.IGNORECASE)
    with (built_site / "forces" / f"{slug(force)}.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows and {row["force"] for row in rows} == {force}


@pytest.fixture(scope="module")
def phone_without_script(browser):
    """One 390-pixel tab with JavaScript off for every force page (with no script, nothing a page does outlives it)."""
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 800})
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("force", FORCES)
def test_force_page_charts_show_with_javascript_off(phone_without_script, site_url, force):
    page = phone_without_script
    page.goto(site_url + f"forces/{slug(force)}.html", wait_until="load")
    images = page.evaluate("""[...document.querySelectorAll('.chart img')].map((image) =>
        image.complete && image.naturalWidth > 100)""")
    # on a phone, the drawing made for it, shown at its own size: not the wide one shrunk to fit
    drawn = page.evaluate("""[...document.querySelectorAll('.chart img')].map((image) =>
        [image.currentSrc.split('/').pop(), image.naturalWidth, image.getBoundingClientRect().width])""")
    tables = page.locator("table.data-table").count()
    assert len(images) >= 2 and all(images)
    assert all(source.endswith(".narrow.svg") and natural <= 390 and shown >= natural - 1 for source, natural, shown in drawn), drawn
    assert tables >= 4


def test_home_page_opens_with_the_official_charge_rate_and_a_way_to_your_force(built_site):
    page = (built_site / "index.html").read_text(encoding="utf-8")
    page = page[page.index("<h1"):]  # the content, not the table of contents beside it
    official = page.index("the official record")
    assert official < page.index("What victims say")
    assert page.index("2,603 of 17,451") < page.index("What victims say")  # in the key facts, first of all
    assert 'href="forces/index.html"' in page[official:page.index("What victims say")]
    assert 'id="chart-stalking-outcome-groups"' in page


TABLES_AS_SEEN = """() => [...document.querySelectorAll('.md-content table')].map((table) => {
    const frame = (table.closest('.table-wrap') || table).getBoundingClientRect();
    const caption = table.querySelector('caption'), box = caption && caption.getBoundingClientRect();
    const wrap = table.closest('.table-wrap');
    const headings = [...table.querySelectorAll('thead th')].map((th) => th.textContent.trim());
    const phone = innerWidth < 720;
    return {
        caption: caption ? caption.textContent.slice(0, 60) : null,
        scrolls: wrap ? wrap.scrollWidth > wrap.clientWidth + 1 : table.getBoundingClientRect().right > innerWidth,
        caption_cut: !!caption && (caption.scrollWidth > caption.clientWidth + 1 || box.left < frame.left - 1
                                   || box.right > frame.right + 1 || box.left < 0 || box.right > innerWidth),
        unlabelled: phone ? [...table.querySelectorAll('tbody tr')].flatMap((row) => [...row.cells].filter((cell) =>
            cell.colSpan === 1 && cell.textContent.trim() && getComputedStyle(cell, '::before').content
            !== JSON.stringify(headings[cell.cellIndex]))).map((cell) => cell.textContent.slice(0, 30)) : [],
    };
})"""


@pytest.mark.parametrize("force", FORCES)
def test_force_page_tables_read_whole_without_sideways_scrolling(module_tab, site_url, force):
    """At 320 and 390 px (and 1280) no table scrolls and no caption is cut; on a phone each cell shows its column's
    heading beside its value, so a row reads as a short list. The page is loaded once, at 320 px, and the screen then
    widened: the tables are laid out by CSS alone (no script of the site reads the screen's width), which lays them out
    again for each width."""
    page, problems = module_tab, {}
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(site_url + f"forces/{slug(force)}.html", wait_until="load")
    for width in (320, 390, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        tables = page.evaluate(TABLES_AS_SEEN)
        assert len(tables) >= 4
        problems[width] = [table for table in tables if table["scrolls"] or table["caption_cut"] or table["unlabelled"]]
        if page.evaluate("document.documentElement.scrollWidth") > width:
            problems[width].append("the page scrolls sideways")
    assert problems == {320: [], 390: [], 1280: []}
