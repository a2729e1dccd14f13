"""Shared fixtures: folders of its own for each test session, one real build of the site, served on loopback, and Chromium.

Every session (each pytest-xdist worker is one) builds into its own build and cache folders under pytest's temporary
folder, set in PIPELINE_BUILD_DIR before the pipeline is imported, so subprocesses that a test starts use them too and
nothing is shared with the developer's build/ or with the other workers. The pipeline is therefore imported lazily here.
The one thing the workers share is the build of the shipped site (built_site), made once for the whole run and only read.
"""

import fcntl
import functools
import hashlib
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from browsing import CHROMIUM, CHROMIUM_ARGS, PageOpener

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.hookimpl(trylast=True)
def pytest_configure(config):
    """Point the pipeline's build folder (and so its cache) at a folder of this session's own, before it is imported."""
    build_dir = config._tmp_path_factory.mktemp("pipeline-build", numbered=True)
    os.environ["PIPELINE_BUILD_DIR"] = str(build_dir)
    os.environ.pop("PIPELINE_CACHE_DIR", None)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Keep each xdist_group on one worker. pytest-xdist 3.8 names a test's group in its id by setting item._nodeid,
    which pytest 9 no longer reads (it keeps the id in item._id): the groups were silently spread over both workers,
    and each worker built the group's session fixture. Here the id gets its group as xdist means it to, and a group
    that still does not reach the id stops the run."""
    if not getattr(config.option, "loadgroup", False):  # set on the workers of a --dist loadgroup run
        return
    for item in items:
        groups = sorted({str(mark.args[0] if mark.args else mark.kwargs.get("name", "default"))
                         for mark in item.iter_markers("xdist_group")})
        if not groups:
            continue
        suffix = "@" + "_".join(groups)
        if not item.nodeid.endswith(suffix) and hasattr(item, "_id"):
            item._id = type(item._id).parse(item.nodeid + suffix)
        if not item.nodeid.endswith(suffix):
            raise pytest.UsageError(f"{item.nodeid} lost its xdist_group {suffix}: its group would be spread over the workers")


def nonempty(items: list, what: str) -> list:
    """A list to parametrize over, refused at collection when it is empty (a test over nothing passes silently)."""
    if not items:
        raise pytest.UsageError(f"no {what} found to parametrize over")
    return items


def tree_digest(root: Path) -> str:
    """One hash over every path, file content and link target under root."""
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        if path.is_symlink():
            digest.update(b"link:" + str(path.readlink()).encode())
        elif path.is_file():
            digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def run_folder(tmp_path_factory) -> Path:
    """A folder that every worker of this run shares (pytest-xdist gives each worker a folder inside it), and no other run."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


BUILD_TIMEOUT = 600  # seconds; a build that takes longer fails every test that needs it


def cold_build(folder: Path) -> dict:
    """`python -m pipeline build` of the shipped data into folder/site, with empty build and cache folders of its own
    (folder/build); what came of it: the site's digest, or why it failed."""
    from pipeline import paths

    for leftover in ("build", "site"):  # of a worker that died mid-build
        shutil.rmtree(folder / leftover, ignore_errors=True)
    environment = {**os.environ, "PIPELINE_BUILD_DIR": str(folder / "build")}
    environment.pop("PIPELINE_CACHE_DIR", None)
    try:
        result = subprocess.run([sys.executable, "-m", "pipeline", "build", "--site-dir", str(folder / "site")],
                                cwd=paths.ROOT, capture_output=True, text=True, timeout=BUILD_TIMEOUT, env=environment)
    except subprocess.TimeoutExpired:
        return {"failed": f"the build of the shipped site took more than {BUILD_TIMEOUT} s"}
    if result.returncode != 0:
        return {"failed": f"the build of the shipped site failed ({result.returncode}):\n{result.stderr[-4000:]}"}
    return {"digest": tree_digest(folder / "site")}


def build_once(folder: Path) -> dict:
    """cold_build(folder) by the first worker to ask; the others wait for it (a file lock, which the system releases if
    that worker dies) and read what came of it."""
    folder.mkdir(exist_ok=True)
    outcome = folder / "outcome.json"
    with open(folder / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not outcome.exists():
            written = folder / "outcome.json.part"
            written.write_text(json.dumps(cold_build(folder)), encoding="utf-8")
            written.replace(outcome)
    return json.loads(outcome.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """A real cold build of the shipped data, made once for the whole run (by the first worker that needs it) and read
    by every worker. Its cache is copied into this session's, as if this session had built it: tests start builds of
    their own from it. No test may write into the shared site: when the session ends its files must be as built."""
    from pipeline import paths

    folder = run_folder(tmp_path_factory) / "shared-built-site"
    outcome = build_once(folder)
    if "failed" in outcome:
        pytest.fail(outcome["failed"], pytrace=False)
    shutil.copytree(folder / "build" / "cache", paths.CACHE, dirs_exist_ok=True)
    yield folder / "site"
    assert tree_digest(folder / "site") == outcome["digest"], "a test wrote into the shared built site"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a browser closing a page mid-download is no error
            super().handle_error(request, client_address)


def serve_folder(folder: Path, handler=QuietHandler):
    """Serve folder over HTTP on 127.0.0.1 in a thread; returns the server (its address is server.server_address)."""
    server = QuietServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="session")
def site_url(built_site):
    """The built site served over HTTP on 127.0.0.1 for the browser tests."""
    server = serve_folder(built_site)
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    """Debian's headless Chromium driven by Playwright; never a downloaded browser, and no host but this machine resolves."""
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: run 'make test' (it installs Debian chromium) or apt-get install chromium")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def module_tab(browser):
    """One tab for a module's browser tests that each set the screen and colour scheme they need and load their page
    afresh: each load is a new document, so nothing of the last test's page stays, and no test pays for a context."""
    context = browser.new_context()
    yield context.new_page()
    context.close()


@pytest.fixture
def open_page(browser, site_url):
    """open_page(path, **context_options) -> (page, record): the page of the built site in a fresh context, watched.

    record holds "requests" (every URL asked), "off_origin" (URLs of other hosts, which fail), "errors" (console errors
    and uncaught exceptions) and "neutral" (what was asked of the quick exit's neutral site, answered locally once a test
    calls browsing.answer_neutral).
    Pass after="other.html" to open that page first, so the history holds this site twice.
    """
    opener = PageOpener(browser, site_url)
    yield opener.open
    opener.close()


def package_folders() -> list[Path]:
    """Every shipped data package, for parametrized tests."""
    from pipeline import paths

    return nonempty([folder for folder in sorted(paths.DATAPACKAGES.iterdir()) if (folder / paths.DESCRIPTOR_NAME).exists()],
                    "data packages")


def fixture_folders() -> list[Path]:
    """Every defect-named fixture package that carries an expected.txt."""
    return nonempty([folder for folder in sorted(FIXTURES.iterdir()) if (folder / "expected.txt").exists()], "fixtures")


@pytest.fixture
def copy_package(tmp_path):
    """Copy a shipped package into a temporary folder so a test can break it."""
    from pipeline import paths

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
