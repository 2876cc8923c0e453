"""The questionnaire as an XLSForm workbook (survey, choices, settings), the format that
KoboToolbox and ODK import; `check_xlsform` converts it with pyxform as they do."""

from __future__ import annotations

import tempfile
import warnings
from pathlib import Path

from openpyxl import Workbook

from survey.questionnaire import FORM_TITLE, Form, Question

SURVEY_COLUMNS = ("type", "name", "label", "hint", "relevant", "required", "constraint",
                  "constraint_message", "appearance")  # fmt: skip


def write_xlsform(form: Form, out: Path) -> Path:
    book = Workbook()
    survey = book.active
    assert survey is not None  # a new workbook has one sheet
    survey.title = "survey"
    survey.append(SURVEY_COLUMNS)
    for question in form.questions:
        survey.append(
            (
                question.type,
                question.name,
                question.label,
                question.hint,
                question.relevant,
                "yes" if question.required else "",
                question.constraint,
                question.constraint_message,
                question.appearance,
            )
        )
    choices = book.create_sheet("choices")
    choices.append(("list_name", "name", "label"))
    used = {q.choice_list for q in form.questions if q.choice_list}
    for list_name, options in form.choices.items():
        if list_name in used:
            for name, label in options:
                choices.append((list_name, name, label))
    settings = book.create_sheet("settings")
    settings.append(("form_title", "form_id", "version", "default_language"))
    settings.append((form.title, form.form_id, form.version, "French (fr)"))
    out.parent.mkdir(parents=True, exist_ok=True)
    book.save(out)
    return out


class XLSFormError(ValueError):
    """pyxform refused the form, or warned about it."""


def check_xlsform(path: Path, validate: bool = False) -> Path:
    """Convert the workbook to an XForm with pyxform; warnings count as errors. With
    `validate`, ODK Validate (Java) checks the XForm too. Returns the XForm's path."""
    from pyxform.errors import PyXFormError
    from pyxform.xls2xform import convert

    xform = Path(tempfile.mkdtemp(prefix="vigie-xform-")) / f"{path.stem}.xml"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            result = convert(xlsform=str(path), validate=validate, pretty_print=True)
    except (PyXFormError, Warning) as error:
        raise XLSFormError(str(error)) from error
    if result.warnings:
        raise XLSFormError("; ".join(result.warnings))
    xform.write_text(result.xform, encoding="utf-8")
    return xform


def read_xlsform(path: Path) -> Form:
    """A workbook written by `write_xlsform` (or edited by hand in the same columns) read
    back as a Form, so that answers are checked against the form that collected them."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True)
    except (OSError, ValueError, KeyError) as error:  # zipfile.BadZipFile is an OSError
        raise XLSFormError(f"cannot read the XLSForm {path}: {error}") from error
    missing = {"survey", "choices", "settings"} - set(book.sheetnames)
    if missing:
        raise XLSFormError(f"{path} has no sheet {', '.join(sorted(missing))}")

    def rows(sheet: str) -> list[dict[str, str]]:
        values = list(book[sheet].iter_rows(values_only=True))
        header = [str(cell or "") for cell in values[0]] if values else []
        return [
            {
                column: "" if cell is None else str(cell)
                for column, cell in zip(header, row, strict=False)
            }
            for row in values[1:]
            if any(cell is not None for cell in row)
        ]

    questions = [
        Question(
            row.get("type", ""),
            row.get("name", ""),
            row.get("label", ""),
            row.get("hint", ""),
            row.get("relevant", ""),
            row.get("required", "").lower() in ("yes", "true", "1"),
            row.get("constraint", ""),
            row.get("constraint_message", ""),
            row.get("appearance", ""),
        )
        for row in rows("survey")
    ]
    choices: dict[str, list[tuple[str, str]]] = {}
    for row in rows("choices"):
        choices.setdefault(row["list_name"], []).append((row["name"], row.get("label", "")))
    [settings] = rows("settings")[:1] or [{}]
    return Form(
        settings.get("form_id", path.stem),
        settings.get("form_title") or FORM_TITLE,  # never the bare identifier to residents
        settings.get("version", ""),
        questions,
        {name: tuple(options) for name, options in choices.items()},
    )
