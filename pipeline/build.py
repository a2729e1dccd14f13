"""The stages in order: validate, tables, charts, downloads, pages, mkdocs build, then swap into site/."""

import logging
import os
import pickle
import shutil
import signal
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

from . import cache, charts, csp, downloads, escape, figures, paths, reuse, sitewide, source_date, validate
from . import packages as package_folders
from .pages import PageWriter
from .problems import ProblemsFound

HAND_WRITTEN_NAV = [("Home", "index.md"), ("Methodology", "methodology.md"), ("Browsing safely", "safety.md"),
                    ("About and support", "about.md")]
MARKER_CONTEXT = ".markers.pickle"


def progress(message: str) -> None:
    print(f"build: {message}", file=sys.stderr, flush=True)


def generate_data(folders: list[Path], out: Path, store: cache.Cache) -> None:
    """Validate the packages and write everything made from their data into out: charts, downloads, data pages."""
    progress(f"validating {len(folders)} data package(s): {', '.join(folder.name for folder in folders)}")
    with store.active():
        packages, problems = validate.validate_packages(folders)
    if problems:
        raise ProblemsFound(problems)
    progress("building tables")
    tables = figures.build_tables(packages)
    rendered = []
    for package in packages:
        if package.charts:
            progress(f"{package.name}: drawing {len(package.charts)} chart(s)")
        rendered += charts.render_package(package, tables, store)
    for chart in rendered:
        charts.write(chart, out / "charts")
    files = {}
    for package in packages:
        progress(f"{package.name}: writing downloads")
        files[package.name] = downloads.write_package(package, tables, out)
    extras = reuse.extras(tables, rendered, files, out)
    progress("writing package, chart and site-wide pages")
    writer = PageWriter(tables, rendered, files, extras)
    package_pages = writer.write_generated(out)
    reuse_pages = sitewide.write(tables, rendered, files, extras, problems, out)
    titles = {package.name: escape.nav_title(package.descriptor.get("title", package.name)) for package in packages}
    data_nav = ["packages/index.md"] + [{titles[p.split("/")[1][:-3]]: p} for p in package_pages] + reuse_pages
    light = figures.Tables(tables.packages, tables.figures, tables.sources, {})
    with open(out / MARKER_CONTEXT, "wb") as handle:
        pickle.dump((light, rendered, files, extras, data_nav), handle, protocol=pickle.HIGHEST_PROTOCOL)


def generate(docs: Path, folders: list[Path] | None = None, datapackages: Path = paths.DATAPACKAGES,
             store: cache.Cache | None = None) -> tuple[list, int]:
    """Validate the packages (those in folders, or all under datapackages) and write the Markdown site into docs.

    Everything made from the data is reused from the cache while no input has changed. Returns the navigation
    and the data's date (for SOURCE_DATE_EPOCH)."""
    store = store or cache.Cache()
    folders = package_folders.discover(datapackages) if folders is None else folders
    # mkdocs.yml is an input: citations and JSON-LD take the site address from it
    key = cache.digest(store.code, paths.MKDOCS_CONFIG, *[part for folder in folders for part in (str(folder.resolve()), folder)])
    data = store.folder("data", "all packages", key, lambda out: generate_data(folders, out, store))
    if "all packages" in store.reused("data"):
        progress("data packages unchanged since the last build: reusing validation, tables, charts and pages")
    if docs.exists():
        shutil.rmtree(docs)
    shutil.copytree(paths.DOCS, docs)
    shutil.copytree(data, docs, dirs_exist_ok=True, copy_function=cache.link_or_copy,
                    ignore=shutil.ignore_patterns(".complete", MARKER_CONTEXT))
    with open(data / MARKER_CONTEXT, "rb") as handle:
        tables, rendered, files, extras, data_nav = pickle.load(handle)
    progress("filling data markers in pages")
    writer = PageWriter(tables, rendered, files, extras)
    problems = []
    for page in sorted(docs.rglob("*.md")):
        problems += writer.fill_markers(page, docs)
    if problems:
        raise ProblemsFound(problems)
    nav = [{title: page} for title, page in HAND_WRITTEN_NAV if (docs / page).exists()]
    nav.insert(1, {"Data": data_nav})
    nav.insert(2, {"Charts": "charts/index.md"})
    return nav, source_date.data_epoch(tables.packages)  # not cached: SOURCE_DATE_EPOCH may change between builds


def show_mkdocs_warnings() -> None:
    """Send mkdocs' warnings and errors to stderr, so a strict failure says why."""
    logger = logging.getLogger("mkdocs")
    if not any(getattr(handler, "pipeline", False) for handler in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setLevel(logging.WARNING)
        handler.setFormatter(logging.Formatter("mkdocs: %(levelname)s %(message)s"))
        handler.pipeline = True
        logger.addHandler(handler)


def mkdocs_build(docs: Path, site: Path, nav: list) -> None:
    """mkdocs build --strict of the generated docs into site."""
    from mkdocs.commands.build import build as run_build
    from mkdocs.config import load_config

    progress("running mkdocs build --strict")
    show_mkdocs_warnings()
    config = load_config(str(paths.MKDOCS_CONFIG), docs_dir=str(docs), site_dir=str(site), nav=nav, strict=True)
    cache.mkdocs_template_cache(config, paths.CACHE / "templates")
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


def build(site: Path = paths.SITE, docs: Path = paths.BUILD_DOCS, folders: list[Path] | None = None,
          datapackages: Path = paths.DATAPACKAGES, store: cache.Cache | None = None) -> None:
    """The whole build (of every package, or those in folders); on any failure site is left exactly as it was."""
    nav, epoch = generate(docs, folders, datapackages, store)
    site.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".site-", dir=site.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; a web server must be able to read the published site
    try:
        with source_date.pinned(epoch):
            mkdocs_build(docs, staging, nav)
        csp.apply(staging)
        swap_into(staging, site)
        progress(f"published {paths.display(site)}")
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


if __name__ == "__main__":  # pragma: no cover
    build(Path(os.environ.get("SITE_DIR", paths.SITE)))
