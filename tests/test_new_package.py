"""A new data package needs no code: scaffold one, and its page and chart are built; shared resources stay one definition."""

import json
import shutil
import subprocess
import sys

import pytest
from conftest import package_folders

from pipeline import build, paths
from pipeline.cache import Cache
from pipeline.validation import packages, shared_schemas

NEW = "zebra-new-package"


SMALL = "living-in-fear-2017"  # a shipped package to build beside the new one, the smallest


def test_a_scaffolded_package_is_valid_and_built_with_its_page_and_chart(tmp_path):
    """Built beside one small shipped package. The hand-written pages become one line each: the shipped ones quote
    figures of every shipped package, which this build does not have, and are not what this test is about."""
    data = tmp_path / "datapackages"
    shutil.copytree(paths.DATAPACKAGES / SMALL, data / SMALL)
    result = subprocess.run([sys.executable, "-m", "pipeline", "new-package", NEW, "--datapackages", str(data)],
                            cwd=paths.ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    result = subprocess.run([sys.executable, "-m", "pipeline", "validate", str(data / NEW)], cwd=paths.ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    pages = tmp_path / "pages"
    shutil.copytree(paths.DOCS, pages)
    for page in pages.glob("*.md"):
        page.write_text(f"# {page.stem}\n\nA page.\n", encoding="utf-8")
    site = tmp_path / "site"
    build.build(site=site, docs=tmp_path / "docs", folders=[data / SMALL, data / NEW], store=Cache(tmp_path / "cache"), pages=pages)
    page = (site / "packages" / f"{NEW}.html").read_text(encoding="utf-8")
    assert shared_schemas.definition("figures")["title"] in page
    assert (site / "charts" / f"{NEW}-example.html").is_file()
    assert (site / "charts" / f"{NEW}-example.svg").is_file()
    assert (site / "packages" / f"{SMALL}.html").is_file()


def test_new_package_refuses_a_bad_name_or_an_existing_folder(tmp_path):
    for name, message in (("Bad Name", "lower-case words"), ("twice", "exists already")):
        (tmp_path / "twice").mkdir(exist_ok=True)
        result = subprocess.run([sys.executable, "-m", "pipeline", "new-package", name, "--datapackages", str(tmp_path)],
                                cwd=paths.ROOT, capture_output=True, text=True, timeout=60)
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert message in result.stderr


@pytest.mark.parametrize("folder", package_folders(), ids=lambda folder: folder.name)
def test_shared_resources_equal_their_one_definition(folder):
    package, _ = packages.load(folder)
    assert [str(problem) for problem in shared_schemas.check(package)] == []


def test_a_drifted_shared_resource_is_reported_and_rewritten(tmp_path):
    folder = tmp_path / package_folders()[0].name
    shutil.copytree(package_folders()[0], folder)
    descriptor = folder / paths.DESCRIPTOR_NAME
    original = descriptor.read_text(encoding="utf-8")
    drifted = json.loads(original)
    figures = next(resource for resource in drifted["resources"] if resource["name"] == "figures")
    figures["schema"]["fields"] = [field for field in figures["schema"]["fields"] if field["name"] != "notes"]
    descriptor.write_text(json.dumps(drifted, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "pipeline", "schemas", "--check", str(folder)], cwd=paths.ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "in missing fields ['notes']" in result.stderr.splitlines()[0]
    result = subprocess.run([sys.executable, "-m", "pipeline", "schemas", str(folder)], cwd=paths.ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert descriptor.read_text(encoding="utf-8") == original
