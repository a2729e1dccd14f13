"""What package and chart pages offer for reuse: downloads with checksums, citations, embeds and JSON-LD."""

from pathlib import Path

import markupsafe

from pipeline import escape, identity
from pipeline.charts import cards, chart_previews, preview_style
from pipeline.charts.draw import WIDE_MARGINS, svg_size
from pipeline.pages import templating
from pipeline.pages.host_headers import EMBED_FOLDER
from pipeline.publish import citations, downloads, jsonld
from pipeline.publish.package_zip import package_citation
from pipeline.validation import versions

CHART_FILES = [("svg", "Chart as SVG, with title, source and licence inside", "image/svg+xml"),
               ("png", "Chart as PNG at twice screen size, with title, source and licence inside", "image/png"),
               ("csv", "Exactly the data drawn (CSV, UTF-8, exact: in a spreadsheet, import it as text via Data → From Text/CSV)",
                "text/csv"),
               ("vl.json", "Vega-Lite specification with the data embedded (JSON)", "application/json")]
EMBED_CAPTION_HEIGHT = 110


def package_extras(package, tables, files: dict, base: str) -> dict:
    """Context a package page adds: grouped downloads, versions, citation, JSON-LD, the site address and preview card."""
    headline = cards.package_headlines(tables).get(package.name)
    return {"preview_image": cards.card_path(headline) if headline else cards.SITE_CARD, "published": files,
            "changes": [change.__dict__ for change in versions.history(package.descriptor)],
            "updated": files["updated"], "citation": package_citation(package, base),
            "jsonld": escape.json_for_script(jsonld.dataset(package, tables, files, base)),
            "base": base, "base_is_placeholder": identity.is_placeholder(base), "placeholder_note": identity.PLACEHOLDER_NOTE}


def chart_packages(chart) -> list[str]:
    """Names of the packages a chart draws from, its own first."""
    return chart.package_names


def chart_citation(chart, tables, base: str) -> dict:
    """A chart's citation: dated by the newest release among the packages it draws from."""
    packages = [tables.package(name) for name in chart_packages(chart)]
    date = max(versions.current(package.descriptor).date for package in packages)
    used = [f"{package.name} version {package.descriptor['version']}" for package in packages]
    return citations.cite(title=chart.definition["title"], medium="chart", publisher=identity.site().name,
                          author=citations.author_of(tables.package(chart.package).descriptor, identity.site().name), date=date,
                          url=f"{base}charts/{chart.id}.html", versions=["Data: " + ", ".join(used)], key=chart.id)


def _canonical(relative: str) -> str | None:
    """The page's public address, or None while the site has no address (a placeholder is no canonical link)."""
    base = identity.public()
    return None if base is None else base + relative


def write_embed(chart, docs: Path) -> Path:
    """embed/<id>.html: the chart (narrow or wide, light or dark), source line, licence and a link back; no script."""
    env = templating.environment()
    width, height = svg_size(chart.svg)
    narrow_width, narrow_height = svg_size(chart.narrow_svg)
    context = {"title": chart.definition["title"], "source_line": chart.source_line.replace("\n", " "), "id": chart.id,
               "alt_text": chart.alt_text, "headline": chart.headline, "width": width, "height": height,
               "narrow_width": narrow_width, "narrow_height": narrow_height, "narrow_below": width + WIDE_MARGINS,
               "page_href": f"../charts/{chart.id}.html", "page_url": _canonical(f"charts/{chart.id}.html"),
               "description": chart.definition["subtitle"], "image_url": _canonical(chart_previews.path(chart.id)),
               "image": preview_style.IMAGE}
    page = env.get_template("embed.html.j2").render(chart=context, site_name=identity.site().name,
                                                    licence=identity.site().licence, licence_url=identity.site().licence_url)
    target = docs / EMBED_FOLDER / f"{chart.id}.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(page, encoding="utf-8")
    return target


def chart_extras(chart, tables, docs: Path, base: str) -> dict:
    """Context a chart page adds: files with checksums, the embed page, citation and snippets."""
    embed = write_embed(chart, docs)
    width, height = svg_size(chart.svg)
    files = [{**downloads.describe(docs / "charts" / f"{chart.id}.{suffix}", docs, what), "mediatype": mediatype}
             for suffix, what, mediatype in CHART_FILES]
    files.append({**downloads.describe(embed, docs, "Stand-alone page for embedding: the chart, its source and licence (HTML)"),
                  "mediatype": "text/html"})
    title = chart.definition["title"]
    iframe = (f'<iframe src="{base}embed/{chart.id}.html" title="{markupsafe.escape(title)}" width="{width + 16}" '
              f'height="{height + EMBED_CAPTION_HEIGHT}" style="border:0;max-width:100%" loading="lazy"></iframe>')
    image = (f'<a href="{base}charts/{chart.id}.html"><img src="{base}charts/{chart.id}.svg" alt="{markupsafe.escape(chart.alt_text)}" '
             f'width="{width}" height="{height}" style="max-width:100%;height:auto"></a>')
    return {"files": files, "citation": chart_citation(chart, tables, base), "embed_iframe": iframe, "embed_image": image,
            "embed_href": f"embed/{chart.id}.html", "preview_image": chart_previews.path(chart.id), "base": base,
            "base_is_placeholder": identity.is_placeholder(base),
            "placeholder_note": identity.PLACEHOLDER_NOTE}


def extras(tables, rendered: list, files: dict, docs: Path) -> dict:
    """Reuse context for every package page and chart page, keyed by package name and chart id."""
    base = identity.base()
    return {"packages": {package.name: package_extras(package, tables, files[package.name], base) for package in tables.packages},
            "charts": {chart.id: chart_extras(chart, tables, docs, base) for chart in rendered}}
