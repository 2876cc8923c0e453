"""Excel files written from data frames, where no cell is ever a formula.

openpyxl takes any text that begins with "=" for a formula, and pandas hands it every cell
as text: a value from a crawled page such as `=HYPERLINK("http://…", "Cliquez")` would run
in the reader's Excel. Vigie writes no formula, so every formula cell is turned back into
the text it was. Control characters, which a page may carry and a worksheet refuses (the
whole file would fail), are dropped.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE


def _printable(value: object) -> object:
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def write_sheets(out: Path, sheets: dict[str, tuple[pd.DataFrame, bool]]) -> Path:
    """Sheet name -> (frame, whether its index is written)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with pd.ExcelWriter(out, engine="openpyxl") as writer:
        for name, (frame, index) in sheets.items():
            text_columns = frame.select_dtypes(include=["object", "string"]).columns
            cleaned = frame.assign(**{c: frame[c].map(_printable) for c in text_columns})
            cleaned.to_excel(writer, sheet_name=name, index=index)
        for sheet in writer.book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    if cell.data_type == "f":
                        cell.data_type = "s"
    return out
