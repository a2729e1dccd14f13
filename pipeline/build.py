"""The stages in order: validate, tables, charts, downloads, pages, mkdocs build, then swap into site/."""

import os
import shutil
import signal
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

from . import charts, downloads, escape, figures, paths, source_date, validate
from . import packages as package_folders
from .pages import PageWriter
from .problems import ProblemsFound

HAND_WRITTEN_NAV = [("Home", "index.md"), ("Methodology", "methodology.md"), ("Browsing safely", "safety.md"),
                    ("About and support", "about.md")]


def progress(message: str) -> None:
    print(f"build: {message}", file=sys.stderr, flush=True)


def generate(docs: Path, datapackages: Path = paths.DATAPACKAGES) -> tuple[list, int]:
    """Validate every package and write the full Markdown site into docs; return the navigation and the data's date."""
    progress("validating data packages")
    packages, problems = validate.validate_packages(package_folders.discover(datapackages))
    if problems:
        raise ProblemsFound(problems)
    progress("building tables")
    tables = figures.build_tables(packages)
    if docs.exists():
        shutil.rmtree(docs)
    shutil.copytree(paths.DOCS, docs)
    progress("drawing charts")
    rendered = charts.render_all(tables)
    for chart in rendered:
        charts.write(chart, docs / "charts")
    progress("writing downloads")
    files = {package.name: downloads.write_package(package, tables, docs) for package in packages}
    progress("writing pages")
    writer = PageWriter(tables, rendered, files)
    package_pages = writer.write_generated(docs)
    problems = []
    for page in sorted(docs.rglob("*.md")):
        problems += writer.fill_markers(page, docs)
    if problems:
        raise ProblemsFound(problems)
    nav = [{title: page} for title, page in HAND_WRITTEN_NAV if (docs / page).exists()]
    titles = {package.name: escape.nav_title(package.descriptor.get("title", package.name)) for package in packages}
    nav.insert(1, {"Data": ["packages/index.md"] + [{titles[p.split("/")[1][:-3]]: p} for p in package_pages]})
    return nav, source_date.data_epoch(packages)


def mkdocs_build(docs: Path, site: Path, nav: list) -> None:
    """mkdocs build --strict of the generated docs into site."""
    from mkdocs.commands.build import build as run_build
    from mkdocs.config import load_config

    progress("running mkdocs build --strict")
    config = load_config(str(paths.MKDOCS_CONFIG), docs_dir=str(docs), site_dir=str(site), nav=nav, strict=True)
    run_build(config)


@contextmanager
def signals_deferred():
    """Hold SIGINT and SIGTERM while the old site is swapped for the new, then act on them."""
    received = []
    handlers = {sig: signal.signal(sig, lambda number, frame: received.append(number))
                for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
        if received:
            signal.raise_signal(received[0])


def swap_into(built: Path, site: Path) -> None:
    """Replace site with built in two renames, so readers never see half a site."""
    with signals_deferred():
        old = None
        if site.exists():
            old = site.with_name(site.name + ".old")
            if old.exists():
                shutil.rmtree(old)
            site.rename(old)
        built.rename(site)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def build(site: Path = paths.SITE, docs: Path = paths.BUILD_DOCS, datapackages: Path = paths.DATAPACKAGES) -> None:
    """The whole build; on any failure site is left exactly as it was."""
    nav, epoch = generate(docs, datapackages)
    site.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".site-", dir=site.parent))
    try:
        with source_date.pinned(epoch):
            mkdocs_build(docs, staging, nav)
        swap_into(staging, site)
        progress(f"published {paths.display(site)}")
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


if __name__ == "__main__":  # pragma: no cover
    build(Path(os.environ.get("SITE_DIR", paths.SITE)))
