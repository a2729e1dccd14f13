"""schema.org Dataset metadata for a package page, as JSON that is safe inside a <script> element."""

import re

from pipeline import identity
from pipeline.validation import versions

ISO_PERIOD = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?(/\d{4}(-\d{2}(-\d{2})?)?)?$")

def temporal_coverage(periods: list[str], published: list[str]) -> str:
    """The figures' periods when all are ISO dates or intervals; else the open interval up to the latest source date."""
    stated = [str(period) for period in periods if period]
    if stated and all(ISO_PERIOD.match(period) for period in stated):
        starts = [period.split("/")[0] for period in stated]
        ends = [period.split("/")[-1] for period in stated]
        start, end = min(starts), max(ends)
        return start if start == end else f"{start}/{end}"
    return f"../{max(str(date) for date in published)}" if published else ".."


def _one_or_list(values: list):
    return values[0] if len(values) == 1 else values


def dataset(package, tables, downloads: dict, base: str) -> dict:
    """The schema.org Dataset for a package, with a DataDownload for every current file."""
    descriptor = package.descriptor
    history = versions.history(descriptor)
    figures = tables.figures[tables.figures["package"] == package.name] if not tables.figures.empty else tables.figures
    sources = tables.sources[tables.sources["package"] == package.name]
    organisation = {"@type": "Organization", "name": identity.site().name, "url": base}
    creators = [{"@type": "Organization", "name": str(item["title"])} for item in descriptor.get("contributors", [])
                if isinstance(item, dict) and "creator" in item.get("roles", []) and item.get("title")]
    places = sorted(set(figures["geography"].dropna())) if len(figures) else []
    return {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": descriptor.get("title", package.name),
        "description": descriptor.get("description", ""),
        "url": f"{base}packages/{package.name}.html",
        "identifier": f"{base}packages/{package.name}.html",
        "version": descriptor["version"],
        "license": _one_or_list([item["path"] for item in descriptor.get("licenses", []) if item.get("path")]),
        "creator": creators or [organisation],
        "publisher": organisation,
        "dateCreated": str(descriptor.get("created", history[-1].date))[:10],
        "datePublished": history[-1].date,
        "dateModified": history[0].date,
        "keywords": descriptor.get("keywords", []),
        "temporalCoverage": temporal_coverage(figures["period"].dropna().tolist() if len(figures) else [],
                                              sources["published"].dropna().tolist()),
        "spatialCoverage": [{"@type": "Place", "name": place} for place in places],
        "isAccessibleForFree": True,
        "isBasedOn": [address for address in sources["address"].dropna().tolist()],
        "distribution": [{"@type": "DataDownload", "name": item["name"], "description": item["what"],
                          "encodingFormat": item["mediatype"], "contentUrl": base + item["href"],
                          "contentSize": f"{item['bytes']} B", "sha256": item["sha256"]} for item in downloads["files"]],
    }
