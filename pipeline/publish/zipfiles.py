"""Zip archives stamped with a date from the data, so the same data always gives the same bytes."""

import zipfile
from pathlib import Path


def _stamp(date: str) -> tuple[int, int, int, int, int, int]:
    year, month, day = (int(part) for part in date[:10].split("-"))
    return year, month, day, 0, 0, 0


def write(target: Path, members: list[tuple[str, bytes]], date: str) -> Path:
    """Write members (name, bytes) in the given order, each dated `date` at midnight, deflated."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w") as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=_stamp(date))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return target


def restamp(path: Path, date: str) -> Path:
    """Rewrite an existing zip (an XLSX, say) with every member dated `date`."""
    with zipfile.ZipFile(path) as archive:
        members = [(info.filename, archive.read(info)) for info in archive.infolist()]
    return write(path, members, date)
