"""The closed questions' figures and the comparison with the previous wave, as the report
reads them from survey_results for the deck's scope (the whole survey for France, the stored
estimates of the département or région otherwise)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine

from reports.thresholds import MIN_RESPONDENTS
from survey.compare import Change, CompareError, Stored, compare_waves, stored_analysis
from survey.stored import QUESTION, WAVE, split_measure

if TYPE_CHECKING:
    from reports.survey_summary import SurveyFigure

# question name -> measure ("site", "site|age=15-29", "nsp") -> figure
QuestionFigures = dict[str, dict[str, "SurveyFigure"]]


@dataclass(frozen=True)
class WaveComparison:
    before: str  # the earlier wave's name
    changes: list[Change]  # every estimate both waves hold on MIN_RESPONDENTS or more
    left_out: int  # estimates on fewer respondents in either wave

    @property
    def significant(self) -> list[Change]:
        return [change for change in self.changes if change.significant]


def question_figures(rows: Iterable[Sequence[Any]], area: str | None) -> QuestionFigures:
    """The closed questions' figures of `area` (None: the whole survey)."""
    from reports.survey_summary import SurveyFigure

    figures: QuestionFigures = {}
    for family, stored, estimate, low, high, n in rows:
        if not family.startswith(QUESTION):
            continue
        measure, where = split_measure(stored)
        if where == area:
            question = family.removeprefix(QUESTION)
            figures.setdefault(question, {})[measure] = SurveyFigure(estimate, low, high, n)
    return figures


def wave_comparison(
    engine: Engine, rows: Iterable[Sequence[Any]], area: str | None
) -> WaveComparison | None:
    """The comparison with the wave this survey follows (`vigie survey compare` recorded
    it), for `area`; None without a previous wave, or when it is no longer stored."""
    rows = list(rows)
    before = next((row[1] for row in rows if row[0] == WAVE), None)
    if before is None:
        return None
    after = {(row[0], row[1]): Stored(*row[2:]) for row in rows if row[0] != WAVE}
    try:
        changes, left_out = compare_waves(
            stored_analysis(engine, before), after, area, MIN_RESPONDENTS
        )
    except CompareError:
        return None
    return WaveComparison(before, changes, left_out)
