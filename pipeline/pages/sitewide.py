"""Site-wide reuse files: catalog.json, the Atom feed, robots.txt, the changes page and the validation report."""

from pathlib import Path

from pipeline import identity
from pipeline.pages.templating import environment
from pipeline.publish import catalog, feed, validation_report


def _render(name: str, **context) -> str:
    return environment().get_template(name).render(**context)


def robots(base: str) -> str:
    """robots.txt: every page may be read; the sitemap's address only once the site has one."""
    lines = ["User-agent: *", "Allow: /"]
    lines += ["# No sitemap address: the site has no public address yet."] if identity.is_placeholder(base) else \
        [f"Sitemap: {base}sitemap.xml"]
    return "\n".join(lines) + "\n"


def write(tables, rendered: list, files: dict, extras: dict, problems: list, docs: Path) -> list[str]:
    """Write the site-wide files into docs; return the new pages for the navigation."""
    base = identity.base()
    packages = tables.packages
    catalog.write(catalog.catalog(tables, rendered, files, extras, base, identity.is_placeholder(base)), docs)
    feed.write(packages, base, docs)
    (docs / "robots.txt").write_text(robots(base), encoding="utf-8")
    zips = {(name, release["version"]): item for name, published in files.items() for release in published["releases"]
            for item in release["files"] if item["group"] == "zip"}
    releases = [{"name": package.name, "title": package.descriptor.get("title", package.name), **change.__dict__,
                 "zip": zips[(package.name, change.version)]} for package, change in feed.releases(packages)]
    (docs / "changes.md").write_text(_render("changes.md.j2", releases=releases), encoding="utf-8")
    report = validation_report.report(packages, problems)
    (docs / "validation.md").write_text(_render("validation.md.j2", report=report), encoding="utf-8")
    return ["changes.md", "validation.md"]
