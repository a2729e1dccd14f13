"""Stage results kept under build/cache/, keyed by a hash of every input's bytes, the pipeline's code and library versions."""

import hashlib
import os
import pickle
import shutil
import sys
import tempfile
from collections.abc import Callable
from contextlib import contextmanager
from functools import cache as once
from importlib import metadata
from pathlib import Path

from pipeline import paths

PIPELINE = Path(__file__).resolve().parent
LIBRARIES = ("frictionless", "pandas", "numpy", "altair", "vl-convert-python", "mkdocs", "mkdocs-material", "Jinja2",
             "Markdown", "pymdown-extensions")
KEEP = {"data": 4, "validate": 64, "chart": 256, "page": 64, "downloads": 64}  # entries kept per stage, newest first


def file_digest(path: Path) -> str:
    """sha256 of a file's bytes."""
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def tree_files(root: Path) -> list[Path]:
    """Every file under root, hidden ones included (a resource may live in one); only Python byte code is left out."""
    return sorted(path for path in root.rglob("*") if path.is_file() and "__pycache__" not in path.relative_to(root).parts)


def digest(*parts) -> str:
    """One hash of many inputs: files and folders by their bytes (and relative names), anything else by its repr."""
    total = hashlib.sha256()
    for part in parts:
        if isinstance(part, Path) and part.is_dir():
            total.update(b"folder\0")
            for path in tree_files(part):
                total.update(f"{path.relative_to(part).as_posix()}\0{file_digest(path)}\0".encode())
        elif isinstance(part, Path):
            total.update(f"file\0{file_digest(part) if part.is_file() else 'missing'}\0".encode())
        elif isinstance(part, bytes):
            total.update(b"bytes\0" + hashlib.sha256(part).digest())
        else:
            total.update(f"value\0{part!r}\0".encode())
    return total.hexdigest()


@once
def library_versions() -> tuple[str, ...]:
    """Python's version and the installed versions of the libraries the stages call (fixed for a process)."""
    versions = [sys.version]
    for name in LIBRARIES:
        try:
            versions.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name} missing")
    return tuple(versions)


def code_digest(root: Path = PIPELINE) -> str:
    """The pipeline's own source and templates as they are on disk now, with the library versions."""
    return digest(root, library_versions())


ACTIVE: list["Cache"] = []


def current() -> "Cache | None":
    """The cache of the build in progress, for stages deep in the call tree (none outside a build)."""
    return ACTIVE[-1] if ACTIVE else None


class Cache:
    """A content-addressed store; it records for each stage whether it was reused or computed."""

    def __init__(self, root: Path = paths.CACHE, code_root: Path = PIPELINE):
        self.root = root
        self.code = code_digest(code_root)
        self.events: list[tuple[str, str, str]] = []

    @contextmanager
    def active(self):
        """Make this the cache that current() returns while the block runs."""
        ACTIVE.append(self)
        try:
            yield self
        finally:
            ACTIVE.remove(self)

    def _entry(self, stage: str, key: str) -> Path:
        return self.root / stage / key

    def _note(self, stage: str, name: str, what: str) -> None:
        self.events.append((stage, name, what))

    def get(self, stage: str, name: str, key: str) -> tuple[bool, object]:
        """(True, the stored result) for key, or (False, None) when there is none that can be read."""
        entry = self._entry(stage, key).with_suffix(".pickle")
        if entry.is_file():
            try:
                with open(entry, "rb") as handle:
                    result = pickle.load(handle)
                os.utime(entry)
                self._note(stage, name, "reused")
                return True, result
            except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
                entry.unlink(missing_ok=True)
        return False, None

    def put(self, stage: str, name: str, key: str, result) -> None:
        """Store a result just computed for key."""
        self._note(stage, name, "computed")
        entry = self._entry(stage, key).with_suffix(".pickle")
        entry.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=entry.parent, prefix=".", suffix=".tmp", delete=False) as handle:
            pickle.dump(result, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(handle.name, entry)
        self.prune(stage)

    def value(self, stage: str, name: str, key: str, compute: Callable[[], object]):
        """The stored result for key, or compute, store and return it."""
        found, result = self.get(stage, name, key)
        if not found:
            result = compute()
            self.put(stage, name, key, result)
        return result

    def folder(self, stage: str, name: str, key: str, fill: Callable[[Path], None]) -> Path:
        """A stored folder for key, or a new one that fill writes; a failed fill leaves nothing behind."""
        entry = self._entry(stage, key)
        if (entry / ".complete").is_file():
            os.utime(entry)
            self._note(stage, name, "reused")
            return entry
        entry.parent.mkdir(parents=True, exist_ok=True)
        scratch = Path(tempfile.mkdtemp(prefix=".fill-", dir=entry.parent))
        try:
            fill(scratch)
        except BaseException:
            shutil.rmtree(scratch, ignore_errors=True)
            raise
        (scratch / ".complete").touch()
        self._note(stage, name, "computed")
        if entry.exists() and not (entry / ".complete").is_file():
            shutil.rmtree(entry, ignore_errors=True)  # left half-made by a build that was killed
        try:
            scratch.rename(entry)
        except OSError:  # another build stored the same entry meanwhile: same inputs, same content
            shutil.rmtree(scratch, ignore_errors=True)
        self.prune(stage)
        return entry

    def prune(self, stage: str) -> None:
        """Keep only the newest entries of a stage."""
        folder = self.root / stage
        entries = sorted((path for path in folder.iterdir() if not path.name.startswith(".")),
                         key=lambda path: path.stat().st_mtime, reverse=True)
        for old in entries[KEEP.get(stage, 32):]:
            if old.is_dir():
                shutil.rmtree(old, ignore_errors=True)
            else:
                old.unlink(missing_ok=True)

    def is_empty(self, stage: str) -> bool:
        """True when nothing is stored for a stage (a cold cache)."""
        folder = self.root / stage
        return not folder.is_dir() or not any(path for path in folder.iterdir() if not path.name.startswith("."))

    def computed(self, stage: str) -> list[str]:
        """Names computed (not reused) for a stage during this cache's life."""
        return [name for seen, name, what in self.events if seen == stage and what == "computed"]

    def reused(self, stage: str) -> list[str]:
        return [name for seen, name, what in self.events if seen == stage and what == "reused"]


def link_or_copy(source: str, target: str) -> None:
    """Copy a file out of the cache, hard-linking all but Markdown pages (their markers are filled in place)."""
    # A linked file is the cached entry itself: later stages must replace such a file, never write into it.
    if not source.endswith(".md"):
        try:
            os.link(source, target)
            return
        except OSError:
            pass
    shutil.copyfile(source, target)
