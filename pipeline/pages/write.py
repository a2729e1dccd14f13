"""Markdown pages from templates and markers; every piece of text from the data is escaped."""

from pathlib import Path

import pandas as pd

from pipeline.charts.draw import WIDE_MARGINS, svg_size
from pipeline.pages.facts import fact_sentence
from pipeline.pages.templating import environment

PREVIEW_ROWS = 20
KEY_FACTS = 4


def source_date(published, inferred) -> str:
    return f"[{published}] (inferred; not printed)" if bool(inferred) else str(published)


def figure_context(figure: pd.Series) -> dict:
    """One figure as the templates show it."""
    record = {key: (None if not isinstance(value, str) and pd.api.types.is_scalar(value) and pd.isna(value) else value)
              for key, value in figure.items()}
    record["see_also"] = str(record.get("see_also") or "").split()
    period = record.get("period")
    record["heading"] = record["label"] if not period or period == "not stated" else f"{record['label']}: {period}"
    record["source_date"] = source_date(record["source_published"], record["source_date_inferred"])
    return record


def key_facts(records: list[dict], most: int = KEY_FACTS) -> list[dict]:
    """Up to `most` figures as key-fact sentences, figures the source published before derived ones; a derived figure
    that another is computed from (a count under a rate) is left out, as the other's sentence already gives it."""
    inputs = {(record.get("package"), name) for record in records if record.get("derived")
              for name in str(record.get("inputs") or "").split()}  # a derived figure's inputs are in its own package
    chosen = sorted([record for record in records if not (record.get("derived") and (record.get("package"), record.get("id")) in inputs)],
                    key=lambda record: bool(record.get("derived")))[:most]
    return [fact_sentence(record) for record in chosen]


def chart_rows(chart) -> list[dict]:
    """The rows of a chart's data table: what it draws, without markers such as series breaks."""
    # series breaks and control-limit lines are drawn, but are not rows of data
    data = chart.data[~chart.data["row_kind"].isin(["break", "limit"])] if "row_kind" in chart.data else chart.data
    return [{key: (None if pd.api.types.is_scalar(value) and pd.isna(value) else value) for key, value in row.items()}
            for row in data.to_dict("records")]


def constraints_text(field: dict) -> str:
    """A field's constraints in words."""
    parts = []
    for key, value in field.get("constraints", {}).items():
        if key == "enum":
            parts.append("one of: " + ", ".join(map(str, value)))
        elif value is True:
            parts.append(key)
        else:
            parts.append(f"{key} {value}")
    return "; ".join(parts)


def preview_html(frame: pd.DataFrame) -> str:
    """An escaped HTML table of the first rows of a tidy table."""
    head = frame.head(PREVIEW_ROWS).astype(object).where(frame.head(PREVIEW_ROWS).notna(), "")
    return head.to_html(index=False, escape=True, classes="data-table", border=0)


class PageWriter:
    """Writes generated pages and fills markers in hand-written ones."""

    def __init__(self, tables, charts, downloads, extras=None):
        self.env = environment()
        self.tables = tables
        self.charts = {chart.id: chart for chart in charts}
        self.downloads = downloads
        self.extras = extras or {"packages": {}, "charts": {}}  # reuse context from pipeline.reuse.extras
        self._chart_contexts: dict[str, dict] = {}

    def package_context(self, package) -> dict:
        descriptor = package.descriptor
        figures = self.tables.figures
        own = figures[figures["package"] == package.name] if not figures.empty else figures
        sources = self.tables.sources[self.tables.sources["package"] == package.name]
        resources, previews = [], []
        for resource in descriptor["resources"]:
            fields = [{"name": f["name"], "type": f.get("type", "string"), "description": f.get("description", ""),
                       "constraints": constraints_text(f)} for f in resource.get("schema", {}).get("fields", [])]
            resources.append({"title": resource.get("title", resource["name"]), "path": resource["path"], "fields": fields})
            frame = self.tables.resources.get((package.name, resource["name"]))
            if frame is not None:
                previews.append({"title": resource.get("title", resource["name"]), "description": resource.get("description", ""),
                                 "rows": len(frame), "shown": min(len(frame), PREVIEW_ROWS), "html": preview_html(frame)})
        return {
            "name": package.name, "title": descriptor.get("title", package.name),
            "description": descriptor.get("description", ""), "version": descriptor.get("version", ""),
            "created": str(descriptor.get("created", ""))[:10], "licenses": descriptor.get("licenses", []),
            "figures": (contexts := [figure_context(row) for _, row in own.iterrows()]),
            "key_facts": key_facts(contexts),
            "has_quotes": bool(len(own)) and own["quote"].notna().any(),
            "sources": [{**row, "date": source_date(row["published"], row["published_inferred"])}
                        for row in sources.to_dict("records")],
            "resources": resources, "previews": previews,
            "downloads": self.downloads.get(package.name, []), "figure_count": len(own),
            **self.extras["packages"].get(package.name, {}),
        }

    def chart_context(self, chart) -> dict:
        """What templates show of a chart; made once per chart, as several pages show each (read-only to them)."""
        if chart.id not in self._chart_contexts:
            self._chart_contexts[chart.id] = self._new_chart_context(chart)
        return self._chart_contexts[chart.id]

    def _new_chart_context(self, chart) -> dict:
        width, height = svg_size(chart.svg)
        narrow_width, narrow_height = svg_size(chart.narrow_svg)
        names = chart.package_names
        return {"id": chart.id, "definition": chart.definition, "data": chart.data, "rows": chart_rows(chart),
                "columns": chart.table_columns,
                "summary": chart.summary, "source_line": chart.source_line.replace("\n", " "),
                "alt_text": chart.alt_text, "width": width, "height": height, "headline": chart.headline,
                "narrow_width": narrow_width, "narrow_height": narrow_height, "narrow_below": width + WIDE_MARGINS,
                "key_facts": key_facts([figure_context(self.tables.figure(ref)) for ref in chart.figure_refs])
                or chart.data_facts(KEY_FACTS),
                "packages": [{"name": name, "title": self.tables.package(name).descriptor.get("title", name)} for name in names],
                **self.extras["charts"].get(chart.id, {})}

    def charts_using(self, package_name: str) -> list[dict]:
        chosen = []
        for chart in self.charts.values():
            if package_name in chart.package_names:
                chosen.append(self.chart_context(chart))
        return chosen

    def write_generated(self, docs: Path) -> list[str]:
        """Write package, package-index and chart pages; return their paths for the navigation."""
        written = []
        (docs / "packages").mkdir(parents=True, exist_ok=True)
        (docs / "charts").mkdir(parents=True, exist_ok=True)
        contexts = [self.package_context(package) for package in self.tables.packages]
        (docs / "packages" / "index.md").write_text(
            self.env.get_template("packages_index.md.j2").render(packages=contexts), encoding="utf-8")
        for context in contexts:
            page = self.env.get_template("package.md.j2").render(
                package=context, charts=self.charts_using(context["name"]), root="../")
            (docs / "packages" / f"{context['name']}.md").write_text(page, encoding="utf-8")
            written.append(f"packages/{context['name']}.md")
        (docs / "charts" / "index.md").write_text(self.env.get_template("charts_index.md.j2").render(
            charts=[self.chart_context(chart) for chart in self.charts.values()]), encoding="utf-8")
        for chart in self.charts.values():
            page = self.env.get_template("chart.md.j2").render(chart=self.chart_context(chart), root="../")
            (docs / "charts" / f"{chart.id}.md").write_text(page, encoding="utf-8")
        return written

    def marker_data(self):
        """Everything data markers in hand-written pages can show, as plain data."""
        from pipeline.pages.markers import MarkerData

        figures = {row["ref"]: figure_context(row) for _, row in self.tables.figures.iterrows()}
        charts = {chart_id: {key: value for key, value in self.chart_context(chart).items() if key != "data"}
                  for chart_id, chart in self.charts.items()}
        return MarkerData(figures, charts, len(self.tables.packages))
