"""Run upstream frictionless validation on a loaded package and translate its errors into problems."""

import re

from frictionless import FrictionlessException, Package, system

from . import paths
from .packages import Package as LocalPackage
from .problems import Problem

KEY_FIELDS = re.compile(r'for "([^"]+)"')


def _field_of(error, resource: dict) -> str | None:
    """The field an error is about, including the key fields of key errors."""
    name = getattr(error, "field_name", None)
    if name:
        return name
    if error.type == "primary-key":
        return ",".join(resource.get("schema", {}).get("primaryKey", [])) or None
    if error.type == "foreign-key":
        match = KEY_FIELDS.search(error.message)
        return match.group(1) if match else None
    return None


def _message(error) -> str:
    """A short message: the upstream title, the cell when there is one, and the upstream note."""
    cell = getattr(error, "cell", None)
    if error.type == "primary-key":
        return f"duplicate primary key: {error.note}"
    if error.type == "foreign-key":
        return f"dangling foreign key: {error.note}"
    text = error.title.lower()
    if cell not in (None, ""):
        text += f' in cell "{cell}"'
    note = getattr(error, "note", "")
    return f"{text}: {note}" if note else text


def check(package: LocalPackage) -> list[Problem]:
    """Frictionless validation of the descriptor and every resource, as problems."""
    shown = paths.display(package.descriptor_path)
    try:
        with system.use_context(trusted=False):
            upstream = Package(package.descriptor, basepath=str(package.folder))
            report = upstream.validate()
    except FrictionlessException as exception:
        return [Problem(shown, None, None, f"invalid descriptor: {exception.error.message}")]
    problems = []
    for error in report.errors:
        problems.append(Problem(shown, None, None, f"invalid descriptor: {error.message}"))
    for task in report.tasks:
        resource = package.resource(task.name) or {}
        data_file = paths.display(package.folder / resource.get("path", task.name))
        for error in task.errors:
            row = getattr(error, "row_number", None)
            problems.append(Problem(data_file, row, _field_of(error, resource), _message(error)))
    return problems
