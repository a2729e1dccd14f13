"""Whole-file checks of each CSV resource: empty, not UTF-8, header unlike its schema, no data rows."""

import csv
import io
from pathlib import Path

from pipeline import paths
from pipeline.problems import Problem

BOM = "\ufeff"


def _fields(resource: dict) -> list[str] | None:
    """The field names a resource's schema declares, or None when the schema is unusable."""
    schema = resource.get("schema")
    fields = schema.get("fields") if isinstance(schema, dict) else None
    if not isinstance(fields, list) or not all(isinstance(f, dict) and isinstance(f.get("name"), str) for f in fields):
        return None
    return [f["name"] for f in fields]


def _records(text: str) -> list[list[str]]:
    """CSV records of a text, without raising: a malformed quote ends the parse where it stands."""
    records = []
    try:
        for record in csv.reader(io.StringIO(text, newline="")):
            records.append(record)
    except csv.Error:
        pass
    return records


def encoding_problem(data: bytes, file: str) -> Problem | None:
    """Where the first byte that is not UTF-8 sits: its row and field, when the header can be read."""
    try:
        data.decode("utf-8")
        return None
    except UnicodeDecodeError as error:
        bad = error.object[error.start]
        before = data[: error.start].decode("utf-8", errors="replace").removeprefix(BOM)
    records = _records(before + "?")
    header = _records(data.decode("utf-8", errors="replace").removeprefix(BOM))[:1]
    row = len(records) if records else 1
    column = len(records[-1]) - 1 if records else 0
    field = header[0][column] if header and row > 1 and column < len(header[0]) else None
    return Problem(file, row, field, f"not valid UTF-8: byte 0x{bad:02x} cannot be read; save the file as UTF-8")


def header_problems(header: list[str], names: list[str], file: str) -> list[Problem]:
    """Missing, extra, renamed, repeated and reordered columns, each named once."""
    if header == names:
        return []
    problems = []
    repeated = sorted({label for label in header if header.count(label) > 1})
    for label in repeated:
        problems.append(Problem(file, 1, label or None, f"column {label!r} appears more than once in the header"))
    missing = [name for name in names if name not in header]
    extra = [label for label in header if label not in names and label not in repeated]
    if not missing and not extra and not repeated:
        for position, (label, name) in enumerate(zip(header, names, strict=True), start=1):
            if label != name:
                problems.append(Problem(file, 1, label, f"column {label!r} is at position {position}, but the schema puts "
                                                        f"it at position {names.index(label) + 1}; columns must be in schema order"))
        return problems
    if len(missing) == len(extra) and all(header.index(label) == names.index(name)
                                          for label, name in zip(extra, missing, strict=True)):
        return problems + [Problem(file, 1, name, f"column {label!r} should be named {name!r} as in the schema")
                           for label, name in zip(extra, missing, strict=True)]
    problems += [Problem(file, 1, name, "column is missing from the header") for name in missing]
    problems += [Problem(file, 1, label or None, f"column {label!r} is not in the schema") for label in extra]
    return problems


def check_file(path: Path, resource: dict) -> list[Problem]:
    """Whole-file problems of one CSV resource; an empty list means its rows can be checked."""
    file = paths.display(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        return [Problem(file, None, None, f"cannot be read: {error.strerror}")]
    if not data.decode("utf-8", errors="replace").removeprefix(BOM).strip():
        return [Problem(file, None, None, "file is empty; it needs a header row and data rows")]
    bad_byte = encoding_problem(data, file)
    if bad_byte:
        return [bad_byte]
    if b"\x00" in data:
        return [Problem(file, None, None, "file holds a NUL character; is it really CSV?")]
    del data
    header, has_rows = [], False
    try:  # records are read from the file one by one and never kept: a table may have millions
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for number, record in enumerate(csv.reader(handle)):
                if number == 0:
                    header = record
                elif not has_rows and any(cell.strip() for cell in record):
                    has_rows = True
    except csv.Error as error:
        return [Problem(file, None, None, f"not readable as CSV: {error}")]
    names = _fields(resource)
    if names is None:
        return []
    problems = header_problems(header, names, file)
    if not problems and not has_rows:
        problems.append(Problem(file, None, None, "file has a header but no data rows"))
    return problems


def check_files(package) -> dict[str, list[Problem]]:
    """Whole-file problems of every readable resource of a package, by resource name."""
    found = {}
    for name, path in package.files.items():
        resource = package.resource(name) or {}
        found[name] = check_file(path, resource)
    return found
