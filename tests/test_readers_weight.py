"""The home page, charts included, loads at most 90 KB gzip-compressed in Chromium."""

import gzip

BUDGET_BYTES = 90_000


def test_home_page_weighs_at_most_90_kb_compressed(browser, site_url):
    page = browser.new_page()
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(site_url + "index.html", wait_until="networkidle")
    sizes = {response.url: len(gzip.compress(response.body(), compresslevel=6)) for response in responses}
    images = page.evaluate("document.querySelectorAll('.chart img').length")
    page.close()
    assert images >= 1 and sum(url.endswith(".svg") for url in sizes) == images, "every chart should be among the files weighed"
    assert any(url.endswith(".css") for url in sizes) and any(url.endswith(".js") for url in sizes)
    assert sum(sizes.values()) <= BUDGET_BYTES, sizes
