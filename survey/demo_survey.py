"""The demo's survey: the generic questionnaire answered by synthetic residents of the crawled
communes, analysed as `vigie survey analyse` does and stored, so that the demo deck shows its
survey section."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from database.scope import Scope
from survey.analysis import Analysis, analyse, store_analysis
from survey.answers import read_answers
from survey.questionnaire import build_form
from survey.stored import DEMO_SURVEY
from survey.synthetic import family_models, population_cells, simulate, true_margins, write_kobo_csv
from survey.xlsform import check_xlsform, read_xlsform, write_xlsform

SURVEY_RESPONDENTS = 1500


def synthetic_survey(
    engine: Engine, run_id: int, folder: Path, respondents: int, seed: int
) -> Analysis:
    """Write the questionnaire and synthetic answers in `folder`, analyse them as
    `vigie survey analyse` does, and store the results under DEMO_SURVEY."""
    form_path = write_xlsform(build_form(), folder / "questionnaire.xlsx")
    check_xlsform(form_path)
    form = read_xlsform(form_path)
    cells = population_cells(engine, Scope("national"), run_id)
    models = family_models(seed)
    answers_path = write_kobo_csv(
        form, simulate(form, cells, models, respondents, seed), folder / "reponses.csv"
    )
    analysis = analyse(
        read_answers(answers_path, form), form, engine, true_margins(cells), run_id, DEMO_SURVEY
    )
    store_analysis(engine, analysis)
    return analysis
