"""Run upstream frictionless validation on a loaded package and translate its errors into plain problems."""

import re

from frictionless import FrictionlessException, Package, system

from pipeline import paths
from pipeline.problems import Problem
from pipeline.validation.packages import Package as LocalPackage

CONSTRAINT_NAME = re.compile(r'constraint "(\w+)"')
ROW_POSITION = re.compile(r"position (\d+)")
TYPE_HINTS = {"date": " (write dates as YYYY-MM-DD)", "boolean": " (write true or false)",
              "datetime": " (write YYYY-MM-DDThh:mm:ssZ)", "year": " (write four digits)"}


def _schema_field(resource: dict, name: str | None) -> dict:
    for field in resource.get("schema", {}).get("fields", []):
        if field.get("name") == name:
            return field
    return {}


def _article(word: str) -> str:
    return ("an " if word[:1] in "aeiou" else "a ") + word


def _constraint_message(error, field: dict) -> str:
    """'"roughly" is not one of: approximately, at least'; 'a value is required'; '"60" is above the maximum 1'."""
    match = CONSTRAINT_NAME.search(error.note or "")
    name = match.group(1) if match else ""
    limit = field.get("constraints", {}).get(name)
    cell = f"{error.cell!r}" if error.cell not in (None, "") else "the value"
    if name == "required":
        return "a value is required, but the cell is empty"
    if name == "enum":
        return f"{cell} is not one of: {', '.join(map(str, limit or []))}"
    if name in ("minimum", "exclusiveMinimum"):
        return f"{cell} is below the {'lowest allowed value' if name == 'minimum' else 'exclusive minimum'} {limit}"
    if name in ("maximum", "exclusiveMaximum"):
        return f"{cell} is above the {'highest allowed value' if name == 'maximum' else 'exclusive maximum'} {limit}"
    if name == "pattern":
        return f"{cell} does not match the pattern {limit}"
    if name in ("minLength", "maxLength"):
        return f"{cell} is {'shorter' if name == 'minLength' else 'longer'} than the {name} of {limit} characters"
    return f"{cell} breaks the {name or 'a'} constraint ({error.note})"


def _earlier_row(note: str) -> str:
    match = ROW_POSITION.search(note or "")
    return f"row {match.group(1)}" if match else "an earlier row"


def translate(error, resource: dict) -> tuple[str | None, str]:
    """The field and a plain message for one row-level frictionless error."""
    field = getattr(error, "field_name", None) or None
    cell = getattr(error, "cell", None)
    if error.type == "type-error":
        kind = _schema_field(resource, field).get("type", "string")
        return field, f"{cell!r} is not {_article(kind)}{TYPE_HINTS.get(kind, '')}"
    if error.type == "constraint-error":
        return field, _constraint_message(error, _schema_field(resource, field))
    if error.type == "unique-error":
        return field, f"{cell!r} is already used in {_earlier_row(error.note)}; each value must be unique"
    if error.type == "primary-key":
        key = resource.get("schema", {}).get("primaryKey", [])
        key = [key] if isinstance(key, str) else key
        return ",".join(key) or None, f"duplicate primary key: the same as {_earlier_row(error.note)}"
    if error.type == "foreign-key":
        cells = ", ".join(repr(value) for value in error.field_cells)
        target = f"{', '.join(error.reference_field_names)} in {error.reference_name or 'this resource'}"
        return ",".join(error.field_names), f"{cells} is not an existing {target} (dangling foreign key)"
    if error.type == "blank-row":
        return None, "the row is blank; delete it"
    note = getattr(error, "note", "")
    text = error.title.lower() + (f' in cell "{cell}"' if cell not in (None, "") else "")
    return field, f"{text}: {note}" if note else text


def row_shape(errors: list, header_size: int) -> tuple[str | None, str]:
    """One problem for a row with too few or too many cells, naming the first field affected."""
    missing = [error.field_name for error in errors if error.type == "missing-cell"]
    if missing:
        return missing[0], (f"the row has {header_size - len(missing)} cells, but the header has {header_size}; "
                            f"missing: {', '.join(missing)}")
    extra = [error for error in errors if error.type == "extra-cell"]
    values = ", ".join(repr(error.cell) for error in extra)
    return f"column {extra[0].field_number}", (f"the row has {header_size + len(extra)} cells, but the header has "
                                               f"{header_size}; extra: {values}")


def task_problems(task, resource: dict, data_file: str, skip: set[str]) -> list[Problem]:
    """Problems of one resource: a ragged row is one problem, and a duplicate key is not also a unique error."""
    by_row: dict = {}
    for error in task.errors:
        if error.type == "foreign-key" and error.reference_name in skip:
            continue
        by_row.setdefault(getattr(error, "row_number", None), []).append(error)
    header_size = len(resource.get("schema", {}).get("fields", []))
    problems = []
    for row, errors in by_row.items():
        blank = [error for error in errors if error.type == "blank-row"]
        if blank:
            problems.append(Problem(data_file, row, *translate(blank[0], resource)))
            continue
        if row is not None and any(error.type in ("missing-cell", "extra-cell") for error in errors):
            problems.append(Problem(data_file, row, *row_shape(errors, header_size)))
            continue
        key_fields = {field for error in errors if error.type == "primary-key"
                      for field in translate(error, resource)[0].split(",")}
        for error in errors:
            if error.type == "unique-error" and error.field_name in key_fields:
                continue
            problems.append(Problem(data_file, row, *translate(error, resource)))
    return problems


def descriptor_problems(package: LocalPackage) -> list[Problem]:
    """What frictionless finds wrong in the descriptor itself, one problem per reason."""
    shown = paths.display(package.descriptor_path)
    report = Package.validate_descriptor(package.descriptor)
    return [Problem(shown, None, None, f"invalid descriptor: {error.note or error.message}") for error in report.errors]


def check(package: LocalPackage, skip: set[str] = frozenset()) -> list[Problem]:
    """Frictionless validation of the descriptor and every resource not in skip, as problems."""
    shown = paths.display(package.descriptor_path)
    try:
        problems = descriptor_problems(package)
        if problems:
            return problems
        with system.use_context(trusted=False):
            report = Package(package.descriptor, basepath=str(package.folder)).validate()
    except FrictionlessException as exception:
        return [Problem(shown, None, None, f"invalid descriptor: {exception.error.note or exception.error.message}")]
    except Exception as exception:  # noqa: BLE001 - frictionless can fail in ways it does not wrap; report, never crash
        return [Problem(shown, None, None, f"frictionless could not check this package: {type(exception).__name__}: {exception}")]
    problems = [Problem(shown, None, None, f"invalid descriptor: {error.note or error.message}") for error in report.errors]
    for task in report.tasks:
        if task.name in skip:
            continue
        resource = package.resource(task.name) or {}
        data_file = paths.display(package.resource_file(task.name) or package.descriptor_path)
        problems += task_problems(task, resource, data_file, skip)
    return problems
