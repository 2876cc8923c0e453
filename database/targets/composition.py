"""INSEE's composition of the EPCI ("Composition communale des EPCI", sheet
`Composition_communale` of `Intercommunalite-Metropole au 01-01-YYYY.xlsx`): one line per
commune, its EPCI à fiscalité propre by SIREN. Read from the workbook or from a CSV export of
the sheet (`;` or `,`), whose title lines before the header are skipped as INSEE writes them."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from database.targets.records import SIREN, TargetError, TargetRecord, check_code, clean_name

COMPOSITION_COLUMNS = frozenset({"CODGEO", "EPCI"})  # with LIBGEO, LIBEPCI, DEP, REG
SHEET = "Composition_communale"
SOURCE = "insee-epci"
# INSEE's EPCI code of a commune that belongs to none (a few islands: Île-d'Yeu, Ouessant...).
NO_EPCI = "ZZZZZZZZZ"
# INSEE's sheet has a title, its source, its geography, a blank line and the columns' labels
# above the header of codes; a few more are allowed, never a whole file's worth.
MAX_TITLE_LINES = 12
# Numbers a spreadsheet made of codes: their leading zeros are given back.
CODE_WIDTHS = {"CODGEO": 5, "EPCI": 9}


def is_composition(columns: list[str] | set[str]) -> bool:
    return set(columns) >= COMPOSITION_COLUMNS


def _fields(line: str) -> set[str]:
    return {field.strip().strip('"').strip() for field in re.split(r"[;,\t]", line)}


def lines_before_header(text: str) -> int:
    """How many title lines come before the header of a CSV export of INSEE's sheet; 0 for a
    file whose first line is its header (every other format)."""
    head = text.split("\n", MAX_TITLE_LINES + 1)[: MAX_TITLE_LINES + 1]
    for number, line in enumerate(head):
        if is_composition(_fields(line)):
            return number
    return 0


def composition_row(row: dict[str, str]) -> TargetRecord:
    """One commune and its EPCI: the SIREN, or None for INSEE's ZZZZZZZZZ (no EPCI)."""
    code = (row.get("CODGEO") or "").strip()
    problem = check_code("commune", code)
    if problem:
        raise ValueError(f"CODGEO: {problem}")
    epci = (row.get("EPCI") or "").strip().upper()
    if epci != NO_EPCI and not SIREN.match(epci):
        raise ValueError(
            f"EPCI {epci[:20]!r} is neither a 9-digit SIREN nor {NO_EPCI} (no EPCI)"
            if epci
            else f"EPCI is empty: give the SIREN of the commune's EPCI, or {NO_EPCI} for none"
        )
    return TargetRecord(
        kind="commune",
        code=code,
        source=SOURCE,
        name=clean_name(row.get("LIBGEO")),
        gives_epci=True,
        epci_code=None if epci == NO_EPCI else epci,
    )


def _cell_text(value: Any, column: str) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and column in CODE_WIDTHS:
        return str(value).zfill(CODE_WIDTHS[column])
    return "" if value is None else str(value)


def _open_sheet(path: Path) -> tuple[Any, Any] | TargetError:
    """(workbook, sheet) of INSEE's composition, or the one error that says why not."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        return TargetError(str(path), "file", f"not a readable .xlsx workbook ({error})")
    if SHEET not in workbook.sheetnames:
        sheets = ", ".join(workbook.sheetnames[:10])
        workbook.close()
        return TargetError(
            str(path),
            "file",
            f"no sheet {SHEET} (its sheets: {sheets}): give INSEE's file "
            "Intercommunalite-Metropole au 01-01-YYYY.xlsx, or a CSV of that sheet",
        )
    return workbook, workbook[SHEET]


def _rows(path: Path, sheet: Any) -> Iterator[tuple[str, TargetRecord | TargetError]]:
    columns: list[str] | None = None
    for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
        texts = [_cell_text(value, "").strip() for value in cells]
        if columns is None:
            if is_composition(texts):
                columns = texts
            elif number > MAX_TITLE_LINES:
                break
            continue
        if not any(texts):
            continue
        # A row longer than the header has empty cells beyond it (Excel's used range).
        row = {name: _cell_text(value, name) for name, value in zip(columns, cells, strict=False)}
        where = f"row {number}"
        try:
            yield where, composition_row(row)
        except ValueError as error:
            yield where, TargetError(str(path), where, str(error))
    if columns is None:
        yield (
            "file",
            TargetError(str(path), "file", f"sheet {SHEET} has no header row with CODGEO and EPCI"),
        )


def read_xlsx(path: Path) -> Iterator[tuple[str, TargetRecord | TargetError]]:
    """Every row's record or error (where: "row N", the sheet's row) of INSEE's workbook."""
    opened = _open_sheet(path)
    if isinstance(opened, TargetError):
        yield "file", opened
        return
    workbook, sheet = opened
    try:
        yield from _rows(path, sheet)
    # A workbook damaged inside (a truncated zip, broken XML) fails only once read.
    except (zipfile.BadZipFile, KeyError, OSError, SyntaxError, ValueError) as error:
        yield "file", TargetError(str(path), "file", f"unreadable .xlsx workbook ({error})")
    finally:
        workbook.close()
