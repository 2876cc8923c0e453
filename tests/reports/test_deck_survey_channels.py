"""The survey slides on the closed questions: how residents get local information, by age
band, each column with its n and every cell under the threshold said in words; the waves'
slide lists the significant changes first, with both waves' n, and says what "significative"
means; answers read lower-case inside a row's words; no word is split by its column."""

from __future__ import annotations

import pytest
from pptx.presentation import Presentation as PresentationType
from pptx.util import Inches

from reports.deck_survey_channels import channels_slides
from reports.deck_survey_table import fitted_widths
from reports.french import french_count, french_percent
from reports.layout import new_presentation
from reports.survey_questions import WaveComparison
from reports.survey_summary import SurveyFigure, SurveySummary
from reports.thresholds import INSUFFICIENT, MIN_RESPONDENTS
from survey.compare import Change, Stored
from survey.intervals import wilson
from survey.questionnaire import AGE_BANDS
from tests.reports.reading import texts_of

SOURCE = "Source : essai."

N = "n\u00a0=\u00a0"  # the survey slides' "n = ": no line breaks inside


def figure(share: float, n: int) -> SurveyFigure:
    return SurveyFigure(share, share - 0.05, share + 0.05, n)


def summary() -> SurveySummary:
    """Social networks cited by 30 % overall, 60 % of the 15–29 (enough of them), the 75+
    too few to say."""
    channels = {"reseaux": figure(0.3, 900), "bulletin": figure(0.5, 900)}
    for band, _ in AGE_BANDS:
        n = MIN_RESPONDENTS - 1 if band == "75+" else 200
        channels[f"reseaux|age={band}"] = figure(0.6 if band == "15-29" else 0.25, n)
        channels[f"bulletin|age={band}"] = figure(0.5, n)
    return SurveySummary("essai", 900, {}, ["sexe", "age"], True, questions={"canaux": channels})


def table_of(presentation: PresentationType, title: str) -> list[list[str]]:
    slide = next(s for s in presentation.slides if title in texts_of(list(s.shapes)))
    table = next(shape for shape in slide.shapes if shape.has_table).table
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_channels_by_age_band_with_n_and_too_small_cells_in_words() -> None:
    presentation = new_presentation()
    channels_slides(presentation, SOURCE, summary())
    rows = table_of(presentation, "Comment les habitants s'informent sur leur commune")
    header, *body = rows
    assert header[1] == f"Ensemble ({N}900)"
    assert header[2] == f"15 à 29 ans ({N}200)"
    assert header[-1] == f"75 ans ou plus ({N}{MIN_RESPONDENTS - 1})"
    assert [row[0] for row in body] == ["Le bulletin municipal papier", "Les réseaux sociaux"]
    networks = body[1]
    assert networks[1] == f"{french_percent(30)} (25–35)"
    assert networks[2] == f"{french_percent(60)} (55–65)"
    assert networks[-1] == INSUFFICIENT  # never a share on fewer than the threshold
    # No earlier wave recorded: no comparison slide.
    assert not any(
        "vague précédente" in texts_of(list(slide.shapes)) for slide in presentation.slides
    )


def test_a_share_of_zero_shows_its_interval_like_the_others() -> None:
    """No respondent of 40 aged 75 or more cites the networks: "0 % (0–9)", its Wilson
    interval, not a bare "0 %" that reads as certain; a bound within a point of 0 keeps
    its decimal, never "(0–0)"."""
    survey = summary()
    channels = survey.questions["canaux"]
    channels["reseaux|age=75+"] = SurveyFigure(0.0, *wilson(0.0, 40), 40)
    channels["reseaux"] = SurveyFigure(0.0, *wilson(0.0, 1500), 1500)
    presentation = new_presentation()
    channels_slides(presentation, SOURCE, survey)
    networks = table_of(presentation, "Comment les habitants s'informent sur leur commune")[-1]
    assert networks[-1] == f"{french_percent(0)} (0–9)"
    assert networks[1] == f"{french_percent(0)} (0–0,3)"


def test_the_waves_slide_puts_the_significant_changes_first_with_both_n() -> None:
    before, after = Stored(0.2, 0.18, 0.22, 1500), Stored(0.3, 0.28, 0.32, 1400)
    moved = Change("question:canaux", "reseaux", before, after, 0.1, 0.07, 0.13, 1e-9, True)
    still = Change("demarches", "usage", before, before, 0.0, -0.03, 0.03, 1.0, False)
    survey = summary()
    survey.waves = WaveComparison("essai-2025", [still, moved], left_out=3)
    presentation = new_presentation()
    channels_slides(presentation, SOURCE, survey)
    rows = table_of(presentation, "Ce qui a changé depuis la vague précédente")
    assert rows[0][-1] == "Significative après correction pour comparaisons multiples"
    assert rows[1][0] == "S'informent sur la commune par : les réseaux sociaux"
    assert rows[1][1:] == [
        f"{french_percent(20)} ({N}{french_count(1500)})",
        f"{french_percent(30)} ({N}{french_count(1400)})",
        "+10 points (+7 à +13)",
        "oui",
    ]
    assert rows[2][-1] == "non"
    slide = next(s for s in presentation.slides if "vague précédente" in texts_of(list(s.shapes)))
    text = texts_of(list(slide.shapes))
    assert "Vague précédente : « essai-2025 »" in text
    assert "1 évolution significative sur 2 estimations comparées" in text
    assert f"3 estimations sur moins de {MIN_RESPONDENTS} répondants" in text
    # An interval clear of 0 beside "non" is explained: the interval is the estimate's own,
    # "significative" accounts for the many estimates compared at once.
    assert (
        "« Significative » : l'écart dépasse ce que le hasard explique, même en tenant compte"
        " des 2 estimations comparées à la fois ; l'intervalle entre parenthèses vaut pour"
        " l'estimation prise seule."
    ) in text


def test_answers_read_lower_case_inside_a_row_names_keep_their_capital() -> None:
    before, after = Stored(0.1, 0.08, 0.12, 1500), Stored(0.05, 0.04, 0.06, 1400)
    survey = summary()
    survey.waves = WaveComparison(
        "essai-2025",
        [
            Change("question:internet", "jamais", before, after, -0.05, -0.07, -0.03, 1e-6),
            Change("question:reseaux_suivis", "facebook", before, after, -0.05, -0.07, -0.03, 1e-5),
            Change("question:reseaux_suivis", "autre@departement:44", before, after, -0.05,
                   -0.07, -0.03, 1e-4),
        Change("question:reseaux_suivis", "aucun", before, after, -0.05, -0.07, -0.03, 1e-3),
        ],
        left_out=0,
    )  # fmt: skip
    presentation = new_presentation()
    channels_slides(presentation, SOURCE, survey)
    named = [row[0] for row in table_of(presentation, "vague précédente")[1:]]
    assert named == [
        "Fréquence d'usage d'internet : jamais",
        "Suivent la commune sur : Facebook",
        "Suivent la commune sur : un autre réseau",  # never the stored area code
        "Suivent la commune sur : aucun réseau",  # not "je ne la suis sur aucun réseau"
    ]


def test_every_column_holds_its_longest_word() -> None:
    """LibreOffice and PowerPoint break a word too long for its cell ("Lettre
    d'informatio-n"): each column is at least as wide as its longest word (12 pt type, a
    character 0.56 em wide, 0.1 in of margin each side)."""
    survey = summary()
    moved = Change("question:canaux", "reseaux", Stored(0.2, 0.18, 0.22, 1500),
                   Stored(0.3, 0.28, 0.32, 1400), 0.1, 0.07, 0.13, 1e-9, True)  # fmt: skip
    survey.waves = WaveComparison("essai-2025", [moved], left_out=0)
    presentation = new_presentation()
    channels_slides(presentation, SOURCE, survey)
    tables = [shape.table for slide in presentation.slides for shape in slide.shapes
              if shape.has_table]  # fmt: skip
    assert len(tables) == 2  # the channels, the waves
    for table in tables:
        for index, column in enumerate(table.columns):
            words = [w for row in table.rows for w in row.cells[index].text.split(" ")]
            assert column.width >= Inches(max(len(w) for w in words) * 12 * 0.56 / 72 + 0.2)
    # The importance table's service column, as the importance slide sets it (6.83 in wide).
    header = ["N°", "Service", "Importance", "Satisfaction", "Quadrant"]
    rows = [["5", "Lettre d'information", "3,1 (n\u00a0=\u00a01\u202f500)", "3,8 (n\u00a0=\u00a0193)",
             "Effort peut-être excessif"]]  # fmt: skip
    shares = fitted_widths(header, rows, (0.07, 0.19, 0.21, 0.23, 0.3), 6.83, 12)
    assert shares[1] * 6.83 >= len("d'information") * 12 * 0.56 / 72 + 0.2
    assert sum(shares) == pytest.approx(1)
