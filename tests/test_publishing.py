"""Publishing for real: a build with SITE_URL set has no placeholder, absolute canonical and preview addresses,
chart and card previews, a _headers file with the CSP and frame-ancestors, robots.txt, a sitemap and a Pages workflow."""

import gzip
import html
import http.server
import io
import json
import os
import re
import struct
import threading
import urllib.error
import urllib.request
import uuid
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from browsing import watch
from conftest import QuietHandler, serve_folder
from test_previews import mark_items, texts

from pipeline import build, cache, identity, paths
from pipeline.charts import cards, chart_previews, preview_style
from pipeline.pages import csp, host_headers, previews
from pipeline.problems import ProblemsFound
from pipeline.tables import tidy
from pipeline.validation import packages

pytestmark = pytest.mark.xdist_group("addressed-site")  # its session fixture is built once, on one worker

ADDRESS = "https://example.org/justice/"
SUB_PATH = "/justice/"  # the path of ADDRESS, where a local stand-in host serves the addressed site
PLACEHOLDER_HOST = identity.PLACEHOLDER.split("/")[2].encode()
CHART_IDS = sorted(chart["id"] for folder in packages.discover(paths.DATAPACKAGES)
                   if (folder / paths.CHARTS_NAME).exists()
                   for chart in json.loads((folder / paths.CHARTS_NAME).read_text(encoding="utf-8")))
PACKAGE_NAMES = sorted(folder.name for folder in packages.discover(paths.DATAPACKAGES))
WORKFLOW = paths.ROOT / ".github" / "workflows" / "pages.yml"


@pytest.fixture(scope="session")
def addressed_site(built_site, tmp_path_factory) -> Path:
    """A real build of the shipped data with SITE_URL set (and no site_url in mkdocs.yml), from the cache of the build
    without it (built_site): what carries the address is made again."""
    site = tmp_path_factory.mktemp("addressed") / "site"
    docs = tmp_path_factory.mktemp("addressed-docs") / "docs"
    before = os.environ.get(identity.VARIABLE)
    os.environ[identity.VARIABLE] = ADDRESS.rstrip("/")  # the trailing slash is added
    try:
        build.build(site=site, docs=docs)
    finally:
        if before is None:
            del os.environ[identity.VARIABLE]
        else:
            os.environ[identity.VARIABLE] = before
    return site


@pytest.fixture(scope="session")
def tables():
    return tidy.build_tables([packages.load(folder)[0] for folder in packages.discover(paths.DATAPACKAGES)])


class HeadTags(HTMLParser):
    """The <link rel> and <meta property|name> tags of a page."""

    def __init__(self):
        super().__init__()
        self.links, self.meta = {}, {}

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "link" and attributes.get("rel"):
            self.links.setdefault(attributes["rel"], attributes.get("href"))
        if tag == "meta" and (attributes.get("property") or attributes.get("name")):
            self.meta.setdefault(attributes.get("property") or attributes.get("name"), attributes.get("content"))


def head_tags(page: Path) -> HeadTags:
    parser = HeadTags()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def contents(name: str, data: bytes) -> list[tuple[str, bytes]]:
    """A file's bytes, and those of every member inside it when it is a zip (XLSX too) or gzip, recursively."""
    found = [(name, data)]
    if data[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for member in archive.namelist():
                found += contents(f"{name}!{member}", archive.read(member))
    elif data[:2] == b"\x1f\x8b":
        found += contents(f"{name}!gunzip", gzip.decompress(data))
    return found


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_no_published_file_carries_the_placeholder(addressed_site):
    files = [path for path in addressed_site.rglob("*") if path.is_file()]
    opened = [part for path in files for part in contents(path.relative_to(addressed_site).as_posix(), path.read_bytes())]
    assert len(files) > 200 and any("!" in name for name, _ in opened)  # the zips and XLSX files were looked inside
    assert [name for name, data in opened if PLACEHOLDER_HOST in data] == []
    assert [name for name, data in opened if b"has no fixed public address yet" in data] == []


def test_every_page_has_a_canonical_link_and_previews_under_the_address(addressed_site):
    wrong = []
    for page in pages(addressed_site):
        relative = page.relative_to(addressed_site).as_posix()
        tags = head_tags(page)
        own = f"charts/{page.stem}.html" if relative.startswith("embed/") else relative  # an embed's is its chart page
        if relative != "404.html" and tags.links.get("canonical") != ADDRESS + own:
            wrong.append(f"{relative}: canonical {tags.links.get('canonical')}")
        for key in ("og:title", "og:description", "twitter:title", "twitter:description"):
            if not (tags.meta.get(key) or "").strip():
                wrong.append(f"{relative}: no {key}")
        for key in ("og:image", "twitter:image"):
            image = tags.meta.get(key) or ""
            if not image.startswith(ADDRESS) or not (addressed_site / image[len(ADDRESS):]).is_file():
                wrong.append(f"{relative}: {key} {image!r} is not a published file under {ADDRESS}")
        image = addressed_site / (tags.meta.get("og:image") or ADDRESS)[len(ADDRESS):]
        said = (tags.meta.get("og:image:type"), tags.meta.get("og:image:width"), tags.meta.get("og:image:height"))
        if image.is_file() and said != ("image/png", *map(str, png_size(image.read_bytes()))):
            wrong.append(f"{relative}: og:image:type, width and height {said} are not its image's")
        if tags.meta.get("twitter:card") != "summary_large_image":
            wrong.append(f"{relative}: twitter:card {tags.meta.get('twitter:card')}")
    assert len(pages(addressed_site)) > 40 and wrong == []


def note_of(spec: dict) -> str:
    """The source line a chart's spec draws under it."""
    return next(row["source_line"] for rows in spec["datasets"].values() for row in rows if "source_line" in row)


@pytest.mark.parametrize("chart_id", CHART_IDS)
def test_a_chart_page_previews_as_its_chart(addressed_site, chart_id):
    """The preview of a chart's page (and of its embed page) is that chart: drawn from the spec the page publishes, with
    the same marks as the chart itself, at least a third of the image wide, its title and sources in type readable at
    400 px, 1200 × 630."""
    import vl_convert

    for page in (addressed_site / "charts" / f"{chart_id}.html", addressed_site / "embed" / f"{chart_id}.html"):
        tags = head_tags(page)
        assert tags.meta["og:image"] == tags.meta["twitter:image"] == ADDRESS + chart_previews.path(chart_id)
    image = (addressed_site / chart_previews.path(chart_id)).read_bytes()
    assert png_size(image) == (chart_previews.WIDTH, chart_previews.HEIGHT) == (1200, 630)
    spec = json.loads((addressed_site / "charts" / f"{chart_id}.vl.json").read_text(encoding="utf-8"))
    title = spec["title"]["text"]
    drawn = chart_previews.svg(spec, title, note_of(spec))
    assert image == vl_convert.svg_to_png(drawn, scale=1), "the preview is not the drawing of the chart's published spec"
    chart = (addressed_site / "charts" / f"{chart_id}.svg").read_text(encoding="utf-8")
    assert mark_items(drawn) == mark_items(chart) != [], "the preview does not draw the chart's marks"
    drawn_width = float(re.search(r'<svg x="[\d.]+" y="[\d.]+" width="([\d.]+)"', drawn).group(1))
    assert drawn_width >= chart_previews.WIDTH / 3, "the chart is a narrow strip in its preview, not drawn large"
    words = texts(drawn)
    assert min(size for size, _ in words) >= preview_style.SMALLEST_TEXT
    assert title in " ".join(text for _, text in words) and title == html.unescape(tags.meta["og:image:alt"])


@pytest.mark.parametrize("name", PACKAGE_NAMES)
def test_a_package_page_previews_as_the_card_of_its_first_figure(addressed_site, tables, name):
    first = tables.figures[tables.figures["package"] == name]["ref"].iloc[0]
    assert head_tags(addressed_site / "packages" / f"{name}.html").meta["og:image"] == ADDRESS + cards.card_path(first)


def test_hand_written_pages_preview_as_their_headline_figure_and_the_rest_as_the_home_page(addressed_site):
    home = previews.headline_ref((paths.DOCS / "index.md").read_text(encoding="utf-8"))
    assert home and head_tags(addressed_site / "index.html").meta["og:image"] == ADDRESS + cards.card_path(home)
    assert (addressed_site / cards.SITE_CARD).read_bytes() == (addressed_site / cards.card_path(home)).read_bytes()
    without_figures = [page.with_suffix(".html").name for page in paths.DOCS.glob("*.md")
                       if previews.headline_ref(page.read_text(encoding="utf-8")) is None]
    assert without_figures  # about.md and safety.md name no figure
    for page in [*without_figures, "charts/index.html", "packages/index.html", "404.html"]:
        assert head_tags(addressed_site / page).meta["og:image"] == ADDRESS + cards.SITE_CARD, page


def test_cards_are_1200_by_630_pngs_drawn_from_the_data(addressed_site, tables):
    import vl_convert

    drawn = sorted(path for path in (addressed_site / cards.FOLDER).rglob("*.png") if path.name != "site.png")
    assert len(drawn) >= len(PACKAGE_NAMES)
    for path in drawn:
        image = path.read_bytes()
        assert png_size(image) == (cards.WIDTH, cards.HEIGHT) == (1200, 630)
        ref = path.relative_to(addressed_site / cards.FOLDER).with_suffix("").as_posix()
        figure = tables.figure(ref)
        words = cards.card_text(figure)
        assert image == cards.draw(words), f"{ref}: the card is not the drawing of its figure's words"
        svg = vl_convert.vegalite_to_svg(json.dumps(cards.spec(words)))
        lines = [" ".join(re.findall(r">([^<>]+)<", element)) for element in re.findall(r"<text\b.*?</text>", svg, re.S)]
        on_card = html.unescape(" | ".join(lines))
        for shown in (words["value"], f"“{figure['wording']}”", words["source"], "Stalking Justice Data"):
            assert shown in on_card, f"{ref}: {shown!r} is not on the card"


def preview_drawings(site: Path, tables) -> dict[str, str]:
    """The SVG of every card and chart preview the site publishes, by its path."""
    import vl_convert

    drawings = {}
    for path in sorted((site / cards.FOLDER).rglob("*.png")):
        if path.name != "site.png":
            words = cards.card_text(tables.figure(path.relative_to(site / cards.FOLDER).with_suffix("").as_posix()))
            drawings[path.relative_to(site).as_posix()] = vl_convert.vegalite_to_svg(json.dumps(cards.spec(words)))
    for chart_id in CHART_IDS:
        spec = json.loads((site / "charts" / f"{chart_id}.vl.json").read_text(encoding="utf-8"))
        drawings[chart_previews.path(chart_id)] = chart_previews.svg(spec, spec["title"]["text"], note_of(spec))
    return drawings


BOXES = """() => [[...document.querySelectorAll("text")].map(t => { const b = t.getBoundingClientRect();
                   return [b.left, b.top, b.right, b.bottom, t.textContent]; }),
               [...document.querySelectorAll("svg svg")].map(s => { const [x, y] = [s.x.baseVal.value, s.y.baseVal.value];
                   return [x, y, x + s.width.baseVal.value, y + s.height.baseVal.value, "the chart"]; })]"""
# the chart's box is its nested <svg>'s viewport, which clips it (its bounding box may reach beyond, clipped)


def test_no_words_on_a_preview_run_off_it_or_into_each_other_or_the_chart(addressed_site, tables, browser):
    """Measured in Chromium, with the fonts the images are drawn with: every line of every card and chart preview lies
    inside the image, apart from the other lines and from the chart's drawing (so nothing is cut or hidden)."""
    page = browser.new_page()
    wrong = []
    drawings = preview_drawings(addressed_site, tables)
    for name, svg in drawings.items():
        page.set_content(f'<!doctype html><body style="margin:0">{svg}</body>')
        lines, charts = page.evaluate(BOXES)
        for left, top, right, bottom, words in lines:
            if left < 0 or top < 0 or right > cards.WIDTH or bottom > cards.HEIGHT:
                wrong.append(f"{name}: {words!r} runs off the image ({left:.0f}, {top:.0f}, {right:.0f}, {bottom:.0f})")
        boxes = lines + charts
        for number, first in enumerate(boxes):
            for second in boxes[number + 1:]:
                across = min(first[2], second[2]) - max(first[0], second[0])
                down = min(first[3], second[3]) - max(first[1], second[1])
                if across > 1 and down > 1:
                    wrong.append(f"{name}: {first[4]!r} overlaps {second[4]!r}")
    page.close()
    assert len(drawings) > len(CHART_IDS) + len(PACKAGE_NAMES) and wrong == []


def test_card_text_comes_from_the_figure(tables):
    figure = tables.figure("pas-survey-2011/contacted-police")
    words = cards.card_text(figure)
    assert words["value"] == "about 67%"
    assert words["wording"].startswith("Published as “two-thirds”")
    assert words["label"] == f"{figure['label']}: share of {figure['base']}"
    assert words["source"] == "Source: HuffPost UK (2011, secondary report)"


def parse_headers(text: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """The rules of a Netlify / Cloudflare Pages _headers file; any line that is neither fails the test."""
    rules = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line.startswith("/"):
            assert " " not in line, f"line {number}: a path has no spaces"
            rules.append((line, []))
            continue
        assert line.startswith("  ") and rules, f"line {number}: a header must be indented under a path"
        name, separator, value = line.strip().partition(": ")
        assert separator and re.fullmatch(r"[A-Za-z-]+", name) and value, f"line {number}: not 'Name: value'"
        rules[-1][1].append((name, value))
    return rules


def rule_matches(rule: str, path: str) -> bool:
    return path == rule or (rule.endswith("*") and path.startswith(rule[:-1]))


def served_headers(rules, path: str) -> dict[str, str]:
    """The headers a request for path gets; the two hosts merge a header named by two rules differently (Netlify:
    the last wins; Cloudflare: joined with commas), so no header may be named by two rules that match."""
    found: dict[str, list[str]] = {}
    for rule, headers in rules:
        if rule_matches(rule, path):
            for name, value in headers:
                found.setdefault(name, []).append(value)
    doubled = {name: values for name, values in found.items() if len(values) > 1}
    assert not doubled, f"{path}: set by more than one rule: {doubled}"
    return {name: values[0] for name, values in found.items()}


def test_the_headers_file_gives_each_page_its_csp_and_frame_ancestors(addressed_site):
    rules = parse_headers((addressed_site / host_headers.NAME).read_text(encoding="utf-8"))
    assert len(rules) <= 100  # Cloudflare Pages reads at most 100 rules
    checked = 0
    for page in pages(addressed_site):
        relative = page.relative_to(addressed_site)
        policy = csp.carried_policy(page.read_text(encoding="utf-8"))
        framing = "frame-ancestors *" if relative.parts[0] == "embed" else "frame-ancestors 'none'"
        for address in host_headers.addresses(relative):
            headers = served_headers(rules, address)
            assert headers["Content-Security-Policy"] == f"{policy}; {framing}", address
            assert "unsafe-inline" not in policy or relative.parts[0] == "embed"
            assert headers["X-Content-Type-Options"] == "nosniff" and headers["Referrer-Policy"] == "no-referrer"
            assert "camera=()" in headers["Permissions-Policy"] and "geolocation=()" in headers["Permissions-Policy"]
            checked += 1
    assert checked > 80


def test_robots_and_the_sitemap_carry_absolute_addresses(addressed_site):
    assert f"Sitemap: {ADDRESS}sitemap.xml" in (addressed_site / "robots.txt").read_text(encoding="utf-8").splitlines()
    listed = re.findall(r"<loc>(.*?)</loc>", (addressed_site / "sitemap.xml").read_text(encoding="utf-8"))
    expected = {ADDRESS + page.relative_to(addressed_site).as_posix() for page in pages(addressed_site)
                if page.name != "404.html" and page.relative_to(addressed_site).parts[0] != "embed"}
    assert set(listed) == expected and len(listed) > 25


def test_without_an_address_pages_say_so_and_carry_no_absolute_preview(built_site):
    if not identity.is_placeholder(identity.base()):
        pytest.fail("this test needs mkdocs.yml without site_url and SITE_URL unset")
    chart = head_tags(built_site / "charts" / f"{CHART_IDS[0]}.html")
    assert chart.links["canonical"] == f"{CHART_IDS[0]}.html" and "og:image" not in chart.meta and chart.meta["og:title"]
    assert "has no fixed public address yet" in (built_site / "charts" / f"{CHART_IDS[0]}.html").read_text(encoding="utf-8")
    assert "Sitemap:" not in (built_site / "robots.txt").read_text(encoding="utf-8")


def test_site_url_overrides_mkdocs_yml_and_a_bad_one_is_one_clear_line(tmp_path, monkeypatch):
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\nsite_url: https://example.org/one/\n", encoding="utf-8")
    monkeypatch.setenv(identity.VARIABLE, "https://example.net/two")
    assert identity.base(config) == "https://example.net/two/"
    monkeypatch.delenv(identity.VARIABLE)
    assert identity.base(config) == "https://example.org/one/"
    monkeypatch.setenv(identity.VARIABLE, "example.net")
    with pytest.raises(ProblemsFound) as raised:
        build.site_base()
    assert [str(problem) for problem in raised.value.problems] == [
        "SITE_URL:-:-: 'example.net' is not an address: it must start with https:// (or http://)"]


def test_the_pages_workflow_builds_with_make_site_through_the_official_actions():
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
    used = [step["uses"].split("@")[0] for step in steps if "uses" in step]
    assert {"actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"} <= set(used)
    assert [step["run"].strip() for step in steps if "run" in step] == ["make site"]
    upload = next(step for step in steps if step.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "site"
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert "SITE_URL" in next(step for step in steps if step.get("run") == "make site")["env"]


def serve(folder: Path, headers_for=lambda path: {}):
    """folder over HTTP on loopback, each response with headers_for(its path); returns (server, base address)."""
    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(folder), **kwargs)

        def end_headers(self):
            for name, value in headers_for(self.path.split("?")[0]).items():
                self.send_header(name, value)
            super().end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def test_served_with_its_headers_only_the_embed_pages_can_be_framed_by_another_site(addressed_site, browser, tmp_path):
    rules = parse_headers((addressed_site / host_headers.NAME).read_text(encoding="utf-8"))
    site, site_address = serve(addressed_site, lambda path: served_headers(rules, path))
    chart = CHART_IDS[0]
    (tmp_path / "index.html").write_text(
        f'<!doctype html><title>Another site</title><iframe id="embed" src="{site_address}embed/{chart}.html"></iframe>'
        f'<iframe id="page" src="{site_address}charts/{chart}.html"></iframe>', encoding="utf-8")
    other, other_address = serve(tmp_path)  # another port: another origin
    context = browser.new_context()
    messages = []
    try:
        page = context.new_page()
        page.on("console", lambda message: messages.append(message.text))
        page.goto(site_address + f"charts/{chart}.html")
        known, allowed = page.evaluate("""features => [document.featurePolicy.features(),
                                                        features.filter(f => document.featurePolicy.allowsFeature(f))]""",
                                       host_headers.UNUSED_FEATURES)
        assert set(host_headers.UNUSED_FEATURES) <= set(known) and allowed == []  # each one Chromium knows, turned off
        page.goto(other_address)
        page.wait_for_load_state("load")
        framed = [frame.url for frame in page.frames if frame is not page.main_frame]
        assert framed[0] == f"{site_address}embed/{chart}.html"  # the embed page is shown inside another site
        assert page.frame_locator("#embed").locator("figure picture img").count() == 1
        assert framed[1].startswith("chrome-error:")  # the chart page is refused: Chromium's error page stands in
        assert any("frame-ancestors 'none'" in message for message in messages), messages
    finally:
        context.close()
        site.shutdown()
        other.shutdown()


def test_a_new_address_remakes_what_carries_it_but_redraws_no_chart_or_card(tmp_path, monkeypatch):
    for round_number in (1, 2):
        elsewhere = f"https://example.net/{uuid.uuid4().hex}/"  # never built before, so never cached
        monkeypatch.setenv(identity.VARIABLE, elsewhere)
        store = cache.Cache()
        build.generate(tmp_path / f"docs-{round_number}", store=store)
        assert store.computed("data") == ["all packages"]
        assert store.computed("downloads") and store.reused("downloads") == []  # their citations carry the address
        assert elsewhere in (tmp_path / f"docs-{round_number}" / "feed.xml").read_text(encoding="utf-8")
    assert store.computed("chart") == store.computed("card") == [] and store.reused("card")  # the second address's


class SubPathHandler(QuietHandler):
    """A static host serving the site under SUB_PATH that answers any missing address with 404.html, as static hosts do."""

    def send_head(self):
        if not self.path.startswith(SUB_PATH):
            self.send_error(404)
            return None
        self.path = "/" + self.path[len(SUB_PATH):]
        target = Path(self.translate_path(self.path))
        if target.is_file() or (target.is_dir() and (target / "index.html").is_file()):
            return super().send_head()
        body = (Path(self.directory) / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _Body(body)


class _Body:
    def __init__(self, data: bytes):
        self.data = data

    def read(self, *args) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        pass


@pytest.fixture(scope="session")
def sub_path_url(addressed_site):
    server = serve_folder(addressed_site, SubPathHandler)
    yield f"http://127.0.0.1:{server.server_address[1]}{SUB_PATH}"
    server.shutdown()


def test_the_404_page_works_under_a_sub_path(sub_path_url, browser):
    """A site published at a sub-path (a project page, say) with its address set: a mistyped address there gets the
    404 page with its styles, script and links all under the sub-path (with no address, nothing can know the path)."""
    context = browser.new_context()
    record = watch(context, sub_path_url)
    statuses = {}
    context.on("response", lambda response: statuses.__setitem__(response.url, response.status))
    page = context.new_page()
    response = page.goto(sub_path_url + "no-such-page.html", wait_until="load")
    links = page.eval_on_selector_all("a[href]", "links => links.map((link) => link.href)")
    styled = page.evaluate("getComputedStyle(document.querySelector('.md-header')).position")
    context.close()
    loaded = {url: status for url, status in statuses.items() if url != sub_path_url + "no-such-page.html"}
    assert response.status == 404 and record["off_origin"] == []
    assert loaded and {url: status for url, status in loaded.items() if status != 200} == {}, "every file the page loads is found"
    assert all(url.startswith(sub_path_url) for url in loaded), sorted(loaded)
    own = [link for link in links if link.startswith(sub_path_url.split(SUB_PATH)[0])]
    assert own and [link for link in own if not link.startswith(sub_path_url)] == [], "links stay under the sub-path"
    assert styled in ("sticky", "fixed", "relative"), "the theme's style sheet applies"


def test_the_sub_path_host_serves_pages_and_answers_missing_ones(sub_path_url):
    """The stand-in host itself: a real page comes back 200, a missing one 404 with the 404 page."""
    assert urllib.request.urlopen(sub_path_url + "about.html", timeout=10).status == 200
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(sub_path_url + "no-such-page.html", timeout=10)
    assert missing.value.code == 404 and b"md-header" in missing.value.read()
