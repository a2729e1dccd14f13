"""Spreadsheet-safe exports: text that a spreadsheet would run as a formula is neutralised; numbers stay numbers."""

import re
import zipfile
from pathlib import Path

import pandas as pd

from pipeline import identity
from pipeline.escape import spreadsheet_cell
from pipeline.publish import zipfiles
from pipeline.tables.formula_safe import safe_frame

XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
SHEET_NAME_LIMIT = 31


def write_csv(frame: pd.DataFrame, target: Path) -> Path:
    """A spreadsheet-safe CSV in UTF-8."""
    target.parent.mkdir(parents=True, exist_ok=True)
    # CRLF line ends (RFC 4180) also make the writer quote any carriage return inside a cell.
    safe_frame(frame).to_csv(target, index=False, lineterminator="\r\n", encoding="utf-8")
    return target


def _cell(value):
    """A value as openpyxl should store it: numbers as numbers, missing as empty, text neutralised."""
    if value is None or (not isinstance(value, str) and pd.api.types.is_scalar(value) and pd.isna(value)):
        return None
    if isinstance(value, bool):
        return value
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()
    if isinstance(value, int | float):
        return value
    return spreadsheet_cell(XLSX_ILLEGAL.sub("\ufffd", str(value)))


def write_xlsx(sheets: list[tuple[str, pd.DataFrame]], about: list[tuple[str, str]], target: Path, date: str) -> Path:
    """An XLSX with an About sheet then one sheet per table; file dates come from `date`, never the clock."""
    from datetime import datetime

    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.writer.excel import ExcelWriter

    book = Workbook()
    first = book.active
    first.title = "About"
    for label, text in about:
        first.append([_cell(label), _cell(text)])
        first.cell(row=first.max_row, column=1).font = Font(bold=True)
    first.column_dimensions["A"].width = 22
    first.column_dimensions["B"].width = 100
    for title, frame in sheets:
        sheet = book.create_sheet(title[:SHEET_NAME_LIMIT])
        if sheet.title != title[:SHEET_NAME_LIMIT]:
            raise ValueError(f"two sheets would be named {title[:SHEET_NAME_LIMIT]!r}")
        sheet.append([str(column) for column in frame.columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in frame.itertuples(index=False):
            sheet.append([_cell(value) for value in row])
        sheet.freeze_panes = "A2"
    stamp = datetime.fromisoformat(date[:10])
    book.properties.created = stamp
    book.properties.modified = stamp
    book.properties.creator = identity.site().name
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).save()  # not Workbook.save, which stamps the clock's time as "modified"
    return zipfiles.restamp(target, date)
