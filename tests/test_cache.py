"""The build cache: unchanged inputs are reused, and any changed byte of data, chart definition or code is redone."""

import json
import multiprocessing
import os
import pickle
import queue
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
from conftest import package_folders

from pipeline import build, parallel, paths
from pipeline.cache import PIPELINE, Cache, digest, file_digest
from pipeline.charts.kinds import KINDS
from pipeline.pages import markers
from pipeline.problems import ProblemsFound
from pipeline.tables import tidy
from pipeline.validation import packages, validate
from pipeline.validation.rows import read_rows

pytestmark = pytest.mark.xdist_group("cache-seed")  # its session fixture is built once, on one worker

# What the cache does holds for any set of packages: four small ones (five charts between them) build in a fraction of
# the time all of them take. The shipped home page quotes packages left out here, so the copy gets one quoting these.
NAMES = ["living-in-fear-2017", "pas-survey-2011", "scotland-stalking-outcomes", "worcester-hmic-2017"]
FOLDERS = [paths.DATAPACKAGES / name for name in NAMES]
HOME = """---
title: Home
---

# A home page quoting the packages of the copy

<section class="key-facts" aria-labelledby="key-facts-heading">
<h2 id="key-facts-heading">Key facts</h2>
<ul>
<li><!-- data:fact pas-survey-2011/not-satisfied-police --></li>
<li><!-- data:fact worcester-hmic-2017/offenders-convicted --></li>
<li><!-- data:fact worcester-hmic-2017/would-not-approach-police-again --></li>
</ul>
</section>

<!-- data:figure pas-survey-2011/contacted-police --> contacted the police.

<!-- data:chart report-to-conviction -->

This site holds <!-- data:figure-count --> figures in <!-- data:package-count --> data packages.
"""


def fill_workspace(root: Path) -> None:
    """Copies of some shipped packages, of the pipeline's source (the code the cache fingerprints) and of the pages."""
    for folder in FOLDERS:
        shutil.copytree(folder, root / "datapackages" / folder.name)
    shutil.copytree(PIPELINE, root / "code", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(paths.DOCS, root / "pages")
    (root / "pages" / "index.md").write_text(HOME, encoding="utf-8")


def run(workspace: Path) -> Cache:
    """One real build of the copied packages and pages into the workspace, with a fresh view of the shared cache."""
    store = Cache(workspace / "cache", code_root=workspace / "code")
    folders = sorted(path for path in (workspace / "datapackages").iterdir())
    build.build(site=workspace / "site", docs=workspace / "docs", folders=folders, store=store, pages=workspace / "pages")
    return store


@pytest.fixture(scope="session")
def seed(tmp_path_factory):
    """One cold build (charts drawn in two worker processes), kept as a snapshot: its workspace and cache, and what it did.

    Cache keys hold the packages' absolute paths, so every test works in the one folder the seed was built in,
    restored from the snapshot first."""
    place = tmp_path_factory.mktemp("cache-workspace")
    fill_workspace(place)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(parallel.VARIABLE, "2")
        store = run(place)
    snapshot = tmp_path_factory.mktemp("cache-seed") / "snapshot"
    shutil.copytree(place, snapshot, symlinks=True)
    return place, snapshot, store


@pytest.fixture
def workspace(seed):
    """The seeded workspace as the cold build left it: packages, code, pages, a built site and a full cache."""
    place, snapshot, _ = seed
    shutil.rmtree(place)
    shutil.copytree(snapshot, place, symlinks=True)
    return place


@pytest.fixture
def cold_build(seed) -> Cache:
    """What the seeding cold build computed and reused."""
    return seed[2]


def site_files(workspace: Path) -> dict[str, bytes]:
    return {path.relative_to(workspace).as_posix(): path.read_bytes() for path in (workspace / "site").rglob("*") if path.is_file()}


def test_a_second_build_reuses_everything(workspace, cold_build):
    first = cold_build
    assert first.reused("data") == first.reused("validate") == first.reused("chart") == []
    assert sorted(first.computed("validate")) == NAMES
    assert len(first.computed("chart")) == sum(len(json.loads((f / paths.CHARTS_NAME).read_text())) for f in FOLDERS)
    second = run(workspace)
    assert second.reused("data") == ["all packages"]
    assert second.computed("data") == second.computed("validate") == second.computed("chart") == []
    assert (workspace / "site" / "packages" / f"{NAMES[0]}.html").is_file()


def test_an_edited_page_is_filled_again_and_nothing_else_is_redone(workspace):
    page = workspace / "pages" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nZebra-page-edit: <!-- data:figure-count --> figures.\n",
                    encoding="utf-8")
    again = run(workspace)
    assert again.reused("data") == ["all packages"] and again.computed("validate") == again.computed("chart") == []
    html = (workspace / "site" / "index.html").read_text(encoding="utf-8")
    published = len(tidy.build_tables([packages.load(folder)[0] for folder in FOLDERS]).figures)
    assert f"Zebra-page-edit: {published} figures." in html


def test_a_page_edit_rebuild_never_imports_pandas_altair_or_frictionless(workspace):
    """What makes such a rebuild take about a second: only mkdocs and the filled pages are redone."""
    page = workspace / "pages" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nZebra-fast: <!-- data:package-count --> packages.\n", encoding="utf-8")
    script = f"""
import sys
from pathlib import Path
from pipeline import build
from pipeline.cache import Cache
w = Path({str(workspace)!r})
store = Cache(w / "cache", code_root=w / "code")
build.build(site=w / "site", docs=w / "docs", folders=sorted((w / "datapackages").iterdir()), store=store, pages=w / "pages")
print(store.reused("data"), sorted(name for name in ("pandas", "numpy", "altair", "frictionless") if name in sys.modules))
"""
    result = subprocess.run([sys.executable, "-c", script], cwd=paths.ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['all packages'] []"
    html = (workspace / "site" / "index.html").read_text(encoding="utf-8")
    assert f"Zebra-fast: {len(FOLDERS)} packages." in html


def test_changed_data_fills_every_page_with_markers_again(workspace):
    """A page's markers show the data of this build, never a page filled from older data."""
    marked = [match.group(2).split("/") for match in markers.MARKER.finditer((workspace / "pages" / "index.md").read_text(encoding="utf-8"))
              if match.group(2) and "/" in match.group(2)]
    package, figure_id, source_id = next(
        (package, figure_id, row.get("source_id")) for package, figure_id in marked
        if (workspace / "datapackages" / package / "data" / "figures.csv").exists()
        for row in read_rows(workspace / "datapackages" / package / "data" / "figures.csv") if row.get("id") == figure_id)
    folder = workspace / "datapackages" / package / "data"
    sources = folder / "sources.csv"
    sources.write_text(_append_to(sources.read_text(encoding="utf-8"), "publisher", source_id, "Zebra-publisher"), encoding="utf-8")
    run(workspace)
    assert "Zebra-publisher" in (workspace / "site" / "index.html").read_text(encoding="utf-8")


def test_an_edited_package_writes_its_downloads_again_and_the_others_are_reused(workspace, cold_build):
    assert sorted(cold_build.computed("downloads")) == NAMES and cold_build.reused("downloads") == []
    edited = workspace / "datapackages" / NAMES[0] / "data" / "figures.csv"
    edited.write_text(_append_to(edited.read_text(encoding="utf-8"), "notes", None, "Zebra-download"), encoding="utf-8")
    again = run(workspace)
    assert again.computed("downloads") == [NAMES[0]] and sorted(again.reused("downloads")) == NAMES[1:]
    published = workspace / "site" / "data" / NAMES[0]
    assert "Zebra-download" in (published / "data" / "figures.csv").read_text(encoding="utf-8")
    assert "Zebra-download" in (published / f"{NAMES[0]}-spreadsheet.csv").read_text(encoding="utf-8")
    listed = (workspace / "site" / "packages" / f"{NAMES[0]}.html").read_text(encoding="utf-8")
    assert file_digest(published / f"{NAMES[0]}.zip") in listed  # the page lists the new zip's checksum


def test_a_page_with_an_unknown_marker_is_never_cached(workspace):
    page = workspace / "pages" / "methodology.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n<!-- data:figure no-such/figure -->\n", encoding="utf-8")
    published = site_files(workspace)
    for _ in range(2):
        with pytest.raises(ProblemsFound) as found:
            run(workspace)
        assert [problem.message for problem in found.value.problems] == [
            "unknown data marker '<!-- data:figure no-such/figure -->'"]
    assert site_files(workspace) == published, "a failed build publishes nothing"


def test_charts_drawn_in_worker_processes_equal_those_drawn_in_one(workspace, cold_build, monkeypatch):
    """The seed drew its charts in two worker processes; a cold build in this process alone draws the same bytes."""
    assert len(cold_build.computed("chart")) > 2
    drawn_by_workers = {path.name: path.read_bytes() for path in (workspace / "site" / "charts").iterdir()}
    monkeypatch.setenv(parallel.VARIABLE, "1")
    shutil.rmtree(workspace / "cache")
    store = run(workspace)
    assert len(store.computed("chart")) == len(cold_build.computed("chart"))
    assert {path.name: path.read_bytes() for path in (workspace / "site" / "charts").iterdir()} == drawn_by_workers


def test_jobs_run_in_other_processes_while_the_caller_works():
    with parallel.Workers(2) as workers:
        results, here = workers.run_alongside(os.getpid, [()] * 3, alongside=os.getpid, minimum=2)
        pids = list(results)
    assert here == os.getpid() and len(pids) == 3 and os.getpid() not in pids


def test_workers_started_early_with_a_broken_warm_up_still_work_and_are_stopped():
    with parallel.Workers(2, warm_up="pipeline.no_such_module.warm_up") as workers:
        workers.start()
        results, here = workers.run_alongside(os.getpid, [()] * 4, alongside=os.getpid)
        pids = list(results)
        assert here == os.getpid() and len(pids) == 4 and os.getpid() not in pids
    assert multiprocessing.active_children() == []


def test_a_changed_csv_byte_is_revalidated_and_published(workspace):
    figures = workspace / "datapackages" / NAMES[0] / "data" / "figures.csv"
    marker = "Zebra-checksum-note"
    figures.write_text(_append_note(figures.read_text(encoding="utf-8"), marker), encoding="utf-8")
    again = run(workspace)
    assert again.computed("data") == ["all packages"]
    assert again.computed("validate") == [NAMES[0]]
    assert sorted(again.reused("validate")) == NAMES[1:]
    page = (workspace / "site" / "packages" / f"{NAMES[0]}.html").read_text(encoding="utf-8")
    assert marker in page


def test_a_valid_package_copied_elsewhere_is_not_validated_again_and_problems_name_each_copys_files(workspace):
    """A package found valid is valid in any folder, so copies of the seed's packages reuse its validation; problems name
    a folder's files, so a broken copy is validated in each folder it is in, and its problems name that folder."""
    for place in ("copy-one", "copy-two"):
        for name in NAMES:
            shutil.copytree(workspace / "datapackages" / name, workspace / place / name)
        sources = workspace / place / NAMES[0] / "data" / "sources.csv"
        sources.write_text(sources.read_text(encoding="utf-8").replace("https://", "ftp://", 1), encoding="utf-8")
        store = Cache(workspace / "cache", code_root=workspace / "code")
        with store.active():
            _, problems = validate.validate_packages(sorted((workspace / place).iterdir()), KINDS)
        assert store.computed("validate") == [NAMES[0]] and sorted(store.reused("validate")) == NAMES[1:]
        assert problems and all(place in problem.file for problem in problems), problems


def _append_note(text: str, marker: str) -> str:
    """Add a word to the notes cell of the first figure, quoting the cell as CSV needs."""
    return _append_to(text, "notes", None, marker)


def _append_to(text: str, field: str, row_id: str | None, marker: str) -> str:
    """Add a word to one cell (of the row with that id, or the first row), quoting the cell as CSV needs."""
    import csv
    import io

    rows = list(csv.reader(io.StringIO(text)))
    column = rows[0].index(field)
    row = next(row for row in rows[1:] if row_id is None or row[rows[0].index("id")] == row_id)
    row[column] = (row[column] + " " + marker).strip()
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def test_a_changed_chart_definition_redraws_only_that_chart(workspace, cold_build):
    first = cold_build
    charts_file = workspace / "datapackages" / NAMES[0] / paths.CHARTS_NAME
    definitions = json.loads(charts_file.read_text(encoding="utf-8"))
    definitions[0]["title"] += " (edited)"
    charts_file.write_text(json.dumps(definitions, indent=2), encoding="utf-8")
    again = run(workspace)
    assert again.computed("chart") == [definitions[0]["id"]]
    assert sorted(again.reused("chart")) == sorted(set(first.computed("chart")) - {definitions[0]["id"]})
    svg = (workspace / "site" / "charts" / f"{definitions[0]['id']}.svg").read_text(encoding="utf-8")
    assert "(edited)" in svg


def test_a_changed_template_redoes_every_stage(workspace):
    template = workspace / "code" / "pages" / "templates" / "package.md.j2"
    template.write_bytes(template.read_bytes() + b"\n")
    again = run(workspace)
    assert again.computed("data") == ["all packages"]
    assert sorted(again.computed("validate")) == NAMES
    assert again.reused("chart") == [] and again.computed("chart")


def test_code_fingerprint_covers_every_source_file_and_template(workspace):
    code = workspace / "code"
    before = digest(code)
    for path in [code / "pages" / "templates" / "chart.md.j2", code / "charts" / "draw.py"]:
        original = path.read_bytes()
        path.write_bytes(original + b" ")
        assert digest(code) != before
        path.write_bytes(original)
    assert digest(code) == before


def test_invalid_data_is_never_cached_and_a_fix_is_picked_up(workspace):
    sources = workspace / "datapackages" / NAMES[0] / "data" / "sources.csv"
    original = sources.read_text(encoding="utf-8")
    sources.write_text(original.replace("https://", "ftp://", 1), encoding="utf-8")
    before = sorted((workspace / "cache" / "data").glob("[0-9a-f]*"))
    with pytest.raises(ProblemsFound):
        run(workspace)
    assert sorted((workspace / "cache" / "data").glob("[0-9a-f]*")) == before, "nothing made from invalid data is stored"
    figures = workspace / "datapackages" / NAMES[0] / "data" / "figures.csv"
    figures.write_text(_append_note(figures.read_text(encoding="utf-8"), "Zebra-after-a-fix"), encoding="utf-8")
    with pytest.raises(ProblemsFound):
        run(workspace)
    sources.write_text(original, encoding="utf-8")
    fixed = run(workspace)
    assert fixed.computed("data") == ["all packages"] and fixed.computed("validate") == [NAMES[0]]
    assert "Zebra-after-a-fix" in (workspace / "site" / "packages" / f"{NAMES[0]}.html").read_text(encoding="utf-8")


def test_a_damaged_cache_entry_is_recomputed(workspace):
    for entry in (workspace / "cache" / "chart").glob("*.pickle"):
        entry.write_bytes(b"not a pickle")
    shutil.rmtree(next((workspace / "cache" / "data").glob("[0-9a-f]*")))
    again = run(workspace)
    assert again.computed("chart") and not again.reused("chart")
    with open(next((workspace / "cache" / "chart").glob("*.pickle")), "rb") as handle:
        assert pickle.load(handle).svg.startswith("<svg")


@pytest.mark.xdist_group("serve")  # needs no seed: it starts from the cache of the session's build of the shipped site
def test_serve_redoes_only_the_edited_package(built_site, tmp_path):
    """python -m pipeline serve: an edit to one package's CSV is live, and the other packages are not validated again.

    Copies of every shipped package, as serve builds the shipped hand-written pages, which quote most of them. Its first
    build validates them again (they are in another folder) and reuses the session build's charts."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    for folder in package_folders():
        shutil.copytree(folder, tmp_path / "datapackages" / folder.name)
    folders = [str(path) for path in sorted((tmp_path / "datapackages").iterdir())]
    edited, others = NAMES[0], [path.name for path in package_folders() if path.name != NAMES[0]]
    shutil.copytree(paths.CACHE, tmp_path / "cache")
    environment = {**os.environ, "PIPELINE_CACHE_DIR": str(tmp_path / "cache")}
    child = subprocess.Popen([sys.executable, "-m", "pipeline", "serve", "--dev-addr", f"127.0.0.1:{port}", *folders],
                             cwd=paths.ROOT, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=environment)
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in child.stderr], daemon=True).start()

    seen = []

    def wait_for(text: str) -> str:
        deadline = time.monotonic() + 180  # the first build is a cold one
        while time.monotonic() < deadline:
            try:
                line = lines.get(timeout=1)
            except queue.Empty:
                continue
            seen.append(line)
            if text in line:
                return line
        raise AssertionError(f"serve never printed {text!r}; it printed:\n{''.join(seen)}")

    try:
        wait_for("Serving on http")
        address = f"http://127.0.0.1:{port}/packages/{edited}.html"
        marker = "Zebra-serve-note"
        assert marker not in urllib.request.urlopen(address, timeout=10).read().decode()
        figures = tmp_path / "datapackages" / edited / "data" / "figures.csv"
        figures.write_text(_append_note(figures.read_text(encoding="utf-8"), marker), encoding="utf-8")
        rebuilt = wait_for("serve: rebuilt")
        assert f"validated: {edited} (reused: {', '.join(others)})" in rebuilt
        assert marker in urllib.request.urlopen(address, timeout=10).read().decode()
    finally:
        child.send_signal(signal.SIGINT)
        try:
            assert child.wait(timeout=30) == 0
        finally:
            if child.poll() is None:
                child.kill()
                child.wait()
