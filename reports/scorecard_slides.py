"""The slides of one authority's scorecard: its scores, what its site offers, what its peers
have, its legal duties and its three actions."""

from __future__ import annotations

from pptx.presentation import Presentation as PresentationType
from pptx.util import Emu, Inches

from reports.labels import STRATUM_LABELS, plural
from reports.layout import CONTENT_TOP, CONTENT_WIDTH, MARGIN, add_bullets, add_table, titled_slide
from reports.scorecard_figures import Scorecard

STATUS_TEXT = {
    "met": "Respectée",
    "unmet": "Non constatée",
    "unknown": "Indéterminé",
    "n/a": "Non concernée",
}
STRENGTHS_SHOWN = 12


def _number(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}".replace(".", ",")


def source(card: Scorecard) -> str:
    return (
        f"Source : Vigie, campagne n° {card.run_id} du {card.run_started:%d/%m/%Y}, modèle "
        f"{card.model_version}. Médianes des collectivités explorées."
    )


def scores_slide(presentation: PresentationType, card: Scorecard) -> None:
    stratum = STRATUM_LABELS.get(card.stratum or "", card.stratum or "")
    slide = titled_slide(presentation, f"{card.name} : vos scores", source(card))
    add_table(
        slide,
        MARGIN,
        CONTENT_TOP,
        CONTENT_WIDTH,
        [
            "",
            "Votre collectivité",
            f"Médiane de la strate ({stratum})",
            f"Médiane du département {card.departement or '–'}",
        ],
        [[label, _number(own), _number(s), _number(d)] for label, own, s, d in card.scores],
        (0.37, 0.19, 0.22, 0.22),
        size=14,
    )
    add_bullets(
        slide,
        MARGIN,
        Emu(CONTENT_TOP + Inches(0.36) * (len(card.scores) + 1) + Inches(0.3)),
        CONTENT_WIDTH,
        Inches(1),
        [
            f"Rang dans la strate : {card.rank_text} (l'intervalle donne les rangs possibles quand les pondérations varient)."
        ],
        size=14,
    )


def strengths_slide(presentation: PresentationType, card: Scorecard) -> None:
    slide = titled_slide(presentation, "Ce que votre site offre déjà", source(card))
    shown_strengths = card.strengths[:STRENGTHS_SHOWN]
    rest = len(card.strengths) - len(shown_strengths)
    add_table(
        slide,
        MARGIN,
        CONTENT_TOP,
        CONTENT_WIDTH,
        ["Indicateur pleinement atteint (du plus au moins pesant)", "Preuve"],
        [[s.label, "preuve" if s.evidence_url else "absence constatée"] for s in shown_strengths]
        + ([[f"… et {rest} {plural(rest, 'autre')}", ""]] if rest > 0 else [])
        or [["Aucun indicateur n'est pleinement atteint.", ""]],
        (0.8, 0.2),
        size=13,
        links={
            (index, 1): s.evidence_url for index, s in enumerate(shown_strengths) if s.evidence_url
        },
    )


def gaps_slide(presentation: PresentationType, card: Scorecard) -> None:
    slide = titled_slide(
        presentation, "Ce que vos pairs ont et que votre site ne montre pas", source(card)
    )
    shown = [g for g in sorted(card.gaps, key=lambda g: -g.peer_share) if g.peer_share > 0][:10]
    add_table(
        slide,
        MARGIN,
        CONTENT_TOP,
        CONTENT_WIDTH,
        ["Élément absent ou incomplet sur votre site", "Part de la strate qui l'a"],
        [[gap.label, f"{round(100 * gap.peer_share)} %"] for gap in shown]
        or [["Rien : votre site a tout ce que vos pairs ont.", "–"]],
        (0.75, 0.25),
        size=14,
    )


def duties_slide(presentation: PresentationType, card: Scorecard) -> None:
    slide = titled_slide(presentation, "Obligations légales", source(card))
    rows = [
        [row.label, STATUS_TEXT.get(row.status, row.status), "preuve" if row.evidence_url else ""]
        for row in card.duties
    ]
    links = {
        (index, 2): row.evidence_url for index, row in enumerate(card.duties) if row.evidence_url
    }
    add_table(
        slide,
        MARGIN,
        CONTENT_TOP,
        CONTENT_WIDTH,
        ["Obligation", "Constat", "Preuve"],
        rows,
        (0.62, 0.22, 0.16),
        size=13,
        links=links,
    )


def actions_slide(presentation: PresentationType, card: Scorecard) -> None:
    slide = titled_slide(presentation, "Trois actions prioritaires", source(card))
    actions = card.actions() or [
        "Aucune obligation non constatée, ni élément que la majorité de vos pairs ont."
    ]
    add_bullets(slide, MARGIN, CONTENT_TOP, CONTENT_WIDTH, Inches(4.5), actions, size=18)
