"""Load validated resources into pandas with the types their table schemas declare."""

import pandas as pd

from pipeline.validation.packages import Package

TRUE_VALUES = {"true", "True", "TRUE", "1", "yes"}


def load_resource(package: Package, resource: dict) -> pd.DataFrame:
    """A resource as a DataFrame: numbers as numbers, booleans as booleans, empty text as missing."""
    frame = pd.read_csv(
        package.folder / resource["path"], dtype=str, keep_default_na=False, encoding="utf-8-sig"
    )
    for field in resource.get("schema", {}).get("fields", []):
        name, kind = field["name"], field.get("type", "string")
        if name not in frame:
            continue
        column = frame[name].str.strip()
        if kind == "integer":
            frame[name] = pd.to_numeric(column.replace("", None)).astype("Int64")
        elif kind == "number":
            frame[name] = pd.to_numeric(column.replace("", None)).astype("Float64")
        elif kind == "boolean":
            frame[name] = column.isin(TRUE_VALUES)
        else:
            frame[name] = column.replace("", None)
    return frame


def category_labels(resource: dict, field_name: str) -> dict[str, str]:
    """Labels of a field's categories (value to label), from its table schema."""
    for field in resource.get("schema", {}).get("fields", []):
        if field["name"] == field_name:
            labels = {}
            for category in field.get("categories", []):
                if isinstance(category, dict):
                    labels[str(category["value"])] = str(category.get("label", category["value"]))
                else:
                    labels[str(category)] = str(category)
            return labels
    return {}
