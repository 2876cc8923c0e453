"""Excel files written from data frames, where no cell is ever a formula.

openpyxl takes any text that begins with "=" for a formula, and pandas hands it every cell
as text: a value from a crawled page such as `=HYPERLINK("http://…", "Cliquez")` would run
in the reader's Excel. Vigie writes no formula, so every formula cell is turned back into
the text it was. Control characters, which a page may carry and a worksheet refuses (the
whole file would fail), are dropped. Dates read as dates (day/month/year), and a sheet may
give its columns number formats; columns are widened to their contents.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pandas as pd
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

# Header -> Excel number format ("0 %", "0.0"), for one sheet.
SheetFormat = dict[str, str]
DATE = "DD/MM/YYYY"
MAX_WIDTH = 60
WRAPPED = Alignment(wrap_text=True, vertical="top")


def _printable(value: object) -> object:
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def write_sheets(
    out: Path,
    sheets: dict[str, tuple[pd.DataFrame, bool]],
    formats: dict[str, SheetFormat] | None = None,
) -> Path:
    """Sheet name -> (frame, whether its index is written); `formats`: sheet name -> its
    columns' number formats."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with pd.ExcelWriter(out, engine="openpyxl") as writer:
        for name, (frame, index) in sheets.items():
            text_columns = frame.select_dtypes(include=["object", "string"]).columns
            cleaned = frame.assign(**{c: frame[c].map(_printable) for c in text_columns})
            cleaned.to_excel(writer, sheet_name=name, index=index)
        for sheet in writer.book.worksheets:
            _finish(sheet, (formats or {}).get(sheet.title, {}))
    return out


def _finish(sheet: Worksheet, formats: SheetFormat) -> None:
    """No formula, dates as dates, the columns' formats, widths to fit, header frozen."""
    headers = [cell.value for cell in sheet[1]]
    widths = [len(str(header or "")) for header in headers]
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"
            header = headers[cell.column - 1]
            if isinstance(cell.value, date | datetime):
                cell.number_format = DATE
            elif header in formats and isinstance(cell.value, int | float):
                cell.number_format = formats[header]
            elif isinstance(cell.value, str) and len(cell.value) > MAX_WIDTH:
                cell.alignment = WRAPPED
            widths[cell.column - 1] = max(widths[cell.column - 1], len(str(cell.value or "")))
    for cell in sheet[1]:
        if cell.data_type == "f":
            cell.data_type = "s"
    for number, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = min(width + 2, MAX_WIDTH)
    sheet.freeze_panes = "A2"
