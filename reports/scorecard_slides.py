"""The slides of one authority's scorecard: its scores against its peers, what its site offers,
what its peers have, its legal duties (the chart and the actions have their own modules)."""

from __future__ import annotations

from pptx.presentation import Presentation as PresentationType
from pptx.util import Emu, Inches

from database.geography import DEPARTEMENTS
from reports.french import counted, french_fixed
from reports.layout import CONTENT_TOP, CONTENT_WIDTH, MARGIN, add_bullets, add_table, titled_slide
from reports.scorecard_figures import Scorecard, Strength
from reports.scorecard_peers import median_text
from reports.scorecard_source import source
from reports.thresholds import INSUFFICIENT, MIN_SITES, n_label
from scoring.compliance_run import ComplianceRow

STATUS_TEXT = {
    "met": "Respectée",
    "unmet": "Non constatée",
    "unknown": "Indéterminé",
    "n/a": "Non concernée",
}
DUTIES_LEGEND = (
    "Non constatée : l'élément n'a pas été trouvé sur les pages explorées du site. Indéterminé :"
    " les pages explorées ne permettent pas de conclure (par exemple, un dépôt en ligne qu'aucun"
    " des sites lus, la commune et son intercommunalité, ne montre)."
)
# Said where a share leaves out the peers whose value is unknown.
UNKNOWN_PEERS = (
    "Un pair dont la valeur est inconnue (par exemple un compte derrière une connexion) n'est"
    " compté ni parmi ceux qui l'ont ni parmi ceux qui ne l'ont pas."
)
STRENGTHS_SHOWN = 12
GAPS_SHOWN = 10
TITLE_FITS = 48  # characters of a title that hold on one line of the title band


def departement_name(code: str | None) -> str:
    """'Cantal (15)', or the code alone where the name is unknown."""
    name = DEPARTEMENTS.get(code or "")
    return f"{name} ({code})" if name else str(code)


def own_text(value: float | None) -> str:
    return "non mesuré" if value is None else french_fixed(value)


def scores_title(card: Scorecard) -> str:
    """'Name : vos scores', or the name alone when both would not hold on one line."""
    title = f"{card.name} : vos scores"
    return title if len(title) <= TITLE_FITS else card.name


def scores_slide(presentation: PresentationType, card: Scorecard) -> None:
    slide = titled_slide(presentation, scores_title(card), source(card))
    header, widths = ["Sur 100", "Votre collectivité"], [0.44, 0.24]
    rows = [[row.label, own_text(row.own)] for row in card.scores]
    columns = [
        (card.peers.shown, "Vos pairs", card.peers.n, [r.peers for r in card.scores]),
        (
            card.departement_shown,
            f"Département {departement_name(card.departement)}",
            card.departement_count,
            [r.departement for r in card.scores],
        ),
    ]
    for shown, name, n, values in columns:
        if shown:
            header.append(f"{name} : médiane ({n_label(n, 'collectivité')})")
            widths.append(0.3)
            for row, value in zip(rows, values, strict=True):
                row.append(median_text(value, True))
    total = sum(widths)
    add_table(
        slide,
        MARGIN,
        CONTENT_TOP,
        CONTENT_WIDTH,
        header,
        rows,
        [width / total for width in widths],
        size=14,
    )
    lines = [card.peers.sentence(), departement_line(card), card.rank_text]
    add_bullets(
        slide,
        MARGIN,
        Emu(CONTENT_TOP + Inches(0.36) * (len(rows) + 2) + Inches(0.25)),  # header: 2 lines
        CONTENT_WIDTH,
        Inches(2),
        [line for line in lines if line],
        size=14,
    )


def departement_line(card: Scorecard) -> str:
    """Why the département has no column, when it has none."""
    if card.departement_shown:
        return ""
    if not card.departement:
        return "Pas de médiane départementale : département de rattachement non renseigné."
    others = (
        counted(card.departement_count, "autre collectivité notée", "autres collectivités notées")
        if card.departement_count
        else "aucune autre collectivité notée"
    )
    return (
        f"Médiane du département {departement_name(card.departement)} : {INSUFFICIENT} ({others},"
        f" il en faut {MIN_SITES})."
    )


def strength_cell(strength: Strength) -> str:
    """What shows the indicator is met: the page ("preuve"), the figure of an indicator read
    from the social accounts, or an absence that scores (no tracker without consent)."""
    if strength.figure is not None:
        return strength.figure
    return "preuve" if strength.evidence_url else "absence constatée"


def unknown_lines(card: Scorecard) -> list[str]:
    """The indicators read from the social accounts that are unknown, each with why."""
    return [f"{u.label} : inconnu, laissé hors du score — {u.figure}" for u in card.unknown]


def strengths_slide(presentation: PresentationType, card: Scorecard) -> None:
    slide = titled_slide(presentation, "Ce que votre site offre déjà", source(card))
    unknown = unknown_lines(card)
    shown_strengths = card.strengths[: STRENGTHS_SHOWN - len(unknown)]
    rest = len(card.strengths) - len(shown_strengths)
    rows = [[s.label, strength_cell(s)] for s in shown_strengths] + (
        [[f"… et {counted(rest, 'autre')}", ""]] if rest > 0 else []
    )
    add_table(
        slide,
        MARGIN,
        CONTENT_TOP,
        CONTENT_WIDTH,
        ["Indicateur pleinement atteint (du plus au moins pesant)", "Preuve ou chiffre"],
        rows or [["Aucun indicateur n'est pleinement atteint.", ""]],
        (0.6, 0.4),
        size=13,
        links={
            (index, 1): s.evidence_url for index, s in enumerate(shown_strengths) if s.evidence_url
        },
    )
    if unknown:
        top = Emu(CONTENT_TOP + Inches(0.36) * (max(len(rows), 1) + 1) + Inches(0.25))
        add_bullets(slide, MARGIN, top, CONTENT_WIDTH, Inches(1.5), unknown, size=13)


def gaps_slide(presentation: PresentationType, card: Scorecard) -> None:
    slide = titled_slide(
        presentation, "Ce que vos pairs ont et que votre site ne montre pas", source(card)
    )
    if not card.peers.shown:
        add_bullets(
            slide,
            MARGIN,
            CONTENT_TOP,
            CONTENT_WIDTH,
            Inches(2),
            [
                card.peers.sentence(),
                "Trop peu de pairs pour dire ce que la plupart d'entre eux ont.",
            ],
            size=16,
        )
        return
    having = [a for a in card.actions if a.peers_meeting > 0]
    shown = sorted(having, key=lambda a: (-a.peers_meeting / a.known, a.label))[:GAPS_SHOWN]
    rows = [[a.label, a.share_text(a.peers_meeting)] for a in shown] or [
        ["Rien : votre site a tout ce que vos pairs ont.", "–"]
    ]
    header = ["Élément absent ou incomplet sur votre site", "Part de vos pairs qui l'ont"]
    add_table(slide, MARGIN, CONTENT_TOP, CONTENT_WIDTH, header, rows, (0.56, 0.44), size=14)
    said = card.peers.sentence() + " Un pair « l'a » quand il atteint pleinement l'indicateur."
    if any(a.unknown for a in shown):
        said += f" {UNKNOWN_PEERS}"
    add_bullets(
        slide,
        MARGIN,
        Emu(CONTENT_TOP + Inches(0.36) * (len(rows) + 1) + Inches(0.25)),
        CONTENT_WIDTH,
        Inches(1),
        [said],
        size=13,
    )


def duty_status_text(row: ComplianceRow) -> str:
    """'Respectée', or 'Respectée via l'intercommunalité' where its site settles it."""
    text = STATUS_TEXT.get(row.status, row.status)
    return f"{text} via l'intercommunalité" if row.via == "epci" else text


def duties_slide(presentation: PresentationType, card: Scorecard) -> None:
    slide = titled_slide(presentation, "Obligations légales", source(card))
    rows = [[row.label, duty_status_text(row), "preuve" if row.evidence_url else ""]
            for row in card.duties]  # fmt: skip
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
    add_bullets(
        slide,
        MARGIN,
        Emu(CONTENT_TOP + Inches(0.36) * (len(rows) + 1) + Inches(0.25)),
        CONTENT_WIDTH,
        Inches(1.2),
        [DUTIES_LEGEND],
        size=13,
    )
