"""Draw chart definitions with their kind: Vega-Lite spec, static SVG and PNG, the data drawn, a summary."""

import html
import json
import logging
import math
import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipeline import identity
from pipeline.charts import chart_font, chart_previews, dark, layout
from pipeline.charts.kinds import KINDS
from pipeline.charts.kinds.common import FONT
from pipeline.tables.formula_safe import safe_frame

WIDE_MARGINS = 40  # a screen narrower than the wide drawing plus the page's margins gets the narrow drawing
log = logging.getLogger(__name__)

GUIDE_ROWS = ["break", "limit"]  # rows that draw guides (series breaks, control limits), not values
FOOTER_ROWS = 1  # the source note under each chart is drawn from a one-row dataset


@dataclass
class RenderedChart:
    """A chart ready to publish."""

    definition: dict
    package: str
    data: pd.DataFrame
    spec: dict
    svg: str
    narrow_svg: str
    png: bytes
    summary: str
    source_line: str
    preview: bytes | None = None  # the link-preview image of the chart's page (chart_previews), drawn after the rest
    cache_key: str = ""  # where the chart is stored once its preview is drawn

    @property
    def id(self) -> str:
        return self.definition["id"]

    @property
    def figure_refs(self) -> list[str]:
        """The figures the chart draws ("package/id"); none for charts drawn from a table."""
        return [ref for ref in self.data["figure"] if isinstance(ref, str)] if "figure" in self.data else []

    @property
    def package_names(self) -> list[str]:
        """The packages the chart draws from, its own first."""
        return list(dict.fromkeys([self.package] + [ref.split("/")[0] for ref in self.figure_refs]))

    @property
    def table_columns(self) -> list[tuple[str, str]]:
        """The columns of the chart's data table on pages: (field, heading)."""
        return [(key, heading) for key, heading in KINDS[self.definition["kind"]].TABLE if key in self.data]

    def _ranked(self) -> tuple[pd.DataFrame, Callable]:
        """The rows drawn, highest value first, and a function naming a row (its label, stage, category, series, period)."""
        rows = self.data[~self.data["row_kind"].isin(GUIDE_ROWS)] if "row_kind" in self.data else self.data
        value = next((column for column in ("proportion", "count", "value", "share", "rate")
                      if column in rows and pd.api.types.is_numeric_dtype(rows[column]) and rows[column].notna().any()), None)
        if value is None or "value_text" not in rows:
            return rows.iloc[0:0], str
        rows = rows[rows[value].notna()].sort_values(value, ascending=False, kind="stable")
        names = [column for column in ("label", "step", "series", "group", "category", "period") if column in rows]

        def name(row) -> str:
            return ", ".join(str(row[column]) for column in names if isinstance(row[column], str) and row[column])

        return rows, name

    @property
    def headline(self) -> str:
        """One sentence on what the chart draws: how many values, the highest and the lowest."""
        rows, name = self._ranked()
        if rows.empty:  # a kind whose rows carry no plain value: the first sentence of its summary
            return self.summary.split(". ")[0].rstrip(".") + "."
        top, bottom = rows.iloc[0], rows.iloc[-1]
        return (f"The chart draws {len(rows)} values; the highest is {name(top)}: {top['value_text']}, "
                f"and the lowest {name(bottom)}: {bottom['value_text']}.")

    def data_facts(self, most: int) -> list[dict]:
        """Key facts from the rows drawn, for a chart drawn from a table: the highest values and the lowest, each
        with what was counted and when (the chart's title, in plain words) and its source."""
        kind = KINDS[self.definition["kind"]]
        if hasattr(kind, "facts"):  # a kind whose rows are not ranked values says its own facts
            return [{"big": big, "rest": rest, "package": None, "id": None} for big, rest in kind.facts(self.definition, self.data)][:most]
        rows, name = self._ranked()
        if rows.empty:
            return []
        records = rows.to_dict("records")
        chosen = sorted(set(range(min(most - 1, len(records)))) | {len(records) - 1})
        source = chart_previews.source_text(self.source_line).removeprefix("Source: ").split("; ")[0].rstrip(".")
        facts = []
        for index in chosen:
            row = records[index]
            facts.append({"big": str(row["value_text"]), "rest": f"{name(row)} ({self.definition['title'].rstrip('.')}; {source}).",
                          "package": None, "id": None})
        return facts[:most]

    @property
    def alt_text(self) -> str:
        return f"Chart: {self.definition['title']}. {self.definition['subtitle']}."


def source_name(publisher: str, published, kind: str) -> str:
    """'HuffPost UK (2011, secondary report)': who published a figure, the year and the kind of source."""
    return f"{publisher} ({str(published)[:4]}, {kind})"


def source_line(tables, data: pd.DataFrame, package: str) -> str:
    """'Source: HuffPost UK (2011, secondary report); ...' for the figures or table rows drawn."""
    seen = {}
    for ref in data["figure"].dropna() if "figure" in data else []:
        figure = tables.figure(ref)
        seen[source_name(figure["source_publisher"], figure["source_published"], figure["source_kind"])] = None
    own = tables.sources[tables.sources["package"] == package].set_index("id")
    for cell in data["source_id"].dropna() if "source_id" in data else []:
        for source_id in str(cell).split("; "):
            if source_id in own.index:
                source = own.loc[source_id]
                seen[source_name(source["publisher"], source["published"], source["kind"])] = None
    sources = "; ".join(seen)
    site = identity.site()
    lines = textwrap.wrap(f"Source: {sources}.", width=95) + [f"Chart: {site.name}, {site.licence}."]
    return "\n".join(lines)


def without_nan(value):
    """The spec with every NaN replaced by null, which JSON and Vega understand."""
    if isinstance(value, dict):
        return {key: without_nan(item) for key, item in value.items()}
    if isinstance(value, list):
        return [without_nan(item) for item in value]
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def finished_spec(chart, definition: dict, footer: str, validate: bool) -> dict:
    """The kind's chart with the title, subtitle and the source line inside the image, as a Vega-Lite spec; checked
    against the Vega-Lite schema when validate is true.

    The same spec as Altair's vconcat of the two charts, put together here as dicts: Altair copies the whole chart
    several times over to combine them, which took longer than the rest of the spec's making."""
    import altair as alt
    from altair.vegalite.v6.schema.core import TopLevelVConcatSpec

    note = alt.Chart(pd.DataFrame({"source_line": [footer]})).mark_text(
        align="left", baseline="top", fontSize=10, color="#333", lineBreak="\n", lineHeight=14
    ).encode(text="source_line:N", x=alt.value(0), y=alt.value(0)).properties(height=14 * (footer.count("\n") + 1), width=360)
    parts = [chart.to_dict(validate=False), note.to_dict(validate=False)]
    datasets = {}
    for part in parts:
        datasets.update(part.pop("datasets", {}))
        part.pop("config", None)  # Altair's default view size, which the whole spec's config repeats
        schema = part.pop("$schema")
    title = alt.TitleParams(definition["title"], subtitle=definition["subtitle"], anchor="start", fontSize=15,
                            subtitleFontSize=11, subtitleColor="#333", offset=12).to_dict()
    spec = {
        "$schema": schema, "background": "white", "padding": 12, "spacing": 14, "title": title, "vconcat": parts,
        "datasets": datasets,
        "config": {"view": {"continuousWidth": 300, "continuousHeight": 300, "stroke": None}, "font": FONT,
                   "axis": {"labelColor": "#222", "titleColor": "#222", "gridColor": "#ddd", "domainColor": "#555",
                            "tickColor": "#555", "labelFontSize": 11, "titleFontSize": 11}},
    }
    if validate:
        TopLevelVConcatSpec.validate(spec)
    return spec


def _svg_with_title(svg: str, definition: dict, summary: str) -> str:
    """Give the SVG an accessible name and description for use outside the page."""
    head_end = svg.index(">") + 1
    extra = (f'<title>{html.escape(definition["title"])}</title>'
             f"<desc>{html.escape(summary)}</desc>")
    opening = svg[:head_end].replace("<svg ", '<svg role="img" ', 1)
    return opening + extra + svg[head_end:]


def prepare(definition: dict, package: str, tables) -> tuple[pd.DataFrame, str]:
    """The rows a chart draws (aggregated by its kind) and its source line: all it needs from the tables."""
    data = KINDS[definition["kind"]].frame(definition, tables, package)
    return data, source_line(tables, data, package)


INDICATIVE_NOTE = "Intervals drawn from an inferred or approximate sample size are indicative."


def with_honest_subtitle(definition: dict, data: pd.DataFrame) -> dict:
    """The definition, its subtitle saying so when any interval drawn comes from an inferred or approximate n."""
    bases = data["interval_basis"].dropna().astype(str) if "interval_basis" in data else pd.Series(dtype=str)
    if not bases.str.startswith("indicative").any() or INDICATIVE_NOTE in definition["subtitle"]:
        return definition
    return {**definition, "subtitle": f"{definition['subtitle'].rstrip('.')}. {INDICATIVE_NOTE}"}


def svg_size(svg: str) -> tuple[int, int]:
    """A drawing's width and height in pixels, from its opening tag."""
    head = svg[: svg.index(">")]
    return int(re.search(r'width="(\d+)', head).group(1)), int(re.search(r'height="(\d+)', head).group(1))


# Altair checks a spec against the Vega-Lite schema in a tenth of a second or more; a kind builds every chart's spec the
# same way, so its first chart in each process is checked and the rest are trusted.
VALIDATED_KINDS: set[str] = set()
CLIP_ID = re.compile(r"\bclip(\d+)\b")


def _render(spec: dict) -> str:
    """The spec drawn as SVG; clip-path ids (numbered by the renderer across every chart a process draws) are numbered
    afresh within the drawing, so a chart's bytes never depend on which process drew it or in what order."""
    vl_convert = chart_font.converter()

    svg = vl_convert.vegalite_to_svg(json.dumps(spec, sort_keys=True))
    numbers = {}
    return CLIP_ID.sub(lambda match: f"clip{numbers.setdefault(match.group(1), len(numbers) + 1)}", svg)


def draw(definition: dict, package: str, data: pd.DataFrame, footer: str) -> RenderedChart:
    """Draw one chart from its prepared rows into the forms pages describe (runs in a worker process): a wide and a
    narrow drawing, each carrying its dark colours, and a PNG of the wide one. The link preview is drawn later
    (add_previews), while pages are written: no page needs its bytes."""
    vl_convert = chart_font.converter()

    kind = KINDS[definition["kind"]]
    summary = kind.summary(definition, data)
    drawn = without_nan(finished_spec(kind.draw(definition, data), definition, footer, definition["kind"] not in VALIDATED_KINDS))
    VALIDATED_KINDS.add(definition["kind"])
    check_embedded_rows(definition, drawn, data)
    spec = layout.uncut(drawn)
    plain_svg = _render(spec)
    _, narrow_plain = layout.fit_narrow(drawn, _render, lambda svg: svg_size(svg)[0], f"chart {definition['id']!r}")
    svg = dark.with_dark_style(_svg_with_title(plain_svg, definition, summary))
    narrow_svg = dark.with_dark_style(_svg_with_title(narrow_plain, definition, summary))
    png = vl_convert.svg_to_png(plain_svg, scale=2)  # the same pixels as vegalite_to_png, without running Vega twice
    return RenderedChart(definition, package, data, spec, svg, narrow_svg, png, summary, footer)


WARM_UP = f"{__name__}.warm_up"


def warm_up() -> None:
    """Import the drawing libraries and start the renderer once, so a worker process draws its first chart at speed."""
    import altair as alt
    vl_convert = chart_font.converter()

    vl_convert.vegalite_to_svg(json.dumps(alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x="x:Q").to_dict()))


def render_all(packages: list, tables, store, alongside: Callable[[], object],
               workers=None) -> tuple[list[RenderedChart], object]:
    """Every package's charts, in order, and alongside()'s result.

    A chart is redrawn only when its definition, the rows it draws or the code changed; those to redraw are drawn
    in worker processes (workers, a parallel.Workers, or new ones) while alongside() runs here. A chart just drawn
    has no preview yet: add_previews draws them and stores the charts."""
    from pipeline import cache, parallel

    wanted, missing = [], []
    for package in packages:
        for definition in package.charts:
            data, footer = prepare(definition, package.name, tables)
            definition = with_honest_subtitle(definition, data)
            key = cache.digest(store.code, package.name, json.dumps(definition, sort_keys=True),
                               data.to_csv(index=False), footer)
            found, chart = store.get("chart", definition["id"], key)
            wanted.append((key, chart if found else None))
            if not found:
                missing.append((definition, package.name, data, footer))
    own_workers = workers is None
    workers = workers or parallel.Workers(min(parallel.worker_count(), len(missing)), WARM_UP)
    if missing:
        log.info(f"drawing {len(missing)} chart(s) in {workers.count} process(es); {len(wanted) - len(missing)} unchanged")
    try:
        drawn, other = workers.run_alongside(draw, missing, alongside)
        fresh = iter(drawn)
        charts = []
        for key, chart in wanted:
            if chart is None:
                chart = next(fresh)
                log.info(f"{chart.package}: chart {chart.id} drawn")
                chart.cache_key = key
            charts.append(chart)
    finally:
        if own_workers:
            workers.stop()
    return charts, other


def add_previews(charts: list[RenderedChart], store, workers, alongside: Callable[[], object]) -> object:
    """Draw the link preview of each chart render_all just drew, in the workers while alongside() runs here, then
    store those charts; return alongside()'s result."""
    fresh = [chart for chart in charts if chart.preview is None]
    drawn, other = workers.run_alongside(chart_previews.draw, [(chart.spec, chart.definition["title"], chart.source_line)
                                                               for chart in fresh], alongside)
    for chart, preview in zip(fresh, drawn, strict=True):
        chart.preview = preview
        store.put("chart", chart.id, chart.cache_key, chart)
    return other


def embedded_rows(spec: dict) -> int:
    """Rows of data written into a Vega-Lite spec, in its datasets and in any inline values."""
    count = sum(len(rows) for rows in spec.get("datasets", {}).values())
    stack = [spec]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            values = node.get("data", {}).get("values") if isinstance(node.get("data"), dict) else None
            count += len(values) if isinstance(values, list) else 0
            stack += [value for key, value in node.items() if key != "datasets"]
        elif isinstance(node, list):
            stack += node
    return count


def check_embedded_rows(definition: dict, spec: dict, data: pd.DataFrame) -> None:
    """A chart embeds exactly the rows it draws plus its source note: big tables must be aggregated first."""
    expected = len(data) + FOOTER_ROWS
    if embedded_rows(spec) != expected:
        raise ValueError(f"chart {definition['id']!r} embeds {embedded_rows(spec)} data rows but draws {expected}; "
                         "aggregate the table in the chart kind's frame() before drawing")


def write_preview(chart: RenderedChart, folder: Path) -> None:
    (folder / f"{chart.id}{chart_previews.SUFFIX}").write_bytes(chart.preview)


def write(chart: RenderedChart, folder: Path) -> None:
    """Write the wide and narrow SVG, the PNG, Vega-Lite spec and CSV of the data drawn (write_preview the preview)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{chart.id}.svg").write_text(chart.svg, encoding="utf-8")
    (folder / f"{chart.id}.narrow.svg").write_text(chart.narrow_svg, encoding="utf-8")
    (folder / f"{chart.id}.png").write_bytes(chart.png)
    (folder / f"{chart.id}.vl.json").write_text(json.dumps(chart.spec, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    # formula-safe in case the data ever holds such text; CRLF line ends make the writer quote a CR inside a cell
    safe_frame(chart.data).to_csv(folder / f"{chart.id}.csv", index=False, lineterminator="\r\n")
