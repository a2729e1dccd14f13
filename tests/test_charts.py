"""Every chart definition: drawn, with a text summary, a data table, its files, and no more rows than it draws."""

import json
import re

import pytest
from conftest import package_folders

from pipeline import paths

CHARTS = [(folder.name, chart) for folder in package_folders() if (folder / paths.CHARTS_NAME).exists()
          for chart in json.loads((folder / paths.CHARTS_NAME).read_text(encoding="utf-8"))]
IDS = [chart["id"] for _, chart in CHARTS]


@pytest.mark.parametrize(("package", "chart"), CHARTS, ids=IDS)
def test_chart_files_exist_and_svg_is_labelled(built_site, package, chart):
    folder = built_site / "charts"
    for suffix in (".svg", ".png", ".csv", ".vl.json", ".html"):
        assert (folder / f"{chart['id']}{suffix}").stat().st_size > 0
    svg = (folder / f"{chart['id']}.svg").read_text(encoding="utf-8")
    assert svg.startswith('<svg role="img"') and "<title>" in svg and "<desc>" in svg


@pytest.mark.parametrize(("package", "chart"), CHARTS, ids=IDS)
def test_chart_is_on_its_package_page_with_summary_and_table(built_site, package, chart):
    page = (built_site / "packages" / f"{package}.html").read_text(encoding="utf-8")
    block = re.search(rf'<figure class="chart" id="chart-{re.escape(chart["id"])}">(.*?)</table>', page, re.S)
    assert block, f"chart {chart['id']} is not on {package}.html"
    summary = re.search(r'class="chart-summary"[^>]*>(.*?)</p>', block.group(1), re.S).group(1)
    assert len(summary) > 60
    assert "<td>" in block.group(1)


@pytest.mark.parametrize(("package", "chart"), CHARTS, ids=IDS)
def test_spec_embeds_exactly_the_rows_drawn(built_site, package, chart):
    spec = json.loads((built_site / "charts" / f"{chart['id']}.vl.json").read_text(encoding="utf-8"))
    csv_rows = (built_site / "charts" / f"{chart['id']}.csv").read_text(encoding="utf-8").strip().count("\n")
    datasets = spec.get("datasets", {})
    largest = max(len(rows) for rows in datasets.values())
    assert largest == csv_rows


BROKEN_SERIES = [chart for _, chart in CHARTS if chart["kind"] == "time-series" and chart.get("breaks")]


@pytest.mark.parametrize("chart", BROKEN_SERIES, ids=[chart["id"] for chart in BROKEN_SERIES])
def test_time_series_lines_never_cross_a_series_break(built_site, chart):
    spec = json.loads((built_site / "charts" / f"{chart['id']}.vl.json").read_text(encoding="utf-8"))
    rows = max(spec["datasets"].values(), key=len)
    breaks = sorted(row["date"] for row in rows if row["row_kind"] == "break")
    assert breaks, chart["id"]
    for line in {row["line"] for row in rows if row["row_kind"] == "value"}:
        dates = [row["date"] for row in rows if row.get("line") == line]
        regimes = {sum(day >= cut for cut in breaks) for day in dates}
        assert len(regimes) == 1, f"{chart['id']}: {line} crosses a break"


def written_percentages(spec: dict) -> list[str]:
    """Every percentage the chart writes with its text marks (each mark's own rows, as its filters pick them) that the
    pipeline formatted: a figure's published wording ("two-thirds", "40.6 per cent") is quoted as printed, so it is
    taken out of the label first."""
    from pipeline.charts.layout import field_values, nodes

    wordings = sorted(set(field_values(spec, "wording")), key=len, reverse=True)
    found = []
    for part in nodes(spec):
        mark, text = part.get("mark"), part.get("encoding", {}).get("text")
        if (mark == "text" or (isinstance(mark, dict) and mark.get("type") == "text")) and isinstance(text, dict) and "field" in text:
            for label in field_values(spec, text["field"], part):
                for wording in wordings:
                    label = label.replace(wording, "")
                found += re.findall(r"\d+(?:\.\d+)?%", label)
    return found


@pytest.mark.parametrize(("package", "chart"), CHARTS, ids=IDS)
def test_one_chart_writes_its_percentages_at_one_precision(built_site, package, chart):
    """No chart labels one bar "2%" and the next "1.4%" (formatting.percents_at_one_precision)."""
    spec = json.loads((built_site / "charts" / f"{chart['id']}.vl.json").read_text(encoding="utf-8"))
    written = written_percentages(spec)
    decimals = {len(text.rstrip("%").partition(".")[2]) for text in written}
    assert len(decimals) <= 1, sorted(set(written))


def test_one_precision_is_one_decimal_when_any_share_needs_it_and_never_hides_a_small_share():
    from pipeline.tables.formatting import percents_at_one_precision

    assert percents_at_one_precision([0.2, 0.5, 1.0]) == ["20%", "50%", "100%"]
    assert percents_at_one_precision([0.12, 0.123, 0.02]) == ["12.0%", "12.3%", "2.0%"]
    assert percents_at_one_precision([0.1967, 0.0035, 0.00011, 0, None]) == ["19.7%", "0.4%", "<0.1%", "0.0%", "n/a"]
