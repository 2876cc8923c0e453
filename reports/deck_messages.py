"""The slides of the key messages: the summary up front, the recommendations at the end."""

from __future__ import annotations

from pptx.presentation import Presentation as PresentationType
from pptx.util import Inches

from reports.data import ReportData
from reports.deck_source import source
from reports.key_messages import key_findings, recommendations
from reports.layout import (
    CONTENT_TOP,
    CONTENT_WIDTH,
    MARGIN,
    add_bullets,
    add_table,
    add_text,
    titled_slide,
)


def summary_slide(presentation: PresentationType, data: ReportData) -> None:
    slide = titled_slide(presentation, "Synthèse : ce qu'il faut retenir", source(data))
    add_bullets(slide, MARGIN, CONTENT_TOP, CONTENT_WIDTH, Inches(5.4), key_findings(data), size=20)


def recommendations_slide(presentation: PresentationType, data: ReportData) -> None:
    slide = titled_slide(
        presentation,
        "Recommandations",
        source(data) + " Chaque recommandation découle d'un écart mesuré sur les sites.",
    )
    found = recommendations(data)
    if not found:
        add_text(slide, MARGIN, CONTENT_TOP, CONTENT_WIDTH, Inches(1),
                 "Aucun écart mesuré n'appelle de recommandation.", size=18)  # fmt: skip
        return
    add_table(
        slide,
        MARGIN,
        CONTENT_TOP,
        CONTENT_WIDTH,
        ["Action recommandée", "Constat mesuré", "Fondement"],
        [[r.action, r.evidence, r.basis] for r in found],
        (0.42, 0.28, 0.3),
        size=13,
    )
