"""The validation report: what the build's validation checked, package by package, and what it found."""

from pipeline import cache, paths
from pipeline.validation import checks, frictionless_check, versions
from pipeline.validation.packages import read_json
from pipeline.validation.rows import count_rows

EXTRA_CHECKS = [checks.chart_definitions, versions.check_history]


def _first_line(function) -> str:
    return (function.__doc__ or function.__name__).strip().splitlines()[0]


def checked_summary(package, problems: list) -> dict:
    """What this build's validation checked in one package, per resource, and the problems it found there."""
    resources = []
    for resource in package.descriptor["resources"]:
        path = package.resource_file(resource["name"])
        shown = paths.display(path)
        resources.append({"name": resource["name"], "rows": count_rows(path), "fields": len(resource["schema"]["fields"]),
                          "bytes": path.stat().st_size, "sha256": cache.file_digest(path),
                          "errors": sum(1 for problem in problems if problem.file == shown)})
    errors = sum(1 for problem in problems if problem.file.startswith(paths.display(package.folder)))
    return {"valid": errors == 0, "errors": errors, "resources": resources, "rows": sum(item["rows"] for item in resources)}


def frictionless_summary(descriptor_path) -> dict:
    """Upstream frictionless validation of an archived descriptor and its files: resources, rows, fields, errors."""
    store = cache.current()
    if store is None:
        return _frictionless_summary(descriptor_path)
    key = cache.digest(store.code, descriptor_path.parent)
    return store.value("archive", paths.display(descriptor_path.parent), key, lambda: _frictionless_summary(descriptor_path))


def _frictionless_summary(descriptor_path) -> dict:
    from frictionless import Package, system  # about a second to import: only when an archive must be checked

    descriptor, _ = read_json(descriptor_path)  # tolerates a byte-order mark, as our validation does
    with system.use_context(trusted=False):
        report = Package(descriptor, basepath=str(descriptor_path.parent)).validate()
    resources = [{"name": task.name, "rows": task.stats.get("rows", 0), "fields": task.stats.get("fields", 0),
                  "bytes": task.stats.get("bytes", 0), "sha256": task.stats.get("sha256", ""), "errors": len(task.errors)}
                 for task in report.tasks]
    return {"valid": report.valid, "errors": len(report.errors) + sum(item["errors"] for item in resources),
            "resources": resources, "rows": sum(item["rows"] for item in resources)}


def report(packages, problems: list) -> dict:
    """The report for this build, from the packages it validated and the problems it found (none, or no site)."""
    checks_run = [{"name": "frictionless", "what": _first_line(frictionless_check.check)}]
    checks_run += [{"name": check.__name__, "what": _first_line(check)} for check in checks.PACKAGE_CHECKS + EXTRA_CHECKS]
    rows = []
    for package in packages:
        checked = checked_summary(package, problems)
        rows.append({"name": package.name, "title": package.descriptor.get("title", package.name),
                     "version": package.descriptor["version"], "current": True, "frictionless": checked,
                     "problems": checked["errors"]})
        for version, folder in versions.archived(package.folder).items():
            archived = frictionless_summary(folder / paths.DESCRIPTOR_NAME)
            rows.append({"name": package.name, "title": package.descriptor.get("title", package.name), "version": version,
                         "current": False, "frictionless": archived, "problems": archived["errors"]})
    dates = [versions.current(package.descriptor).date for package in packages]
    return {"packages": rows, "checks": checks_run, "problems": len(problems), "as_of": max(dates) if dates else "",
            "package_count": len(packages), "resource_count": sum(len(row["frictionless"]["resources"]) for row in rows if row["current"]),
            "rows_checked": sum(row["frictionless"]["rows"] for row in rows if row["current"])}
