"""What every chart kind shares: colours, study names, figure rows and checks on references."""

import pandas as pd

from pipeline.charts.chart_font import FAMILY
from pipeline.tables import formatting
from pipeline.validation.checks import ChartContext

# Each colour has at least 4.5:1 contrast against white; shapes, panels and labels carry the same distinction.
PALETTE = ["#1b5e8c", "#a63d17", "#2e6b30", "#6a3d9a", "#7a5c00", "#8c1b5e", "#00607a", "#5c5c5c"]
SHAPES = ["circle", "square", "triangle-up", "diamond", "cross", "triangle-down", "triangle-left", "triangle-right"]
# Drawn in the chart font (DejaVu Sans cut down); a reader's browser, which lacks it, takes the next it has.
FONT = f"{FAMILY}, DejaVu Sans, Verdana, Arial, sans-serif"
FIGURE_TABLE = [("study", "Study"), ("label", "Figure"), ("wording", "Published wording"), ("value_text", "Value"),
                ("interval_text", "95% interval"), ("base_text", "Base"), ("source_kind", "Kind of source")]
PANEL_HEADER = {"labelAngle": 0, "labelAlign": "left", "labelAnchor": "start", "labelOrient": "top",
                "labelFontWeight": "bold", "labelFontSize": 12, "labelLimit": 0}


def check_refs(refs: list, known: set[str], key: str) -> list[str]:
    """Messages for a list of figure references that is empty or names unknown figures."""
    if not isinstance(refs, list) or not refs or not all(isinstance(ref, str) for ref in refs):
        return [f"{key!r} has the wrong shape: it must be a non-empty list of figure references"]
    return [f"{key}: unknown figure {ref!r}" for ref in refs if ref not in known]


def check_resource(chart: dict, context: ChartContext, columns: list[str]) -> list[str]:
    """Messages for a chart drawn from a table: the resource and every column it names must exist."""
    resource = chart.get("resource")
    if resource not in context.resources:
        return [f"unknown resource {resource!r} in this package"]
    fields = context.resources[resource]
    named = [chart.get(key) for key in columns if chart.get(key)] + list((chart.get("filter") or {}).keys())
    problems = [f"resource {resource!r} has no field {name!r}" for name in named if name not in fields]
    breaks = chart.get("breaks")
    if breaks and breaks not in context.resources:
        problems.append(f"unknown breaks resource {breaks!r} in this package")
    return problems


def apply_filter(frame: pd.DataFrame, conditions: dict | None) -> pd.DataFrame:
    """Rows whose columns equal the given value, or one of the given list of values."""
    for column, wanted in (conditions or {}).items():
        values = wanted if isinstance(wanted, list) else [wanted]
        frame = frame[frame[column].astype(str).isin([str(value) for value in values])]
    return frame


def figure_row(tables, ref: str) -> dict:
    """The columns a chart draws and tables for one figure."""
    figure = tables.figure(ref)
    package = tables.package(figure["package"])
    low = None if pd.isna(figure["ci_low"]) else float(figure["ci_low"])
    high = None if pd.isna(figure["ci_high"]) else float(figure["ci_high"])
    if pd.isna(figure["proportion"]) and pd.isna(figure["count"]):
        raise ValueError(f"{ref} is a change; charts draw proportions and counts")
    value = float(figure["proportion"]) if not pd.isna(figure["proportion"]) else float(figure["count"])
    is_count = pd.isna(figure["proportion"])
    return {
        "study": package.descriptor.get("title", package.name),
        "figure": ref,
        "label": figure["label"],
        "proportion": None if is_count else value,
        "count": int(value) if is_count else None,
        "wording": figure["wording"],
        "qualifier": figure["qualifier"],
        "value_text": figure["value_text"],
        "ci_low": low,
        "ci_high": high,
        "interval_text": figure["interval_text"],
        "interval_basis": figure.get("interval_basis"),
        "source_kind": figure["source_kind"],
        "mark_label": f"{figure['wording']} [{figure['source_kind']}]",
        "label_at": max(value, high or 0),
        "base": figure["base"],
        "base_text": f"{figure['base']} ({figure['n_text']})",
        "flags": None if pd.isna(figure["flags"]) else figure["flags"],
        "where_when": f"{figure['geography']}, {figure['period']}",
    }


def row_labels(data: pd.DataFrame, panel: str) -> pd.Series:
    """The figure's label, or where and when it applies when several figures in a panel share a label."""
    shared = data.duplicated([panel, "label"], keep=False)
    return data["label"].where(~shared, data["where_when"])


def figure_sentence(row: dict) -> str:
    """One figure in words for a text summary, with its kind of source."""
    if row.get("proportion") is None:
        return f"{row['label']}: {row['wording']} ({row['base']}; {row['source_kind']})"
    return (f"{row['label']}: {row['wording']} ({formatting.qualified_percent(row['proportion'], row['qualifier'])}"
            f" of {row['base']}; 95% interval: {row['interval_text']}; {row['source_kind']})")


def colour_scales(names: list[str]):
    """Colour and shape scales keyed on names, in the order given."""
    import altair as alt

    colours = [PALETTE[index % len(PALETTE)] for index in range(len(names))]
    shapes = [SHAPES[index % len(SHAPES)] for index in range(len(names))]
    return alt.Scale(domain=names, range=colours), alt.Scale(domain=names, range=shapes)


def panels(layer, field_name: str, order: list[str], independent: tuple[str, ...] = ("y",)):
    """One panel per value of a field, headed by the value, each with its own scales on the axes named."""
    import altair as alt

    return layer.facet(row=alt.Row(f"{field_name}:N", sort=order, title=None, header=alt.Header(**PANEL_HEADER))
                       ).resolve_scale(**{axis: "independent" for axis in independent})


def summary_by(data: pd.DataFrame, panel: str, describe) -> str:
    """A text summary: for each panel (study, chain), its name and each of its rows described in words."""
    return " ".join(f"{name}: " + "; ".join(describe(row) for row in rows.to_dict("records")) + "."
                    for name, rows in data.groupby(panel, sort=False))


def wording_labels(base):
    """The published wording and the kind of source, written just right of each mark (or of its interval, when wider)."""
    return base.mark_text(align="left", baseline="middle", dx=6, fontSize=11, color="#222").encode(
        x="label_at:Q", text="mark_label:N")
