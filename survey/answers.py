"""Answers as KoboToolbox or ODK export them (CSV), checked against the form that collected
them: unknown columns and values outside a question's choices are errors that name the line."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from survey.questionnaire import Form, Question

# Columns the collection tools add around the answers (KoboToolbox, ODK Central).
METADATA = {"start", "end", "today", "deviceid", "instanceid", "key", "submissiondate",
            "submitterid", "submittername", "attachmentspresent", "attachmentsexpected",
            "status", "reviewstate", "edits", "formversion", "uuid"}  # fmt: skip
# What `vigie survey simulate` writes in KoboToolbox's `_submitted_by` column of every row.
SIMULATED = "vigie-simulation"
SUBMITTED_BY = "_submitted_by"
RELEVANT = re.compile(r"^\$\{(\w+)\} = '(\w+)'$")
MAX_ERRORS = 20


class AnswersError(ValueError):
    """Answers that do not fit the form; `problems` lists each with its line."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        shown = problems[:MAX_ERRORS]
        more = len(problems) - len(shown)
        super().__init__(
            f"{path}: {len(problems)} problem(s)\n  "
            + "\n  ".join(shown)
            + (f"\n  … and {more} more" if more else "")
        )
        self.problems = problems


@dataclass(frozen=True)
class Answers:
    path: Path
    rows: list[dict[str, str]]  # question name -> answer ("" when unanswered)
    lines: list[int]  # the CSV line of each row, for messages
    synthetic: bool = False  # every row drawn by `vigie survey simulate` (SIMULATED)


def _column(header: str, multiples: dict[str, set[str]]) -> str | None:
    """The question a header holds, without its group path ("profil/age", "profil-age");
    None for metadata and for the one-column-per-option copies of multiple choices."""
    parts = re.split(r"[/-]", header.strip())
    name = parts[-1]
    if header.startswith("_") or name.lower().lstrip("_") in METADATA or name == "":
        return None
    if len(parts) >= 2 and parts[-2] in multiples and name in multiples[parts[-2]]:
        return None
    return name


def read_answers(path: Path, form: Form) -> Answers:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise AnswersError(path, [f"cannot read the file: {error}"]) from error
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","  # Kobo's default is ";"
    reader = csv.reader(text.splitlines(), delimiter=delimiter)
    header = next(reader, [])
    questions = {q.name: q for q in form.answered}
    multiples = {
        q.name: {name for name, _ in form.choices.get(q.choice_list or "", ())}
        for q in questions.values()
        if q.is_multiple
    }
    columns = [_column(name, multiples) for name in header]
    problems = [
        f"line 1: column {raw!r} is no question of the form {form.form_id}"
        for raw, name in zip(header, columns, strict=True)
        if name is not None and name not in questions
    ]
    missing = sorted(set(questions) - set(filter(None, columns)))
    if missing:
        problems.append(f"line 1: no column for the question(s) {', '.join(missing)}")
    if problems:
        raise AnswersError(path, problems)
    rows, lines, submitters = [], [], set()
    by = header.index(SUBMITTED_BY) if SUBMITTED_BY in header else None
    for line, values in enumerate(reader, start=2):
        if not any(value.strip() for value in values):
            continue
        if len(values) != len(header):
            problems.append(f"line {line}: {len(values)} values for {len(header)} columns")
            continue
        row = {
            name: value.strip()
            for name, value in zip(columns, values, strict=True)
            if name is not None
        }
        problems += [f"line {line}: {problem}" for problem in _check(row, questions, form)]
        submitters.add(values[by] if by is not None else "")
        rows.append(row)
        lines.append(line)
    if problems:
        raise AnswersError(path, problems)
    return Answers(path, rows, lines, bool(rows) and submitters == {SIMULATED})


def _check(row: dict[str, str], questions: dict[str, Question], form: Form) -> list[str]:
    problems = []
    for name, question in questions.items():
        value = row.get(name, "")
        options = {option for option, _ in form.choices.get(question.choice_list or "", ())}
        if value == "":
            if question.required and _relevant(question, row):
                problems.append(f"{name} is required and empty")
            continue
        if question.choice_list and options:
            given = value.split() if question.is_multiple else [value]
            unknown = [item for item in given if item not in options]
            if unknown:
                problems.append(
                    f"{name} = {' '.join(unknown)!r} is not one of its choices"
                    f" ({', '.join(sorted(options)[:8])}{'…' if len(options) > 8 else ''})"
                )
        elif question.type == "integer" and not value.lstrip("-").isdigit():
            problems.append(f"{name} = {value!r} is not a whole number")
    return problems


def _relevant(question: Question, row: dict[str, str]) -> bool:
    """Whether a question was to be asked, for the relevance forms the questionnaire uses
    (`${q} = 'value'`, possibly nested through q's own relevance); others count as asked."""
    match = RELEVANT.match(question.relevant)
    return match is None or row.get(match[1], "") == match[2]
