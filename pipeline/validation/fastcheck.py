"""Validate large CSV resources with vectorised checks whose findings equal upstream frictionless's, row for row."""

# Frictionless reads every row in Python (about 30,000 rows a second here), too slow for tables of a million
# rows. For a resource whose file is larger than LARGE_BYTES this module:
# 1. runs frictionless itself on the descriptor and on the first SAMPLE_ROWS rows (the canary);
# 2. reads the whole file once with pandas, each column as a categorical, so every distinct cell is typed and
#    checked once, by frictionless's own cell reader for that field (same types, missing values, constraints);
# 3. finds duplicate primary keys, unique-constraint repeats and dangling foreign keys with numpy on the codes;
# 4. builds real frictionless error objects, in frictionless's order and up to its error limit, so the
#    messages are the ones frictionless_check prints;
# 5. falls back to full frictionless validation of the resource when the file or schema uses anything this
#    module does not reproduce (another dialect, ragged or blank rows, a BOM, hash or bytes, other field
#    types, keys to missing resources), or when its findings on the sampled rows differ from the canary's.
# Small resources are validated by frictionless as before.

import csv
import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from pipeline import cache, paths
from pipeline.problems import Problem
from pipeline.validation.packages import Package as LocalPackage
from pipeline.validation.rows import Row, read_rows

log = logging.getLogger(__name__)

LARGE_BYTES = 256 * 1024
SAMPLE_ROWS = 1000
ERROR_LIMIT = 1000  # frictionless's default limit_errors, applied per resource
FAST_TYPES = {"string", "integer", "number", "boolean", "date", "year"}
STRING_FORMATS = {None, "default"}


class Unsupported(Exception):
    """The resource uses something the fast path does not reproduce exactly; frictionless must read it."""


@dataclass
class Column:
    """One column read once: per-row codes into its distinct cells, and each distinct cell typed and checked."""

    codes: np.ndarray
    raw: list
    typed: list
    notes: list
    typed_codes: np.ndarray  # per distinct cell: an id of its typed value, -1 for missing or unreadable


def is_large(package: LocalPackage, resource: dict) -> bool:
    """A resource whose file is big enough for the fast path."""
    path = resource.get("path")
    if not isinstance(path, str):
        return False
    target = package.folder / path
    return target.is_file() and target.stat().st_size > LARGE_BYTES


def _unsupported_reason(resource: dict) -> str | None:
    """Why the descriptor of a resource rules the fast path out, if it does."""
    if resource.get("format", "csv") != "csv" or resource.get("dialect") or resource.get("compression"):
        return "not a plain CSV file"
    if str(resource.get("encoding", "")).lower() not in ("utf-8", "utf8"):
        return "encoding not declared as utf-8"
    if "hash" in resource or "bytes" in resource:
        return "hash or bytes declared"
    schema = resource.get("schema")
    if not isinstance(schema, dict) or not isinstance(schema.get("fields"), list):
        return "no inline table schema"
    for field in schema["fields"]:
        if not isinstance(field, dict):
            return "a field that is not an object"
        if field.get("type", "string") not in FAST_TYPES:
            return f"field type {field.get('type')!r}"
        if field.get("type", "string") == "string" and field.get("format") not in STRING_FORMATS:
            return f"string format {field.get('format')!r}"
    for key in schema.get("foreignKeys", []) if isinstance(schema.get("foreignKeys", []), list) else [None]:
        if not isinstance(key, dict) or not isinstance(key.get("reference"), dict) or not key["reference"].get("resource"):
            return "a foreign key that is not to another resource"
    return None


def _check_dialect(path: Path) -> None:
    """Frictionless sniffs the dialect from the first 100 lines; the fast path reads plain comma-separated CSV."""
    with open(path, "rb") as handle:
        if handle.read(3) == b"\xef\xbb\xbf":
            raise Unsupported("byte order mark")
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            sample = "".join(handle.readline() for _ in range(100))
    except UnicodeDecodeError as error:
        raise Unsupported("not valid UTF-8") from error
    try:
        sniffed = csv.Sniffer().sniff(sample, ",\t;|")
    except csv.Error:
        sniffed = csv.excel()
    if sniffed.delimiter != "," or sniffed.skipinitialspace or sniffed.escapechar not in (None, ""):
        raise Unsupported("CSV dialect other than plain comma-separated")


def read_columns(path: Path, field_names: list[str]) -> pd.DataFrame:
    """The whole file as categorical text columns; ragged rows, blank rows or a different header are unsupported."""
    _check_dialect(path)
    try:
        frame = pd.read_csv(path, dtype="category", keep_default_na=False, na_filter=False, skip_blank_lines=False,
                            encoding="utf-8", engine="c", quotechar='"', doublequote=True)
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as error:
        raise Unsupported(f"pandas cannot read the file exactly: {error}") from error
    if list(frame.columns) != field_names:
        raise Unsupported("header differs from the schema")
    for name in field_names:
        if (frame[name].cat.codes.to_numpy() < 0).any():
            raise Unsupported("missing cells or blank rows")
    return frame


def _column(series: pd.Series, reader) -> Column:
    """Type and check every distinct cell of a column once, with frictionless's own reader for the field."""
    raw = [str(value) for value in series.cat.categories]
    typed, notes, ids, typed_codes = [], [], {}, []
    for cell in raw:
        value, note = reader(cell)
        if value is not None and value != value:
            raise Unsupported("NaN values, which frictionless never matches to each other")
        typed.append(value)
        notes.append(note)
        if value is None:
            typed_codes.append(-1)
        else:
            typed_codes.append(ids.setdefault((type(value).__name__, value), len(ids)))
    return Column(series.cat.codes.to_numpy().astype(np.int64), raw, typed, notes, np.array(typed_codes, dtype=np.int64))


def _row_typed_codes(column: Column) -> np.ndarray:
    return column.typed_codes[column.codes] if len(column.typed_codes) else np.full(len(column.codes), -1, dtype=np.int64)


def _repeats(key_codes: np.ndarray, rows: np.ndarray) -> dict[int, int]:
    """For rows whose key (one row of key_codes each) was seen before: row index to the latest earlier row with it."""
    if len(rows) == 0:
        return {}
    keys = key_codes[rows]
    order = np.lexsort((rows, *keys.T[::-1]))
    ordered_rows, ordered_keys = rows[order], keys[order]
    later = np.flatnonzero(np.all(ordered_keys[1:] == ordered_keys[:-1], axis=1)) + 1
    return {int(ordered_rows[index]): int(ordered_rows[index - 1]) for index in later}


def first_rows(rows):
    """The first ERROR_LIMIT rows (indexes, or a dict keyed by them): no later row can hold one of the first errors."""
    if isinstance(rows, dict):
        return [(index, rows[index]) for index in sorted(rows)[:ERROR_LIMIT]]
    return rows[:ERROR_LIMIT]


class ResourceCheck:
    """The fast path for one resource of an upstream frictionless package."""

    def __init__(self, upstream_package, name: str):
        self.upstream = upstream_package.get_resource(name)
        self.name = name
        self.fields = list(self.upstream.schema.fields)
        self.frame = read_columns(Path(self.upstream.normpath), [field.name for field in self.fields])
        self.columns = {field.name: _column(self.frame[field.name], field.create_cell_reader()) for field in self.fields}
        self.rows = len(self.frame)

    def cells(self, index: int) -> list[str]:
        return [self.columns[field.name].raw[self.columns[field.name].codes[index]] for field in self.fields]

    def typed(self, field_name: str, index: int):
        column = self.columns[field_name]
        return column.typed[column.codes[index]]

    def cell_errors(self) -> dict[int, list]:
        """Type and constraint errors, by row index, in field order as frictionless emits them."""
        from frictionless import errors

        found: dict[int, list] = {}
        for number, field in enumerate(self.fields, start=1):
            column = self.columns[field.name]
            bad = np.array([bool(note) for note in column.notes], dtype=bool)
            if not bad.any():
                continue
            for index in first_rows(np.flatnonzero(bad[column.codes])):
                cell = column.raw[column.codes[index]]
                notes = dict(column.notes[column.codes[index]])
                kind = errors.TypeError if "type" in notes else errors.ConstraintError
                texts = [notes.pop("type")] if "type" in notes else []
                texts += list(notes.values())
                for text in texts:
                    found.setdefault(int(index), []).append(kind(
                        note=text, cells=self.cells(index), row_number=int(index) + 2, cell=cell,
                        field_name=field.name, field_number=number))
                    kind = errors.ConstraintError
        return found

    def unique_errors(self) -> dict[int, list]:
        from frictionless import errors

        found: dict[int, list] = {}
        for field in self.fields:
            if not field.constraints.get("unique"):
                continue
            codes = _row_typed_codes(self.columns[field.name])
            for index, earlier in first_rows(_repeats(codes[:, None], np.flatnonzero(codes >= 0))):
                found.setdefault(index, []).append(errors.UniqueError(
                    note=f"the same as in the row at position {earlier + 2}", cells=self.cells(index), row_number=index + 2,
                    cell=str(self.typed(field.name, index)), field_name=field.name,
                    field_number=[f.name for f in self.fields].index(field.name) + 1))
        return found

    def primary_key_errors(self) -> dict[int, list]:
        from frictionless import errors

        key = list(self.upstream.schema.primary_key)
        if not key:
            return {}
        codes = np.stack([_row_typed_codes(self.columns[name]) for name in key], axis=1)
        all_missing = np.all(codes < 0, axis=1)
        found: dict[int, list] = {}
        for index in first_rows(np.flatnonzero(all_missing)):
            found.setdefault(int(index), []).append(errors.PrimaryKeyError(
                note='cells composing the primary keys are all "None"', cells=self.cells(index), row_number=int(index) + 2))
        for index, earlier in first_rows(_repeats(codes, np.flatnonzero(~all_missing))):
            found.setdefault(index, []).append(errors.PrimaryKeyError(
                note=f"the same as in the row at position {earlier + 2}", cells=self.cells(index), row_number=index + 2))
        return found

    def foreign_key_errors(self, lookups) -> dict[int, list]:
        from frictionless import errors

        found: dict[int, list] = {}
        for key in self.upstream.schema.foreign_keys:
            target, reference = list(key["fields"]), key["reference"]
            source_name, source_fields = reference["resource"], list(reference["fields"])
            known = lookups(source_name, tuple(source_fields))
            codes = np.stack([_row_typed_codes(self.columns[name]) for name in target], axis=1)
            distinct, firsts, inverse = np.unique(codes, axis=0, return_index=True, return_inverse=True)
            inverse = inverse.reshape(-1)
            dangling = np.zeros(len(distinct), dtype=bool)
            for position, first in enumerate(firsts):
                values = tuple(self.typed(name, int(first)) for name in target)
                dangling[position] = set(values) != {None} and values not in known
            for index in first_rows(np.flatnonzero(dangling[inverse])):
                values = [self.typed(name, index) for name in target]
                note = 'for "{}": values "{}" not found in the lookup table "{}" as "{}"'.format(
                    ", ".join(target), ", ".join(str(value) for value in values), source_name, ", ".join(source_fields))
                found.setdefault(int(index), []).append(errors.ForeignKeyError(
                    note=note, cells=self.cells(index), row_number=int(index) + 2, field_names=target,
                    field_cells=["" if value is None else str(value) for value in values], reference_name=source_name,
                    reference_field_names=source_fields))
        return found

    def errors(self, lookups) -> list:
        """Every error frictionless would report for this resource, in its order and up to its limit."""
        by_row: dict[int, list] = {}
        for part in (self.cell_errors(), self.unique_errors(), self.primary_key_errors(), self.foreign_key_errors(lookups)):
            for index, found in part.items():
                by_row.setdefault(index, []).extend(found)
        ordered = []
        for index in sorted(by_row):
            ordered += by_row[index]
            if len(ordered) >= ERROR_LIMIT:
                return ordered[:ERROR_LIMIT]
        return ordered


def _lookup_reader(upstream_package):
    """Sets of referenced typed key values, read once per (resource, fields), as frictionless builds them."""
    cache: dict = {}

    def lookup(name: str, fields: tuple) -> set:
        if (name, fields) not in cache:
            resource = upstream_package.get_resource(name)
            values = set()
            with resource:
                for row in resource.row_stream:
                    cells = tuple(row.get(field) for field in fields)
                    if set(cells) != {None}:
                        values.add(cells)
            cache[(name, fields)] = values
        return cache[(name, fields)]

    return lookup


def _problems(errors: list, package: LocalPackage, resource: dict, skip: set[str]) -> list[Problem]:
    from pipeline.validation import frictionless_check

    data_file = paths.display(package.folder / resource.get("path", resource.get("name", "")))
    task = type("Task", (), {"errors": errors})
    return frictionless_check.task_problems(task, resource, data_file, skip)


def _signature(error) -> tuple:
    return (getattr(error, "row_number", None), error.type, getattr(error, "field_name", None), error.note)


def plan(package: LocalPackage) -> dict[str, str]:
    """How each resource will be validated: 'frictionless', 'fast', or 'frictionless (reason)' for a large one."""
    chosen = {}
    for resource in package.descriptor.get("resources", []):
        if not isinstance(resource, dict):
            continue
        name = str(resource.get("name"))
        if not is_large(package, resource):
            chosen[name] = "frictionless"
        else:
            reason = _unsupported_reason(resource)
            chosen[name] = f"frictionless ({reason})" if reason else "fast"
    return chosen


def fast_errors(upstream_package, name: str) -> list:
    """The fast path's errors for one resource (raises Unsupported when it cannot reproduce frictionless)."""
    return ResourceCheck(upstream_package, name).errors(_lookup_reader(upstream_package))


def check(package: LocalPackage, skip: set[str] = frozenset()) -> list[Problem]:
    """Frictionless validation of the package as problems; during a build, reused while the package is unchanged."""
    store = cache.current()
    if store is None:
        return validate_upstream(package, skip=skip)

    def validate_now() -> list[Problem]:
        large = [f"{name} by {'the fast path' if how == 'fast' else how}" for name, how in plan(package).items()
                 if how != "frictionless"]
        log.info(f"{package.name}: validating" + (f"; large resources: {', '.join(large)}" if large else ""))
        return validate_upstream(package, skip=skip)

    skipped = ",".join(sorted(skip))
    # A package's problems name its files, so they are kept for its folder; a package found valid is valid in any
    # folder, so that answer is kept by content alone: a copy elsewhere (a test's, a release's) is not validated again.
    anywhere = cache.digest(store.code, "valid in any folder", package.folder, skipped)
    here = cache.digest(store.code, str(package.folder.resolve()), package.folder, skipped)
    for key in (anywhere, here):
        found, problems = store.get("validate", package.name, key)
        if found:
            log.info(f"{package.name}: unchanged, validation reused")
            return problems
    problems = validate_now()
    store.put("validate", package.name, here if problems else anywhere, problems)
    return problems


def validate_upstream(package: LocalPackage, notes: list | None = None, skip: set[str] = frozenset()) -> list[Problem]:
    """Frictionless validation of the package as problems, with the fast path for large resources."""
    from pipeline.validation import frictionless_check

    chosen = plan(package)
    if "fast" not in chosen.values():
        return frictionless_check.check(package, skip=skip)
    from frictionless import FrictionlessException, Package, system

    shown = paths.display(package.descriptor_path)
    notes = notes if notes is not None else []
    try:
        with system.use_context(trusted=False):
            upstream = Package(package.descriptor, basepath=str(package.folder))
            upstream.to_descriptor(validate=True)
    except FrictionlessException:
        return frictionless_check.check(package, skip=skip)
    problems = []
    with system.use_context(trusted=False):
        for resource in package.descriptor["resources"]:
            name = resource["name"]
            if name in skip:
                continue
            sample = SAMPLE_ROWS if chosen[name] == "fast" else None
            report = upstream.validate(name=name, limit_rows=sample)
            problems += [Problem(shown, None, None, f"invalid descriptor: {error.message}") for error in report.errors]
            upstream_errors = [error for task in report.tasks for error in task.errors]
            if sample is not None:
                try:
                    fast = fast_errors(upstream, name)
                    canary = {_signature(error) for error in upstream_errors}
                    mine = {_signature(error) for error in fast if error.row_number <= SAMPLE_ROWS + 1}
                    if len(upstream_errors) >= ERROR_LIMIT or canary != mine:
                        raise Unsupported("findings on the sampled rows differ from frictionless")
                    upstream_errors = fast
                    notes.append(f"{name}: fast path")
                except Exception as reason:  # anything unforeseen: frictionless is the reference, so let it decide
                    reason = reason if isinstance(reason, Unsupported) else f"fast path failed: {type(reason).__name__}"
                    notes.append(f"{name}: frictionless ({reason})")
                    report = upstream.validate(name=name)
                    upstream_errors = [error for task in report.tasks for error in task.errors]
            problems += _problems(upstream_errors, package, resource, skip)
    return problems


class LazyRows:
    """The rows of a large CSV file, read afresh each time they are iterated, so they are never all in memory."""

    def __init__(self, path: Path):
        self.path = path

    def __iter__(self):
        """Rows numbered and keyed as rows.read_rows gives them (header is row 1; blank rows counted, not given)."""
        try:
            with self.path.open(encoding="utf-8-sig", newline="") as handle:
                reader = csv.reader(handle)
                header = next(reader, [])
                for number, values in enumerate(reader, start=2):
                    if any(cell.strip() for cell in values):
                        yield Row(number, dict(zip(header, values, strict=False)))
        except (OSError, UnicodeDecodeError, csv.Error):
            return


def package_rows(package: LocalPackage, unreadable: set[str] = frozenset()) -> dict:
    """Like rows.package_rows (only safe, readable files), but the rows of large resources are streamed, not held."""
    return {name: LazyRows(path) if is_large(package, package.resource(name) or {}) else read_rows(path)
            for name, path in package.files.items() if name not in unreadable}
