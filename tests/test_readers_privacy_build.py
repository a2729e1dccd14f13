"""The strict build fails on any asset from another host (Material's privacy plugin, fetching off) and passes without one."""

import pytest
from mkdocs.exceptions import Abort

from pipeline import build, paths

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
def test_an_external_asset_fails_the_strict_build(tmp_path, caplog, kind):
    with pytest.raises(Abort):
        build_one_page(tmp_path, EXTERNAL_ASSETS[kind])
    assert any("External file" in record.getMessage() and "example.org" in record.getMessage() for record in caplog.records)
