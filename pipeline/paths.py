"""Every path the project uses, built from the repository root; nothing else knows a path."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATAPACKAGES = ROOT / "datapackages"
DOCS = ROOT / "docs"
OVERRIDES = ROOT / "overrides"
TEMPLATES = Path(__file__).resolve().parent / "pages" / "templates"
CHART_FONTS = Path(__file__).resolve().parent / "charts" / "fonts"
MKDOCS_CONFIG = ROOT / "mkdocs.yml"
BUILD = Path(os.environ.get("PIPELINE_BUILD_DIR", ROOT / "build"))  # the tests give each session its own
BUILD_DOCS = BUILD / "docs"
CACHE = Path(os.environ.get("PIPELINE_CACHE_DIR", BUILD / "cache"))  # a test or a bench may point it elsewhere
SITE = ROOT / "site"

DESCRIPTOR_NAME = "datapackage.json"
CHARTS_NAME = "charts.json"


def display(path: Path) -> str:
    """A path as shown in messages: relative to the repository root when inside it."""
    path = Path(path)
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return path.as_posix()
