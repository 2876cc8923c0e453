"""The open comments as a user gets them: `vigie survey analyse` codes the synthetic answers'
comments (--codebook, --comments-out), stores their themes, writes the quotes; `vigie report
--survey-comments` shows "Ce que disent les habitants"; below the threshold no share is
stated."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from database import open_database
from reports.deck_survey_comments import TITLE, comments_slide
from reports.french import french_count, french_percent
from reports.layout import new_presentation
from reports.survey_comments import CommentFigures
from reports.survey_summary import SurveySummary
from reports.thresholds import MIN_RESPONDENTS
from survey.codebook import read_codebook
from tests.conftest import CrawledFarm, copy_database, vigie
from tests.reports.reading import shapes_of, sql, texts_of, titles

N = "n\u00a0=\u00a0"  # the survey slides' "n = ": no line breaks inside


@pytest.fixture(scope="module")
def commented(crawled_farm: CrawledFarm, tmp_path_factory: pytest.TempPathFactory) -> CrawledFarm:
    folder = tmp_path_factory.mktemp("commented")
    url = copy_database(crawled_farm.directory / "vigie.db", folder / "vigie.db")
    copy = replace(crawled_farm, database_url=url, engine=open_database(url), directory=folder)
    db = ("--db", copy.database_url)
    vigie("survey", "design", "--out", str(folder / "form.xlsx"), *db)
    vigie("survey", "simulate", "--form", str(folder / "form.xlsx"), "--respondents", "1000",
          "--seed", "5", "--out", str(folder / "answers.csv"), *db)  # fmt: skip
    analysed = vigie("survey", "analyse", str(folder / "answers.csv"), "--form",
                     str(folder / "form.xlsx"), "--margins", str(folder / "answers-marges.csv"),
                     "--name", "avis-2026", *db)  # fmt: skip
    assert "Wrote the quotes to" in analysed.stdout
    vigie("report", "--out", str(folder / "deck.pptx"), "--survey-comments",
          str(folder / "answers-commentaires.json"), *db)  # fmt: skip
    return copy


def stored(farm: CrawledFarm) -> dict[str, tuple[float, int]]:
    return {
        measure: (estimate, n)
        for measure, estimate, n in sql(
            farm,
            "SELECT measure, estimate, respondents FROM survey_results WHERE survey = 'avis-2026'"
            " AND family = '' AND (measure LIKE 'theme:%' OR measure IN ('commentaires',"
            " 'sans_theme')) AND measure NOT LIKE '%@%'",
        )
    }


def test_themes_are_stored_with_n_the_respondents_who_commented(commented: CrawledFarm) -> None:
    rows = stored(commented)
    share, respondents = rows["commentaires"]
    assert respondents == 1000
    commenters = round(share * respondents)
    assert 300 < commenters < 500  # 40 % comment
    themes = {m: v for m, v in rows.items() if m.startswith("theme:")}
    assert len(themes) == len(read_codebook().themes)
    assert all(n == commenters for _, n in themes.values())
    assert rows["sans_theme"][1] == commenters
    [(areas,)] = sql(
        commented,
        "SELECT count(*) FROM survey_results WHERE survey = 'avis-2026'"
        " AND measure LIKE 'theme:demarches@departement:%'",
    )
    assert areas > 0  # per département, as the deck of a département reads them


def test_the_quotes_file_is_anonymised_and_of_this_survey(commented: CrawledFarm) -> None:
    document = json.loads((commented.directory / "answers-commentaires.json").read_text())
    assert document["enquete"] == "avis-2026"
    whole = document["codages"][""]
    assert all(1 <= len(q) <= 3 for q in whole["quotes"].values())
    assert "@" not in json.dumps(whole["quotes"])


def test_the_slide_shows_the_stored_themes_and_quotes(commented: CrawledFarm) -> None:
    deck = commented.directory / "deck.pptx"
    shown = titles(deck)
    assert shown[shown.index(TITLE) - 1] == "Les attentes des habitants face à l'offre des sites"
    shapes = shapes_of(deck, TITLE)
    rows = stored(commented)
    commenters = round(rows["commentaires"][0] * rows["commentaires"][1])
    chart = next(shape for shape in shapes if shape.has_chart).chart
    values = list(chart.plots[0].series[0].values)
    labels = list(chart.plots[0].categories)
    assert values == sorted(values)  # the most cited at the top of the bars
    by_count = sorted((round(s * n) for m, (s, n) in rows.items() if m.startswith("theme:")))
    assert [round(100 * c / commenters) for c in by_count[-len(values) :]] == values
    assert all(label.endswith(")") for label in labels)  # each theme's count in its label
    text = texts_of(shapes)
    assert f"{N}{french_count(commenters)} répondants ayant laissé un commentaire" in text
    assert text.count("« ") >= 3  # quotes of the leading themes
    uncoded = french_percent(100 * rows["sans_theme"][0])
    assert f"Sans thème reconnu : {uncoded}" in text
    assert "Données simulées" in text
    assert "codebook" not in text  # the study's words are French: "grille de codage"
    assert "Habitants du quadrant" not in text  # the quotes' heading says what it means
    assert "Sur les services jugés importants mais peu satisfaisants" in text


def test_a_malformed_codebook_is_one_line_and_exit_2(
    commented: CrawledFarm, tmp_path: Path
) -> None:
    broken = tmp_path / "codebook.toml"
    broken.write_text('[[theme]]\ncle = "x"\nlibelle = "X"\nmots = "pas une liste"\n')
    folder = commented.directory
    result = vigie("survey", "analyse", str(folder / "answers.csv"), "--form",
                   str(folder / "form.xlsx"), "--codebook", str(broken), "--db",
                   commented.database_url, check=False)  # fmt: skip
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "mots" in result.stderr


def test_a_comments_file_of_another_survey_is_refused(
    commented: CrawledFarm, tmp_path: Path
) -> None:
    other = tmp_path / "autre.json"
    other.write_text(json.dumps({"enquete": "autre", "codages": {}}))
    result = vigie("report", "--out", str(tmp_path / "d.pptx"), "--survey-comments", str(other),
                   "--db", commented.database_url, check=False)  # fmt: skip
    assert result.returncode == 2
    assert "avis-2026" in result.stderr


def test_below_the_threshold_themes_are_not_stated_as_fact() -> None:
    few = MIN_RESPONDENTS - 1
    figures = CommentFigures(200, few, {"demarches": 9, "navigation": 4}, 5,
                             {"demarches": "Démarches en ligne", "navigation": "Navigation"})  # fmt: skip
    summary = SurveySummary("s", 200, {}, comments=figures)
    presentation = new_presentation()
    comments_slide(presentation, "Source : essai.", summary)
    [slide] = presentation.slides
    text = "\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
    assert not any(shape.has_chart for shape in slide.shapes)
    assert f"Effectif insuffisant ({N}{few} répondants" in text
    assert "Démarches en ligne" in text
    assert "%" not in text
