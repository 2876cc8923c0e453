"""The scorecard's last page: three actions, each with the points of global score it would
bring, how many peers already do it, and the law when it is a legal duty."""

from __future__ import annotations

from pptx.presentation import Presentation as PresentationType
from pptx.slide import Slide
from pptx.util import Emu, Inches, Length, Pt

from reports.french import french_number, french_percent
from reports.layout import (
    CONTENT_TOP,
    CONTENT_WIDTH,
    INK,
    MARGIN,
    MUTED,
    NAVY,
    SLIDE_HEIGHT,
    add_text,
    clean,
    titled_slide,
)
from reports.scorecard_actions import ACTIONS_SHOWN, Action, duties_left_out
from reports.scorecard_figures import Scorecard
from reports.scorecard_source import source

ACTION_HEIGHT = Inches(1.4)
ALL_MET = "Votre collectivité remplit déjà tous les autres indicateurs du modèle."
NOTHING_LEFT = "Votre collectivité remplit déjà tous les indicateurs du modèle."
METHOD = (
    "Classement : points de score global que chaque action apporterait (poids de l'indicateur"
    " dans le score × ce qui vous en manque)."
)


def actions_title(card: Scorecard) -> str:
    count = min(len(card.actions), ACTIONS_SHOWN)
    if count == ACTIONS_SHOWN:
        return "Trois actions prioritaires"
    return {0: "Actions prioritaires", 1: "Une action prioritaire"}.get(
        count, "Deux actions prioritaires"
    )


def action_detail(action: Action) -> str:
    """The figures behind an action: duty, points, the authority's value, its peers."""
    parts = []
    if action.duty_source is not None:
        parts.append(f"Obligation légale ({action.duty_source}).")
    points = french_number(action.points, 1)
    parts.append(f"Gain possible : {points} point{'s' if action.points >= 2 else ''} sur 100.")
    if action.value > 0:
        parts.append(f"Votre site l'atteint à {french_percent(100 * action.value)}.")
    if action.share(action.peers_meeting).shown:
        said = f"Vos pairs qui l'atteignent pleinement : {action.share_text(action.peers_meeting)}"
        if action.peers_partly > action.peers_meeting:
            said += f" ; au moins en partie : {action.share_text(action.peers_partly)}"
        parts.append(said + ".")
    elif action.unknown:  # too few peers known: said, with the unknown
        parts.append(f"Vos pairs qui l'atteignent : {action.share_text(action.peers_meeting)}.")
    return " ".join(parts)


def actions_slide(presentation: PresentationType, card: Scorecard) -> None:
    slide = titled_slide(presentation, actions_title(card), source(card))
    shown = card.actions[:ACTIONS_SHOWN]
    for number, action in enumerate(shown, start=1):
        top = Emu(CONTENT_TOP + ACTION_HEIGHT * (number - 1))
        _action_box(slide, top, f"{number}. {action.text}", action_detail(action))
    notes = []
    if len(shown) < ACTIONS_SHOWN:
        notes.append(ALL_MET if shown else NOTHING_LEFT)
    left_out = duties_left_out(card.actions, card.duties)
    if left_out:
        notes.append(
            f"Autres obligations légales non constatées : {' ; '.join(left_out)} (page"
            " « Obligations légales »)."
        )
    top = Emu(CONTENT_TOP + ACTION_HEIGHT * max(len(shown), 1))
    add_text(slide, MARGIN, top, CONTENT_WIDTH, Inches(0.8), "\n".join(notes), size=14)
    add_text(
        slide,
        MARGIN,
        Emu(SLIDE_HEIGHT - Inches(0.9)),
        CONTENT_WIDTH,
        Inches(0.5),
        METHOD,
        size=12,
        color=MUTED,
    )


def _action_box(slide: Slide, top: Length, heading: str, detail: str) -> None:
    frame = slide.shapes.add_textbox(MARGIN, top, CONTENT_WIDTH, ACTION_HEIGHT).text_frame
    frame.word_wrap = True
    for index, (text, size, bold, colour) in enumerate(
        ((heading, 17, True, NAVY), (detail, 13, False, INK))
    ):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        run = paragraph.add_run()
        run.text = clean(text)
        run.font.size, run.font.bold, run.font.color.rgb = Pt(size), bold, colour
