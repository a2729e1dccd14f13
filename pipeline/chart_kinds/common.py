"""What every chart kind shares: colours, study names and checks on figure references."""

import pandas as pd

from .. import text

# Each colour has at least 4.5:1 contrast against white; shapes carry the same distinction.
PALETTE = ["#1b5e8c", "#a63d17", "#2e6b30", "#6a3d9a", "#7a5c00", "#8c1b5e"]
SHAPES = ["circle", "square", "triangle-up", "diamond", "cross", "triangle-down"]
FONT = "DejaVu Sans, Verdana, Arial, sans-serif"


def check_refs(refs: list, known: set[str], key: str) -> list[str]:
    """Messages for a list of figure references that is empty or names unknown figures."""
    if not isinstance(refs, list) or not refs:
        return [f"{key!r} must be a non-empty list of figure references"]
    return [f"{key}: unknown figure {ref!r}" for ref in refs if ref not in known]


def figure_row(tables, ref: str) -> dict:
    """The columns a chart draws or tables for one figure."""
    figure = tables.figure(ref)
    package = tables.package(figure["package"])
    return {
        "study": package.descriptor.get("title", package.name),
        "figure": ref,
        "label": figure["label"],
        "proportion": float(figure["proportion"]),
        "percent": text.percent(figure["proportion"]),
        "wording": figure["wording"],
        "qualifier": figure["qualifier"],
        "ci_low": None if pd.isna(figure["ci_low"]) else float(figure["ci_low"]),
        "ci_high": None if pd.isna(figure["ci_high"]) else float(figure["ci_high"]),
        "label_at": max(float(figure["proportion"]), 0 if pd.isna(figure["ci_high"]) else float(figure["ci_high"])),
        "base": figure["base"],
        "base_n": text.base_n(figure["base_n"], figure["base_n_status"]),
        "source": f"{figure['source_publisher']}, {figure['source_published']}",
    }


def figure_sentence(row: dict) -> str:
    """One figure in words for a text summary."""
    spread = text.interval(row["ci_low"], row["ci_high"])
    interval = f"95% interval {spread}" if spread else "no interval, as the sample size is not known"
    return (f"{row['label']}: {row['wording']} ({text.qualified_percent(row['proportion'], row['qualifier'])}"
            f" of {row['base']}; {interval})")


def colour_scales(studies: list[str]):
    """Colour and shape scales keyed on study, in the order given."""
    import altair as alt

    colour = alt.Scale(domain=studies, range=PALETTE[: len(studies)])
    shape = alt.Scale(domain=studies, range=SHAPES[: len(studies)])
    return colour, shape
