"""The study document's opening chapters: title page, summary, method and coverage, and the
overview of adoption and axes by stratum, with the deck's charts as pictures."""

from __future__ import annotations

from pathlib import Path

from docx.shared import Cm, Pt

from reports.adoption import ADOPTION_GROUPS
from reports.data import ReportData
from reports.document_evolution import evolution_section
from reports.document_figures import (
    adoption_rows,
    axes_rows,
    coverage_text,
    group_header,
    scored_by_stratum,
    status_rows,
    stratum_label,
)
from reports.document_style import (
    MUTED,
    NAVY,
    Study,
    bullets,
    figure,
    french_text,
    heading,
    paragraph,
    table,
)
from reports.french import counted, french_count, french_percent, long_date
from reports.key_messages import key_findings
from reports.synthesis_messages import Message, messages, priority_messages
from reports.thresholds import INSUFFICIENT, MIN_SITES
from reports.validation_text import (
    PRECISION_FLOOR,
    checks,
    figure_text,
    flagged_text,
    summary_text,
)

TITLE = "Présence numérique des collectivités"


def title_page(study: Study, data: ReportData) -> None:
    document = study.document
    for _ in range(6):
        document.add_paragraph()
    lines = (
        (TITLE, 30, True, NAVY),
        (f"Étude Vigie – {data.scope.label}", 18, False, NAVY),
        (coverage_text(data), 13, False, None),
        (f"Campagne n° {data.run_id} du {long_date(data.run_started)}", 13, False, None),
        (f"Modèle de score {data.model_version}", 11, False, MUTED),
    )
    for text, size, bold, colour in lines:
        line = document.add_paragraph()
        run = line.add_run(french_text(text))
        run.font.size, run.bold = Pt(size), bold
        if colour is not None:
            run.font.color.rgb = colour
        line.paragraph_format.space_after = Pt(10)
    for _ in range(8):
        document.add_paragraph()
    note = document.add_paragraph()
    run = note.add_run(french_text(
        "Étude établie par Vigie à partir des constats conservés de la campagne : chaque"
        " chiffre est donné avec l'effectif sur lequel il repose, et les mêmes chiffres"
        " figurent dans la présentation qui l'accompagne."
    ))  # fmt: skip
    run.font.size, run.font.color.rgb = Pt(9.5), MUTED


def summary_chapter(study: Study, data: ReportData) -> None:
    heading(study, "1. Synthèse")
    paragraph(
        study,
        "Cette étude mesure ce que les sites internet des collectivités offrent à leurs"
        f" habitants ({data.scope.label}) : services en ligne, information, participation,"
        " canaux de contact, accessibilité et confiance. " + coverage_text(data),
    )
    summary_messages(study, data)
    summary_priorities(study, data)
    evolution_section(study, data)


def summary_messages(study: Study, data: ReportData) -> None:
    """The synthesis's three messages (reports/synthesis_messages.py), each compared with
    the peers and the previous campaign; the deck's key findings where there are none."""
    heading(study, "Trois messages", level=2)
    found = messages(data) if data.crawled else []
    if found:
        _messages(study, found)
        return
    findings = key_findings(data) if data.crawled else []
    bullets(study, findings or ["Aucun site n'a pu être exploré dans ce périmètre."])


def summary_priorities(study: Study, data: ReportData) -> None:
    """The synthesis's three priorities (weight × gap), then where the levers are."""
    found = priority_messages(data) if data.crawled else []
    if found:
        heading(study, "Trois priorités", level=2)
        _messages(study, found)
    paragraph(
        study,
        "Chaque axe du score fait l'objet d'un chapitre avec ses indicateurs, ses leviers et"
        " un exemple ; les recommandations chiffrées sont rassemblées à la fin de l'étude.",
    )


def _messages(study: Study, found: list[Message]) -> None:
    """Each message: its headline, then the comparison with peers and with the last run."""
    for number, message in enumerate(found, start=1):
        line = paragraph(study, "")
        line.add_run(french_text(f"{number}. {message.headline}")).bold = True
        line.paragraph_format.space_after = Pt(2)
        notes = [note for note in (message.peers, message.previous) if note]
        if notes:
            detail = paragraph(study, "\n".join(notes))
            detail.paragraph_format.left_indent = Cm(0.6)


def method_chapter(study: Study, data: ReportData) -> None:
    heading(study, "2. Méthode et couverture")
    heading(study, "Ce qui est mesuré", level=2)
    for text in METHOD:
        paragraph(study, text)
    heading(study, "Lire les chiffres", level=2)
    paragraph(
        study,
        "Chaque taux est donné avec l'effectif sur lequel il repose (n, le nombre de sites"
        f" explorés ou notés). En dessous de {MIN_SITES} sites, un taux ou une moyenne n'est"
        f" pas énoncé : le tableau indique « {INSUFFICIENT} ». Dans les tableaux par strate,"
        " une strate de moins de 5 sites est réunie à sa voisine de la même famille, comme"
        " dans la présentation. Un site qui n'a pas pu être"
        " exploré n'est jamais compté comme n'offrant rien : il est hors des taux et des"
        " classements.",
    )
    validation_section(study, data)
    heading(study, "Couverture", level=2)
    paragraph(study, coverage_text(data))
    table(study, "Statut de l'exploration des sites des collectivités",
          ["Statut de l'exploration", "Collectivités", "Part"], status_rows(data),
          (9.5, 3.5, 3), f"n = {counted(data.authorities, 'collectivité')}.")  # fmt: skip
    scored = scored_by_stratum(data)
    rows = [
        [stratum_label(s), french_count(data.ok_by_stratum[s]), french_count(scored[s])]
        for s in data.strata
    ]
    table(study, "Sites explorés et notés, par strate",
          ["Strate", "Sites explorés", "Sites notés"], rows, (8, 4, 4),
          f"n = {counted(data.crawled, 'site exploré', 'sites explorés')}.")  # fmt: skip


def validation_section(study: Study, data: ReportData) -> None:
    """The run's validation by hand (docs/validation.md), when `vigie validate score` stored
    one: the protocol, then each feature's precision, recall and coders' agreement, with the
    features under 90 % of precision flagged."""
    if not data.validation:
        return
    heading(study, "Contrôle à la main des constats", level=2)
    paragraph(study, summary_text(data.validation))
    paragraph(
        study,
        "Pour chaque site tiré, chaque constat trouvé par Vigie est vérifié sur le site, et"
        " l'absence de constat aussi : la précision est la part des constats trouvés que le"
        " site montre bien, le rappel la part des sites montrant le constat où Vigie l'a"
        " trouvé. Les deux codeurs travaillent séparément ; leurs désaccords sont arbitrés ou"
        " laissés hors des taux.",
    )
    paragraph(study, flagged_text(data.validation))
    rows = [
        [check.label + (f" (précision sous {french_percent(100 * PRECISION_FLOOR)})"
                        if check.flagged else ""),
         *(figure_text(figure, named=False) for figure in (check.precision, check.recall,
                                                            check.kappa))]
        for check in checks(data.validation)
    ]  # fmt: skip
    table(study, "Précision, rappel et accord entre codeurs (κ de Cohen), par constat contrôlé",
          ["Constat contrôlé", "Précision", "Rappel", "Accord entre codeurs (κ de Cohen)"],
          rows, (4.3, 4.4, 4.4, 2.9),
          f"n = {counted(data.validation[0].sample_sites, 'site tiré', 'sites tirés')} au"
          " hasard par strate ;"
          " intervalle de confiance à 95 % de Wilson.")  # fmt: skip


METHOD = (
    "Pour chaque collectivité, le site internet référencé est exploré par un robot : la page"
    " d'accueil, puis les pages clés (mentions légales, accessibilité, démarches, contact,"
    " actualités), dans la limite d'un budget de pages par site. Le robot s'identifie,"
    " respecte le fichier robots.txt et ralentit selon la réponse des serveurs.",
    "Chaque constat (une démarche en ligne, une déclaration d'accessibilité, un réseau"
    " social…) est conservé avec sa preuve : l'adresse de la page et un extrait.",
    "Les constats sont ensuite traduits en indicateurs, regroupés en six axes. Le score de 0"
    " à 100 est la moyenne des six axes, chacun moyenne pondérée de ses indicateurs mesurés"
    " (annexe A). Les collectivités sont comparées dans leur strate : communes par tranche de"
    " population, EPCI, départements, régions.",
    "Le rang dans la strate est donné avec son intervalle : les rangs possibles quand les"
    " pondérations et la normalisation varient. Deux intervalles qui se chevauchent ne"
    " départagent pas deux collectivités.",
)


def overview_chapter(study: Study, data: ReportData, charts: dict[str, Path]) -> None:
    heading(study, "3. Vue d'ensemble par strate")
    paragraph(
        study,
        "Les figures et tableaux de ce chapitre sont ceux de la présentation : part des sites"
        " explorés de chaque strate qui offrent chaque pratique, puis score moyen des six axes.",
    )
    if data.crawled < MIN_SITES:
        paragraph(study, f"{INSUFFICIENT.capitalize()} : le périmètre compte"
                  f" {counted(data.crawled, 'site exploré', 'sites explorés')}, moins de"
                  f" {MIN_SITES} ; aucun taux n'est énoncé, ni par strate ni pour"
                  " l'ensemble.")  # fmt: skip
        map_section(study, data, charts)
        return
    for number, (title, features) in enumerate(ADOPTION_GROUPS, start=1):
        heading(study, title.removesuffix(", par strate"), level=2)
        picture = charts.get(f"adoption-{number}.png")
        if picture is not None:
            figure(study, picture, title, _sites_n(data))
        table(study, f"{title} (part des sites explorés)",
              ["Pratique", *group_header(data)], adoption_rows(data, features),
              _widths(len(data.by_group.groups) + 1),
              _sites_n(data) + _thin_note())  # fmt: skip
    axes_section(study, data, charts)
    map_section(study, data, charts)


def axes_section(study: Study, data: ReportData, charts: dict[str, Path]) -> None:
    heading(study, "Les six axes du score", level=2)
    scored = f"n = {counted(len(data.ranking), 'site noté', 'sites notés')}."
    if "axes.png" in charts:
        figure(study, charts["axes.png"], "Score moyen des six axes, par strate", scored)
    table(study, "Score moyen de chaque axe (sur 100), par strate",
          ["Axe", *group_header(data, scored=True)], axes_rows(data),
          _widths(len(data.by_group.groups) + 1), scored + _thin_note())  # fmt: skip


def map_section(study: Study, data: ReportData, charts: dict[str, Path]) -> None:
    """The map of the deck (reports/charts.py; a real map from reports/france_map.py replaces
    the tile map there at integration)."""
    picture = next((path for name, path in charts.items() if name.startswith("carte")), None)
    if picture is None:
        return
    heading(study, "Carte des départements", level=2)
    figure(study, picture, "Score moyen des collectivités notées, par département",
           f"n = {counted(len(data.ranking), 'site noté', 'sites notés')}.", width=16)  # fmt: skip


def _sites_n(data: ReportData) -> str:
    return f"n = {counted(data.crawled, 'site exploré', 'sites explorés')}."


def _thin_note() -> str:
    return (
        f" Strates de moins de {MIN_SITES} sites réunies à leur voisine, comme dans la"
        f" présentation ; « {INSUFFICIENT} » : moins de {MIN_SITES} sites malgré tout."
    )


def _widths(columns: int) -> tuple[float, ...]:
    """The row's label, then the figures sharing what is left of 16 cm."""
    label = 4.6 if columns < 7 else 3
    share = (16 - label) / columns
    return (label, *([share] * columns))
