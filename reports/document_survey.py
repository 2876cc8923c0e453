"""The residents' survey chapter of the study document, by the deck's rules and words
(reports/deck_survey.py, reports/survey_summary.py): the respondents living in the document's
scope, its n and whether the answers are simulated; importance against satisfaction and
expectations against what the sites offer; the open comments, the channels and digital uses
by age band and the changes since the previous wave (reports/document_survey_questions.py);
or why the survey is left out (fewer than
MIN_RESPONDENTS respondents in the scope, a list, an analysis not broken down by area)."""

from __future__ import annotations

from reports.data import ReportData
from reports.deck_survey import quadrant_note, scope_line, survey_mean, survey_share, survey_source
from reports.document_style import Study, heading, paragraph, table
from reports.document_survey_questions import question_sections, unbroken_ranges
from reports.survey_summary import SurveySummary
from reports.thresholds import MIN_RESPONDENTS
from survey.families import FAMILIES
from survey.ipa import quadrants

NO_ESTIMATE = "L'enquête n'a produit aucune estimation pour ce périmètre."


def survey_chapter(study: Study, data: ReportData, number: int) -> int:
    """The chapter, numbered `number`, when a survey was analysed with this run; returns the
    next chapter's number."""
    survey = data.survey
    if survey is None:
        return number
    heading(study, f"{number}. Enquête auprès des habitants")
    paragraph(
        study,
        "Une enquête auprès des habitants a été analysée avec cette campagne ; ses estimations"
        " portent sur les répondants qui habitent le périmètre, avec leur intervalle de"
        " confiance à 95 %."
        f" Une estimation sur moins de {MIN_RESPONDENTS} répondants n'est pas énoncée.",
    )
    paragraph(study, scope_line(survey) + ".")
    if not survey.shown:
        paragraph(study, survey.left_out or NO_ESTIMATE)
        return number + 1
    # The chapter's tables cite the survey and its weighting, as the deck's slides do, not
    # the crawl the rest of the document rests on.
    crawl_source, study.source = study.source, survey_source(data)
    try:
        importance_table(study, survey)
        expectations_table(study, survey)
        question_sections(study, survey)
    finally:
        study.source = crawl_source
    return number + 1


def _n_text(survey: SurveySummary) -> str:
    return scope_line(survey).split(" · ", 1)[1] + "."


def importance_table(study: Study, survey: SurveySummary) -> None:
    """Each service's importance and satisfaction (means on 1 to 5) and its quadrant."""
    heading(study, "Importance et satisfaction des services", level=2)
    shorts = {family.key: family.short for family in FAMILIES}
    placed = quadrants(survey.means())
    rows = [
        [
            shorts.get(key, key),
            survey_mean(measures.get("importance")),
            survey_mean(measures.get("satisfaction")),
            placed.get(key, "–"),
        ]
        for key, measures in survey.figures.items()
    ]
    table(study, "Importance et satisfaction des services (moyennes, échelle de 1 à 5)",
          ["Service", "Importance", "Satisfaction", "Quadrant"], rows, (4, 3.6, 3.6, 4.8),
          _n_text(survey) + quadrant_note(survey.means()))  # fmt: skip


def expectations_table(study: Study, survey: SurveySummary) -> None:
    """What residents know, use and expect of each service, against what the sites offer."""
    heading(study, "Les attentes des habitants face à l'offre des sites", level=2)
    shorts = {family.key: family.short for family in FAMILIES}
    rows = [
        [
            shorts.get(key, key),
            survey_share(measures.get("connaissance")),
            survey_share(measures.get("usage")),
            survey_share(measures.get("offert")),
            survey_share(measures.get("connaissance_si_offert")),
            survey_share(measures.get("importance_si_absent")),
        ]
        for key, measures in survey.figures.items()
    ]
    table(study, "Les attentes des habitants face à l'offre des sites (part des répondants)",
          ["Service", "Connaissent le service", "L'ont utilisé (12 mois)", "Habitent une"
           " commune dont le site l'offre", "Le connaissent, là où il est offert", "Le jugent"
           " important, là où il manque"], unbroken_ranges(rows), (2.6, 2.68, 2.68, 2.68, 2.68, 2.68),
          _n_text(survey) + " Entre parenthèses : l'intervalle de confiance à 95 %.")  # fmt: skip
