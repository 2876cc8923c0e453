"""The study document's cross-cutting chapters: legal duties, social networks, rankings by
stratum and the recommendations."""

from __future__ import annotations

from reports.data import ReportData
from reports.document_figures import (
    duty_rows,
    ranked_strata,
    ranking_rows,
    scored_by_stratum,
    social_rows,
    stratum_label,
)
from reports.document_style import Study, bullets, heading, paragraph, source_line, table
from reports.french import counted
from reports.key_messages import recommendations
from reports.social import ACTIVE_DAYS
from reports.thresholds import INSUFFICIENT, MIN_SITES


def compliance_chapter(study: Study, data: ReportData, number: int) -> None:
    heading(study, f"{number}. Obligations légales")
    paragraph(
        study,
        "Pour chaque obligation, les collectivités concernées se répartissent entre celles"
        " dont le site montre l'obligation respectée, celles où elle n'a pas été constatée,"
        " et celles où le constat est impossible : site non exploré, ou obligation qu'un site"
        " ne permet pas de vérifier (seuil de 50 agents, actes sur papier sous 3 500"
        " habitants, guichet intercommunal). Le taux constaté se lit parmi les sites où le"
        " constat est possible, avec cet effectif.",
    )
    table(study, "Obligations légales : ce que les sites montrent",
          ["Obligation", "Concernées", "Respectée", "Non constatée", "Indéterminé",
           "Taux constaté"], duty_rows(data), (4.5, 2.1, 2, 2.2, 2.2, 3),
          "n : collectivités concernées par chaque obligation ; taux parmi les constats"
          " possibles.")  # fmt: skip


def social_chapter(study: Study, data: ReportData, number: int) -> None:
    heading(study, f"{number}. Réseaux sociaux")
    if not data.social:
        paragraph(study, "Aucun site exploré ne renvoie vers un réseau social.")
        return
    header = ["Réseau", "Sites qui y renvoient", "Part des sites explorés"]
    widths: tuple[float, ...] = (4, 6, 6)
    if data.social_checked:
        header += ["Comptes vérifiés", "Réservés aux connectés", "Date de publication"
                   " visible", f"Actifs ({ACTIVE_DAYS} jours)", "Abonnés (médiane)"]  # fmt: skip
        widths = (1.9, 1.9, 1.6, 1.6, 1.9, 2.1, 2.5, 2.5)
    paragraph(
        study,
        "Les sites explorés renvoient vers des comptes sur les réseaux sociaux. Un compte est"
        f" actif quand une publication y est visible dans les {ACTIVE_DAYS} jours qui"
        " précèdent la campagne, parmi les comptes qui datent leur dernière publication ; un"
        " compte réservé aux connectés ne montre pas son activité : il n'est pas compté comme"
        " inactif.",
    )
    if not data.social_checked:
        paragraph(study, "L'activité des comptes n'a pas été vérifiée pour cette campagne.")
    table(study, "Réseaux sociaux : présence et activité", header, social_rows(data), widths,
          f"n = {counted(data.crawled, 'site exploré', 'sites explorés')}.")  # fmt: skip


def ranking_chapter(study: Study, data: ReportData, number: int) -> None:
    heading(study, f"{number}. Classements par strate")
    paragraph(
        study,
        "Dans chaque strate, les meilleurs scores du périmètre, avec le rang national dans la"
        " strate et son intervalle : deux intervalles qui se chevauchent ne départagent pas"
        " deux collectivités.",
    )
    ranked, thin = ranked_strata(data)
    scored = scored_by_stratum(data)
    for stratum in ranked:
        heading(study, stratum_label(stratum), level=2)
        header = ["Rang national dans la strate", "Collectivité", "Dép.", "Score (sur 100)"]
        widths: tuple[float, ...] = (3.6, 7.4, 1.8, 3.2)
        if not data.scope.is_national:
            header = ["Rang (périmètre)", *header]
            widths = (2.6, 3, 6.2, 1.6, 2.6)
        table(study, f"Classement : {stratum_label(stratum)}", header,
              ranking_rows(data, stratum), widths,
              f"n = {counted(scored[stratum], 'site noté', 'sites notés')} dans la strate.")  # fmt: skip
    if thin:
        names = ", ".join(f"{stratum_label(s)} ({counted(scored[s], 'site')})" for s in thin)
        paragraph(study, f"Strates de moins de {MIN_SITES} sites notés, sans classement : {names}.")


def recommendations_chapter(study: Study, data: ReportData, number: int) -> None:
    """The deck's recommendations, each with its measured gap and what it rests on.
    Hook: the levers per axis (reports/levers.py) and the priorities (reports/synthesis.py)
    join them here at integration."""
    heading(study, f"{number}. Recommandations")
    chosen = recommendations(data) if data.crawled >= MIN_SITES else []
    if not chosen:
        paragraph(
            study,
            "Aucun écart mesuré ne justifie de recommandation dans ce périmètre"
            + (f" ({INSUFFICIENT} : moins de {MIN_SITES} sites explorés)." if data.crawled
               < MIN_SITES else "."),
        )  # fmt: skip
        return
    paragraph(
        study,
        "Les obligations les moins respectées d'abord, puis les bonnes pratiques que la"
        " majorité des sites n'offrent pas. Chaque recommandation rappelle l'écart mesuré et"
        " ce sur quoi elle repose.",
    )
    for index, item in enumerate(chosen, start=1):
        heading(study, f"{number}.{index} {item.action}", level=2)
        bullets(study, [f"Écart mesuré : {item.evidence}", item.basis])
    source_line(study, f"n = {counted(data.crawled, 'site exploré', 'sites explorés')}.")
