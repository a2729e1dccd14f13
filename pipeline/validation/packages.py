"""Find and load data packages safely: resource paths stay inside their package; nothing remote."""

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from pipeline import paths
from pipeline.problems import Problem
from pipeline.validation.schema_check import profile_problems, resource_problems

REMOTE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


@dataclass
class Package:
    """A data package on disk: its folder, parsed descriptor and chart definitions."""

    name: str
    folder: Path
    descriptor: dict
    charts: list = field(default_factory=list)
    files: dict = field(default_factory=dict)

    @property
    def descriptor_path(self) -> Path:
        return self.folder / paths.DESCRIPTOR_NAME

    def resource(self, name: str) -> dict | None:
        """The resource descriptor with this name, if the package has one."""
        for resource in self.descriptor.get("resources", []):
            if isinstance(resource, dict) and resource.get("name") == name:
                return resource
        return None

    def resource_file(self, name: str) -> Path | None:
        """The file of a resource, if the package has that resource and its path is safe to read."""
        if name in self.files:
            return self.files[name]
        resource = self.resource(name)
        path = resource.get("path") if resource else None
        return self.folder / path if isinstance(path, str) and not check_resource_path(self.folder, resource, "") else None


def discover(root: Path = paths.DATAPACKAGES) -> list[Path]:
    """Package folders under root, sorted by name."""
    return sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))


def read_json(path: Path) -> tuple[object | None, list[Problem]]:
    """Parse a JSON file, turning every failure into a problem."""
    shown = paths.display(path)
    if not path.is_file():
        return None, [Problem(shown, None, None, "file not found")]
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        line = error.object[: error.start].count(b"\n") + 1
        bad = error.object[error.start]
        return None, [Problem(shown, line, None, f"not valid UTF-8: byte 0x{bad:02x} cannot be read; save the file as UTF-8")]
    if not text.strip():
        return None, [Problem(shown, None, None, "file is empty")]
    try:
        return json.loads(text), []
    except json.JSONDecodeError as error:
        return None, [Problem(shown, error.lineno, None, f"not valid JSON: {error.msg} (column {error.colno})")]


def check_resource_path(folder: Path, resource: dict, shown: str) -> list[Problem]:
    """A resource path must be a local file inside its package; nothing remote, nothing outside."""
    name = resource.get("name", "?")
    where = f"resources[{name}].path"
    raw = resource.get("path")
    if "data" in resource and raw is None:
        return [Problem(shown, None, where, "inline data is not accepted; give a CSV file path")]
    if not isinstance(raw, str) or not raw:
        return [Problem(shown, None, where, "a resource needs a path to one file")]
    if any(ord(character) < 32 for character in raw):
        return [Problem(shown, None, where, f"path {raw!r} contains control characters")]
    if REMOTE.match(raw) or raw.startswith("//"):
        return [Problem(shown, None, where, f"remote path {raw!r} is not fetched; keep data inside the package")]
    if raw.startswith(("/", "\\")) or Path(raw).is_absolute():
        return [Problem(shown, None, where, f"absolute path {raw!r} is not allowed; use a path inside the package")]
    if ".." in Path(raw).parts or "\\" in raw:
        return [Problem(shown, None, where, f"path {raw!r} leaves the package")]
    target = folder / raw
    try:
        target.resolve().relative_to(folder.resolve())
    except (ValueError, OSError, RuntimeError):
        return [Problem(shown, None, where, f"path {raw!r} points outside the package (symbolic link)")]
    if not target.is_file():
        return [Problem(paths.display(target), None, None, f"file not found (the path of resource {name!r})")]
    return []


def load(folder: Path) -> tuple[Package | None, list[Problem]]:
    """Load one package folder; the package is None when it cannot be used at all."""
    descriptor_path = folder / paths.DESCRIPTOR_NAME
    shown = paths.display(descriptor_path)
    descriptor, problems = read_json(descriptor_path)
    if descriptor is None:
        return None, problems
    if not isinstance(descriptor, dict):
        return None, [Problem(shown, None, None, "the descriptor must be a JSON object")]
    resources = descriptor.get("resources")
    if not isinstance(resources, list) or not resources:
        return None, [Problem(shown, None, "resources", "the descriptor needs a non-empty list of resources")]
    files = {}
    for index, resource in enumerate(resources):
        if not isinstance(resource, dict):
            problems.append(Problem(shown, None, f"resources[{index}]", "each resource must be a JSON object"))
            continue
        path_problems = check_resource_path(folder, resource, shown)
        problems += path_problems
        if not path_problems and isinstance(resource.get("name"), str):
            files[resource["name"]] = folder / resource["path"]
    problems += resource_problems(resources, shown) + profile_problems(descriptor, shown)
    charts: list = []
    charts_path = folder / paths.CHARTS_NAME
    if charts_path.exists():
        parsed, chart_problems = read_json(charts_path)
        problems += chart_problems
        if parsed is not None and not isinstance(parsed, list):
            problems.append(Problem(paths.display(charts_path), None, None, "chart definitions must be a JSON list"))
        elif parsed is not None:
            charts = parsed
    return Package(folder.name, folder, descriptor, charts, files), problems
