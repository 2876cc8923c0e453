"""The coding workbook of a validation by hand (docs/validation.md): written from a sample
(`vigie validate sample`), read back once the coders have filled it (`vigie validate score`).

Sheets: "consignes" (the coders' instructions, in French), "codage" (one row per statement
of Vigie's, a column per coder) and "echantillon" (what was drawn: run, seed, features)."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from evaluation.validation_guidance import instructions
from evaluation.validation_sample import Sample
from reports.labels import feature_label
from reports.spreadsheet import write_sheets

FORMAT = "vigie-validation-1"
CODING, INSTRUCTIONS, ABOUT = "codage", "consignes", "echantillon"
LINE, CODE, KIND, NAME, STRATUM, SITE = "ligne", "code", "type", "collectivité", "strate", "site"
GROUP, FEATURE, LABEL, VALUE = "contrôle", "constat", "libellé", "valeur Vigie"
EVIDENCE, SNIPPET = "page de preuve", "extrait"
CODER_A, CODER_B, ADJUDICATION, REMARKS = "codeur A", "codeur B", "arbitrage", "remarques"
COLUMNS = (LINE, CODE, KIND, NAME, STRATUM, SITE, GROUP, FEATURE, LABEL, VALUE, EVIDENCE,
           SNIPPET, CODER_A, CODER_B, ADJUDICATION, REMARKS)  # fmt: skip
KEY = (LINE, CODE, KIND, GROUP, FEATURE, VALUE)  # what identifies a row, in every copy
CODERS = (CODER_A, CODER_B)
NOTHING_FOUND = "(rien trouvé)"
YES, NO, CANNOT_TELL = "oui", "non", "?"
CODES = (YES, NO, CANNOT_TELL)
RUN, SEED, SITES, FEATURES, DRAWN = "campagne", "graine", "sites", "constats contrôlés", "tiré le"
ROWS = "lignes"


class WorkbookError(ValueError):
    """A workbook that cannot be scored: one line naming the file and what is wrong."""


def write_workbook(sample: Sample, out: Path, now: datetime | None = None) -> Path:
    """The coding workbook of the sample, with a drop-down of the codes in the coders' and
    the adjudication's columns."""
    rows = [
        {
            LINE: row.line,
            CODE: row.site.code,
            KIND: row.site.kind,
            NAME: row.site.name,
            STRATUM: row.site.stratum,
            SITE: row.site.url,
            GROUP: row.group,
            FEATURE: row.feature,
            LABEL: feature_label(row.feature),
            VALUE: NOTHING_FOUND if row.value is None else row.value,
            EVIDENCE: row.evidence_url,
            SNIPPET: row.snippet,
            **dict.fromkeys((CODER_A, CODER_B, ADJUDICATION, REMARKS), ""),
        }
        for row in sample.rows
    ]
    about = [
        ("format", FORMAT),
        (RUN, sample.run_id),
        (SEED, sample.seed),
        (SITES, len(sample.sites)),
        (ROWS, len(sample.rows)),
        (FEATURES, " ".join(sample.groups)),
        (DRAWN, (now or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M UTC")),
    ]
    write_sheets(
        out,
        {
            INSTRUCTIONS: (pd.DataFrame({"consignes": instructions(sample.groups)}), False),
            CODING: (pd.DataFrame(rows, columns=list(COLUMNS)), False),
            ABOUT: (pd.DataFrame(about, columns=["clé", "valeur"]), False),
        },
    )
    _add_code_lists(out, len(rows))
    return out


def _add_code_lists(out: Path, rows: int) -> None:
    """A list of the codes in each coding column: a typo is caught as it is typed."""
    book = load_workbook(out)
    sheet = book[CODING]
    listed = DataValidation(type="list", formula1=f'"{",".join(CODES)}"', allow_blank=True)
    listed.error = "Répondre oui, non ou ? (voir les consignes)."
    listed.showErrorMessage = True
    sheet.add_data_validation(listed)
    for column in (CODER_A, CODER_B, ADJUDICATION):
        letter = get_column_letter(COLUMNS.index(column) + 1)
        listed.add(f"{letter}2:{letter}{max(rows, 1) + 1}")
    book.save(out)


@dataclass(frozen=True)
class WorkbookRows:
    """One filled workbook as read: what was drawn, each row's key, and each coding column's
    codes by row ("" where the cell is empty)."""

    path: Path
    about: dict[str, str]
    keys: list[tuple[str, ...]]
    codes: dict[str, list[str]]  # CODER_A, CODER_B, ADJUDICATION -> one code a row

    @property
    def run_id(self) -> int:
        return int(self.about[RUN])

    def filled(self, column: str) -> bool:
        """Whether the column holds codes: all of its rows (else WorkbookError), or none."""
        blank = [
            key[0] for key, code in zip(self.keys, self.codes[column], strict=True) if not code
        ]
        if not blank or column == ADJUDICATION:
            return len(blank) < len(self.keys)
        if len(blank) == len(self.keys):
            return False
        raise WorkbookError(
            f"{self.path}: « {column} » leaves {len(blank)} of {len(self.keys)} rows empty"
            f" (first: ligne {blank[0]}); code every row, ? where it cannot be told"
        )


def read_workbook(path: Path) -> WorkbookRows:
    """A filled coding workbook, or WorkbookError saying in one line what is wrong with it."""
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise WorkbookError(f"{path}: no such file") from None
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise WorkbookError(f"{path}: not an Excel workbook (.xlsx) ({error})") from None
    try:
        missing = [name for name in (CODING, ABOUT) if name not in book.sheetnames]
        if missing:
            raise WorkbookError(
                f"{path}: no sheet « {missing[0]} »; score the workbook `vigie validate"
                " sample` wrote, with its sheets as they were"
            )
        about = _about(path, list(book[ABOUT].iter_rows(values_only=True)))
        table = list(book[CODING].iter_rows(values_only=True))
    finally:
        book.close()
    return _coding(path, about, table)


def _about(path: Path, cells: list[tuple[Any, ...]]) -> dict[str, str]:
    about = {_text(row[0]): _text(row[1]) for row in cells[1:] if row and len(row) > 1}
    if about.get("format") != FORMAT:
        raise WorkbookError(
            f"{path}: sheet « {ABOUT} » does not say format {FORMAT}; score a workbook that"
            " `vigie validate sample` wrote"
        )
    if not about.get(RUN, "").isdigit():
        raise WorkbookError(f"{path}: sheet « {ABOUT} » names no run (« {RUN} »)")
    return about


def _coding(path: Path, about: dict[str, str], table: list[tuple[Any, ...]]) -> WorkbookRows:
    header = [_text(cell) for cell in table[0]] if table else []
    absent = [column for column in COLUMNS if column not in header]
    if absent:
        raise WorkbookError(
            f"{path}: sheet « {CODING} » lacks the column « {absent[0]} »"
            + (f" (and {len(absent) - 1} more)" if len(absent) > 1 else "")
            + "; keep the columns `vigie validate sample` wrote"
        )
    where = {column: header.index(column) for column in COLUMNS}
    keys: list[tuple[str, ...]] = []
    codes: dict[str, list[str]] = {column: [] for column in (*CODERS, ADJUDICATION)}
    for number, cells in enumerate(table[1:], start=2):
        values = {column: _text(_cell(cells, where[column])) for column in COLUMNS}
        if not any(values.values()):
            continue  # an empty line a spreadsheet keeps at the end
        keys.append(tuple(values[column] for column in KEY))
        for column, column_codes in codes.items():
            column_codes.append(_code(path, number, values[LINE], column, values[column]))
    _check_lines(path, about, keys)
    return WorkbookRows(path, about, keys, codes)


def _check_lines(path: Path, about: dict[str, str], keys: list[tuple[str, ...]]) -> None:
    """As many rows as were drawn, each line once."""
    if not keys:
        raise WorkbookError(f"{path}: sheet « {CODING} » has no row to score")
    if about.get(ROWS, "").isdigit() and int(about[ROWS]) != len(keys):
        raise WorkbookError(
            f"{path}: sheet « {CODING} » has {len(keys)} rows, the sample drew {about[ROWS]}:"
            " keep every row `vigie validate sample` wrote"
        )
    seen: set[str] = set()
    for key in keys:
        if key[0] in seen:
            raise WorkbookError(f"{path}: ligne {key[0]} is there twice; keep each row once")
        seen.add(key[0])


def _cell(cells: tuple[Any, ...], index: int) -> Any:
    return cells[index] if index < len(cells) else None


def _code(path: Path, row: int, line: str, column: str, text: str) -> str:
    code = text.lower()
    if code and code not in CODES:
        raise WorkbookError(
            f"{path}: row {row} (ligne {line}), « {column} »: {text!r} is no code; write"
            f" {', '.join(CODES)}"
        )
    return code


def _text(value: Any) -> str:
    """A cell as text: a whole number without its '.0' (a spreadsheet may turn the line
    number 12 into 12.0), None as empty, spaces around trimmed."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
