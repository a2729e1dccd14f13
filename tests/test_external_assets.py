"""The hooks refuse any asset from another host, in pages, style sheets, scripts and static HTML; static files are linked."""

import os

import pytest

from pipeline import build, paths
from pipeline.pages import external_assets
from pipeline.problems import ProblemsFound

ELSEWHERE = [
    '<img src="https://tracker.example.org/pixel.png" alt="">',
    '<script src="https://cdn.example.org/library.js"></script>',
    '<link rel="stylesheet" href="https://fonts.example.org/font.css">',
    '<link rel="icon" href="//icons.example.org/favicon.png">',
    "<IMG SRC=HTTPS://EXAMPLE.ORG/upper.png>",
    '<img src="&#104;ttps://example.org/entity.png" alt="">',
    '<img src="/&#47;example.org/slashes.png" alt="">',
    '<img src="/\t/example.org/tab.png" alt="">',
    '<img src="\\\\example.org/backslashes.png" alt="">',
    '<img src="https:example.org/no-slashes.png" alt="">',
    '<img src="local.png" srcset="local.png 1x, https://example.org/large.png 2x" alt="">',
    '<picture><source srcset="https://example.org/wide.png" media="(min-width: 50em)"><img src="a.png" alt=""></picture>',
    '<svg><image href="https://example.org/inside.svg"/></svg>',
    '<video src="clip.mp4" poster="https://example.org/poster.png"></video>',
    '<iframe src="https://example.org/frame.html"></iframe>',
    '<style>@import "https://example.org/imported.css";</style>',
    "<style>@font-face { font-family: x; src: url(https://example.org/font.woff2) }</style>",
]
FINE = [
    '<a href="https://example.org/">a link to another site</a>',
    '<img src="charts/chart.svg" alt=""><link rel="stylesheet" href="assets/site.css">',
    '<img src="data:image/png;base64,AAAA" alt="">',
    '<img src="https://our.example.net/justice/assets/x.png" alt="">',  # the site's own host
    '<script type="application/ld+json">{"url": "https://example.org/"}</script>',
    '<p>url(https://example.org/x.png) in prose is no style</p>',
]


@pytest.mark.parametrize("page", ELSEWHERE)
def test_an_asset_from_another_host_is_found_however_written(page):
    found = external_assets.in_html(page, "our.example.net")
    assert len(found) == 1 and external_assets.host_of(found[0]).endswith("example.org")


@pytest.mark.parametrize("page", FINE)
def test_links_local_data_and_own_host_addresses_are_fine(page):
    assert external_assets.in_html(page, "our.example.net") == []


def test_style_sheets_and_scripts_are_read_for_what_they_load():
    css = "@import 'theme.css'; @font-face { src: url( 'https://fonts.example.org/a.woff2' ) } b { background: url(x.png) }"
    assert external_assets.in_css(css, None) == ["https://fonts.example.org/a.woff2"]
    script = 'load("//cdn.example.org/lib.js"); fetch("data/index.json")'
    assert external_assets.in_script(script, None) == ["//cdn.example.org/lib.js"]


def build_site(tmp_path, files: dict[str, str]):
    """mkdocs build --strict (the pipeline's) of one page and the given files beside it."""
    docs = tmp_path / "docs"
    (docs / "assets").mkdir(parents=True)
    for asset in paths.DOCS.joinpath("assets").iterdir():
        (docs / "assets" / asset.name).write_bytes(asset.read_bytes())
    (docs / "index.md").write_text("# A page\n\nSome text.\n", encoding="utf-8")
    for name, text in files.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(text, encoding="utf-8")
    site = tmp_path / "site"
    build.mkdocs_build(docs, site, [{"Home": "index.md"}])
    return docs, site


def test_a_font_from_another_host_in_a_style_sheet_fails_the_build_naming_the_sheet(tmp_path):
    with pytest.raises(ProblemsFound) as found:
        build_site(tmp_path, {"assets/fonts.css": "@font-face { src: url(https://fonts.example.org/a.woff2) }"})
    assert [(problem.file, "https://fonts.example.org/a.woff2" in problem.message) for problem in found.value.problems] == [
        ("assets/fonts.css", True)]


def test_a_script_from_another_host_in_a_static_page_fails_the_build(tmp_path):
    embed = '<!doctype html><html><head><script src="https://cdn.example.org/x.js"></script></head><body></body></html>'
    with pytest.raises(ProblemsFound) as found:
        build_site(tmp_path, {"embed/chart.html": embed})
    assert [problem.file for problem in found.value.problems] == ["embed/chart.html"]


def test_every_asset_elsewhere_is_named_with_its_page(tmp_path):
    with pytest.raises(ProblemsFound) as found:
        build_site(tmp_path, {"other.md": '# Other\n\n<img src="https://example.org/a.png" alt="">\n\n'
                                          '<img src="https://example.org/b.png" alt="">\n'})
    assert sorted((problem.file, problem.message.split()[1]) for problem in found.value.problems) == [
        ("other.md", "https://example.org/a.png"), ("other.md", "https://example.org/b.png")]


def test_an_image_on_the_sites_own_host_builds(tmp_path, monkeypatch):
    monkeypatch.setenv("SITE_URL", "https://our.example.net/justice/")
    _, site = build_site(tmp_path, {"other.md": '# Other\n\n<img src="https://our.example.net/justice/a.png" alt="">\n'})
    assert (site / "other.html").is_file()


def test_static_files_are_hard_links_of_the_docs_files_and_a_private_one_is_copied_readable(tmp_path):
    docs = tmp_path / "docs"
    (docs / "data").mkdir(parents=True)
    (docs / "data" / "private.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (docs / "data" / "private.csv").chmod(0o600)
    docs, site = build_site(tmp_path, {"data/table.csv": "a,b\n1,2\n"})
    assert os.path.samefile(docs / "data" / "table.csv", site / "data" / "table.csv")
    assert os.path.samefile(docs / "assets" / "site.css", site / "assets" / "site.css")
    assert not os.path.samefile(docs / "data" / "private.csv", site / "data" / "private.csv")
    assert (site / "data" / "private.csv").read_bytes() == b"a,b\n1,2\n"
    assert (site / "data" / "private.csv").stat().st_mode & 0o444 == 0o444
