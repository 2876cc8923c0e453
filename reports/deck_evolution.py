"""The evolution slide: the scope's score and axes at the previous campaign and now, on the
authorities scored at both, and who moved most (`vigie movers`' data, scoring/history.py)."""

from __future__ import annotations

from pptx.presentation import Presentation as PresentationType
from pptx.slide import Slide
from pptx.util import Emu, Inches

from reports.data import ReportData
from reports.deck_source import source
from reports.french import counted, french_number, long_date, short_date
from reports.layout import (
    CONTENT_TOP,
    CONTENT_WIDTH,
    MARGIN,
    add_table,
    add_text,
    shorten,
    titled_slide,
)
from reports.synthesis import mean_of, paired
from reports.synthesis_data import ScoredSite, SynthesisFigures
from reports.thresholds import INSUFFICIENT, MIN_SITES

STABLE = 1.0  # a change under one point is "stable"
MOVERS_SHOWN = 6
LEFT_WIDTH = Inches(6.3)
NOTED = ("collectivité notée", "collectivités notées")


def _signed(points: float) -> str:
    text = french_number(abs(points))
    return f"+{text}" if points > 0 else f"−{text}" if points < 0 else "0"


def _row(label: str, before: list[float], after: list[float]) -> list[str]:
    if len(after) < MIN_SITES:
        return [label, INSUFFICIENT, INSUFFICIENT, f"n = {len(after)}"]
    b, a = mean_of(before) or 0.0, mean_of(after) or 0.0
    return [label, french_number(b), french_number(a), _signed(round(a, 1) - round(b, 1))]


def mean_rows(
    data: ReportData, before: list[ScoredSite], after: list[ScoredSite]
) -> list[list[str]]:
    """The composite and each axis, mean over the sites scored at both campaigns."""
    rows = [_row("Score global", [s.score for s in before], [s.score for s in after])]
    for key, label in data.axis_labels.items():
        pairs = [
            (float(b.axes[key]), float(a.axes[key]))  # type: ignore[arg-type]
            for b, a in zip(before, after, strict=True)
            if b.axes.get(key) is not None and a.axes.get(key) is not None
        ]
        rows.append(_row(label, [b for b, _ in pairs], [a for _, a in pairs]))
    return rows


def evolution_slide(presentation: PresentationType, data: ReportData) -> None:
    figures = data.synthesis
    previous = None if figures is None else figures.previous
    if figures is None or previous is None:
        slide = titled_slide_for(
            presentation, data, "Évolution depuis la campagne précédente", compared=False
        )
        add_text(slide, MARGIN, CONTENT_TOP, CONTENT_WIDTH, Inches(1.5),
                 "Première campagne : pas de comparaison. La base ne contient pas de campagne"
                 " antérieure notée avec le même modèle pour ces collectivités ; l'évolution"
                 " sera mesurée à la prochaine campagne.", size=18)  # fmt: skip
        return
    slide = titled_slide_for(
        presentation, data, f"Évolution depuis la campagne du {long_date(previous.started)}"
    )
    before, after = paired(figures.current, previous)
    add_text(slide, MARGIN, CONTENT_TOP, LEFT_WIDTH, Inches(0.7),
             f"Moyennes sur les {counted(len(after), *NOTED)} aux deux campagnes (sur 100)",
             size=14, bold=True)  # fmt: skip
    add_table(
        slide,
        MARGIN,
        Emu(CONTENT_TOP + Inches(0.8)),
        LEFT_WIDTH,
        ["", short_date(previous.started), short_date(figures.current.started), "Évolution"],
        mean_rows(data, before, after),
        (0.38, 0.2, 0.2, 0.22),
        size=12,
    )
    _movers(slide, figures, before, after)


def titled_slide_for(
    presentation: PresentationType, data: ReportData, title: str, compared: bool = True
) -> Slide:
    said = " Évolution mesurée sur les collectivités notées aux deux campagnes." if compared else ""
    return titled_slide(presentation, title, source(data) + said)


def _movers(
    slide: Slide, figures: SynthesisFigures, before: list[ScoredSite], after: list[ScoredSite]
) -> None:
    """How many rose, fell or held, and the biggest changes."""
    left = Emu(MARGIN + LEFT_WIDTH + Inches(0.4))
    width = Emu(CONTENT_WIDTH - LEFT_WIDTH - Inches(0.4))
    deltas = [a.score - b.score for b, a in zip(before, after, strict=True)]
    up = sum(1 for d in deltas if d >= STABLE)
    down = sum(1 for d in deltas if d <= -STABLE)
    came = sum(1 for m in figures.movers if m.status_before != "ok" and m.status_after == "ok")
    went = sum(1 for m in figures.movers if m.status_before == "ok" and m.status_after != "ok")
    add_text(slide, left, CONTENT_TOP, width, Inches(1.3),
             f"En hausse d'un point ou plus : {counted(up, 'collectivité', 'collectivités')}\n"
             f"En baisse d'un point ou plus : {counted(down, 'collectivité', 'collectivités')}\n"
             f"Stables : {counted(len(deltas) - up - down, 'collectivité', 'collectivités')}\n"
             f"Site exploré cette fois, pas la précédente : {came} ; l'inverse : {went}",
             size=14)  # fmt: skip
    moved = [m for m in figures.movers if m.delta is not None][:MOVERS_SHOWN]
    if moved:
        add_table(
            slide,
            left,
            Emu(CONTENT_TOP + Inches(1.6)),
            width,
            ["Plus fortes évolutions", "Avant", "Après", "Écart"],
            [
                [
                    shorten(m.name, 30),
                    french_number(m.score_before or 0.0),
                    french_number(m.score_after or 0.0),
                    _signed(m.delta or 0.0),
                ]
                for m in moved
            ],  # fmt: skip
            (0.49, 0.17, 0.17, 0.17),
            size=12,
        )
