"""The study document's survey chapter shows what the deck shows beyond the services: the
channels residents use and their digital uses by age band, the themes of their open comments
with quotes (when the comments file is given), and the changes since the previous wave; each
with its n, and every cell under the threshold said in words, as on the slides."""

from __future__ import annotations

from docx.document import Document as DocumentType
from docx.table import Table

from reports.document_style import new_study
from reports.document_survey_questions import question_sections
from reports.french import french_count, french_percent
from reports.survey_comments import CommentFigures
from reports.survey_questions import WaveComparison
from reports.survey_summary import SurveyFigure, SurveySummary
from reports.thresholds import INSUFFICIENT, MIN_RESPONDENTS
from survey.comments import CommentCoding
from survey.compare import Change, Stored
from survey.intervals import wilson
from survey.ipa import PRIORITY
from survey.questionnaire import AGE_BANDS

NARROW, NBSP, JOINER = "\u202f", "\u00a0", "\u2060"
LABELS = {"demarches": "Démarches en ligne", "navigation": "Site difficile à utiliser"}


def plain(text: str) -> str:
    """Without French typography's no-break spaces, to compare with words."""
    return text.replace(NBSP, " ").replace(NARROW, " ").replace(JOINER, "")


def figure(share: float, n: int) -> SurveyFigure:
    return SurveyFigure(share, share - 0.05, share + 0.05, n)


def summary(commented: int = 400, quotes: bool = True) -> SurveySummary:
    """Networks cited by 30 % (the 75+ too few to say), daily internet use, 400 comments of
    900 respondents, and an earlier wave."""
    channels = {"reseaux": figure(0.3, 900), "bulletin": figure(0.5, 900)}
    internet = {"quotidien": figure(0.8, 900), "jamais": figure(0.05, 900)}
    for band, _ in AGE_BANDS:
        n = MIN_RESPONDENTS - 1 if band == "75+" else 200
        for shares in (channels, internet):
            for option in list(shares):
                if "|" not in option:
                    shares[f"{option}|age={band}"] = figure(shares[option].estimate, n)
    comments = CommentFigures(900, commented, {"demarches": 120, "navigation": 80}, 90, LABELS)
    if quotes:
        comments.quotes = CommentCoding(
            LABELS, commented, comments.counts, 90,
            {"demarches": ["Tout faire depuis chez moi."], "navigation": ["Des liens morts."]},
            {PRIORITY: ["Les formulaires devraient être en ligne."]},
        )  # fmt: skip
    moved = Change("question:internet", "jamais", Stored(0.1, 0.08, 0.12, 1500),
                   Stored(0.05, 0.04, 0.06, 900), -0.05, -0.07, -0.03, 1e-9, True)  # fmt: skip
    return SurveySummary(
        "essai", 900, {}, ["sexe", "age"], True, comments=comments,
        questions={"canaux": channels, "internet": internet},
        waves=WaveComparison("essai-2025", [moved], left_out=2),
    )  # fmt: skip


def study_of(survey: SurveySummary) -> DocumentType:
    study = new_study("Source : essai.")
    question_sections(study, survey)
    return study.document


def chapter(survey: SurveySummary) -> tuple[list[str], list[Table], str]:
    """The sections' headings, tables and whole text (paragraphs, then the tables' cells)."""
    document = study_of(survey)
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    cells = [cell.text for t in document.tables for row in t.rows for cell in row.cells]
    text = plain("\n".join([p.text for p in document.paragraphs] + cells))
    return headings, list(document.tables), text


def rows_of(table: Table) -> list[list[str]]:
    return [[plain(cell.text) for cell in row.cells] for row in table.rows]


def test_the_chapter_has_the_decks_sections_in_its_order() -> None:
    headings, tables, _ = chapter(summary())
    assert headings == [
        "Ce que disent les habitants",
        "Comment les habitants s'informent sur leur commune",
        "Le numérique au quotidien des habitants",
        "Ce qui a changé depuis la vague précédente",
    ]
    assert len(tables) == 4


def test_channels_by_age_band_head_each_column_with_its_n_and_suppress_thin_cells() -> None:
    _, tables, text = chapter(summary())
    header, *body = rows_of(tables[1])
    assert header[1] == "Ensemble (n = 900)"
    assert header[-1] == f"75 ans ou plus (n = {MIN_RESPONDENTS - 1})"
    assert [row[0] for row in body] == ["Le bulletin municipal papier", "Les réseaux sociaux"]
    assert body[1][1] == plain(f"{french_percent(30)} (25–35)")
    assert body[1][-1] == INSUFFICIENT
    # A narrow cell wraps before the bracket, never inside the interval ("(25–\n35)").
    assert f"(25–{JOINER}35)" in tables[1].rows[2].cells[1].text
    assert f"sous {MIN_RESPONDENTS} répondants, la part n'est pas présentée" in text
    uses = rows_of(tables[2])
    assert [row[0] for row in uses[1:]] == [
        "Vont sur internet tous les jours ou presque",
        "Ne vont jamais sur internet",
    ]


def test_a_share_of_zero_shows_its_interval_aligned_like_the_others() -> None:
    """None of 40 young respondents never goes online: not "certainly 0", it reads
    "0 % (0–9)", its Wilson interval, and sits in its column like every other share."""
    survey = summary()
    survey.questions["internet"]["jamais|age=15-29"] = SurveyFigure(0.0, *wilson(0.0, 40), 40)
    _, tables, _ = chapter(survey)
    never = next(row for row in tables[2].rows if row.cells[0].text.startswith("Ne vont jamais"))
    assert plain(never.cells[2].text) == plain(f"{french_percent(0)} (0–9)")
    alignments = {cell.paragraphs[0].alignment for cell in never.cells[1:]}
    assert alignments == {None}  # all left, as the other shares with their interval


def test_comment_themes_with_their_share_n_and_quotes() -> None:
    _, tables, text = chapter(summary())
    assert rows_of(tables[0]) == [
        ["Thème", "Commentaires", "Part des commentaires"],
        ["Démarches en ligne", "120", plain(french_percent(30))],
        ["Site difficile à utiliser", "80", plain(french_percent(20))],
    ]
    assert "n = 400 répondants ayant laissé un commentaire, sur 900" in text
    assert plain(f"Sans thème reconnu : {french_percent(100 * 90 / 400)} (90 sur 400)") in text
    assert "Démarches en ligne : « Tout faire depuis chez moi. »" in text
    said = next(p for p in study_of(summary()).paragraphs if p.text.startswith("Ce qu'ils"))
    assert said.paragraph_format.keep_with_next  # never alone at the foot of a page
    assert (
        "Sur les services jugés importants mais peu satisfaisants : « Les formulaires devraient être en ligne. »"
        in (text)
    )


def test_without_the_comments_file_the_document_says_how_to_join_the_quotes() -> None:
    _, _, text = chapter(summary(quotes=False))
    assert "Citations non jointes" in text
    assert "vigie report --survey-comments" in text
    assert "« Tout faire" not in text


def test_below_the_threshold_the_themes_are_named_without_share() -> None:
    few = MIN_RESPONDENTS - 1
    headings, tables, text = chapter(summary(commented=few))
    assert "Ce que disent les habitants" in headings
    assert not any(rows_of(t)[0][0] == "Thème" for t in tables)
    assert f"Effectif insuffisant (n = {few} répondants" in text
    assert "Thèmes rencontrés : Démarches en ligne, Site difficile à utiliser." in text
    assert "Ce qu'ils écrivent (exemples, non représentatifs) :" in text


def test_the_waves_table_says_what_significant_means() -> None:
    _, tables, text = chapter(summary())
    header, row = rows_of(tables[3])
    assert header[-1] == "Significative après correction pour comparaisons multiples"
    assert row == [
        "Fréquence d'usage d'internet : jamais",
        plain(f"{french_percent(10)} (n = {french_count(1500)})"),
        plain(f"{french_percent(5)} (n = 900)"),
        "−5 points (−7 à −3)",
        "oui",
    ]
    assert "Vague précédente : « essai-2025 »" in text
    assert "l'intervalle entre parenthèses vaut pour l'estimation prise seule" in text
    assert f"2 estimations sur moins de {MIN_RESPONDENTS} répondants" in text
    # "22 %" then "30 %" may read "+7 points": the reader is told why
    assert "Les évolutions sont calculées sur les estimations avant arrondi." in text


def test_a_survey_without_closed_questions_comments_or_waves_adds_nothing() -> None:
    headings, tables, _ = chapter(SurveySummary("essai", 900, {}))
    assert headings == []
    assert tables == []
