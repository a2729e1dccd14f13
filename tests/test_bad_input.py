"""Every class of bad input gives exact one-line problems and exit status 1; harmless variations pass."""

import io
import shutil
import subprocess
import sys
from contextlib import ExitStack, contextmanager, redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import fixture_folders

from pipeline import __main__ as command_line
from pipeline import paths
from pipeline.charts.kinds import KINDS

pytestmark = pytest.mark.xdist_group("fixtures")  # its session fixture is built once, on one worker

FIXTURES = fixture_folders()


@contextmanager
def symlinks_made(folder: Path):
    """Create the symbolic links a fixture lists in symlinks.txt (git does not carry them), then remove them."""
    listing = folder / "symlinks.txt"
    made = []
    try:
        if listing.exists():
            for line in listing.read_text(encoding="utf-8").splitlines():
                link, target = (part.strip() for part in line.split("->"))
                if (folder / link).is_symlink():
                    continue  # left by an interrupted run, or made by a run going on now
                (folder / link).symlink_to(target)
                made.append(folder / link)
        yield
    finally:
        for link in made:
            link.unlink()


def run_validate(folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", "validate", paths.display(folder)],
                          cwd=paths.ROOT, capture_output=True, text=True, timeout=120)


@dataclass
class Answer:
    returncode: int
    stdout: str
    stderr: str


def validate_here(folder: Path) -> Answer:
    """`python -m pipeline validate FOLDER` run in this process, which has already imported the validator."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = command_line.main(["validate", paths.display(folder)])
    return Answer(code, out.getvalue(), err.getvalue())


@pytest.fixture(scope="session")
def outputs() -> dict[str, Answer]:
    """The validator's answer for every fixture, by fixture name, all in this process."""
    with ExitStack() as stack:
        for folder in FIXTURES:
            stack.enter_context(symlinks_made(folder))
        return {folder.name: validate_here(folder) for folder in FIXTURES}


def test_every_fixture_folder_is_run():
    """A fixture folder without expected.txt would be left out silently."""
    folders = [path for path in sorted(FIXTURES[0].parent.iterdir()) if path.is_dir()]
    not_validator_fixtures = {"hostile", "home-office-quirks", "home-office-bad-count", "home-office-outcomes-quirks",
                              "home-office-outcomes-bad-count"}  # raw files for the importers, and test_injection's package
    assert [folder.name for folder in folders if folder.name not in not_validator_fixtures] == [f.name for f in FIXTURES]
    assert len(FIXTURES) >= 50


@pytest.mark.parametrize("folder", FIXTURES, ids=lambda folder: folder.name)
def test_fixture_gives_expected_output(folder, outputs):
    """The validator's own lines for the fixture equal expected.txt, each pointing into the fixture's files."""
    expected = folder.joinpath("expected.txt").read_text(encoding="utf-8").splitlines()
    result = outputs[folder.name]
    assert "Traceback" not in result.stderr + result.stdout
    if expected == ["valid"]:
        assert (result.returncode, result.stdout.strip(), result.stderr) == (0, "1 data package(s) valid.", "")
        return
    lines = result.stderr.splitlines()
    assert result.returncode == 1, result.stdout
    assert lines == expected + [f"{len(expected)} problem(s) found."]
    prefix = paths.display(folder) + "/"
    assert all(line.startswith(prefix) and line.count(":") >= 3 for line in lines[:-1]), "each problem names a file here"


def test_the_command_line_gives_the_same_answer_in_a_process_of_its_own():
    """The in-process answers above stand for the real command: one fixture through a fresh interpreter agrees."""
    folder = next(folder for folder in FIXTURES if folder.name == "several-defects")
    result = run_validate(folder)
    here = validate_here(folder)
    assert (result.returncode, result.stdout, result.stderr) == (here.returncode, here.stdout, here.stderr)
    assert result.returncode == 1


def test_a_missing_package_folder_is_a_problem_not_a_crash(tmp_path):
    result = run_validate(tmp_path / "nowhere")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[0].endswith("nowhere:-:-: no such data package folder")


def test_problems_of_several_packages_come_in_one_run():
    folders = [paths.display(folder) for folder in FIXTURES if folder.name in ("wrong-type", "missing-licence")]
    result = subprocess.run([sys.executable, "-m", "pipeline", "validate", *folders],
                            cwd=paths.ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[-1] == "3 problem(s) found."
    assert {line.split("/")[2] for line in lines[:-1]} == {"wrong-type", "missing-licence"}


def test_the_shipped_packages_are_valid():
    result = subprocess.run([sys.executable, "-m", "pipeline", "validate"], cwd=paths.ROOT, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr


def test_harmless_variations_build_into_a_site(built_site, tmp_path):
    """CRLF, a byte-order mark and no final newline pass the whole build, not only the validator. The build shares the
    session's cache, which the session's built_site has filled: the copied packages are validated again, and only the
    harmless packages' charts are drawn."""
    root = tmp_path / "datapackages"
    shutil.copytree(paths.DATAPACKAGES, root)
    harmless = [folder for folder in FIXTURES if folder.name.startswith("harmless-")]
    for folder in harmless:
        shutil.copytree(folder, root / folder.name, ignore=shutil.ignore_patterns("expected.txt"))
    site = tmp_path / "site"
    result = subprocess.run([sys.executable, "-m", "pipeline", "build", "--site-dir", str(site), "--datapackages", str(root)],
                            cwd=paths.ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert len(harmless) == 3
    for folder in harmless:
        assert (site / "packages" / f"{folder.name}.html").is_file()


def test_the_validator_never_fetches_anything(tmp_path):
    """Remote paths, schemas, dialects, profiles and foreign packages point at a loopback listener that must hear nothing."""
    import json
    import socket

    from pipeline.validation.validate import validate_packages

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    listener.settimeout(0.5)
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/x.json"
    edits = {
        "path": lambda d: d["resources"][1].__setitem__("path", url),
        "schema": lambda d: d["resources"][1].__setitem__("schema", url),
        "dialect": lambda d: d["resources"][1].__setitem__("dialect", url),
        "package-profile": lambda d: d.__setitem__("profile", url),
        "resource-profile": lambda d: d["resources"][1].__setitem__("profile", url),
        "foreign-package": lambda d: d["resources"][0]["schema"]["foreignKeys"][0]["reference"].__setitem__("package", url),
    }
    answers = {}
    for name, edit in edits.items():
        folder = tmp_path / name / "worcester-hmic-2017"
        shutil.copytree(paths.DATAPACKAGES / "worcester-hmic-2017", folder, ignore=shutil.ignore_patterns(paths.CHARTS_NAME))
        descriptor = json.loads((folder / paths.DESCRIPTOR_NAME).read_text(encoding="utf-8"))
        edit(descriptor)
        (folder / paths.DESCRIPTOR_NAME).write_text(json.dumps(descriptor), encoding="utf-8")
        answers[name] = [str(problem) for problem in validate_packages([folder], KINDS)[1]]
    try:
        connection, _ = listener.accept()
        connection.close()
        heard = True
    except TimeoutError:
        heard = False
    finally:
        listener.close()
    assert not heard
    assert all(len(found) == 1 and "fetched" in found[0] for found in answers.values()), answers
