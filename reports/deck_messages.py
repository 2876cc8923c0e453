"""The slides of the key messages: the synthesis up front (three messages, three priorities),
the recommendations at the end."""

from __future__ import annotations

from pptx.presentation import Presentation as PresentationType
from pptx.slide import Slide
from pptx.util import Emu, Inches

from reports.data import ReportData
from reports.deck_source import source
from reports.key_messages import key_findings, recommendations
from reports.layout import (
    CONTENT_TOP,
    CONTENT_WIDTH,
    MARGIN,
    MUTED,
    NAVY,
    add_bullets,
    add_table,
    add_text,
    titled_slide,
)
from reports.synthesis_messages import Message, messages, priority_messages

BLOCK = Inches(1.85)  # the height of one message on the slide
NUMBER_WIDTH = Inches(0.7)


def _height(text: str, per_line: int, line: float) -> Emu:
    """The height a text takes, from the characters a line holds at its size (in inches)."""
    lines = sum(max(1, -(-len(part) // per_line)) for part in text.split("\n"))
    return Emu(int(Inches(line) * lines))


def _blocks(slide: Slide, found: list[Message]) -> None:
    """Each message numbered: its headline, the lever to pull (for a priority), then its peers
    and its change, smaller; each part placed below the lines the one above takes."""
    left, width = Emu(MARGIN + NUMBER_WIDTH), Emu(CONTENT_WIDTH - NUMBER_WIDTH)
    for index, message in enumerate(found):
        top = Emu(CONTENT_TOP + index * BLOCK)
        add_text(slide, MARGIN, top, NUMBER_WIDTH, Inches(0.8), str(index + 1), size=32,
                 bold=True, color=NAVY)  # fmt: skip
        add_text(slide, left, top, width, Inches(0.7), message.headline, size=16, bold=True)
        below = Emu(top + _height(message.headline, 88, 0.27) + Inches(0.08))
        if message.action:
            add_text(slide, left, below, width, Inches(0.35), message.action, size=13, color=NAVY)
            below = Emu(below + _height(message.action, 112, 0.22))
        add_text(slide, left, below, width, Inches(0.8),
                 f"{message.peers}\n{message.previous}", size=13, color=MUTED)  # fmt: skip


def summary_slide(presentation: PresentationType, data: ReportData) -> None:
    slide = titled_slide(presentation, "Synthèse : ce qu'il faut retenir", source(data))
    found = messages(data)
    if found:
        _blocks(slide, found)
    else:  # figures without the synthesis's comparisons: the key findings alone
        add_bullets(slide, MARGIN, CONTENT_TOP, CONTENT_WIDTH, Inches(5.4), key_findings(data),
                    size=20)  # fmt: skip


def priorities_slide(presentation: PresentationType, data: ReportData) -> None:
    slide = titled_slide(
        presentation,
        "Synthèse : trois priorités",
        source(data) + " Rang : poids de l'indicateur × écart à l'objectif.",
    )
    found = priority_messages(data)
    if found:
        _blocks(slide, found)
        return
    add_text(slide, MARGIN, CONTENT_TOP, CONTENT_WIDTH, Inches(1),
             "Aucun indicateur non atteint n'est mesuré sur assez de sites pour être une"
             " priorité.", size=18)  # fmt: skip


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
