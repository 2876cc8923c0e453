"""The citizen survey: the questionnaire converts as survey tools convert it, the sampling
plan follows the textbook formulas, answers are checked against their form, and weighted
estimates recover a known population's values within their intervals."""

from __future__ import annotations

import math
import shutil
from collections import defaultdict
from pathlib import Path

import pytest
from docx import Document
from sqlalchemy import text

from database import open_database
from database.scope import Scope
from survey.analysis import analyse, raking_shares, respondent_frame
from survey.answers import AnswersError, read_answers
from survey.families import FAMILIES, FAMILY_KEYS
from survey.printable import write_printable
from survey.questionnaire import AGE_BANDS, SEXES, Question, build_form
from survey.sampling import (
    EXAMPLE_MARGINS,
    MarginsError,
    draw_communes,
    quotas,
    read_margins,
    sample_size,
)
from survey.synthetic import (
    AGE_SHARES,
    SEX_SHARES,
    family_models,
    population_cells,
    simulate,
    true_margins,
    truth,
    write_kobo_csv,
)
from survey.xlsform import XLSFormError, check_xlsform, read_xlsform, write_xlsform
from tests.conftest import CrawledFarm, copy_database

ESTIMATED = ("connaissance", "usage", "satisfaction", "importance")


def tailored() -> dict[str, bool]:
    return {key: index % 3 != 0 for index, key in enumerate(FAMILY_KEYS)}


@pytest.mark.parametrize("offered", [None, tailored()], ids=["generic", "tailored"])
def test_the_xlsform_converts_without_error_or_warning(
    offered: dict[str, bool] | None, tmp_path: Path
) -> None:
    form = build_form(offered, [("44109", "Nantes"), ("44001", "Abbaretz")] if offered else None)
    xform = check_xlsform(
        write_xlsform(form, tmp_path / "form.xlsx"), validate=shutil.which("java") is not None
    )
    written = xform.read_text(encoding="utf-8")
    assert "<h:title>Enquête sur les services en ligne de votre commune</h:title>" in written
    for question in form.answered:
        assert f"/{question.name}" in written


def test_a_form_pyxform_refuses_is_an_error_that_says_why(tmp_path: Path) -> None:
    form = build_form()
    form.questions.insert(3, Question("integer", "sans_libelle"))
    with pytest.raises(XLSFormError, match="sans_libelle"):
        check_xlsform(write_xlsform(form, tmp_path / "bad.xlsx"))


def test_services_no_site_offers_are_asked_as_expectations() -> None:
    form = build_form(tailored())
    names = {q.name for q in form.answered}
    for key, offered in tailored().items():
        assert (f"connait_{key}" in names) is offered
        assert (f"attente_{key}" in names) is not offered
        assert f"import_{key}" in names  # importance is asked in both cases
    # Satisfaction and importance share one scale: importance–performance needs it.
    scales = {q.choice_list for q in form.answered if q.name.startswith(("satisf_", "import_"))}
    assert scales == {"echelle"}


def test_the_workbook_reads_back_as_the_same_form(tmp_path: Path) -> None:
    form = build_form(tailored())
    again = read_xlsform(write_xlsform(form, tmp_path / "form.xlsx"))
    assert again.questions == form.questions
    used = {q.choice_list for q in form.questions if q.choice_list}
    assert again.choices == {name: form.choices[name] for name in used}
    assert (again.form_id, again.version) == (form.form_id, form.version)


def test_the_printable_form_numbers_every_question_with_its_boxes(tmp_path: Path) -> None:
    form = build_form(tailored())
    document = Document(str(write_printable(form, tmp_path / "q.docx")))
    paragraphs = [p.text for p in document.paragraphs]
    numbered = [p for p in paragraphs if p.split(".")[0].isdigit()]
    assert len(numbered) == len(form.answered)
    said = "Seulement si vous avez répondu «\u202fOui\u202f» à la question"  # French spacing
    assert any(said in p for p in paragraphs)
    # No line of the paper form starts with a question mark or a colon.
    questions = [p.split("\n")[0] for p in numbered]
    assert all(" ?" not in q and " :" not in q for q in questions)
    assert any(q.endswith("\u202f?") for q in questions)
    boxes = sum(len(form.choices[q.choice_list]) for q in form.answered if q.choice_list)
    assert sum(p.count("\u2610") for p in paragraphs) == boxes  # one per choice


def test_sample_size_is_the_textbook_one_with_the_finite_population_correction() -> None:
    # n0 = z² p(1-p) / e², rounded up; n = n0 / (1 + (n0 - 1) / N)
    assert sample_size(0.03, 0.95, None) == math.ceil(1.959964**2 * 0.25 / 0.03**2)
    n0 = math.ceil(1.959964**2 * 0.25 / 0.05**2)
    assert sample_size(0.05, 0.95, 2000) == math.ceil(n0 / (1 + (n0 - 1) / 2000))
    assert sample_size(0.03, 0.90, None) < sample_size(0.03, 0.95, None)


def test_quotas_follow_the_margins_and_add_up() -> None:
    margins = read_margins(EXAMPLE_MARGINS)
    assert set(margins) == {"sexe", "age", "strate", "region"}
    for margin in margins.values():
        shares = quotas(1068, margin)
        assert sum(shares.values()) == 1068
        total = sum(margin.values())
        for level, count in shares.items():
            assert abs(count - 1068 * margin[level] / total) < 1


def test_a_broken_margins_file_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "marges.csv"
    for body, reason in [
        ("variable,level,population\nsexe,femme,abc\n", "line 2: population 'abc'"),
        ("variable,level,population\nsexe,femme,10\nsexe,femme,12\n", "line 3"),
        ("variable,level,population\ncanton,12,10\n", "line 2: unknown variable 'canton'"),
        ("var,niveau\n", "line 1: expected the header"),
    ]:
        path.write_text(body, encoding="utf-8")
        with pytest.raises(MarginsError, match=reason):
            read_margins(path)


def test_communes_are_drawn_by_size_reproducibly(crawled_farm: CrawledFarm) -> None:
    drawn = draw_communes(crawled_farm.engine, Scope("national"), 8, 600, seed=3)
    assert drawn == draw_communes(crawled_farm.engine, Scope("national"), 8, 600, seed=3)
    assert drawn != draw_communes(crawled_farm.engine, Scope("national"), 8, 600, seed=4)
    assert len(drawn) == 8
    assert sum(c.respondents for c in drawn) == 600
    # Every resident has the same chance: respondents / population over drawing chance.
    rates = {c.code: c.respondents * c.probability / c.population for c in drawn}
    assert max(rates.values()) / min(rates.values()) < 1.5
    assert all(0 < c.probability <= 1 for c in drawn)


@pytest.fixture(scope="module")
def world(crawled_farm: CrawledFarm, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The test farm's communes as a population with a known model, and the generic form."""
    folder = tmp_path_factory.mktemp("survey")
    form = read_xlsform(write_xlsform(build_form(), folder / "form.xlsx"))
    cells = population_cells(crawled_farm.engine, Scope("national"), crawled_farm.run_id)
    models = family_models(11)
    return folder, form, cells, models, truth(cells, models)


def test_answers_are_read_as_kobotoolbox_exports_them(world, crawled_farm: CrawledFarm) -> None:  # type: ignore[no-untyped-def]
    folder, form, cells, models, _ = world
    drawn = simulate(form, cells, models, 50, seed=2)
    answers = read_answers(write_kobo_csv(form, drawn, folder / "kobo.csv"), form)
    assert answers.rows == [{q.name: row.get(q.name, "") for q in form.answered} for row in drawn]
    assert answers.lines == list(range(2, 52))


def test_answers_that_do_not_fit_the_form_are_refused_with_their_line(
    world,  # type: ignore[no-untyped-def]
    crawled_farm: CrawledFarm,
) -> None:
    folder, form, cells, models, _ = world
    path = write_kobo_csv(form, simulate(form, cells, models, 5, seed=2), folder / "bad.csv")
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(";")
    values = lines[2].split(";")
    values[header.index("profil/age")] = "12-14"
    values[header.index("profil/sexe")] = ""
    lines[2] = ";".join(values)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(AnswersError) as refused:
        read_answers(path, form)
    assert refused.value.problems == [
        "line 3: age = '12-14' is not one of its choices (15-29, 30-44, 45-59, 60-74, 75+)",
        "line 3: sexe is required and empty",
    ]
    path.write_text(lines[0] + ";pointure\n", encoding="utf-8")
    with pytest.raises(AnswersError, match="column 'pointure' is no question of the form"):
        read_answers(path, form)


def test_a_commune_unknown_to_the_database_is_named(world, crawled_farm: CrawledFarm) -> None:  # type: ignore[no-untyped-def]
    folder, form, cells, models, _ = world
    drawn = simulate(form, cells, models, 3, seed=2)
    drawn[1]["commune"] = "99999"
    answers = read_answers(write_kobo_csv(form, drawn, folder / "commune.csv"), form)
    with pytest.raises(AnswersError, match="line 3: commune '99999' is no commune"):
        respondent_frame(answers, form, crawled_farm.engine, crawled_farm.run_id)


def test_raked_weights_match_the_margins(world, crawled_farm: CrawledFarm) -> None:  # type: ignore[no-untyped-def]
    folder, form, cells, models, _ = world
    answers = read_answers(
        write_kobo_csv(form, simulate(form, cells, models, 1500, seed=5), folder / "a.csv"), form
    )
    margins = true_margins(cells)
    result = analyse(answers, form, crawled_farm.engine, margins, crawled_farm.run_id, "t")
    frame = respondent_frame(answers, form, crawled_farm.engine, crawled_farm.run_id)
    shares, _ = raking_shares(frame, margins)
    assert {"sexe", "age"} <= set(shares)
    total = sum(result.weights)
    for variable, levels in shares.items():
        weighted: dict[str, float] = defaultdict(float)
        for level, weight in zip(frame[variable].to_list(), result.weights, strict=True):
            weighted[level] += weight
        for level, share in levels.items():
            assert weighted[level] / total == pytest.approx(share, abs=1e-3), (variable, level)
    # The sample is biased (women, the 45–74 answer more): unweighted, it is off the margins.
    women = sum(1 for row in answers.rows if row["sexe"] == "femme") / len(answers.rows)
    assert women > SEX_SHARES["femme"] + 0.05
    assert set(AGE_SHARES) == {a for a, _ in AGE_BANDS}
    assert set(SEX_SHARES) == {s for s, _ in SEXES}


def test_weighted_estimates_recover_the_truth_at_the_stated_rate(
    world,  # type: ignore[no-untyped-def]
    crawled_farm: CrawledFarm,
) -> None:
    """Five surveys of 1,500 from one population: the 95 % intervals of the four measures of
    the ten services hold the true value about 95 times in 100; the unweighted means, on
    the same answers, are off where the measure depends on who over-answers."""
    folder, form, cells, models, true = world
    inside, estimates, raw_error, weighted_error = 0, 0, 0.0, 0.0
    for seed in range(5):
        answers = read_answers(
            write_kobo_csv(form, simulate(form, cells, models, 1500, seed=20 + seed),
                           folder / f"s{seed}.csv"),
            form,
        )  # fmt: skip
        result = analyse(
            answers, form, crawled_farm.engine, true_margins(cells), crawled_farm.run_id, "t"
        )
        for family in FAMILY_KEYS:
            for measure in ESTIMATED:
                found = result.get(family, measure)
                assert found is not None
                assert found.ci_low is not None
                assert found.ci_high is not None
                estimates += 1
                inside += found.ci_low <= true[family][measure] <= found.ci_high
            values = [float(row[f"import_{family}"]) for row in answers.rows]
            raw_error += abs(sum(values) / len(values) - true[family]["importance"])
            weighted_error += abs(result.get(family, "importance").estimate  # type: ignore[union-attr]
                                  - true[family]["importance"])  # fmt: skip
    assert estimates == 5 * len(FAMILIES) * len(ESTIMATED)
    assert 0.90 <= inside / estimates <= 0.99, f"{inside}/{estimates} intervals hold the truth"
    assert weighted_error < raw_error / 2


def test_results_are_stored_for_the_report(
    world, crawled_farm: CrawledFarm, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from survey.analysis import store_analysis

    folder, form, cells, models, _ = world
    engine = open_database(copy_database(crawled_farm.directory / "vigie.db", tmp_path / "v.db"))
    answers = read_answers(
        write_kobo_csv(form, simulate(form, cells, models, 400, seed=9), folder / "st.csv"), form
    )
    result = analyse(answers, form, engine, true_margins(cells), crawled_farm.run_id, "essai")
    assert store_analysis(engine, result) == len(result.estimates)
    assert store_analysis(engine, result) == len(result.estimates)  # replaced, not added
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT family, measure, estimate FROM survey_results WHERE survey = 'essai'")
        ).all()
    assert len(rows) == len(result.estimates)
    assert ("", "repondants", 400.0) in [tuple(row) for row in rows]
    engine.dispose()
