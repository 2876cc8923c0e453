"""The study document's cross-cutting chapters: legal duties, social networks, rankings by
stratum and the recommendations."""

from __future__ import annotations

from reports.data import ReportData
from reports.deck_social import NOT_CHECKED, ROWS, linked_from, presence_header
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
from reports.social_text import (
    ACTIVE_RULE,
    DECLARED_RULE,
    NETWORK_HEADER,
    PER_1000,
    UNKNOWN_RULE,
    declared_count,
)
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
    """The deck's slide: what it rests on, then its table, each figure with its n."""
    heading(study, f"{number}. Réseaux sociaux")
    social = data.social
    if not social.networks:
        paragraph(study, "Aucun site exploré ne renvoie vers un réseau social.")
        return
    sites = counted(data.crawled, "site exploré", "sites explorés")
    paragraph(
        study,
        f"Comptes de réseaux sociaux trouvés : {linked_from(data)}. Pour chaque réseau,"
        " puis pour tous ensemble : les comptes trouvés, la part de ceux dont le"
        f" nombre d'abonnés est connu, la médiane des abonnés {PER_1000} de la collectivité,"
        " la part des comptes actifs, puis les comptes dont les abonnés, et ceux dont"
        f" l'activité, sont inconnus, avec la raison. {ACTIVE_RULE} {UNKNOWN_RULE}",
    )
    if not social.checked:
        paragraph(study, NOT_CHECKED)
        table(study, "Réseaux sociaux : présence", presence_header(data), social_rows(data),
              (4, 4, 4, 4), f"n = {sites}.")  # fmt: skip
        return
    if social.declared:
        found = counted(social.found, "compte trouvé", "comptes trouvés")
        paragraph(study, f"{found}, {declared_count(social.declared)}. {DECLARED_RULE}")
    if left_out := len(social.networks[ROWS:]):
        paragraph(study, f"{counted(left_out, 'autre réseau', 'autres réseaux')} : voir le"
                         " classeur, qui liste aussi chaque compte.")  # fmt: skip
    table(study, "Réseaux sociaux : présence, audience et activité", NETWORK_HEADER,
          social_rows(data), (1.9, 1.9, 2.6, 2.3, 2.3, 2.5, 2.5),
          f"n = {linked_from(data)} ; chaque part et chaque médiane donne entre parenthèses"
          " les comptes sur lesquels elle repose ; « Tous réseaux » : tous les comptes"
          " trouvés.")  # fmt: skip


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
