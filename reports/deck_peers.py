"""'Your authorities among their peers', for a list or a département deck: each scored
authority of the scope beside the national median of its stratum, with its national rank."""

from __future__ import annotations

from statistics import median

from pptx.presentation import Presentation as PresentationType
from pptx.util import Emu, Inches

from reports.data import ReportData
from reports.deck_source import source
from reports.french import counted, french_count, french_fixed, french_number
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
from reports.thresholds import INSUFFICIENT, MIN_SITES

PEER_ROWS = 12
HEADER = [
    "Collectivité",
    "Strate",
    "Score",
    "Médiane des pairs",
    "Écart à la médiane",
    "Rang national",
]


def stratum_medians(data: ReportData) -> dict[str, tuple[float, int]]:
    """The median score of each stratum over the whole country, with its n."""
    if data.synthesis is None or data.synthesis.national is None:
        return {}
    scores: dict[str, list[float]] = {}
    for site in data.synthesis.national.sites.values():
        scores.setdefault(site.stratum, []).append(site.score)
    return {stratum: (median(values), len(values)) for stratum, values in scores.items()}


def peer_rows(data: ReportData) -> list[list[str]]:
    medians = stratum_medians(data)
    rows = []
    for entry in data.ranking[:PEER_ROWS]:
        peers, n = medians.get(entry.stratum, (0.0, 0))
        stated = n >= MIN_SITES
        rows.append(
            [
                shorten(entry.name, 34),
                STRATUM_LABELS.get(entry.stratum, entry.stratum),
                french_fixed(entry.score),
                f"{french_number(peers)} (n = {n})" if stated else f"{INSUFFICIENT} (n = {n})",
                _signed(round(entry.score, 1) - round(peers, 1)) if stated else "",
                entry.rank_text,
            ]
        )
    return rows


def _signed(points: float) -> str:
    text = french_number(abs(points))
    return f"+{text}" if points > 0 else f"−{text}" if points < 0 else "0"


def peers_slide(presentation: PresentationType, data: ReportData) -> None:
    title = (
        "Vos collectivités parmi leurs pairs"
        if data.scope.kind == "list"
        else "Les collectivités du département parmi leurs pairs"
    )
    slide = titled_slide(presentation, title, source(data))
    scored = len(data.ranking)
    shown = f" ; les {PEER_ROWS} meilleurs scores ci-dessous" if scored > PEER_ROWS else ""
    add_text(slide, MARGIN, CONTENT_TOP, CONTENT_WIDTH, Inches(0.7),
             "Pairs : les collectivités de la même strate dans toute la France (médiane de leur"
             f" score sur 100). {counted(scored, 'collectivité notée', 'collectivités notées')}"
             f" sur {french_count(data.authorities)}{shown}.", size=14)  # fmt: skip
    if not scored:
        return
    add_table(slide, MARGIN, Emu(CONTENT_TOP + Inches(0.75)), CONTENT_WIDTH, HEADER,
              peer_rows(data), (0.28, 0.14, 0.08, 0.18, 0.14, 0.18), size=12)  # fmt: skip
