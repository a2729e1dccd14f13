"""Every shipped data package validates, with frictionless upstream and with the project's checks."""

import json
import subprocess
import sys

import pytest
from conftest import nonempty, package_folders
from frictionless import Package

from pipeline.charts.kinds import KINDS
from pipeline.tables import tidy
from pipeline.validation import packages, validate

PACKAGES = package_folders()
IDS = [folder.name for folder in PACKAGES]
# packages of figures quoted from sources; a package of counts only (home-office-outcomes) has no figures table
WITH_FIGURES = nonempty([folder for folder in PACKAGES if (folder / "data" / "figures.csv").exists()], "packages with figures")


@pytest.mark.parametrize("folder", PACKAGES, ids=IDS)
def test_package_passes_project_validation(folder):
    _, problems = validate.validate_packages([folder], KINDS)
    assert [str(problem) for problem in problems] == []


@pytest.mark.parametrize("folder", PACKAGES, ids=IDS)
def test_package_passes_upstream_frictionless_validate(folder):
    result = subprocess.run([sys.executable, "-m", "frictionless", "validate", "--json", "datapackage.json"],
                            cwd=folder, capture_output=True, text=True)
    report = json.loads(result.stdout)
    assert report["valid"], result.stdout[-2000:]


@pytest.mark.parametrize("folder", PACKAGES, ids=IDS)
def test_descriptor_is_data_package_v2_with_licences_sources_and_version(folder):
    descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    assert descriptor["name"] == folder.name
    assert any(licence["name"] == "CC-BY-4.0" for licence in descriptor["licenses"])
    assert descriptor["sources"] and descriptor["contributors"]
    assert descriptor["version"].count(".") == 2 and descriptor["created"]
    assert Package(descriptor, basepath=str(folder)).name == folder.name


@pytest.mark.parametrize("folder", WITH_FIGURES, ids=[folder.name for folder in WITH_FIGURES])
def test_every_proportion_with_n_has_an_interval_and_without_n_has_none(folder):
    package, _ = packages.load(folder)
    tables = tidy.build_tables([package])
    assert not tables.figures.empty, f"{folder.name} has no figures"
    proportions = tables.figures[tables.figures["proportion"].notna()]
    # an inferred n that fails the GRIM test cannot be the figure's n: no interval is drawn from it
    with_n = proportions["base_n"].notna() & ~(proportions["grim_fails"] & (proportions["base_n_status"] != "stated"))
    assert proportions.loc[with_n, "ci_low"].notna().all()
    assert proportions.loc[~with_n, "ci_low"].isna().all()
    indicative = proportions["base_n_status"].isin(["inferred", "approximate"]) & proportions["ci_low"].notna()
    assert proportions.loc[indicative, "interval_basis"].str.startswith("indicative").all()
    inside = proportions.loc[with_n]
    assert ((inside["ci_low"] <= inside["proportion"]) & (inside["proportion"] <= inside["ci_high"])).all()


def test_command_line_validate_passes_on_shipped_data():
    result = subprocess.run([sys.executable, "-m", "pipeline", "validate"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert f"{len(PACKAGES)} data package(s) valid." in result.stdout
