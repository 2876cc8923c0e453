"""The survey as a user runs it — design, (synthetic) answers, analysis — and the deck's survey
section, whose every figure is held to the survey_results table."""

from __future__ import annotations

import csv
from dataclasses import replace
from pathlib import Path

import pytest

from database import open_database
from database.geography import DEPARTEMENTS
from database.scope import Scope
from reports.deck_survey import survey_mean, survey_share
from reports.french import french_fixed
from reports.labels import french_count
from reports.survey_summary import SurveyFigure
from reports.thresholds import MIN_RESPONDENTS
from survey.answers import read_answers
from survey.families import FAMILIES
from survey.ipa import quadrants
from survey.offer import APP_NAMES
from survey.questionnaire import build_form
from survey.sampling import sample_size
from survey.synthetic import Cell, family_models, simulate, write_kobo_csv
from survey.territory import territory_communes, territory_margins
from survey.xlsform import read_xlsform, write_xlsform
from tests.conftest import CrawledFarm, copy_database, vigie
from tests.reports.reading import shapes_of, sql, table_rows, texts_of, titles

N = "n\u00a0=\u00a0"  # the survey slides' "n = ": no line breaks inside


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
        " WHERE survey = 'essai-2026' AND family != '' AND measure NOT LIKE '%@%'",
    ):
        found.setdefault(family, {})[measure] = SurveyFigure(estimate, low, high, n)
    return found


def test_the_deck_shows_the_survey_after_the_social_networks(surveyed: CrawledFarm) -> None:
    shown = titles(surveyed.directory / "deck.pptx")
    social = shown.index("Réseaux sociaux : présence, audience et activité")
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
        and min(measures["importance"].respondents, measures["satisfaction"].respondents)
        >= MIN_RESPONDENTS
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
    series = next(s for s in chart.plots[0].series if s.name == "Services")
    assert list(series.values) == [round(i, 2) for i, _ in means.values()]
    shorts = {family.key: family.short for family in FAMILIES}
    # The points carry the services' names (a long one may be broken in two at a space).
    named = [
        series.points[i].data_label.text_frame.text.replace("\n", " ") for i in range(len(means))
    ]
    assert named == [shorts[key] for key in means]
    [(respondents,)] = sql(
        surveyed,
        "SELECT respondents FROM survey_results WHERE survey = 'essai-2026'"
        " AND measure = 'repondants'",
    )
    source = "\n".join(s.text_frame.text for s in shapes if s.has_text_frame)
    assert f"Périmètre : France entière · {N}{french_count(respondents)} répondants" in source
    assert "Données simulées (enquête synthétique de démonstration)" in source  # simulated
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
    assert (
        survey_share(SurveyFigure(0.625, 0.58, 0.66, 40)) == f"63\u202f% (58–66), {N}40"
    )  # a half rounds up
    assert survey_share(SurveyFigure(0.625, 0.58, 0.66, 29)) == f"effectif insuffisant ({N}29)"
    assert survey_mean(SurveyFigure(3.84, 3.7, 3.9, 29)) == f"effectif insuffisant ({N}29)"
    assert survey_mean(SurveyFigure(3.84, 3.7, 3.9, 30)) == f"3,8 ({N}30)"


def test_a_priority_of_the_residents_becomes_a_recommendation(surveyed: CrawledFarm) -> None:
    stored = figures(surveyed)
    means = {  # the services whose both means rest on enough respondents
        key: (m["importance"].estimate, m["satisfaction"].estimate)
        for key, m in stored.items()
        if "satisfaction" in m
        and min(m["importance"].respondents, m["satisfaction"].respondents) >= MIN_RESPONDENTS
    }
    priorities = [k for k, q in quadrants(means).items() if q.startswith("Priorité")]
    rows = table_rows(shapes_of(surveyed.directory / "deck.pptx", "Recommandations"))[1:]
    from_survey = [row for row in rows if row[2].startswith("Enquête auprès des habitants")]
    if not priorities:
        assert from_survey == []
        return
    [(action, evidence, source)] = from_survey
    key = max(priorities, key=lambda k: (means[k][0] - means[k][1], k))
    importance, satisfaction = means[key]
    assert action == f"Améliorer {next(f.label for f in FAMILIES if f.key == key)}"
    assert evidence == (  # one decimal always: "4,0", not "4"
        f"Importance {french_fixed(importance)} et satisfaction"
        f" {french_fixed(satisfaction)} sur 5 selon les habitants qui l'ont noté."
    )
    # its n is of those who rated the service, not of every respondent
    rated = stored[key]["satisfaction"].respondents
    assert source.startswith(
        f"Enquête auprès des habitants ({N}{french_count(rated)} répondants ayant noté"
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
    # The scope's population: its communes' residents aged 15 or more (survey/territory.py).
    margins = territory_margins(territory_communes(crawled_farm.engine, Scope("national")))
    size = sample_size(0.05, 0.95, sum(margins["sexe"].values()))
    assert f"Respondents: {size} for ±5 points at 95 % confidence" in done.stdout
    with plan.open(encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    assert len(rows) == 6
    assert sum(int(row["respondents"]) for row in rows) == size
    populations = dict(
        sql(crawled_farm, "SELECT code, population FROM authorities WHERE kind = 'commune'")
    )
    assert all(int(row["population"]) == populations[row["code"]] for row in rows)


def area_counts(surveyed: CrawledFarm, kind: str) -> dict[str, int]:
    """Respondents per area of a kind, as the analysis stored them."""
    return {
        measure.split(":", 1)[1]: n
        for measure, n in sql(
            surveyed,
            "SELECT measure, respondents FROM survey_results WHERE survey = 'essai-2026'"
            " AND measure LIKE :kind",
            kind=f"repondants@{kind}:%",
        )
    }


def test_every_respondent_is_counted_in_one_commune_departement_and_region(
    surveyed: CrawledFarm,
) -> None:
    [(whole,)] = sql(
        surveyed,
        "SELECT respondents FROM survey_results WHERE survey = 'essai-2026'"
        " AND measure = 'repondants'",
    )
    for kind in ("commune", "departement", "region"):
        assert sum(area_counts(surveyed, kind).values()) == whole
    communes = area_counts(surveyed, "commune")
    by_departement: dict[str, int] = {}
    for code, departement in sql(surveyed, "SELECT code, departement_code FROM authorities"):
        if code in communes:
            by_departement[departement] = by_departement.get(departement, 0) + communes[code]
    assert by_departement == area_counts(surveyed, "departement")
    # a domain's estimate rests on at most the domain's respondents
    for measure, n in sql(
        surveyed,
        "SELECT measure, respondents FROM survey_results WHERE survey = 'essai-2026'"
        " AND measure LIKE '%@departement:%' AND family != ''",
    ):
        assert n <= area_counts(surveyed, "departement")[measure.split(":", 1)[1]]


@pytest.fixture(scope="module")
def departement_decks(surveyed: CrawledFarm) -> dict[str, tuple[str, int, Path]]:
    """Decks of the départements with the most and with the fewest respondents:
    "most"/"fewest" -> (code, respondents, deck)."""
    counts = area_counts(surveyed, "departement")
    codes = {  # départements with a crawled site: their deck has its data slides
        code
        for (code,) in sql(
            surveyed,
            "SELECT DISTINCT a.departement_code FROM site_scans s JOIN authorities a"
            " ON a.id = s.authority_id WHERE s.status = 'ok'",
        )
    }
    ranked = sorted(((counts.get(code, 0), code) for code in codes if code), reverse=True)
    decks = {}
    for which, (n, code) in (("most", ranked[0]), ("fewest", ranked[-1])):
        out = surveyed.directory / f"deck-{code}.pptx"
        vigie("report", "--scope", f"departement:{code}", "--out", str(out),
              "--db", surveyed.database_url)  # fmt: skip
        decks[which] = (code, n, out)
    return decks


def test_a_departement_deck_shows_its_residents_only(
    surveyed: CrawledFarm, departement_decks: dict[str, tuple[str, int, Path]]
) -> None:
    code, n, deck = departement_decks["most"]
    assert n >= MIN_RESPONDENTS
    stored: dict[str, dict[str, SurveyFigure]] = {}
    for family, measure, estimate, low, high, count in sql(
        surveyed,
        "SELECT family, measure, estimate, ci_low, ci_high, respondents FROM survey_results"
        " WHERE survey = 'essai-2026' AND family != '' AND measure LIKE :area",
        area=f"%@departement:{code}",
    ):
        stored.setdefault(family, {})[measure.split("@")[0]] = SurveyFigure(
            estimate, low, high, count
        )
    shapes = shapes_of(deck, "Les attentes des habitants")
    rows = table_rows(shapes)[1:]
    measures = ["connaissance", "usage", "offert", "connaissance_si_offert",
                "importance_si_absent"]  # fmt: skip
    for row, family in zip(rows, FAMILIES, strict=True):
        for cell, measure in zip(row[1:], measures, strict=True):
            figure = stored.get(family.key, {}).get(measure)
            if figure is None:
                assert cell == "–"
            elif figure.respondents < MIN_RESPONDENTS:
                assert cell == f"effectif insuffisant ({N}{french_count(figure.respondents)})"
            else:
                assert cell.startswith(f"{round(100 * figure.estimate)}\u202f%")
                assert cell.endswith(f"{N}{french_count(figure.respondents)}")
    [(whole,)] = sql(
        surveyed,
        "SELECT respondents FROM survey_results WHERE survey = 'essai-2026'"
        " AND measure = 'repondants'",
    )
    for title in ("Les habitants : importance", "Les attentes des habitants"):
        said = texts_of(shapes_of(deck, title))
        assert (
            f"Périmètre : {DEPARTEMENTS[code]} ({code}) · {N}{french_count(n)} répondants"
            f" (sur {french_count(whole)})"
        ) in said
        assert "Données simulées (enquête synthétique de démonstration)" in said


def test_a_departement_with_too_few_respondents_says_why_the_survey_is_left_out(
    departement_decks: dict[str, tuple[str, int, Path]],
) -> None:
    code, n, deck = departement_decks["fewest"]
    assert n < MIN_RESPONDENTS
    shown = titles(deck)
    assert "Les habitants : importance et satisfaction des services" not in shown
    assert "Les attentes des habitants face à l'offre des sites" not in shown
    said = texts_of(shapes_of(deck, "Les habitants : enquête non présentée ici"))
    assert f"{N}{french_count(n)} répondant" in said
    assert f"seuil de {MIN_RESPONDENTS} répondants" in said
    assert "Données simulées" in said


def test_only_answers_from_the_simulation_are_marked_simulated(tmp_path: Path) -> None:
    form = read_xlsform(write_xlsform(build_form(), tmp_path / "form.xlsx"))
    cells = [Cell("01001", "0-499", "84", "femme", "30-44", 1000.0, frozenset())]
    path = write_kobo_csv(form, simulate(form, cells, family_models(1), 5, 1), tmp_path / "a.csv")
    assert read_answers(path, form).synthetic
    collected = path.read_text(encoding="utf-8").replace(";vigie-simulation", ";enqueteur-3")
    (tmp_path / "b.csv").write_text(collected, encoding="utf-8")
    assert not read_answers(tmp_path / "b.csv", form).synthetic
