"""The whole data package as one reproducible zip: descriptor, data exactly as validated, and a README."""

from pathlib import Path

from pipeline import identity, paths
from pipeline.publish import citations, zipfiles
from pipeline.validation import versions


def package_citation(package, base: str) -> dict:
    """How to cite a package's current version."""
    descriptor = package.descriptor
    change = versions.current(descriptor)
    return citations.cite(title=descriptor.get("title", package.name), medium="data set", publisher=identity.site().name,
                          author=citations.author_of(descriptor, identity.site().name), date=change.date,
                          url=f"{base}packages/{package.name}.html", versions=[f"{package.name} version {change.version}"],
                          key=package.name)


def readme(package, tables, base: str) -> str:
    """README.md for the zip: what the package is, its version history, sources, licence, files and how to cite."""
    descriptor = package.descriptor
    lines = [f"# {descriptor.get('title', package.name)}", "", descriptor.get("description", ""), "",
             f"- Package: `{package.name}`, version {descriptor['version']}",
             f"- Created: {str(descriptor.get('created', ''))[:10]}; this version released {versions.current(descriptor).date}",
             f"- Page: {base}packages/{package.name}.html", ""]
    if identity.is_placeholder(base):
        lines += [identity.PLACEHOLDER_NOTE, ""]
    lines += ["## Licence", ""]
    lines += [f"- {item.get('title') or item.get('name')}: {item.get('path', '')}" for item in descriptor.get("licenses", [])]
    lines += ["", "## Sources", ""]
    sources = tables.sources[tables.sources["package"] == package.name]
    for source in sources.to_dict("records"):
        inferred = " (date inferred)" if source.get("published_inferred") else ""
        accessed = f" (accessed {source['accessed']})" if source.get("accessed") else ""
        lines.append(f"- {source['title']}. {source['publisher']}, {source['published']}{inferred}. "
                     f"Kind: {source['kind']}. {source['address']}{accessed}")
    lines += ["", "## Files", "",
              f"- `{paths.DESCRIPTOR_NAME}`: the Frictionless Data Package descriptor (schemas, licences, sources, changes)"]
    lines += [f"- `{resource['path']}`: {resource.get('title', resource['name'])}. {resource.get('description', '')}".rstrip()
              for resource in descriptor["resources"]]
    lines += ["", "The CSV files are UTF-8 and exactly as validated. Check them with `frictionless validate datapackage.json`.", "",
              "## Version history", ""]
    lines += [f"- {change.version} ({change.date}, {change.kind}): {change.summary}" for change in versions.history(descriptor)]
    citation = package_citation(package, base)
    lines += ["", "## How to cite", "", citation["full"], "", "```bibtex", citation["bibtex"], "```", ""]
    return "\n".join(lines)


def write_zip(package, tables, target: Path, date: str) -> Path:
    """<name>.zip holding <name>-<version>/ with the descriptor, the data files and README.md."""
    folder = f"{package.name}-{package.descriptor['version']}/"
    members = [(folder + "README.md", readme(package, tables, identity.base()).encode("utf-8")),
               (folder + paths.DESCRIPTOR_NAME, package.descriptor_path.read_bytes())]
    members += [(folder + resource["path"], (package.folder / resource["path"]).read_bytes())
                for resource in package.descriptor["resources"]]
    return zipfiles.write(target, members, date)
