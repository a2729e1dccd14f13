"""Scaffold a new data package: a descriptor with the shared figures and sources resources, one example figure and one chart."""

import csv
import datetime
import io
import json
import re
from pathlib import Path

from pipeline import paths
from pipeline.validation import shared_schemas

NAME = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
EXAMPLE_FLAG = "example row written by new-package: replace it with a real figure, its verbatim quote and its source"


def descriptor(name: str, today: datetime.date) -> dict:
    """A Data Package v2 descriptor whose figures and sources resources come from their shared definitions."""
    figures = shared_schemas.definition("figures")
    measure = next(field for field in figures["schema"]["fields"] if field["name"] == "measure")
    measure["constraints"]["enum"] = ["example-measure"]
    measure["categories"] = [{"value": "example-measure", "label": "Example measure: replace it"}]
    return {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": name,
        "title": f"{name} (new package: give it a title)",
        "description": "A new data package made by 'python -m pipeline new-package': describe what it holds and where it comes from.",
        "version": "0.1.0",
        "created": f"{today.isoformat()}T00:00:00Z",
        "changes": [{"version": "0.1.0", "date": today.isoformat(), "kind": "first release",
                     "summary": "Scaffolded by 'python -m pipeline new-package'."}],
        "keywords": ["stalking"],
        "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
                      "title": "Creative Commons Attribution 4.0 International"}],
        "contributors": [{"title": "Stalking Justice Data project", "roles": ["creator", "publisher"]}],
        "sources": [{"title": "Example source: replace it", "path": "https://example.org/replace-this-address"}],
        "resources": [figures, shared_schemas.definition("sources")],
    }


def csv_text(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def example_rows(name: str, today: datetime.date) -> tuple[list[dict], list[dict]]:
    """One example figure and its source, in the shared resources' columns, clearly flagged as examples."""
    figure_fields = [field["name"] for field in shared_schemas.definition("figures")["schema"]["fields"]]
    source_fields = [field["name"] for field in shared_schemas.definition("sources")["schema"]["fields"]]
    figure = dict.fromkeys(figure_fields, "") | {
        "id": "example-figure", "measure": "example-measure", "stage": "reporting", "counts_what": "victims",
        "period": "not stated", "geography": "England and Wales", "proportion": "0.5", "wording": "half",
        "qualifier": "approximately", "base": "example base: replace it", "base_n_status": "unknown",
        "source_id": "example-source", "quote": "An example quote in which half is the published wording.",
        "flags": EXAMPLE_FLAG}
    source = dict.fromkeys(source_fields, "") | {
        "id": "example-source", "title": "Example source: replace it", "publisher": "Example publisher",
        "published": str(today.year), "published_inferred": "false", "accessed": today.isoformat(),
        "address": "https://example.org/replace-this-address", "kind": "secondary report"}
    return [figure], [source]


def scaffold(name: str, datapackages: Path = paths.DATAPACKAGES, today: datetime.date | None = None) -> Path:
    """Write datapackages/NAME with a valid descriptor, data/figures.csv, data/sources.csv and charts.json."""
    if not NAME.match(name):
        raise ValueError(f"{name!r}: a package name is lower-case words joined by '-'")
    folder = datapackages / name
    if folder.exists():
        raise ValueError(f"{paths.display(folder)} exists already")
    today = today or datetime.date.today()
    figures, sources = example_rows(name, today)
    (folder / "data").mkdir(parents=True)
    (folder / paths.DESCRIPTOR_NAME).write_text(json.dumps(descriptor(name, today), indent=2, ensure_ascii=False) + "\n",
                                                 encoding="utf-8")
    (folder / "data" / "figures.csv").write_text(csv_text(figures), encoding="utf-8")
    (folder / "data" / "sources.csv").write_text(csv_text(sources), encoding="utf-8")
    chart = {"id": f"{name}-example", "kind": "proportions", "title": f"{name}: example chart (replace it)",
             "subtitle": "Share of each base; lines show 95% intervals where the sample size is known",
             "figures": [f"{name}/example-figure"]}
    (folder / paths.CHARTS_NAME).write_text(json.dumps([chart], indent=2) + "\n", encoding="utf-8")
    return folder
