"""The citizen survey's slides: importance against satisfaction, and expectations against
what the sites offer."""

from __future__ import annotations

import math
from typing import Any

from pptx.chart.data import XyChartData
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION
from pptx.presentation import Presentation as PresentationType
from pptx.slide import Slide
from pptx.util import Emu, Inches, Pt

from reports.data import ReportData
from reports.labels import french_count, french_number
from reports.layout import (
    CONTENT_TOP,
    CONTENT_WIDTH,
    MARGIN,
    SCALE,
    SLIDE_WIDTH,
    add_table,
    titled_slide,
)
from reports.survey_summary import SurveyFigure, SurveySummary
from survey.families import FAMILIES
from survey.ipa import quadrants, thresholds


def _survey_source(data: ReportData) -> str:
    survey = data.survey
    assert survey is not None
    return (
        f"Source : enquête « {survey.name} », {french_count(survey.respondents)} répondants,"
        f" {_calibration(survey.calibrated_on)} ; intervalles de confiance à 95 % ; offre des"
        f" sites : campagne Vigie n° {data.run_id}."
    )


CALIBRATION_WORDS = {"sexe": "sexe", "age": "âge", "strate": "taille de commune",
                     "region": "région"}  # fmt: skip


def _calibration(variables: list[str]) -> str:
    if not variables:
        return "sans pondération"
    words = ", ".join(CALIBRATION_WORDS.get(v, v) for v in variables)
    return f"pondérée par calage sur les marges ({words})"


def survey_share(figure: SurveyFigure | None) -> str:
    """A share as the deck writes it: "62 % (58–66)", its 95 % interval in brackets."""
    if figure is None:
        return "–"
    text = f"{round(100 * figure.estimate)} %"
    if figure.ci_low is not None and figure.ci_high is not None:
        text += f" ({round(100 * figure.ci_low)}–{round(100 * figure.ci_high)})"
    return text


def survey_mean(figure: SurveyFigure | None) -> str:
    return "–" if figure is None else french_number(round(figure.estimate, 1))


def survey_slides(presentation: PresentationType, data: ReportData) -> None:
    survey = data.survey
    assert survey is not None
    shorts = {family.key: family.short for family in FAMILIES}
    _importance_slide(presentation, data, survey, shorts)
    _expectations_slide(presentation, data, survey, shorts)


def _importance_slide(
    presentation: PresentationType, data: ReportData, survey: SurveySummary, shorts: dict[str, str]
) -> None:
    """Importance against satisfaction of each service: the scatter, and its table."""
    means = survey.means()
    placed = quadrants(means)
    importance, satisfaction = thresholds(means) if means else (0.0, 0.0)
    slide = titled_slide(
        presentation,
        "Les habitants : importance et satisfaction des services",
        _survey_source(data)
        + f" Seuils des quadrants : importance moyenne {french_number(round(importance, 1))},"
        f" satisfaction moyenne {french_number(round(satisfaction, 1))} (échelle de 1 à 5).",
    )
    if means:
        _importance_chart(slide, survey, means)
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
    add_table(
        slide,
        Inches(6.7),
        CONTENT_TOP,
        Emu(SLIDE_WIDTH - Inches(6.7) - MARGIN),
        ["N°", "Service", "Importance", "Satisfaction", "Quadrant"],
        rows,
        (0.08, 0.22, 0.19, 0.2, 0.31),
        size=11,
    )


def _importance_chart(
    slide: Slide, survey: SurveySummary, means: dict[str, tuple[float, float]]
) -> None:
    """The services as points, satisfaction across and importance up, numbered as the table."""
    chart_data = XyChartData()
    series = chart_data.add_series("Services")
    for importance_mean, satisfaction_mean in means.values():
        series.add_data_point(round(satisfaction_mean, 2), round(importance_mean, 2))
    frame: Any = slide.shapes.add_chart(
        XL_CHART_TYPE.XY_SCATTER,
        MARGIN,
        CONTENT_TOP,
        Inches(5.9),
        Inches(5.4),
        chart_data,  # type: ignore[arg-type]
    )
    chart = frame.chart
    chart.has_legend = False
    values = [value for pair in means.values() for value in pair]
    low, high = math.floor(2 * min(values) - 0.5) / 2, math.ceil(2 * max(values) + 0.5) / 2
    for axis, title in (
        (chart.category_axis, "Satisfaction"),
        (chart.value_axis, "Importance"),
    ):
        axis.minimum_scale, axis.maximum_scale = max(low, 1), min(high, 5)
        axis.has_title = True
        axis.axis_title.text_frame.text = title
        axis.tick_labels.font.size = Pt(12)
    plotted = chart.plots[0].series[0]
    plotted.marker.size = 9
    plotted.marker.format.fill.solid()
    plotted.marker.format.fill.fore_color.rgb = SCALE[4]
    plotted.format.line.fill.background()
    # Points carry the number of their row in the table: names would overlap.
    numbers = {key: number for number, key in enumerate(survey.figures, start=1)}
    for index, key in enumerate(means):
        label = plotted.points[index].data_label
        label.has_text_frame = True
        label.text_frame.text = str(numbers[key])
        label.text_frame.paragraphs[0].runs[0].font.size = Pt(11)
        label.position = XL_LABEL_POSITION.RIGHT


def _expectations_slide(
    presentation: PresentationType, data: ReportData, survey: SurveySummary, shorts: dict[str, str]
) -> None:
    """What residents know, use and expect of each service, against what the sites offer."""
    slide = titled_slide(
        presentation,
        "Les attentes des habitants face à l'offre des sites",
        _survey_source(data)
        + " « Là où il est offert » : habitants d'une commune dont le site offre le service.",
    )
    add_table(
        slide,
        MARGIN,
        CONTENT_TOP,
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
