"""The demo's survey: the generic questionnaire answered by synthetic residents of the crawled
communes, analysed as `vigie survey analyse` does and stored, so that the demo deck shows its
survey section; an earlier wave, drawn from the same population a few years before (fewer
residents then learnt local news from social networks, more from the bulletin), is stored
first and compared as `vigie survey compare` does, so that the deck shows the waves' slide."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from sqlalchemy import Engine

from database.scope import Scope
from survey.analysis import Analysis, analyse, store_analysis
from survey.answers import read_answers
from survey.comments_stored import code_answers_file
from survey.compare import link_waves
from survey.questionnaire import Form, build_form
from survey.stored import DEMO_SURVEY
from survey.synthetic import (
    Cell,
    FamilyModel,
    family_models,
    population_cells,
    simulate,
    true_margins,
    write_kobo_csv,
)
from survey.synthetic_questions import QuestionModel, question_models
from survey.xlsform import check_xlsform, read_xlsform, write_xlsform

SURVEY_RESPONDENTS = 1500
EARLIER_WAVE = f"{DEMO_SURVEY}-vague1"
# The earlier wave's channels: logit shifts of the current population's.
EARLIER_CHANNELS = {"reseaux": -0.9, "bulletin": 0.6}


def synthetic_survey(
    engine: Engine, run_id: int, folder: Path, respondents: int, seed: int
) -> Analysis:
    """Write the questionnaire and synthetic answers in `folder`, analyse them as
    `vigie survey analyse` does, and store the results under DEMO_SURVEY, after an earlier
    wave (EARLIER_WAVE) they are compared with."""
    form_path = write_xlsform(build_form(), folder / "questionnaire.xlsx")
    check_xlsform(form_path)
    form = read_xlsform(form_path)
    cells = population_cells(engine, Scope("national"), run_id)
    models, questions = family_models(seed), question_models(form, seed)
    earlier = _wave(form, cells, models, _earlier(questions), respondents, seed + 100,
                    folder / "reponses-vague1.csv", engine, run_id, EARLIER_WAVE)  # fmt: skip
    store_analysis(engine, earlier)
    analysis = _wave(form, cells, models, questions, respondents, seed,
                     folder / "reponses.csv", engine, run_id, DEMO_SURVEY)  # fmt: skip
    code_answers_file(engine, analysis, folder / "reponses.csv", form)  # the open comments
    store_analysis(engine, analysis)
    link_waves(engine, EARLIER_WAVE, DEMO_SURVEY)
    return analysis


def _earlier(questions: dict[str, QuestionModel]) -> dict[str, QuestionModel]:
    channels = questions.get("canaux")
    if channels is None:
        return questions
    base = tuple(
        value + EARLIER_CHANNELS.get(option, 0.0)
        for option, value in zip(channels.options, channels.base, strict=True)
    )
    return questions | {"canaux": replace(channels, base=base)}


def _wave(
    form: Form,
    cells: list[Cell],
    models: dict[str, FamilyModel],
    questions: dict[str, QuestionModel],
    respondents: int,
    seed: int,
    path: Path,
    engine: Engine,
    run_id: int,
    name: str,
) -> Analysis:
    """One wave's synthetic answers written to `path` and analysed under `name`."""
    drawn = simulate(form, cells, models, respondents, seed, questions)
    answers = read_answers(write_kobo_csv(form, drawn, path), form)
    return analyse(answers, form, engine, true_margins(cells), run_id, name)
