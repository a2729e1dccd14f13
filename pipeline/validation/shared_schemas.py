"""The figures and sources resources every package shares: defined once in validation/schemas/, written into each descriptor."""

import copy
import json
from pathlib import Path

from pipeline import paths
from pipeline.problems import Problem

DEFINITIONS = Path(__file__).resolve().parent / "schemas"
SHARED = ("figures", "sources")
# What each package says for itself inside a shared resource: its own measure vocabulary and the labels of its values.
PACKAGE_OWNED = {("figures", "measure"): (("constraints", "enum"), ("categories",))}


def definition(name: str) -> dict:
    """The shared definition of one resource, as in validation/schemas/NAME.json."""
    return json.loads((DEFINITIONS / f"{name}.json").read_text(encoding="utf-8"))


def _owned_parts(field: dict, owned: tuple) -> list[tuple[tuple, object]]:
    found = []
    for path in owned:
        holder = field
        for key in path[:-1]:
            holder = holder.get(key, {}) if isinstance(holder, dict) else {}
        if isinstance(holder, dict) and path[-1] in holder:
            found.append((path, holder[path[-1]]))
    return found


def expected(resource: dict) -> dict:
    """The shared definition of this resource, carrying over the parts that each package owns."""
    shared = definition(resource["name"])
    own_fields = {field.get("name"): field for field in resource.get("schema", {}).get("fields", []) if isinstance(field, dict)}
    for field in shared["schema"]["fields"]:
        owned = PACKAGE_OWNED.get((resource["name"], field["name"]), ())
        for path, value in _owned_parts(own_fields.get(field["name"], {}), owned):
            holder = field
            for key in path[:-1]:
                holder = holder.setdefault(key, {})
            holder[path[-1]] = copy.deepcopy(value)
    return shared


def first_difference(actual: dict, wanted: dict) -> str:
    """Where a resource departs from its shared definition, in words."""
    for key in sorted(set(actual) | set(wanted)):
        if key != "schema" and actual.get(key) != wanted.get(key):
            return f"property {key!r}"
    fields = {field.get("name"): field for field in actual.get("schema", {}).get("fields", []) if isinstance(field, dict)}
    names = [field.get("name") for field in actual.get("schema", {}).get("fields", []) if isinstance(field, dict)]
    wanted_names = [field["name"] for field in wanted["schema"]["fields"]]
    if names != wanted_names:
        missing, extra = [name for name in wanted_names if name not in names], [name for name in names if name not in wanted_names]
        said = [missing and f"missing fields {missing}", extra and f"extra fields {extra}"]
        return "; ".join(filter(None, said)) or "the order of its fields"
    for field in wanted["schema"]["fields"]:
        if fields[field["name"]] != field:
            return f"field {field['name']!r}"
    return "the schema's keys"


def check(package) -> list[Problem]:
    """Every shared resource of a package must equal its shared definition, but for the parts the package owns."""
    problems = []
    for index, resource in enumerate(package.descriptor.get("resources", [])):
        schema = resource.get("schema") if isinstance(resource, dict) else None
        if resource.get("name") not in SHARED or not isinstance(schema, dict) or not isinstance(schema.get("fields"), list):
            continue  # a resource of the wrong shape is reported by the descriptor checks
        wanted = expected(resource)
        if resource != wanted:
            problems.append(Problem(paths.display(package.folder / paths.DESCRIPTOR_NAME), None, f"resources[{index}]",
                                    f"the {resource['name']} resource differs from its shared definition "
                                    f"(pipeline/validation/schemas/{resource['name']}.json) in {first_difference(resource, wanted)}; "
                                    "'python -m pipeline schemas' rewrites it"))
    return problems


def write(descriptor_path: Path) -> bool:
    """Rewrite a descriptor's shared resources from their definitions; True when anything changed."""
    descriptor = json.loads(descriptor_path.read_text(encoding="utf-8"))
    resources = descriptor.get("resources", [])
    rewritten = [expected(resource) if isinstance(resource, dict) and resource.get("name") in SHARED else resource
                 for resource in resources]
    if rewritten == resources:
        return False
    descriptor["resources"] = rewritten
    descriptor_path.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return True
