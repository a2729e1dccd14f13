"""The house: data flows one way through pipeline/ (import-linter's layers contract), and every module says its job."""

import ast
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from pipeline import paths

PIPELINE = paths.ROOT / "pipeline"
MODULES = sorted(PIPELINE.rglob("*.py"))
CONTRACT = tomllib.loads((paths.ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"][0]


def top_level_name(module: Path) -> str:
    """The layer a module belongs to: pipeline.<first part of its path>."""
    first = module.relative_to(PIPELINE).parts[0]
    return "pipeline." + first.removesuffix(".py")


def test_the_layers_contract_is_kept():
    result = subprocess.run([Path(sys.executable).with_name("lint-imports")], cwd=paths.ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "1 kept, 0 broken" in result.stdout


def test_every_module_sits_in_a_layer():
    named = {name.strip() for layer in CONTRACT["layers"] for name in layer.split("|")}
    missing = {top_level_name(module) for module in MODULES if module.name != "__init__.py" or module.parent != PIPELINE} - named
    assert not missing, f"not in any layer of pyproject.toml's contract: {sorted(missing)}"


@pytest.mark.parametrize("module", MODULES, ids=lambda module: module.relative_to(PIPELINE).as_posix())
def test_every_module_has_a_one_line_docstring(module):
    docstring = ast.get_docstring(ast.parse(module.read_text(encoding="utf-8")))
    assert docstring and "\n" not in docstring.strip(), "a module starts with a one-line docstring saying its one job"


def test_the_parametrization_covers_the_package():
    assert len(MODULES) >= 40
