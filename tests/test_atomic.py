"""A failed or interrupted build leaves the published site byte for byte, exits non-zero, and prints no traceback."""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import tree_digest

from pipeline import paths


@pytest.fixture
def published(built_site, tmp_path) -> Path:
    """A copy of a real built site, standing in for the site readers see now."""
    site = tmp_path / "public" / "site"
    shutil.copytree(built_site, site)
    return site


REDRAW = ("data", "chart", "card", "downloads")  # the cache stages to drop so that charts, cards and downloads are made again
DRAW_ONLY = ("data", "chart", "card")  # the same, but downloads are reused: the build reaches its wait for the charts sooner


def start_build(site: Path, redo: tuple[str, ...] | None = None, hold_at: str | None = None) -> subprocess.Popen:
    """A build in a session of its own, as a terminal runs it, so Ctrl-C can reach its worker processes too. It has an
    empty cache of its own, so every stage runs and can be interrupted; or, given redo, a copy of the session build's
    cache without those stages, which are done again while the rest is reused (the same build, reaching them sooner).
    Given hold_at, it holds still once it has printed the first progress line holding those words (PAUSED_BUILD)."""
    cache = site.parent / ".cache-for-test"
    if redo is not None:
        shutil.copytree(paths.CACHE, cache, ignore=lambda folder, names: [name for name in names if Path(folder) == paths.CACHE
                                                                          and name in redo])
    environment = {**os.environ, "PIPELINE_CACHE_DIR": str(cache), "PIPELINE_WORKERS": "2"}
    command = ["-m", "pipeline"] if hold_at is None else ["-c", PAUSED_BUILD, hold_at]
    return subprocess.Popen([sys.executable, *command, "build", "--site-dir", str(site)],
                            cwd=paths.ROOT, stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=environment,
                            start_new_session=True)


def leftovers(site: Path) -> list[str]:
    return sorted(path.name for path in site.parent.iterdir() if path != site and path.name != ".cache-for-test")


@pytest.mark.parametrize(("stage", "sig", "redo"), [("drawing", signal.SIGTERM, REDRAW), ("running mkdocs build", signal.SIGINT, ()),
                                                    ("writing package", signal.SIGTERM, ("data",))])
def test_a_signal_mid_build_leaves_the_old_site(published, stage, sig, redo):
    before = tree_digest(published)
    process = start_build(published, redo=redo)
    seen = []
    for line in process.stderr:
        seen.append(line)
        if stage in line:
            process.send_signal(sig)
            break
    rest = process.stderr.read()
    process.wait(timeout=120)
    output = "".join(seen) + rest
    assert any(stage in line for line in seen), output
    assert process.returncode != 0, output
    assert "Traceback" not in output
    assert f"stopped by {sig.name}" in output
    assert "published" not in output
    assert tree_digest(published) == before
    assert leftovers(published) == []


# The build as `python -m pipeline build` runs it, but holding still in the first progress line that holds argv[1], once
# that line is printed: a signal sent on reading that line finds the build at that moment, however loaded the machine.
PAUSED_BUILD = """
import logging, sys, time
from pipeline import logs
from pipeline.__main__ import main

class HoldAt(logging.Handler):
    def __init__(self, words):
        super().__init__()
        self.words = words

    def emit(self, record):
        if self.words and self.words in record.getMessage():
            self.words = None
            time.sleep(60)  # a signal handler that raises ends it early

logs.show_progress()  # the progress line is printed first, by the handler added here before ours
logging.getLogger(logs.ROOT_LOGGER).addHandler(HoldAt(sys.argv[1]))
sys.exit(main(sys.argv[2:]))
"""


@pytest.mark.parametrize(("moment", "redo"), [(": writing downloads", REDRAW), ("drawn", DRAW_ONLY)],
                         ids=["while-writing-downloads", "while-waiting-for-charts"])
def test_ctrl_c_while_worker_processes_draw_stops_them_all(published, moment, redo):
    """Ctrl-C in a terminal signals the whole process group: the build and the processes drawing its charts. The build
    holds still at the first line of the moment (charts are being drawn meanwhile; then they are being waited for)."""
    before = tree_digest(published)
    process = start_build(published, redo=redo, hold_at=moment)
    seen = []
    for line in process.stderr:
        seen.append(line)
        if moment in line:
            os.killpg(process.pid, signal.SIGINT)
            break
    rest = process.stderr.read()
    process.wait(timeout=120)
    output = "".join(seen) + rest
    assert process.returncode == 130, output
    assert moment in seen[-1] and rest.startswith("build: stopped by SIGINT"), output  # stopped at that moment, no later
    assert "Traceback" not in output and "KeyboardInterrupt" not in output
    assert output.count("stopped by SIGINT") == 1, output
    assert tree_digest(published) == before
    assert leftovers(published) == []
    assert living_in_group(process.pid) == [], "worker processes left running"


def living_in_group(group: int, wait: float = 10.0) -> list[str]:
    """Processes of a process group still running (not exited, not waiting to be reaped) after up to wait seconds."""
    deadline = time.monotonic() + wait
    while True:
        listed = subprocess.run(["ps", "-o", "stat=,args=", "-g", str(group)], capture_output=True, text=True).stdout
        living = [line for line in listed.splitlines() if line.strip() and not line.strip().startswith("Z")]
        if not living or time.monotonic() > deadline:
            return living
        time.sleep(0.2)


def test_bad_data_leaves_the_old_site(published, tmp_path):
    root = tmp_path / "datapackages"
    shutil.copytree(paths.DATAPACKAGES, root)
    figures = root / "worcester-hmic-2017" / "data" / "figures.csv"
    figures.write_text(figures.read_text(encoding="utf-8").replace(",0.6,", ",six tenths,", 1), encoding="utf-8")
    before = tree_digest(published)
    result = subprocess.run([sys.executable, "-m", "pipeline", "build", "--site-dir", str(published), "--datapackages", str(root)],
                            cwd=paths.ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "'six tenths' is not a number" in result.stderr
    assert result.stderr.splitlines()[-1] == "1 problem(s) found; nothing published."
    assert tree_digest(published) == before
    assert leftovers(published) == []


def test_a_failure_after_validation_leaves_the_old_site(published, tmp_path):
    """Without the PAS package the hand-written pages cite figures that do not exist: the page stage fails."""
    root = tmp_path / "datapackages"
    root.mkdir()
    shutil.copytree(paths.DATAPACKAGES / "worcester-hmic-2017", root / "worcester-hmic-2017")
    charts = root / "worcester-hmic-2017" / paths.CHARTS_NAME
    charts.write_text("[]\n", encoding="utf-8")
    before = tree_digest(published)
    result = subprocess.run([sys.executable, "-m", "pipeline", "build", "--site-dir", str(published), "--datapackages", str(root)],
                            cwd=paths.ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "running mkdocs build --strict" in result.stderr  # validation and generation passed: the markers failed
    assert "unknown data marker" in result.stderr
    assert tree_digest(published) == before
    assert leftovers(published) == []


def test_a_good_build_replaces_the_site_whole(published, tmp_path):
    (published / "stale.html").write_text("left from an old build", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "pipeline", "build", "--site-dir", str(published)],
                            cwd=paths.ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert not (published / "stale.html").exists()
    assert (published / "index.html").is_file()
    assert leftovers(published) == []
