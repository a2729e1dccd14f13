"""The stages in order: validate, tables, charts, downloads, pages, mkdocs build, then swap into site/."""

import json
import logging
import os
import pickle
import shutil
import signal
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

from pipeline import cache, identity, paths, source_date
from pipeline.pages import az, markers, noscript_palette, previews, search_index
from pipeline.problems import Problem, ProblemsFound
from pipeline.validation import packages as package_folders

log = logging.getLogger(__name__)

HAND_WRITTEN_NAV = [("Home", "index.md"), ("Methodology", "methodology.md"), ("Browsing safely", "safety.md"),
                    ("About and support", "about.md")]
DATA_META = ".meta.json"  # the data's navigation and date: all an unchanged rebuild needs besides the files



def generate_data(folders: list[Path], out: Path, store: cache.Cache, page_headlines: dict[str, str]) -> None:
    """Validate the packages and write everything made from their data into out: charts, preview cards, downloads,
    data pages. page_headlines names the figure on each hand-written page's preview card."""
    # imported here, not at the top: a rebuild that reuses the data never needs pandas, altair or frictionless
    from pipeline import escape, parallel
    from pipeline.charts import cards, draw
    from pipeline.charts.kinds import KINDS
    from pipeline.pages import extras, forces, sitewide
    from pipeline.pages.write import PageWriter
    from pipeline.tables import tidy
    from pipeline.validation import validate

    with parallel.Workers(parallel.worker_count(), draw.WARM_UP) as workers:
        if workers.count > 1 and store.is_empty("chart"):
            workers.start()  # a cold build draws every chart: the workers warm up while the packages are validated
        log.info(f"validating {len(folders)} data package(s): {', '.join(folder.name for folder in folders)}")
        packages, problems = validate.validate_packages(folders, KINDS)
        if problems:
            raise ProblemsFound(problems)
        log.info("building tables")
        tables = tidy.build_tables(packages)
        known = set(tables.figures["ref"]) if not tables.figures.empty else set()
        site_ref = cards.site_headline(tables, page_headlines)
        card_refs = [ref for ref in [site_ref, *page_headlines.values(), *cards.package_headlines(tables).values()] if ref in known]
        rendered, (card_images, files) = draw.render_all(
            packages, tables, store, workers=workers,
            alongside=lambda: cards.render_all(tables, card_refs, store, workers, lambda: write_downloads(packages, tables, out, store)))
        for chart in rendered:
            draw.write(chart, out / "charts")
        cards.write(card_images, out)
        if site_ref is not None:
            (out / cards.SITE_CARD).write_bytes(card_images[site_ref])

        def write_pages() -> tuple[list, list, list]:
            page_extras = extras.extras(tables, rendered, files, out)
            log.info("writing package, chart and site-wide pages")
            writer = PageWriter(tables, rendered, files, page_extras)
            written = writer.write_generated(out), sitewide.write(tables, rendered, files, page_extras, problems, out), \
                forces.write(tables, writer.charts, writer.chart_context, writer.env, out)
            az.save_data(tables, out)
            with open(out / markers.CONTEXT_FILE, "wb") as handle:
                pickle.dump(writer.marker_data(), handle, protocol=pickle.HIGHEST_PROTOCOL)
            return written

        # no page needs a preview's bytes: the workers draw them while the pages are written
        package_pages, reuse_pages, force_pages = draw.add_previews(rendered, store, workers, write_pages)
    for chart in rendered:
        draw.write_preview(chart, out / "charts")
    titles = {package.name: escape.nav_title(package.descriptor.get("title", package.name)) for package in packages}
    data_nav = ["packages/index.md"] + [{titles[p.split("/")[1][:-3]]: p} for p in package_pages] + reuse_pages
    created = [package.descriptor.get("created") for package in packages]
    images = {page: cards.card_path(ref) for page, ref in page_headlines.items() if ref in card_images}
    (out / DATA_META).write_text(json.dumps({"nav": data_nav, "forces": force_pages[:1], "created": created, "previews": images}),
                                 encoding="utf-8")


def write_downloads(packages: list, tables, out: Path, store: cache.Cache) -> dict[str, dict]:
    """Every package's download files, by package name; those of a package whose inputs are unchanged come from the cache."""
    from pipeline.publish import downloads

    return {package.name: downloads.write_reused(package, tables, out, store) for package in packages}


def site_base() -> str:
    """The site's address (identity.base), with a malformed SITE_URL reported as a problem before anything is built."""
    try:
        return identity.base()
    except ValueError as bad:
        raise ProblemsFound([Problem(identity.VARIABLE, None, None, str(bad))]) from None


def generate(docs: Path, folders: list[Path] | None = None, datapackages: Path = paths.DATAPACKAGES,
             store: cache.Cache | None = None, pages: Path = paths.DOCS) -> tuple[list, int]:
    """Validate the packages (those in folders, or all under datapackages) and write the Markdown site into docs,
    from the hand-written pages in pages.

    Everything made from the data is reused from the cache while no input has changed. Returns the navigation
    and the data's date (for SOURCE_DATE_EPOCH)."""
    store = store or cache.Cache()
    folders = package_folders.discover(datapackages) if folders is None else folders
    headlines = previews.headlines(pages)
    # the site address is an input: citations, JSON-LD and the feed are written with it
    key = cache.digest(store.code, paths.MKDOCS_CONFIG, site_base(), sorted(headlines.items()),
                       *[part for folder in folders for part in (str(folder.resolve()), folder)])
    with store.active():
        data = store.folder("data", "all packages", key, lambda out: generate_data(folders, out, store, headlines))
    if "all packages" in store.reused("data"):
        log.info("data packages unchanged since the last build: reusing validation, tables, charts and pages")
    if docs.exists():
        shutil.rmtree(docs)
    shutil.copytree(pages, docs)
    noscript_palette.write(docs)
    shutil.copytree(data, docs, dirs_exist_ok=True, copy_function=cache.link_or_copy,
                    ignore=shutil.ignore_patterns(".complete", DATA_META, az.DATA_ENTRIES))
    meta = json.loads((data / DATA_META).read_text(encoding="utf-8"))
    add_preview_images(docs, meta["previews"])
    nav = [{title: page} for title, page in HAND_WRITTEN_NAV if (docs / page).exists()]
    nav.insert(1, {"Data": meta["nav"]})
    nav.insert(2, {"Charts": "charts/index.md"})
    if meta["forces"]:  # the index only: 44 force pages in every page's navigation would weigh on every page
        nav.insert(1, {"Police forces": meta["forces"][0]})
    nav.append({"A–Z index": az.write(docs, az.load_data(data))})
    return nav, source_date.data_epoch(meta["created"])  # not cached: SOURCE_DATE_EPOCH may change between builds


def add_preview_images(docs: Path, images: dict[str, str]) -> None:
    """Name its preview image in the front matter of each hand-written page that has a card of its own."""
    for page, image in images.items():
        target = docs / page
        target.write_text(previews.with_image(target.read_text(encoding="utf-8"), image), encoding="utf-8")


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

    log.info("running mkdocs build --strict")
    show_mkdocs_warnings()
    config = load_config(str(paths.MKDOCS_CONFIG), docs_dir=str(docs), site_dir=str(site), nav=nav, strict=True,
                         site_url=identity.public())
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
          datapackages: Path = paths.DATAPACKAGES, store: cache.Cache | None = None, pages: Path = paths.DOCS) -> None:
    """The whole build (of every package, or those in folders); on any failure site is left exactly as it was."""
    nav, epoch = generate(docs, folders, datapackages, store, pages)
    site.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".site-", dir=site.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; a web server must be able to read the published site
    try:
        with source_date.pinned(epoch):
            mkdocs_build(docs, staging, nav)
        search_index.write(staging)
        swap_into(staging, site)
        log.info(f"published {paths.display(site)}")
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


if __name__ == "__main__":  # pragma: no cover
    build(Path(os.environ.get("SITE_DIR", paths.SITE)))
