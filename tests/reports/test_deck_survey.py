"""The survey as a user runs it — design, (synthetic) answers, analysis — and the deck's survey
section, whose every figure is held to the survey_results table."""

from __future__ import annotations

import csv
from dataclasses import replace
from pathlib import Path

import pytest

from database import open_database
from reports.deck_survey import survey_mean, survey_share
from reports.labels import french_count, french_number
from reports.survey_summary import SurveyFigure
from survey.families import FAMILIES
from survey.ipa import quadrants
from survey.offer import APP_NAMES
from survey.sampling import EXAMPLE_MARGINS, read_margins, sample_size
from survey.xlsform import read_xlsform
from tests.conftest import CrawledFarm, copy_database, vigie
from tests.reports.test_deck import shapes_of, sql, table_rows, titles


@pytest.fixture(scope="module")
def surveyed(crawled_farm: CrawledFarm, tmp_path_factory: pytest.TempPathFactory) -> CrawledFarm:
    """A copy of the crawled farm's database with a survey analysed against its run."""
    folder = tmp_path_factory.mktemp("surveyed")
    url = copy_database(crawled_farm.directory / "vigie.db", folder / "vigie.db")
    copy = replace(crawled_farm, database_url=url, engine=open_database(url), directory=folder)
    db = ("--db", copy.database_url)
    vigie("survey", "design", "--out", str(folder / "form.xlsx"), *db)
    vigie("survey", "simulate", "--form", str(folder / "form.xlsx"), "--respondents", "1200",
          "--seed", "4", "--out", str(folder / "answers.csv"), *db)  # fmt: skip
    analysed = vigie("survey", "analyse", str(folder / "answers.csv"), "--form",
                     str(folder / "form.xlsx"), "--margins", str(folder / "answers-marges.csv"),
                     "--name", "essai-2026", *db)  # fmt: skip
    assert "Stored" in analysed.stdout
    vigie("report", "--out", str(folder / "deck.pptx"), *db)
    return copy


def figures(surveyed: CrawledFarm) -> dict[str, dict[str, SurveyFigure]]:
    found: dict[str, dict[str, SurveyFigure]] = {}
    for family, measure, estimate, low, high, n in sql(
        surveyed,
        "SELECT family, measure, estimate, ci_low, ci_high, respondents FROM survey_results"
        " WHERE survey = 'essai-2026' AND family != ''",
    ):
        found.setdefault(family, {})[measure] = SurveyFigure(estimate, low, high, n)
    return found


def test_the_deck_shows_the_survey_after_the_social_networks(surveyed: CrawledFarm) -> None:
    shown = titles(surveyed.directory / "deck.pptx")
    social = shown.index("Réseaux sociaux : présence et activité")
    assert shown[social + 1 : social + 3] == [
        "Les habitants : importance et satisfaction des services",
        "Les attentes des habitants face à l'offre des sites",
    ]


def test_importance_and_satisfaction_are_the_stored_means(surveyed: CrawledFarm) -> None:
    deck = surveyed.directory / "deck.pptx"
    stored = figures(surveyed)
    shapes = shapes_of(deck, "Les habitants : importance")
    rows = table_rows(shapes)[1:]
    means = {
        key: (measures["importance"].estimate, measures["satisfaction"].estimate)
        for key, measures in stored.items()
        if "satisfaction" in measures
    }
    placed = quadrants(means)
    assert rows == [
        [
            str(number),
            family.short,
            survey_mean(stored[family.key].get("importance")),
            survey_mean(stored[family.key].get("satisfaction")),
            placed.get(family.key, "–"),
        ]
        for number, family in enumerate(FAMILIES, start=1)
    ]
    chart = next(shape for shape in shapes if shape.has_chart).chart
    [series] = chart.plots[0].series
    assert list(series.values) == [round(i, 2) for i, _ in means.values()]
    [(respondents,)] = sql(
        surveyed,
        "SELECT respondents FROM survey_results WHERE survey = 'essai-2026'"
        " AND measure = 'repondants'",
    )
    source = "\n".join(s.text_frame.text for s in shapes if s.has_text_frame)
    assert f"{french_count(respondents)} répondants" in source
    calibrated = [
        variable
        for (variable,) in sql(
            surveyed,
            "SELECT substr(measure, 8) FROM survey_results WHERE survey = 'essai-2026'"
            " AND measure LIKE 'calage_%'",
        )
    ]
    assert {"sexe", "age"} <= set(calibrated)  # the synthetic sample is biased on both
    assert "pondérée par calage sur les marges (sexe, âge" in source


def test_expectations_face_what_the_sites_offer(surveyed: CrawledFarm) -> None:
    stored = figures(surveyed)
    rows = table_rows(shapes_of(surveyed.directory / "deck.pptx", "Les attentes des habitants"))
    measures = ["connaissance", "usage", "offert", "connaissance_si_offert",
                "importance_si_absent"]  # fmt: skip
    assert rows[1:] == [
        [family.short, *(survey_share(stored[family.key].get(m)) for m in measures)]
        for family in FAMILIES
    ]
    assert any("(" in cell for row in rows[1:] for cell in row)  # intervals are shown
    assert survey_share(SurveyFigure(0.625, 0.58, 0.66, 10)) == "62 % (58–66)"


def test_a_priority_of_the_residents_becomes_a_recommendation(surveyed: CrawledFarm) -> None:
    stored = figures(surveyed)
    means = {
        key: (m["importance"].estimate, m["satisfaction"].estimate)
        for key, m in stored.items()
        if "satisfaction" in m
    }
    priorities = [k for k, q in quadrants(means).items() if q.startswith("Priorité")]
    rows = table_rows(shapes_of(surveyed.directory / "deck.pptx", "Recommandations"))[1:]
    from_survey = [row for row in rows if row[2].startswith("Enquête auprès des habitants")]
    if not priorities:
        assert from_survey == []
        return
    [(action, evidence, _)] = from_survey
    key = max(priorities, key=lambda k: (means[k][0] - means[k][1], k))
    importance, satisfaction = means[key]
    assert action == f"Améliorer {next(f.label for f in FAMILIES if f.key == key)}"
    assert evidence == (
        f"Importance {french_number(round(importance, 1))} et satisfaction"
        f" {french_number(round(satisfaction, 1))} sur 5 selon les habitants."
    )


def test_bad_answers_stop_the_analysis_with_their_line(surveyed: CrawledFarm) -> None:
    folder = surveyed.directory
    lines = (folder / "answers.csv").read_text(encoding="utf-8").splitlines()
    lines[5] = lines[5].replace(";femme;", ";dame;", 1).replace(";homme;", ";dame;", 1)
    (folder / "bad.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    refused = vigie("survey", "analyse", str(folder / "bad.csv"), "--form",
                    str(folder / "form.xlsx"), "--db", surveyed.database_url,
                    check=False)  # fmt: skip
    assert refused.returncode == 1
    assert "line 6: sexe = 'dame' is not one of its choices" in refused.stderr


def test_a_scoped_questionnaire_names_what_its_sites_use(
    crawled_farm: CrawledFarm, tmp_path: Path
) -> None:
    out = tmp_path / "q.xlsx"
    done = vigie("survey", "design", "--scope", "national", "--out", str(out), "--doc",
                 str(tmp_path / "q.docx"), "--db", crawled_farm.database_url)  # fmt: skip
    assert "pyxform converted it without warning" in done.stdout
    form = read_xlsform(out)
    [(apps,)] = sql(
        crawled_farm,
        "SELECT COUNT(DISTINCT value) FROM findings WHERE run_id = 1 AND feature = 'alerts.app'",
    )
    [top_app] = sql(
        crawled_farm,
        "SELECT value FROM findings WHERE run_id = 1 AND feature = 'alerts.app' GROUP BY value"
        " ORDER BY COUNT(DISTINCT authority_id) DESC, value LIMIT 1",
    )[0]
    assert apps > 0
    assert APP_NAMES.get(top_app, top_app.capitalize()) in form.question("connait_alertes").label
    communes = {
        code for (code,) in sql(crawled_farm, "SELECT code FROM authorities WHERE kind = 'commune'")
    }
    assert {code for code, _ in form.choices["commune"]} == communes
    assert (tmp_path / "q.docx").stat().st_size > 10_000


def test_the_sampling_plan_as_a_user_gets_it(crawled_farm: CrawledFarm, tmp_path: Path) -> None:
    plan = tmp_path / "plan.csv"
    done = vigie("survey", "sample", "--margin", "0.05", "--scope", "national", "--communes",
                 "6", "--seed", "2", "--csv", str(plan), "--db", crawled_farm.database_url)  # fmt: skip
    margins = read_margins(EXAMPLE_MARGINS)
    size = sample_size(0.05, 0.95, max(sum(levels.values()) for levels in margins.values()))
    assert f"Respondents: {size} for ±5 points at 95 % confidence" in done.stdout
    with plan.open(encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    assert len(rows) == 6
    assert sum(int(row["respondents"]) for row in rows) == size
    populations = dict(
        sql(crawled_farm, "SELECT code, population FROM authorities WHERE kind = 'commune'")
    )
    assert all(int(row["population"]) == populations[row["code"]] for row in rows)
