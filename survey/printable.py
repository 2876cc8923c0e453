"""The questionnaire as a printable Word document, for face-to-face or paper administration:
numbered questions, boxes to tick, and the skip instructions that the XLSForm's relevance
expressions say in words."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentType
from docx.shared import Cm, Pt

from database.french_dates import long_date
from survey.questionnaire import NOT_ANSWERS, Form, Question

BOX = "\u2610"  # ☐
# Up to this many communes are listed under their question, to tick; more go to an annex at
# the end, the question asking the name and postal code in writing.
INLINE_COMMUNES = 60
COLUMNS = 3
RELEVANT = re.compile(r"^\$\{(\w+)\} = '(\w+)'$")
# French typography on paper: no line starts with "?", ":" or "»" ("… de votre commune\n?").
TYPESET = ((re.compile(r" ([?!;])"), "\u202f\\1"), (re.compile(r" :"), "\u00a0:"),
           (re.compile(r"« "), "«\u202f"), (re.compile(r" »"), "\u202f»"))  # fmt: skip


def typeset(text: str) -> str:
    """A question's words as French is printed: no-break spaces before ? ! ; : and inside « »."""
    for pattern, replacement in TYPESET:
        text = pattern.sub(replacement, text)
    return text


def _instruction(question: Question, numbers: dict[str, int], form: Form) -> str:
    """A relevance expression as an instruction to the interviewer or the respondent."""
    match = RELEVANT.match(question.relevant)
    if not match:
        return ""
    previous, value = match.groups()
    list_name = form.question(previous).choice_list or ""
    label = dict(form.choices.get(list_name, ())).get(value, value)
    return f"Seulement si vous avez répondu « {label} » à la question {numbers[previous]}."


def write_printable(form: Form, out: Path) -> Path:
    document = Document()
    style = document.styles["Normal"]
    style.font.name, style.font.size = "Calibri", Pt(11)
    document.core_properties.title = form.title
    document.add_heading(form.title, level=0)
    document.add_paragraph(
        f"{_version(form.version)}. Cochez une case par question, sauf mention « plusieurs"
        " réponses possibles »."
    )
    numbers: dict[str, int] = {}
    for question in form.questions:
        kind = question.type.split()[0]
        if kind == "begin_group":
            document.add_heading(typeset(question.label), level=2)
            continue
        if kind in NOT_ANSWERS:
            if kind == "note":
                document.add_paragraph().add_run(typeset(question.label)).italic = True
            continue
        numbers[question.name] = len(numbers) + 1
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{numbers[question.name]}. {typeset(question.label)}").bold = True
        instruction = _instruction(question, numbers, form)
        options = form.choices.get(question.choice_list or "", ())
        for note in (instruction, _paper_hint(question, options)):
            if note:
                paragraph.add_run(f"\n{typeset(note)}").italic = True
        if question.choice_list == "commune" and options:
            _commune_lines(document, options)
        elif not options:
            lines = 3 if question.appearance == "multiline" else 1
            document.add_paragraph("\n".join(["_" * 70] * lines))
        elif question.appearance == "likert" or sum(len(label) for _, label in options) < 40:
            # A scale or a short list reads on one line, as on a paper form.
            line = document.add_paragraph("     ".join(f"{BOX} {label}" for _, label in options))
            line.paragraph_format.left_indent = Cm(0.8)
        else:
            for _, label in options:
                option = document.add_paragraph(f"{BOX} {label}")
                option.paragraph_format.left_indent = Cm(0.8)
                option.paragraph_format.space_after = Pt(1)
    communes = form.choices.get("commune", ())
    if len(communes) > INLINE_COMMUNES and any(q.choice_list == "commune" for q in form.questions):
        document.add_page_break()
        document.add_heading(f"Communes de l'enquête ({len(communes)})", level=2)
        _columns(document, [label for _, label in communes], boxes=False)
    out.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(out))
    return out


def _version(version: str) -> str:
    """The form's version as residents read it: "Questionnaire du 1er décembre 2026" for
    the date `build_form` stamps (YYYYMMDD), "Questionnaire, version 3" otherwise."""
    try:
        return f"Questionnaire du {long_date(datetime.strptime(version, '%Y%m%d').date())}"
    except ValueError:
        return f"Questionnaire, version {version}" if version else "Questionnaire"


def _paper_hint(question: Question, options: tuple[tuple[str, str], ...]) -> str:
    """The hint as it reads on paper: the commune list is ticked or written, not searched."""
    if question.choice_list != "commune" or not options:
        return question.hint
    if len(options) <= INLINE_COMMUNES:
        return "Cochez votre commune."
    return "Écrivez le nom de votre commune et son code postal."


def _commune_lines(document: DocumentType, options: tuple[tuple[str, str], ...]) -> None:
    """The scope's communes to tick, or, for a long list, the name and postal code to write
    with a pointer to the annex that lists them."""
    if len(options) <= INLINE_COMMUNES:
        _columns(document, [label for _, label in options], boxes=True)
        return
    document.add_paragraph(f"Commune : {'_' * 40}   Code postal : {'_' * 10}")
    document.add_paragraph().add_run(
        f"Les {len(options)} communes de l'enquête sont listées en fin de questionnaire."
    ).italic = True


def _columns(document: DocumentType, labels: list[str], boxes: bool) -> None:
    """Labels in COLUMNS columns (a borderless table), top to bottom then left to right."""
    rows = -(-len(labels) // COLUMNS)
    table = document.add_table(rows=rows, cols=COLUMNS)
    for index, label in enumerate(labels):
        cell = table.cell(index % rows, index // rows)
        cell.text = f"{BOX} {label}" if boxes else label
        for run in cell.paragraphs[0].runs:
            run.font.size = Pt(9)
