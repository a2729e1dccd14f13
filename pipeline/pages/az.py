"""The A–Z index: every page, every figure and every police force named in the data, with a link to each."""

import json
import re
from pathlib import Path

from pipeline.pages.templating import environment

PAGE_NAME = "az.md"
DATA_ENTRIES = ".az.json"
FORCE_FIELD = "force"  # any table column of this name lists police forces
FORCE_PAGES = "forces"  # where force pages live, once there are any: forces/<slug>.md
FRONT_TITLE = re.compile(r"\A---\n(?:.*\n)*?title:\s*(.+)\n(?:.*\n)*?---\n", re.MULTILINE)
HEADING = re.compile(r"^#\s+(.+)$", re.MULTILINE)


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def heading(label, period) -> str:
    """A figure's heading, as on its card: its label, and its period when one is stated."""
    return str(label) if not isinstance(period, str) or period in ("", "not stated") else f"{label}: {period}"


def data_entries(tables) -> dict:
    """Figures (title, page and card) and forces (name, the packages that hold them) from the tables."""
    figures = [{"title": heading(row["label"], row["period"]), "wording": str(row["wording"]),
                "href": f"packages/{row['package']}.html#figure-{row['id']}"}
               for _, row in tables.figures.iterrows()]
    forces: dict[str, list[str]] = {}
    for (package, _), frame in tables.resources.items():
        if FORCE_FIELD in frame:
            for name in frame[FORCE_FIELD].dropna().astype(str).unique():
                forces.setdefault(name, [])
                if package not in forces[name]:
                    forces[name].append(package)
    return {"figures": figures, "forces": [{"name": name, "packages": packages} for name, packages in sorted(forces.items())]}


def page_title(page: Path) -> str | None:
    """A page's title: its front matter title, else its first heading."""
    text = page.read_text(encoding="utf-8")
    found = FRONT_TITLE.match(text) or HEADING.search(text)
    return found.group(1).strip().strip('"').strip("'") if found else None


def entries(docs: Path, data: dict) -> list[dict]:
    """Every A–Z entry, sorted: pages found in docs, figures and forces from the data."""
    items = []
    for page in sorted(docs.rglob("*.md")):
        relative = page.relative_to(docs).as_posix()
        title = page_title(page)
        if title and relative != PAGE_NAME:
            items.append({"title": title, "href": relative[:-3] + ".html", "kind": "page"})
    items += [{"title": figure["title"], "href": figure["href"], "kind": "figure", "note": figure["wording"]}
              for figure in data["figures"]]
    for force in data["forces"]:
        own_page = f"{FORCE_PAGES}/{slug(force['name'])}.md"
        href = own_page[:-3] + ".html" if (docs / own_page).exists() else f"packages/{force['packages'][0]}.html"
        items.append({"title": force["name"], "href": href, "kind": "police force"})
    unique = {(item["title"].lower(), item["href"]): item for item in reversed(items)}  # a force's own page: listed once
    return sorted(unique.values(), key=lambda item: (item["title"].lower(), item["kind"], item["href"]))


def letter_of(title: str) -> str:
    first = title[:1].upper()
    return first if first.isalpha() else "#"


def write(docs: Path, data: dict) -> str:
    """Write az.md into docs; return its path for the navigation."""
    groups: dict[str, list[dict]] = {}
    for item in entries(docs, data):
        groups.setdefault(letter_of(item["title"]), []).append(item)
    page = environment().get_template("az.md.j2").render(groups=groups)
    (docs / PAGE_NAME).write_text(page, encoding="utf-8")
    return PAGE_NAME


def save_data(tables, out: Path) -> None:
    (out / DATA_ENTRIES).write_text(json.dumps(data_entries(tables), sort_keys=True), encoding="utf-8")


def load_data(folder: Path) -> dict:
    return json.loads((folder / DATA_ENTRIES).read_text(encoding="utf-8"))
