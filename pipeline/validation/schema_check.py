"""Check a descriptor's resources and table schemas before frictionless sees them, naming the part at fault."""

import re

from pipeline.problems import Problem

FIELD_TYPES = ("string", "number", "integer", "boolean", "date", "datetime", "time", "year", "yearmonth",
               "duration", "geopoint", "geojson", "object", "array", "list", "any")
NUMERIC_TYPES = ("number", "integer", "year")
TEMPORAL_TYPES = ("date", "datetime", "time", "yearmonth")
RESOURCE_NAME = re.compile(r"^[a-z0-9._-]+$")
BUILT_IN_PROFILES = ("data-package", "tabular-data-package", "data-resource", "tabular-data-resource")


def profile_problems(descriptor: dict, shown: str) -> list[Problem]:
    """A profile named by path or address would be fetched by frictionless: only its built-in names are allowed."""
    places = [("profile", descriptor)] + [(f"resources[{resource.get('name', index)}].profile", resource)
                                          for index, resource in enumerate(descriptor.get("resources") or [])
                                          if isinstance(resource, dict)]
    return [Problem(shown, None, where, f"profile {holder['profile']!r} is not fetched; use a built-in profile or none")
            for where, holder in places if "profile" in holder and holder["profile"] not in BUILT_IN_PROFILES]


def _names(value) -> list | None:
    """A field list as frictionless accepts it (one name or a list of names), or None when malformed."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and value and all(isinstance(item, str) for item in value):
        return value
    return None


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def constraint_problems(constraints, kind: str, where: str, shown: str) -> list[Problem]:
    """Constraints must have the shape and value types frictionless can apply without crashing."""
    if not isinstance(constraints, dict):
        return [Problem(shown, None, where, "constraints must be a JSON object")]
    problems = []
    for key, value in constraints.items():
        here = f"{where}.{key}"
        if key in ("required", "unique") and not isinstance(value, bool):
            problems.append(Problem(shown, None, here, "must be true or false"))
        elif key in ("minLength", "maxLength") and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
            problems.append(Problem(shown, None, here, "must be a whole number of characters"))
        elif key in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
            if kind in NUMERIC_TYPES and not _is_number(value):
                problems.append(Problem(shown, None, here, f"must be a number for a field of type {kind}"))
            elif kind in TEMPORAL_TYPES and not isinstance(value, str):
                problems.append(Problem(shown, None, here, f"must be a {kind} written as text"))
            elif kind not in NUMERIC_TYPES + TEMPORAL_TYPES:
                problems.append(Problem(shown, None, here, f"a field of type {kind} cannot have a {key}"))
        elif key == "enum" and (not isinstance(value, list) or not value or len({repr(item) for item in value}) != len(value)):
            problems.append(Problem(shown, None, here, "must be a non-empty list of distinct values"))
        elif key == "pattern":
            if not isinstance(value, str):
                problems.append(Problem(shown, None, here, "must be a regular expression written as text"))
                continue
            try:
                re.compile(value)
            except re.error as error:
                problems.append(Problem(shown, None, here, f"is not a valid regular expression: {error}"))
    return problems


def field_problems(fields, where: str, shown: str) -> tuple[list[str], list[Problem]]:
    """Every field needs a unique name and a known type; return the names and the problems."""
    if not isinstance(fields, list) or not fields:
        return [], [Problem(shown, None, f"{where}.fields", "a schema needs a non-empty list of fields")]
    names, problems = [], []
    for index, field in enumerate(fields):
        if not isinstance(field, dict) or not isinstance(field.get("name"), str) or not field["name"].strip():
            problems.append(Problem(shown, None, f"{where}.fields[{index}]", "each field must be a JSON object with a name"))
            continue
        name, here = field["name"], f"{where}.fields[{field['name']}]"
        if name in names:
            problems.append(Problem(shown, None, here, f"field name {name!r} is used twice"))
        names.append(name)
        kind = field.get("type", "string")
        if kind not in FIELD_TYPES:
            problems.append(Problem(shown, None, f"{here}.type", f"unknown field type {kind!r}; known types: {', '.join(FIELD_TYPES)}"))
            continue
        if "constraints" in field:
            problems += constraint_problems(field["constraints"], kind, f"{here}.constraints", shown)
    return names, problems


def key_problems(schema: dict, names: list[str], resources: dict, where: str, shown: str) -> list[Problem]:
    """Primary and foreign keys name fields that exist, and foreign keys point at resources of this package.

    resources maps every resource name to its field names, or to None when its schema is unusable.
    """
    problems = []
    if "primaryKey" in schema:
        key = _names(schema["primaryKey"])
        if key is None or any(name not in names for name in key):
            problems.append(Problem(shown, None, f"{where}.primaryKey", "the primary key must name fields of this schema"))
    foreign_keys = schema.get("foreignKeys", [])
    if not isinstance(foreign_keys, list):
        return problems + [Problem(shown, None, f"{where}.foreignKeys", "foreign keys must be a list")]
    for index, foreign in enumerate(foreign_keys):
        here = f"{where}.foreignKeys[{index}]"
        reference = foreign.get("reference") if isinstance(foreign, dict) else None
        fields = _names(foreign.get("fields")) if isinstance(foreign, dict) else None
        if fields is None or not isinstance(reference, dict) or any(name not in names for name in fields):
            problems.append(Problem(shown, None, here, "a foreign key needs fields of this schema and a reference"))
            continue
        if "package" in reference:
            problems.append(Problem(shown, None, f"{here}.reference.package", "references to other packages are not fetched"))
            continue
        target, target_fields = reference.get("resource", ""), _names(reference.get("fields"))
        if not isinstance(target, str) or (target and target not in resources and None not in resources):
            problems.append(Problem(shown, None, f"{here}.reference.resource", f"no resource named {target!r} in this package"))
        elif target_fields is None or len(target_fields) != len(fields):
            problems.append(Problem(shown, None, f"{here}.reference.fields", "must name as many fields as the foreign key has"))
        elif resources.get(target or None) and any(name not in resources[target] for name in target_fields):
            problems.append(Problem(shown, None, f"{here}.reference.fields", f"the fields must exist in resource {target!r}"))
    return problems


def resource_problems(resources: list, shown: str) -> list[Problem]:
    """Names, inline schemas (never fetched), fields, constraints and keys of every resource."""
    problems, schemas, field_names = [], {}, {}
    for index, resource in enumerate(resources):
        if not isinstance(resource, dict):
            field_names[None] = None
            continue
        name = resource.get("name")
        if not isinstance(name, str) or not RESOURCE_NAME.match(name):
            problems.append(Problem(shown, None, f"resources[{index}].name",
                                    "each resource needs a name of lower-case letters, digits, '-', '_' or '.'"))
            field_names[None] = None  # an unnamed resource may be the one a foreign key means
            continue
        where = f"resources[{name}]"
        if name in field_names:
            problems.append(Problem(shown, None, f"{where}.name", f"resource name {name!r} is used twice"))
            continue
        if "dialect" in resource and not isinstance(resource["dialect"], dict):
            problems.append(Problem(shown, None, f"{where}.dialect", "a dialect given by path or address is not fetched; write it inline"))
        schema = resource.get("schema")
        field_names.setdefault(name, None)
        if isinstance(schema, str):
            problems.append(Problem(shown, None, f"{where}.schema", "a schema given by path or address is not fetched; write it inline"))
        elif not isinstance(schema, dict):
            problems.append(Problem(shown, None, f"{where}.schema", "each resource needs a table schema"))
        else:
            schemas[name] = schema
            field_names[name], found = field_problems(schema.get("fields"), f"{where}.schema", shown)
            problems += found
    for name, schema in schemas.items():
        if field_names.get(name):
            problems += key_problems(schema, field_names[name], field_names, f"resources[{name}].schema", shown)
    return problems
