"""What the README promises and only a person would otherwise try: `make serve` in a browser and a release."""

import json
import os
import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from browsing import csp_violations, watch
from test_readers_browser import PAGES

from pipeline import paths
from pipeline.pages import csp

pytestmark = pytest.mark.xdist_group("preview-server")  # its session fixture is built once, on one worker

CSP_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Lines:
    """A child process's stderr, read in a thread, waited on line by line."""

    def __init__(self, stream):
        self.queue, self.seen = queue.Queue(), []
        threading.Thread(target=lambda: [self.queue.put(line) for line in stream], daemon=True).start()

    def wait_for(self, text: str, seconds: float = 120) -> str:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                line = self.queue.get(timeout=1)
            except queue.Empty:
                continue
            self.seen.append(line)
            if text in line:
                return line
        raise AssertionError(f"never printed {text!r}; printed:\n{''.join(self.seen)}")


@pytest.fixture(scope="session")
def served():
    """`python -m pipeline serve` (what `make serve` runs) on a free port; its address."""
    port = free_port()
    child = subprocess.Popen([sys.executable, "-m", "pipeline", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                             cwd=paths.ROOT, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    lines = Lines(child.stderr)
    try:
        lines.wait_for("Serving on http")
        yield f"http://127.0.0.1:{port}/"
    finally:
        child.send_signal(signal.SIGINT)
        try:
            child.wait(timeout=30)
        finally:
            if child.poll() is None:
                child.kill()
                child.wait()


def test_the_preview_is_the_site_csp_included(served, browser):
    """Every page the preview serves carries the same policy as the published site, and Chromium runs the page's own
    scripts under it and asks no other host."""
    policies = {}
    for page_path in PAGES:
        html = urllib.request.urlopen(served + page_path, timeout=30).read().decode("utf-8")
        found = CSP_META.findall(html)
        policies[page_path] = "one policy" if len(found) == 1 and found[0] == csp.policy_for(html) else found
    assert policies == dict.fromkeys(PAGES, "one policy")
    context = browser.new_context(color_scheme="dark")
    record = watch(context, served)
    page = context.new_page()
    seen = {}
    for page_path in ("index.html", "packages/pas-survey-2011.html", "charts/police-response.html"):
        page.goto(served + page_path, wait_until="load")
        seen[page_path] = [page.evaluate("document.body.dataset.mdColorScheme"), csp_violations(page)]
    context.close()
    assert record["off_origin"] == [] and record["requests"]
    assert seen == dict.fromkeys(seen, ["slate", []]), "the page's own scripts run, and nothing is refused (live reload included)"


@pytest.fixture
def repository_copy(tmp_path) -> Path:
    """The parts of the repository a release and a build read, copied, so the real datapackages/ stay as they are."""
    root = tmp_path / "repository"
    for name in ("pipeline", "datapackages", "docs", "overrides"):
        shutil.copytree(paths.ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(paths.MKDOCS_CONFIG, root / "mkdocs.yml")
    return root


def test_a_release_from_the_command_line_archives_and_builds(built_site, repository_copy, tmp_path):
    """`python -m pipeline.release NAME VERSION --date D --kind K --summary S`, as the README gives it, then a build
    (from a copy of the session build's cache: the copied packages are validated again, their charts are reused)."""
    name, package = "worcester-hmic-2017", repository_copy / "datapackages" / "worcester-hmic-2017"
    before = json.loads((package / paths.DESCRIPTOR_NAME).read_text(encoding="utf-8"))
    shutil.copytree(paths.CACHE, tmp_path / "build" / "cache")
    environment = {**os.environ, "PIPELINE_BUILD_DIR": str(tmp_path / "build")}
    released = subprocess.run([sys.executable, "-m", "pipeline.release", name, "1.1.0", "--date", "2026-12-01",
                               "--kind", "correction", "--summary", "Corrected a note."],
                              cwd=repository_copy, capture_output=True, text=True, timeout=300, env=environment)
    assert released.returncode == 0, released.stderr
    assert "Traceback" not in released.stderr
    descriptor = json.loads((package / paths.DESCRIPTOR_NAME).read_text(encoding="utf-8"))
    assert descriptor["version"] == "1.1.0" and descriptor["changes"][1:] == before["changes"]
    archive = package / "releases" / before["version"]
    assert json.loads((archive / paths.DESCRIPTOR_NAME).read_text(encoding="utf-8"))["version"] == before["version"]
    site = tmp_path / "site"
    built = subprocess.run([sys.executable, "-m", "pipeline", "build", "--site-dir", str(site)],
                           cwd=repository_copy, capture_output=True, text=True, timeout=300, env=environment)
    assert built.returncode == 0, built.stderr
    assert (site / "data" / name / before["version"] / f"{name}.zip").is_file()
    assert json.loads((site / "data" / name / "datapackage.json").read_text(encoding="utf-8"))["version"] == "1.1.0"
    assert not (paths.DATAPACKAGES / name / "releases").exists(), "the real package was touched"


