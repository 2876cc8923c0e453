"""The evolution section of the study document's synthesis, with the figures of the deck's
evolution slide (reports/deck_evolution.py): the scope's score and axes at the previous
campaign and now, on the authorities scored at both, how many rose, fell or held, and who
moved most (`data.synthesis`, reports/synthesis_data.py)."""

from __future__ import annotations

from reports.data import ReportData
from reports.deck_evolution import MOVERS_SHOWN, NOTED, STABLE, mean_rows
from reports.document_style import Study, heading, paragraph, table
from reports.french import counted, french_number, long_date, short_date
from reports.synthesis import paired
from reports.synthesis_data import ScoredSite, SynthesisFigures

FIRST_CAMPAIGN = (
    "Première campagne : pas de comparaison. La base ne contient pas de campagne antérieure"
    " notée avec le même modèle pour ces collectivités ; l'évolution sera mesurée à la"
    " prochaine campagne."
)
AUTHORITIES = ("collectivité", "collectivités")


def evolution_section(study: Study, data: ReportData) -> None:
    figures = data.synthesis
    previous = None if figures is None else figures.previous
    if figures is None or previous is None:
        heading(study, "Évolution depuis la campagne précédente", level=2)
        paragraph(study, FIRST_CAMPAIGN)
        return
    heading(study, f"Évolution depuis la campagne du {long_date(previous.started)}", level=2)
    before, after = paired(figures.current, previous)
    n_text = f"n = {counted(len(after), *NOTED)} aux deux campagnes."
    paragraph(study, movement_text(figures, before, after))
    table(study, "Moyennes de la campagne précédente et de celle-ci (sur 100)",
          ["Moyenne", short_date(previous.started), short_date(figures.current.started),
           "Évolution (points)"], mean_rows(data, before, after), (6.4, 3, 3, 3.6),
          n_text + " Évolution mesurée sur les collectivités notées aux deux campagnes.")  # fmt: skip
    moved = [m for m in figures.movers if m.delta is not None][:MOVERS_SHOWN]
    if moved:
        rows = [
            [m.name, french_number(m.score_before or 0.0), french_number(m.score_after or 0.0),
             signed(m.delta or 0.0)]
            for m in moved
        ]  # fmt: skip
        table(study, "Plus fortes évolutions du score", ["Collectivité", "Avant", "Après",
              "Écart (points)"], rows, (7.6, 2.6, 2.6, 3.2), n_text)  # fmt: skip


def movement_text(
    figures: SynthesisFigures, before: list[ScoredSite], after: list[ScoredSite]
) -> str:
    """How many rose, fell or held (by one point), and whose site was explored only once."""
    deltas = [a.score - b.score for b, a in zip(before, after, strict=True)]
    up = sum(1 for d in deltas if d >= STABLE)
    down = sum(1 for d in deltas if d <= -STABLE)
    came = sum(1 for m in figures.movers if m.status_before != "ok" and m.status_after == "ok")
    went = sum(1 for m in figures.movers if m.status_before == "ok" and m.status_after != "ok")
    return (
        f"Sur les {counted(len(deltas), *NOTED)} aux deux campagnes :"
        f" {counted(up, *AUTHORITIES)} en hausse d'un point ou plus,"
        f" {counted(down, *AUTHORITIES)} en baisse d'un point ou plus,"
        f" {counted(len(deltas) - up - down, *AUTHORITIES)} stables. Site exploré cette fois,"
        f" pas la précédente : {counted(came, *AUTHORITIES)} ; l'inverse :"
        f" {counted(went, *AUTHORITIES)}."
    )


def signed(points: float) -> str:
    """A change in points with its sign, as the deck writes it: "+2,5", "−1", "0"."""
    text = french_number(abs(points))
    return f"+{text}" if points > 0 else f"−{text}" if points < 0 else "0"
