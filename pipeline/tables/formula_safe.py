"""Frames fit for a spreadsheet: text that one would run as a formula is neutralised; numbers stay numbers."""

import pandas as pd

from pipeline.escape import spreadsheet_cell


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with every text column neutralised; numeric and boolean columns untouched."""
    safe = frame.copy()
    for column in safe.columns:
        if not (pd.api.types.is_numeric_dtype(safe[column]) or pd.api.types.is_bool_dtype(safe[column])):
            safe[column] = safe[column].map(spreadsheet_cell, na_action="ignore")
    return safe
