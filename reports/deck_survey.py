"""The citizen survey's slides: importance against satisfaction, and expectations against
what the sites offer, for the respondents living in the deck's scope; each slide says its
scope, its n and whether the answers are simulated; a cell on fewer than MIN_RESPONDENTS
respondents reads "effectif insuffisant", and a scope with too few respondents in all gets one
slide saying why the survey is left out."""

from __future__ import annotations

from pptx.presentation import Presentation as PresentationType
from pptx.slide import Slide
from pptx.util import Emu, Inches

from reports.data import ReportData
from reports.deck_survey_table import add_survey_table
from reports.french import french_count, french_fixed, french_number, french_percent, plural
from reports.layout import (
    CONTENT_TOP,
    CONTENT_WIDTH,
    MARGIN,
    NAVY,
    SLIDE_WIDTH,
    add_text,
    titled_slide,
)
from reports.survey_matrix import add_matrix
from reports.survey_summary import SIMULATED, SurveyFigure, SurveySummary
from reports.survey_tables import interval_text, n_equals
from reports.thresholds import INSUFFICIENT, MIN_RESPONDENTS
from survey.families import FAMILIES
from survey.ipa import quadrants, thresholds


def survey_source(data: ReportData) -> str:
    survey = data.survey
    assert survey is not None
    return (
        f"Source : enquête « {survey.name} », {_calibration(survey.calibrated_on)} ;"
        f" intervalles de confiance à 95 % ; offre des sites : campagne Vigie n° {data.run_id}."
    )


def scope_line(survey: SurveySummary) -> str:
    """What every survey slide states under its title: scope, n, simulated or not."""
    if survey.scope_label == "France entière":
        who = f" {plural(survey.respondents, 'répondant')}"
    else:
        who = f" {plural(survey.respondents, 'répondant')} (sur {french_count(survey.whole)})"
    line = f"Périmètre : {survey.scope_label} · {n_equals(survey.respondents)}{who}"
    return f"{line} · {SIMULATED}" if survey.synthetic else line


def _scope_band(slide: Slide, survey: SurveySummary) -> None:
    add_text(slide, MARGIN, Inches(1.08), CONTENT_WIDTH, Inches(0.3), scope_line(survey),
             size=12, color=NAVY)  # fmt: skip


# The survey slides' content starts under the scope line.
TOP = Emu(CONTENT_TOP + Inches(0.12))


CALIBRATION_WORDS = {"sexe": "sexe", "age": "âge", "strate": "taille de commune",
                     "region": "région"}  # fmt: skip


def _calibration(variables: list[str]) -> str:
    if not variables:
        return "sans pondération"
    words = ", ".join(CALIBRATION_WORDS.get(v, v) for v in variables)
    return f"pondérée par calage sur les marges ({words})"


def survey_share(figure: SurveyFigure | None) -> str:
    """A share as the deck writes it: "62 % (58–66), n = 115", its 95 % interval in
    brackets; "effectif insuffisant (n = 8)" on fewer than MIN_RESPONDENTS respondents."""
    if figure is None:
        return "–"
    if not figure.shown:
        return f"{INSUFFICIENT} ({n_equals(figure.respondents)})"
    share = french_percent(100 * figure.estimate) + interval_text(figure)
    return f"{share}, {n_equals(figure.respondents)}"


def survey_mean(figure: SurveyFigure | None) -> str:
    """A mean on the 1–5 scale: "3,8 (n = 115)", or "effectif insuffisant (n = 21)"."""
    if figure is None:
        return "–"
    if not figure.shown:
        return f"{INSUFFICIENT} ({n_equals(figure.respondents)})"
    return f"{french_fixed(figure.estimate)} ({n_equals(figure.respondents)})"


def survey_slides(presentation: PresentationType, data: ReportData) -> None:
    survey = data.survey
    assert survey is not None
    if not survey.shown:
        _left_out_slide(presentation, data, survey)
        return
    shorts = {family.key: family.short for family in FAMILIES}
    _importance_slide(presentation, data, survey, shorts)
    _expectations_slide(presentation, data, survey, shorts)
    from reports.deck_survey_comments import comments_slide  # imports this module

    comments_slide(presentation, survey_source(data), survey)
    from reports.deck_survey_channels import channels_slides  # imports this module

    channels_slides(presentation, survey_source(data), survey)  # channels, uses, waves


def _left_out_slide(
    presentation: PresentationType, data: ReportData, survey: SurveySummary
) -> None:
    """One slide in place of the survey's: why the scope's residents' answers are not shown."""
    slide = titled_slide(presentation, "Les habitants : enquête non présentée ici",
                         survey_source(data))  # fmt: skip
    _scope_band(slide, survey)
    reason = survey.left_out or "L'enquête n'a produit aucune estimation pour ce périmètre."
    add_text(slide, MARGIN, Emu(CONTENT_TOP + Inches(0.4)), CONTENT_WIDTH, Inches(3), reason,
             size=20)  # fmt: skip


def _importance_slide(
    presentation: PresentationType, data: ReportData, survey: SurveySummary, shorts: dict[str, str]
) -> None:
    """Importance against satisfaction of each service: the scatter of the services with
    enough respondents, and the table of all (full width when none can be placed)."""
    means = survey.means()
    placed = quadrants(means)
    slide = titled_slide(
        presentation,
        "Les habitants : importance et satisfaction des services",
        survey_source(data) + quadrant_note(means),
    )
    _scope_band(slide, survey)
    left = Inches(5.9)
    if means:
        _importance_chart(slide, survey, means)
    else:
        left = MARGIN
        add_text(slide, MARGIN, TOP, CONTENT_WIDTH, Inches(0.4),
                 f"Aucun service n'a {MIN_RESPONDENTS} répondants pour sa satisfaction : aucun"
                 " n'est placé dans les quadrants.", size=14)  # fmt: skip
    rows = [
        [
            str(number),
            shorts[key],
            survey_mean(survey.figures[key].get("importance")),
            survey_mean(survey.figures[key].get("satisfaction")),
            placed.get(key, "–"),
        ]
        for number, key in enumerate(survey.figures, start=1)
    ]
    add_survey_table(
        slide,
        left,
        TOP if means else Emu(TOP + Inches(0.5)),
        Emu(SLIDE_WIDTH - left - MARGIN),
        ["N°", "Service", "Importance", "Satisfaction", "Quadrant"],
        rows,
        (0.07, 0.19, 0.21, 0.23, 0.3),
        size=12,
    )


def quadrant_note(means: dict[str, tuple[float, float]]) -> str:
    if not means:
        return ""
    importance, satisfaction = thresholds(means)
    return (
        f" Quadrants : services à au moins {MIN_RESPONDENTS} répondants, seuils importance"
        f" {french_number(round(importance, 1))}, satisfaction"
        f" {french_number(round(satisfaction, 1))} (moyennes, échelle de 1 à 5)."
    )


def _importance_chart(
    slide: Slide, survey: SurveySummary, means: dict[str, tuple[float, float]]
) -> None:
    """The services as points named by their short names, satisfaction across and importance
    up, split into quadrants by the thresholds of survey/ipa.py (reports/survey_matrix.py)."""
    shorts = {family.key: family.short for family in FAMILIES}
    frame = (MARGIN, TOP, Inches(5.4), Inches(5.3))
    add_matrix(slide, frame, means, shorts, thresholds(means))


def _expectations_slide(
    presentation: PresentationType, data: ReportData, survey: SurveySummary, shorts: dict[str, str]
) -> None:
    """What residents know, use and expect of each service, against what the sites offer."""
    slide = titled_slide(
        presentation,
        "Les attentes des habitants face à l'offre des sites",
        survey_source(data)
        + " « Là où il est offert » : habitants d'une commune dont le site offre le service.",
    )
    _scope_band(slide, survey)
    add_survey_table(
        slide,
        MARGIN,
        TOP,
        CONTENT_WIDTH,
        [
            "Service",
            "Connaissent le service",
            "L'ont utilisé (12 mois)",
            "Habitent une commune dont le site l'offre",
            "Le connaissent, là où il est offert",
            "Le jugent important, là où il manque",
        ],
        [
            [
                shorts[key],
                survey_share(measures.get("connaissance")),
                survey_share(measures.get("usage")),
                survey_share(measures.get("offert")),
                survey_share(measures.get("connaissance_si_offert")),
                survey_share(measures.get("importance_si_absent")),
            ]
            for key, measures in survey.figures.items()
        ],
        (0.18, 0.16, 0.16, 0.17, 0.16, 0.17),
        size=12,
    )
