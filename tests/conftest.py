"""Shared fixtures: one real build of the site per test session, served on loopback, and Chromium."""

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest

from pipeline import build, paths

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """A real build of the shipped data into a temporary site folder (build/docs is shared scratch)."""
    site = tmp_path_factory.mktemp("built") / "site"
    docs = tmp_path_factory.mktemp("docs") / "docs"
    build.build(site=site, docs=docs)
    return site


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def site_url(built_site):
    """The built site served over HTTP on 127.0.0.1 for the browser tests."""
    handler = functools.partial(QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    """Debian's headless Chromium driven by Playwright; never a downloaded browser."""
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: run 'make test' (it installs Debian chromium) or apt-get install chromium")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def package_folders() -> list[Path]:
    """Every shipped data package, for parametrized tests."""
    return [folder for folder in sorted(paths.DATAPACKAGES.iterdir()) if (folder / paths.DESCRIPTOR_NAME).exists()]


def fixture_folders() -> list[Path]:
    """Every defect-named fixture package that carries an expected.txt."""
    root = Path(__file__).parent / "fixtures"
    return [folder for folder in sorted(root.iterdir()) if (folder / "expected.txt").exists()]


@pytest.fixture
def copy_package(tmp_path):
    """Copy a shipped package into a temporary folder so a test can break it."""
    def copy(name: str) -> Path:
        target = tmp_path / name
        shutil.copytree(paths.DATAPACKAGES / name, target)
        return target
    return copy


def force_names() -> list[str]:
    """Every police force in a shipped package of outcome counts (its forces table), for the force-page tests."""
    import csv

    names = []
    for folder in package_folders():
        table = folder / "data" / "forces.csv"
        if table.exists():
            with table.open(encoding="utf-8", newline="") as handle:
                names += [row["force"] for row in csv.DictReader(handle)]
    return names
