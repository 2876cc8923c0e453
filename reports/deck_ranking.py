"""The ranking slides: one per stratum with at least MIN_SITES scored authorities in the scope,
the best first; the authorities of thinner strata on one slide, by score, without a ranking
of their own (a "1 / 1" ranks nothing)."""

from __future__ import annotations

from collections import Counter

from pptx.presentation import Presentation as PresentationType
from pptx.util import Emu, Inches

from database.geography import STRATUM_ORDER
from reports.data import ReportData
from reports.deck_source import source
from reports.french import counted, french_count, french_fixed, plural
from reports.labels import STRATUM_LABELS
from reports.layout import (
    CONTENT_TOP,
    CONTENT_WIDTH,
    MARGIN,
    add_table,
    add_text,
    shorten,
    titled_slide,
)
from reports.scope_ranking import RankedAuthority
from reports.thresholds import INSUFFICIENT, MIN_SITES

RANKING_ROWS = 12
THIN_TITLE = "Hors classement"
INTERVALS = (
    " Un intervalle (2–5) donne les rangs possibles quand les pondérations varient :"
    " deux intervalles qui se chevauchent ne distinguent pas les collectivités."
)


def ranking_slides(presentation: PresentationType, data: ReportData) -> None:
    """One ranking a stratum that has enough of the scope's scored authorities, then one
    slide listing those of the thinner strata."""
    thin: list[RankedAuthority] = []
    for stratum in sorted({entry.stratum for entry in data.ranking}, key=_order):
        entries = data.stratum_ranking(stratum)
        if len(entries) >= MIN_SITES:
            ranking_slide(presentation, data, stratum)
        else:
            thin.extend(entries)
    if thin:
        thin_strata_slide(presentation, data, sorted(thin, key=lambda e: (-e.score, e.name)))


def ranking_slide(presentation: PresentationType, data: ReportData, stratum: str) -> None:
    entries = data.stratum_ranking(stratum)
    national = data.scope.is_national
    slide = titled_slide(
        presentation,
        f"Classement : {STRATUM_LABELS.get(stratum, stratum)} "
        f"({french_count(len(entries))} {plural(len(entries), 'classée')})",
        source(data) + INTERVALS,
    )
    header = ["Rang national dans la strate", "Collectivité", "Code", "Dép.", "Score / 100"]
    widths: tuple[float, ...] = (0.2, 0.42, 0.13, 0.1, 0.15)
    if not national:
        header = ["Rang (périmètre)", *header]
        widths = (0.14, 0.19, 0.34, 0.12, 0.08, 0.13)
    rows = [
        [
            *(
                []
                if national
                else [f"{french_count(entry.scope_rank)} / {french_count(entry.scope_count)}"]
            ),
            entry.rank_text,
            shorten(entry.name, 40),
            entry.code,
            entry.departement or "–",
            french_fixed(entry.score),
        ]
        for entry in entries[:RANKING_ROWS]
    ]
    add_table(slide, MARGIN, CONTENT_TOP, CONTENT_WIDTH, header, rows, widths, size=13)


def thin_strata_slide(
    presentation: PresentationType, data: ReportData, entries: list[RankedAuthority]
) -> None:
    """The authorities of the strata too thin to rank, best score first, each with its
    stratum; the national rank only where the national stratum is not thin itself."""
    national = data.scope.is_national
    slide = titled_slide(
        presentation,
        f"{THIN_TITLE} : {counted(len(entries), 'collectivité')} {plural(len(entries), 'notée')}",
        source(data) + ("" if national else INTERVALS),
    )
    add_text(slide, MARGIN, CONTENT_TOP, CONTENT_WIDTH, Inches(1.1), _why(entries), size=15)
    header = ["Strate", "Collectivité", "Code", "Dép.", "Score / 100"]
    widths: tuple[float, ...] = (0.17, 0.4, 0.12, 0.09, 0.22)
    if not national:
        header.append("Rang national dans la strate")
        widths = (0.14, 0.31, 0.13, 0.07, 0.12, 0.23)
    rows = [
        [
            STRATUM_LABELS.get(entry.stratum, entry.stratum),
            shorten(entry.name, 40),
            entry.code,
            entry.departement or "–",
            french_fixed(entry.score),
            *([] if national else [_national_rank(entry)]),
        ]
        for entry in entries[:RANKING_ROWS]
    ]
    top = Emu(CONTENT_TOP + Inches(1.15))
    add_table(slide, MARGIN, top, CONTENT_WIDTH, header, rows, widths, size=13)


def _why(entries: list[RankedAuthority]) -> str:
    """'Les strates A (n = 3) et B (n = 1) comptent chacune moins de 5 collectivités notées…'"""
    sizes = Counter(entry.stratum for entry in entries)
    strata = [
        f"{STRATUM_LABELS.get(s, s)} (n = {french_count(sizes[s])})"
        for s in sorted(sizes, key=_order)
    ]
    named = (
        f"La strate {strata[0]} compte"
        if len(strata) == 1
        else f"Les strates {', '.join(strata[:-1])} et {strata[-1]} comptent chacune"
    )
    shown = min(len(entries), RANKING_ROWS)
    more = (
        f" Voici les {french_count(shown)} meilleurs scores sur {french_count(len(entries))}."
        if len(entries) > shown
        else ""
    )
    if len(entries) == 1:
        listed = "Sa collectivité est listée ici, sans rang."
    else:
        whose = "Ses" if len(strata) == 1 else "Leurs"
        listed = f"{whose} collectivités sont listées par score, sans rang."
    return (
        f"{named} moins de {MIN_SITES} collectivités notées dans le périmètre : trop peu pour"
        f" un classement. {listed}{more}"
    )


def _order(stratum: str) -> int:
    return STRATUM_ORDER.index(stratum) if stratum in STRATUM_ORDER else len(STRATUM_ORDER)


def _national_rank(entry: RankedAuthority) -> str:
    if entry.stratum_count < MIN_SITES:
        return f"{INSUFFICIENT} ({french_count(entry.stratum_count)})"
    return entry.rank_text
