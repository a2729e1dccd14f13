"""The built site: every figure on its package page with its source, charts on the home page."""

import html
import re

import pytest

from pipeline import paths
from pipeline.tables import formatting, tidy
from pipeline.validation import packages


@pytest.fixture(scope="module")
def tables():
    return tidy.build_tables([packages.load(folder)[0] for folder in packages.discover(paths.DATAPACKAGES)])


def page_text(path) -> str:
    return html.unescape(path.read_text(encoding="utf-8"))


def test_every_package_has_a_page(built_site, tables):
    for package in tables.packages:
        assert (built_site / "packages" / f"{package.name}.html").is_file()


def test_every_figure_appears_with_wording_quote_interval_and_source(built_site, tables):
    for _, figure in tables.figures.iterrows():
        page = page_text(built_site / "packages" / f"{figure['package']}.html")
        card = re.search(rf'<div class="figure-card[^"]*" id="figure-{re.escape(figure["id"])}">(.*?)</dl>', page, re.S)
        assert card, f"no card for {figure['ref']}"
        body = card.group(1)
        assert figure["wording"] in body
        assert figure["source_address"] in body
        assert figure["source_publisher"] in body
        interval = formatting.interval(figure["ci_low"], figure["ci_high"], figure["proportion"])
        assert (interval in body) if interval else ("sample size is not known" in body or "count" in body
                                                    or "fails the GRIM test" in body)
        assert figure["source_kind"] in body
        if isinstance(figure["interval_basis"], str) and figure["interval_basis"].startswith("indicative"):
            assert figure["interval_basis"] in body
        if figure["grim_fails"]:
            assert "GRIM test" in page_text(built_site / "packages" / f"{figure['package']}.html")
        if isinstance(figure["quote"], str):
            assert figure["quote"] in page


def test_every_source_is_listed_with_its_address(built_site, tables):
    for _, source in tables.sources.iterrows():
        page = page_text(built_site / "packages" / f"{source['package']}.html")
        assert source["address"] in page and source["kind"] in page


HOME_CHARTS = ("stalking-outcome-groups",)  # drawn on the home page; the survey charts are linked from it
HOME_LINKED_CHARTS = ("police-response", "report-to-conviction")


def test_home_page_has_its_chart_with_text_alternative_and_table_and_links_the_others(built_site):
    page = (built_site / "index.html").read_text(encoding="utf-8")
    for chart in HOME_LINKED_CHARTS:
        assert f'href="charts/{chart}.html"' in page and (built_site / "charts" / f"{chart}.html").is_file()
    for chart in HOME_CHARTS:
        image = re.search(rf'<img src="charts/{chart}.svg" alt="([^"]+)"[^>]*aria-describedby="chart-{chart}-summary"', page)
        assert image and image.group(1).startswith("Chart: ")
        assert f'id="chart-{chart}-summary"' in page
        assert (built_site / "charts" / f"{chart}.svg").read_text(encoding="utf-8").startswith("<svg")
    assert page.count('<table class="data-table">') >= len(HOME_CHARTS)


def test_home_page_figures_come_from_the_data(built_site, tables):
    page = page_text(built_site / "index.html")
    unhappy = tables.figure("pas-survey-2011/not-satisfied-police")
    shown = formatting.qualified_percent(unhappy["proportion"], unhappy["qualifier"])
    assert f"{unhappy['wording'].capitalize()} ({shown})</strong> of {unhappy['base']}" in page
    charged = tables.figure("national-outcomes/charge-rate-ye-mar-2016-slt")  # "23 per cent" already shows its number
    assert " ".join(page.split()).count(f"{charged['wording']}</span> in the year ending March 2016") == 1
    assert "<!-- data:" not in page


def test_no_unfilled_markers_anywhere(built_site):
    for page in built_site.rglob("*.html"):
        assert "data:figure" not in page.read_text(encoding="utf-8"), page


def test_about_page_gives_support_services(built_site):
    page = page_text(built_site / "about.html")
    assert "0808 802 0300" in page and "999" in page


def test_home_page_charts_render_with_javascript_off(browser, site_url):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(site_url + "index.html")
    for chart in HOME_CHARTS:
        image = page.locator(f'#chart-{chart} img')
        image.scroll_into_view_if_needed()
        assert image.is_visible()
        assert image.evaluate("img => img.complete && img.naturalWidth > 100")
        assert page.locator(f'#chart-{chart}-summary').is_visible()
    context.close()
