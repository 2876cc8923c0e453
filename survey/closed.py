"""The closed questions the analysis estimates beyond the service families: every
select_one and select_multiple of the form except the profile it splits by (age, sex,
commune) and the families' own questions (survey/analysis.py). Each option becomes a 0/1
column of the respondent frame; "Je ne sais pas" is left out of the options' denominators and
gets its own column."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache

from survey.families import FAMILY_KEYS
from survey.questionnaire import Form, Question

# Questions used to split or weight, not estimated as such (their shares are the margins').
PROFILE = {"age", "sexe", "commune"}
FAMILY_PREFIXES = ("connait_", "usage_", "satisf_", "import_", "attente_")
# Option codes meaning "Je ne sais pas"; an option whose label says it counts too.
DONT_KNOW_CODES = {"nsp", "ne_sait_pas", "ne_sais_pas", "je_ne_sais_pas"}


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip()


@cache
def is_dont_know(code: str, label: str) -> bool:
    return code in DONT_KNOW_CODES or _plain(label).startswith(("je ne sais pas", "ne sait pas"))


def _family_question(name: str) -> bool:
    return any(
        name.startswith(prefix) and name.removeprefix(prefix) in FAMILY_KEYS
        for prefix in FAMILY_PREFIXES
    )


def closed_questions(form: Form) -> list[Question]:
    """The closed questions estimated option by option, in the form's order."""
    return [
        q
        for q in form.answered
        if q.choice_list
        and q.name not in PROFILE
        and not _family_question(q.name)
        and form.choices.get(q.choice_list)
    ]


def options(form: Form, question: Question) -> list[tuple[str, str]]:
    """A question's options (code, label) other than "Je ne sais pas"."""
    return [
        (code, label)
        for code, label in form.choices[question.choice_list or ""]
        if not is_dont_know(code, label)
    ]


def dont_know(form: Form, question: Question) -> set[str]:
    """The codes of a question's "Je ne sais pas" options (none for most)."""
    return {
        code
        for code, label in form.choices[question.choice_list or ""]
        if is_dont_know(code, label)
    }


def option_column(question: str, option: str) -> str:
    """A multiple choice's 0/1 column for one option."""
    return f"q__{question}__{option}"


def choice_column(question: str) -> str:
    """A single choice's column: the option chosen (None: not answered, or unsure)."""
    return f"q__{question}"


def dont_know_column(question: str) -> str:
    return f"nsp__{question}"


@dataclass(frozen=True)
class Closed:
    """What the frame needs of one closed question, worked out once per form."""

    name: str
    multiple: bool
    options: tuple[str, ...]
    unsure: frozenset[str]  # its "Je ne sais pas" codes


def closed_of(form: Form) -> list[Closed]:
    return [
        Closed(
            q.name,
            q.is_multiple,
            tuple(o for o, _ in options(form, q)),
            frozenset(dont_know(form, q)),
        )  # fmt: skip
        for q in closed_questions(form)
    ]


def question_columns(row: dict[str, str], closed: list[Closed]) -> dict[str, object]:
    """One respondent's columns for the closed questions: a single choice's option, a
    multiple choice's 0/1 per option, None where the question was not answered (not asked)
    or answered "Je ne sais pas" only; whether unsure, for a question offering it."""
    columns: dict[str, object] = {}
    for question in closed:
        chosen = set(row.get(question.name, "").split())
        unsure = chosen & question.unsure
        known = chosen - unsure
        if question.multiple:
            for option in question.options:
                columns[option_column(question.name, option)] = (
                    float(option in known) if known else None
                )
        else:
            columns[choice_column(question.name)] = next(iter(known), None)
        if question.unsure:
            columns[dont_know_column(question.name)] = (
                float(bool(unsure) and not known) if chosen else None
            )
    return columns
