"""Two builds of the same commit are byte-identical; dates come from the data or SOURCE_DATE_EPOCH, never the clock."""

import json
import os
import re
import shutil
import struct
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from pipeline import paths


def files_of(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


def build_in_subprocess(site: Path, datapackages: Path = paths.DATAPACKAGES, warm: bool = False, **env: str) -> str:
    """A cold build in a fresh interpreter, with its own hash seed, time zone and empty build folder; its messages.
    Warm, its build folder starts with a copy of the session build's cache (the session's built_site must be built)."""
    environment = {key: value for key, value in os.environ.items() if key != "SOURCE_DATE_EPOCH"}
    environment |= {"PIPELINE_BUILD_DIR": str(site.parent / "cold-build")} | env
    if warm:
        shutil.copytree(paths.CACHE, site.parent / "cold-build" / "cache")
    result = subprocess.run([sys.executable, "-m", "pipeline", "build", "--site-dir", str(site), "--datapackages", str(datapackages)],
                            cwd=paths.ROOT, capture_output=True, text=True, timeout=300, env=environment)
    assert result.returncode == 0, result.stderr
    return result.stderr


def gzip_mtime(path: Path) -> int:
    return struct.unpack("<I", path.read_bytes()[4:8])[0]


def test_two_builds_are_byte_identical(built_site, tmp_path):
    """The second build shares no cache with the first: every chart, zip and XLSX is made again, in one process."""
    other = tmp_path / "again" / "site"
    messages = build_in_subprocess(other, PYTHONHASHSEED="12345", TZ="Pacific/Kiritimati", PIPELINE_WORKERS="1")
    assert re.search(r"drawing (\d+) chart\(s\) in 1 process\(es\); 0 unchanged", messages), messages
    assert "writing downloads" in messages and "reusing" not in messages
    first, second = files_of(built_site), files_of(other)
    assert sorted(first) == sorted(second)
    differing = [name for name in first if first[name] != second[name]]
    assert differing == [], differing
    assert len(first) > 20 and {".zip", ".xlsx", ".svg", ".png", ".json", ".csv"} <= {Path(name).suffix for name in first}


# The date tests start warm: the date is taken after the cached stages (build.generate), and the packages whose dates
# are changed are made again anyway; their charts are reused.
def test_the_sitemap_date_comes_from_the_data(built_site, tmp_path):
    root = tmp_path / "datapackages"
    shutil.copytree(paths.DATAPACKAGES, root)
    for descriptor in root.glob(f"*/{paths.DESCRIPTOR_NAME}"):
        data = json.loads(descriptor.read_text(encoding="utf-8"))
        data["created"] = "2019-05-01T00:00:00Z"
        descriptor.write_text(json.dumps(data, indent=2), encoding="utf-8")
    site = tmp_path / "site"
    build_in_subprocess(site, root, warm=True, TZ="America/Adak")
    assert gzip_mtime(site / "sitemap.xml.gz") == int(datetime(2019, 5, 1, tzinfo=UTC).timestamp())


def test_source_date_epoch_wins_over_the_data(built_site, tmp_path):
    """Even over the data's date in a cache made without it."""
    site = tmp_path / "site"
    build_in_subprocess(site, warm=True, SOURCE_DATE_EPOCH="1000000000")
    assert gzip_mtime(site / "sitemap.xml.gz") == int(datetime(2001, 9, 9, tzinfo=UTC).timestamp())
