"""One chapter per axis of the scoring model: its indicators and how many sites meet them,
the axis by stratum, the levers, and an exemplary site with its screenshot
(reports/document_practices.py)."""

from __future__ import annotations

from pathlib import Path

from reports.data import ReportData
from reports.deck_levers import LEVER_RULE, gap_text
from reports.document_charts import indicator_chart
from reports.document_figures import (
    IndicatorFigure,
    axis_stratum_rows,
    figures_n_text,
    indicator_figures,
    indicator_rows,
)
from reports.document_practices import axis_good_practice
from reports.document_style import Study, bullets, figure, heading, paragraph, table
from reports.french import counted, french_number, french_percent
from reports.levers import lever_gaps
from reports.synthesis import known_enough
from reports.thresholds import INSUFFICIENT, MIN_SITES
from scoring.model import Axis, Model

LEVERS = 3


def axis_chapters(study: Study, data: ReportData, model: Model, first: int, folder: Path) -> int:
    """The axes' chapters, numbered from `first`; returns the next chapter's number. Too few
    scored sites for any rate: one chapter saying so, naming the axes."""
    if len(data.ranking) < MIN_SITES:
        heading(study, f"{first}. Les axes du score")
        paragraph(study, f"{INSUFFICIENT.capitalize()} : le périmètre compte"
                  f" {counted(len(data.ranking), 'site noté', 'sites notés')}, moins de"
                  f" {MIN_SITES} ; aucun taux n'est énoncé sur les axes du score :"
                  f" {', '.join(axis.label.lower() for axis in model.axes)}.")  # fmt: skip
        return first + 1
    for number, axis in enumerate(model.axes, start=first):
        axis_chapter(study, data, model, axis, number, folder)
    return first + len(model.axes)


def axis_chapter(
    study: Study, data: ReportData, model: Model, axis: Axis, number: int, folder: Path
) -> None:
    figures = indicator_figures(data, model, axis.key)
    heading(study, f"{number}. {axis.label}")
    paragraph(
        study,
        f"L'axe « {axis.label} » rassemble {counted(len(figures), 'indicateur')} du modèle de"
        " score ; chacun compte selon son poids (annexe A). Son score, de 0 à 100, est la"
        " moyenne pondérée des indicateurs mesurés sur le site.",
    )
    axis_indicators(study, data, axis, figures, folder)
    axis_levers(study, data, axis.key, figures)
    axis_good_practice(study, data, axis.key)


def axis_indicators(
    study: Study, data: ReportData, axis: Axis, figures: list[IndicatorFigure], folder: Path
) -> None:
    """The axis's indicators (a chart and a table), then its mean score by stratum."""
    heading(study, "Les indicateurs", level=2)
    n_text = f"n = {counted(len(data.ranking), 'site noté', 'sites notés')}."
    each_n = figures_n_text(figures, len(data.ranking))
    chart = indicator_chart(folder / f"axe-{axis.key}.png", figures)
    figure(study, chart, f"{axis.label} : part des sites notés qui remplissent chaque"
           " indicateur", each_n, width=15)  # fmt: skip
    table(study, f"{axis.label} : les indicateurs",
          ["Indicateur", "Poids", "Sites qui le remplissent", "Sites notés", "Niveau moyen"
           " (sur 100)"], indicator_rows(figures), (6.4, 1.6, 3, 2.2, 2.8),
          each_n + " Remplir : au moins en partie pour les indicateurs gradués (nombre,"
          " ancienneté, niveau déclaré).")  # fmt: skip
    heading(study, "Selon la strate", level=2)
    table(study, f"{axis.label} : score moyen de l'axe par strate",
          ["Strate", "Sites notés", "Score moyen de l'axe (sur 100)"],
          axis_stratum_rows(data, axis.key), (7, 4, 5),
          n_text + f" « {INSUFFICIENT.capitalize()} » : moins de {MIN_SITES} sites.")  # fmt: skip


def axis_levers(study: Study, data: ReportData, axis: str, figures: list[IndicatorFigure]) -> None:
    """The axis's levers (reports/levers.py), widest weight × gap first, each with its
    effort, horizon and who acts; the indicators' gaps where no lever applies."""
    heading(study, "Leviers", level=2)
    sites = list(data.synthesis.current.sites.values()) if data.synthesis else []
    found = lever_gaps(axis, sites, data.indicator_weights, data.indicator_labels)[:LEVERS]
    if found:
        rows = [
            [gap.lever.action, gap_text(gap, named=True), gap.lever.effort, gap.lever.horizon,
             ", ".join(gap.lever.actors)]
            for gap in found
        ]  # fmt: skip
        table(study, "Leviers de l'axe, par écart pondéré",
              ["Levier", "Écart à l'objectif", "Effort", "Échéance", "Qui agit"], rows,
              (5, 3.4, 2, 2.4, 3.2), LEVER_RULE + " L'indicateur principal, nommé sous l'écart"
              " quand le levier en fait progresser plusieurs, est celui de plus fort poids ×"
              " écart ; le rang somme les poids × écarts de ses indicateurs retenus.")  # fmt: skip
        return
    indicator_gaps(study, figures)


def indicator_gaps(study: Study, figures: list[IndicatorFigure]) -> None:
    """The axis's indicators with the widest weighted gap (weight times the share of scored
    sites that do not meet them), where no lever of reports/levers.py applies."""
    gaps = [
        (item.indicator.weight * (100 - share), item, share)
        for item in figures
        if (share := item.share) is not None
        and share < 100
        and known_enough(item.n, item.n + item.unknown)  # the priorities' rule
    ]
    gaps.sort(key=lambda gap: (-gap[0], gap[1].indicator.label))
    if not gaps:
        paragraph(study, "Aucun écart mesurable sur cet axe : les indicateurs sont remplis"
                  " par tous les sites notés, ou reposent sur trop peu de sites.")  # fmt: skip
        return
    paragraph(study, "Les indicateurs où l'écart pèse le plus dans le score (poids × part des"
              " sites qui ne les remplissent pas) :")  # fmt: skip
    bullets(
        study,
        [
            f"{item.indicator.label} : {french_percent(100 - share)} des sites notés ne le"
            f" remplissent pas ({item.n_text}) ; poids"
            f" {french_number(item.indicator.weight, 2)}."
            for _, item, share in gaps[:LEVERS]
        ],
    )
