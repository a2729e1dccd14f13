"""How to cite a chart or a data package: short and full citations and BibTeX, with every part present."""

import re

ACCESSED_PLACEHOLDER = "[day month year]"
URLDATE_PLACEHOLDER = "YYYY-MM-DD"
BIBTEX_SPECIAL = re.compile(r"([\\{}%&$#_^~])")
BIBTEX_REPLACEMENTS = {"\\": r"\textbackslash{}", "^": r"\^{}", "~": r"\~{}"}


def bibtex_text(value: str) -> str:
    """Text inside a BibTeX field with LaTeX's special characters escaped."""
    return BIBTEX_SPECIAL.sub(lambda m: BIBTEX_REPLACEMENTS.get(m.group(1), "\\" + m.group(1)), value)


def bibtex_key(*parts: str) -> str:
    return "-".join(re.sub(r"[^a-z0-9]+", "-", part.lower()).strip("-") for part in parts if part)


def cite(*, title: str, medium: str, author: str, publisher: str, date: str, url: str, versions: list[str], key: str) -> dict:
    """A citation in three forms for a work first published on `date` (YYYY-MM-DD, from the data)."""
    year = date[:4]
    version_text = "; ".join(versions)
    short = f"{author} ({year}), “{title}”, {url}"
    full = (f"{author} ({year}). {title} [{medium}]. {publisher}. {version_text}. "
            f"Available at: {url} (accessed {ACCESSED_PLACEHOLDER}).")
    bibtex = "\n".join([
        f"@misc{{{bibtex_key(key, year)},",
        f"  author = {{{{{bibtex_text(author)}}}}},",
        f"  title = {{{{{bibtex_text(title)}}}}},",
        f"  howpublished = {{{bibtex_text(medium)}}},",
        f"  publisher = {{{bibtex_text(publisher)}}},",
        f"  year = {{{year}}},",
        f"  date = {{{date}}},",
        f"  version = {{{bibtex_text(version_text)}}},",
        f"  url = {{{url}}},",
        f"  urldate = {{{URLDATE_PLACEHOLDER}}},",
        "  note = {Replace urldate with the date you accessed it}",
        "}",
    ])
    return {"title": title, "author": author, "publisher": publisher, "year": year, "url": url,
            "short": short, "full": full, "bibtex": bibtex}


def author_of(descriptor: dict, fallback: str) -> str:
    """The descriptor's creator (a contributor with the creator role), else the fallback."""
    for contributor in descriptor.get("contributors", []):
        if isinstance(contributor, dict) and "creator" in contributor.get("roles", []) and contributor.get("title"):
            return str(contributor["title"])
    return fallback
