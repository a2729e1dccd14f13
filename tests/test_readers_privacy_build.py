"""The strict build fails on any asset from another host (the hooks' check, pipeline/pages/external_assets.py) and passes without one."""

import pytest

from pipeline import build, paths
from pipeline.problems import ProblemsFound

EXTERNAL_ASSETS = {
    "image": '<img src="https://tracker.example.org/pixel.png" alt="">',
    "script": '<script src="https://cdn.example.org/library.js"></script>',
    "style sheet": '<link rel="stylesheet" href="https://fonts.example.org/font.css">',
}


def build_one_page(tmp_path, body: str):
    docs = tmp_path / "docs"
    (docs / "assets").mkdir(parents=True)
    for asset in paths.DOCS.joinpath("assets").iterdir():
        (docs / "assets" / asset.name).write_bytes(asset.read_bytes())
    (docs / "index.md").write_text(f"# A page\n\nSome text.\n\n{body}\n", encoding="utf-8")
    site = tmp_path / "site"
    build.mkdocs_build(docs, site, [{"Home": "index.md"}])
    return site


def test_a_page_without_external_assets_builds(tmp_path):
    site = build_one_page(tmp_path, '<img src="assets/none.png" alt="local"> [a link elsewhere is fine](https://example.org/)')
    assert (site / "index.html").exists()
    assert not (site / "assets" / "external").exists()


@pytest.mark.parametrize("kind", sorted(EXTERNAL_ASSETS))
def test_an_external_asset_fails_the_strict_build(tmp_path, kind):
    with pytest.raises(ProblemsFound) as found:
        build_one_page(tmp_path, EXTERNAL_ASSETS[kind])
    assert [(problem.file, "example.org/" in problem.message) for problem in found.value.problems] == [("index.md", True)]
