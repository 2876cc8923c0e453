"""Every closed question is estimated: each option's weighted share with its 95 % interval,
for the whole survey and by age band, sex and commune size; "Je ne sais pas" is counted
apart and left out of the options' denominators; on answers drawn from a known population the
intervals hold the true shares at their stated rate."""

from __future__ import annotations

from dataclasses import replace

import pytest

from database.scope import Scope
from reports.thresholds import MIN_RESPONDENTS
from survey.analysis import Estimate, calibrated
from survey.answers import read_answers
from survey.closed import closed_of, closed_questions, question_columns
from survey.questionnaire import AGE_BANDS, Form, build_form
from survey.questions_estimates import question_estimates
from survey.stored import DONT_KNOW, parse_option, question_family, split_measure
from survey.synthetic import (
    family_models,
    population_cells,
    simulate,
    true_margins,
    truth,
    write_kobo_csv,
)
from survey.synthetic_questions import DONT_KNOW as DONT_KNOW_RATE
from survey.synthetic_questions import question_models
from survey.xlsform import read_xlsform, write_xlsform
from tests.conftest import CrawledFarm

# The questions beyond the services that a study of local communication needs.
EXPECTED = {"occupation", "internet", "canaux", "difficultes", "besoin_aide", "consulte",
            "participerait"}  # fmt: skip


def with_dont_know(form: Form) -> Form:
    """The form with "Je ne sais pas" offered for the need of help (whatever the form offers)."""
    choices = dict(form.choices)
    if not any(code == "nsp" for code, _ in choices["frequence"]):
        choices["frequence"] = (*choices["frequence"], ("nsp", "Je ne sais pas"))
    return replace(form, choices=choices)


@pytest.fixture(scope="module")
def world(crawled_farm: CrawledFarm, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("questions")
    form = with_dont_know(read_xlsform(write_xlsform(build_form(), folder / "form.xlsx")))
    cells = population_cells(crawled_farm.engine, Scope("national"), crawled_farm.run_id)
    models, questions = family_models(11), question_models(form, 11)
    return folder, form, cells, models, questions, truth(cells, models, questions)


def survey(world, crawled_farm: CrawledFarm, seed: int, respondents: int = 1500):  # type: ignore[no-untyped-def]
    """The closed questions' estimates (whole survey and splits) of one synthetic survey."""
    folder, form, cells, models, questions, _ = world
    drawn = simulate(form, cells, models, respondents, seed, questions)
    answers = read_answers(write_kobo_csv(form, drawn, folder / f"q{seed}.csv"), form)
    sample, frame, _, _ = calibrated(
        answers, form, crawled_farm.engine, true_margins(cells), crawled_farm.run_id
    )
    return question_estimates(sample, frame, form, areas=False)


def get(estimates: list[Estimate], family: str, measure: str) -> Estimate | None:
    return next((e for e in estimates if (e.family, e.measure) == (family, measure)), None)


def test_every_closed_question_but_the_profile_and_the_services_is_estimated() -> None:
    names = {q.name for q in closed_questions(build_form())}
    assert names >= EXPECTED
    assert not names & {"age", "sexe", "commune"}
    assert not any(name.startswith(("connait_", "satisf_", "import_")) for name in names)


def test_dont_know_is_left_out_of_the_options_and_counted_apart() -> None:
    closed = closed_of(with_dont_know(build_form()))
    unsure = question_columns({"besoin_aide": "nsp", "canaux": "site presse"}, closed)
    assert unsure["nsp__besoin_aide"] == 1.0
    assert unsure["q__besoin_aide"] is None  # not another answer: out of the denominator
    sure = question_columns({"besoin_aide": "souvent", "canaux": "site presse"}, closed)
    assert (sure["q__besoin_aide"], sure["nsp__besoin_aide"]) == ("souvent", 0.0)
    assert (sure["q__canaux__site"], sure["q__canaux__bulletin"]) == (1.0, 0.0)
    assert "nsp__canaux" not in sure  # no "Je ne sais pas" offered, none counted
    unasked = question_columns({}, closed)
    assert unasked["q__canaux__site"] is None
    assert unasked["nsp__besoin_aide"] is None


def test_every_option_is_estimated_whole_and_by_age_sex_and_commune_size(
    world,
    crawled_farm: CrawledFarm,  # type: ignore[no-untyped-def]
) -> None:
    _, form, *_ = world
    result = survey(world, crawled_farm, 30, respondents=800)
    for question in closed_questions(form):
        family = question_family(question.name)
        measures = {e.measure for e in result if e.family == family}
        for option, _ in form.choices[question.choice_list or ""]:
            if option == "nsp":
                continue
            assert option in measures, (question.name, option)
            for band, _ in AGE_BANDS:
                assert f"{option}|age={band}" in measures
            assert {f"{option}|sexe=femme", f"{option}|sexe=homme"} <= measures
            assert any(m.startswith(f"{option}|strate=") for m in measures)
    # Single-choice shares add up to one, "Je ne sais pas" aside.
    help_shares = [get(result, "question:besoin_aide", o) for o in ("souvent", "parfois", "jamais")]
    assert sum(e.estimate for e in help_shares if e) == pytest.approx(1.0)
    unsure = get(result, "question:besoin_aide", DONT_KNOW)
    assert unsure is not None
    assert unsure.ci_low is not None
    assert unsure.ci_high is not None
    assert unsure.ci_low <= DONT_KNOW_RATE <= unsure.ci_high
    answered = help_shares[0].respondents if help_shares[0] else 0
    assert answered < unsure.respondents == 800  # the unsure are out of the options' n


def test_intervals_hold_the_true_shares_at_the_stated_rate(
    world,
    crawled_farm: CrawledFarm,  # type: ignore[no-untyped-def]
) -> None:
    """Three surveys of 1,500: every option of every closed question, whole and in each cell
    of age, sex and commune size with at least MIN_RESPONDENTS respondents; the 95 % intervals
    hold the true share about 95 times in 100, and the channels alone too."""
    *_, true = world
    inside, estimates, channels, channels_inside = 0, 0, 0, 0
    for seed in (40, 41, 42):
        for found in survey(world, crawled_farm, seed):
            if not found.family.startswith("question:"):
                continue
            measure, area = split_measure(found.measure)
            option, _, _ = parse_option(measure)
            if area or found.respondents < MIN_RESPONDENTS or option == DONT_KNOW:
                continue
            # Every cell has its interval, 0 % and 100 % included (Wilson's, not a point).
            assert found.ci_low is not None, found
            assert found.ci_high is not None, found
            expected = true[found.family][measure]
            hit = found.ci_low <= expected <= found.ci_high
            inside, estimates = inside + hit, estimates + 1
            if found.family == "question:canaux":
                channels, channels_inside = channels + 1, channels_inside + hit
    assert estimates > 1000
    assert 0.90 <= inside / estimates <= 0.99, f"{inside}/{estimates} intervals hold the truth"
    assert 0.90 <= channels_inside / channels <= 0.99, f"{channels_inside}/{channels} channels"
