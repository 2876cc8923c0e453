"""The questionnaire's building blocks, in XLSForm's terms: a question (one row of the survey
sheet) and a form (its questions, choice lists and what the scope's sites offer)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Question:
    type: str  # XLSForm type: "select_one oui_non", "integer", "text", "note", "begin_group"...
    name: str
    label: str = ""
    hint: str = ""
    relevant: str = ""  # XLSForm relevance expression
    required: bool = False
    constraint: str = ""
    constraint_message: str = ""
    appearance: str = ""

    @property
    def choice_list(self) -> str | None:
        kind, _, rest = self.type.partition(" ")
        return rest if kind in ("select_one", "select_multiple") else None

    @property
    def is_multiple(self) -> bool:
        return self.type.startswith("select_multiple")


@dataclass
class Form:
    form_id: str
    title: str
    version: str
    questions: list[Question]
    choices: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    # Family key -> whether the sites of the scope offer it (None: no scope, ask as offered).
    offered: dict[str, bool | None] = field(default_factory=dict)

    def question(self, name: str) -> Question:
        return next(q for q in self.questions if q.name == name)

    @property
    def answered(self) -> list[Question]:
        """The questions that hold an answer (not groups nor notes)."""
        return [q for q in self.questions if q.type.split()[0] not in NOT_ANSWERS]


NOT_ANSWERS = {"begin_group", "end_group", "note", "calculate"}
