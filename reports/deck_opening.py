"""The deck's opening slides: the title, and the method with the crawl's coverage."""

from __future__ import annotations

from pptx.presentation import Presentation as PresentationType
from pptx.util import Inches

from reports.data import ReportData
from reports.deck_source import source
from reports.french import counted, french_count, long_date, plural
from reports.labels import STATUS_LABELS
from reports.layout import (
    CONTENT_TOP,
    CONTENT_WIDTH,
    MARGIN,
    add_bullets,
    add_table,
    add_text,
    titled_slide,
)
from reports.thresholds import INSUFFICIENT, MIN_SITES
from reports.validation_text import flagged_text, summary_text


def title_slide(presentation: PresentationType, data: ReportData) -> None:
    slide = presentation.slides.add_slide(presentation.slide_layouts[6])
    add_text(
        slide,
        MARGIN,
        Inches(2.1),
        CONTENT_WIDTH,
        Inches(1.2),
        "Présence numérique des collectivités",
        size=40,
        bold=True,
    )
    add_text(
        slide,
        MARGIN,
        Inches(3.3),
        CONTENT_WIDTH,
        Inches(2),
        f"Baromètre Vigie, {data.scope.label} : {counted(data.authorities, 'collectivité')}, "
        f"dont {counted(data.crawled, 'site')} {plural(data.crawled, 'exploré')}\n"
        f"Campagne n° {data.run_id} du {long_date(data.run_started)}",
        size=22,
    )


def method_slide(presentation: PresentationType, data: ReportData) -> None:
    slide = titled_slide(presentation, "Méthode et couverture", source(data))
    # The validation by hand, when the run has one: what it measured, and the features whose
    # precision is under 90 % (reports/validation_text.py); the bullets get smaller for it.
    checked = [text for text in (summary_text(data.validation), flagged_text(data.validation))
               if text]  # fmt: skip
    add_bullets(
        slide,
        MARGIN,
        CONTENT_TOP,
        Inches(6.2),
        Inches(5.6 if checked else 5),
        [
            "Pour chaque collectivité, le site référencé est exploré : page d'accueil puis pages clés "
            "(mentions légales, accessibilité, démarches, contact), dans la limite d'un budget de pages.",
            "Le robot s'identifie, respecte robots.txt et ralentit selon la réponse des serveurs.",
            "Chaque constat est conservé avec sa preuve : adresse de la page et extrait.",
            "Un site qui n'a pas pu être exploré est exclu des classements, jamais noté zéro.",
            "Le score (0 à 100) est la moyenne de six axes, chacun moyenne pondérée d'indicateurs ; "
            "le rang se lit dans la strate de population, avec son intervalle quand les "
            "pondérations varient.",
            f"Chaque taux porte son effectif (n = nombre de sites) ; sous {MIN_SITES} sites, il"
            f" n'est pas donné (« {INSUFFICIENT} ») et une strate trop petite est réunie avec"
            " sa voisine.",
            *checked,
        ],
        size=12 if checked else 15,
    )
    rows = [
        [STATUS_LABELS.get(status, status), french_count(count)]
        for status, count in sorted(data.statuses.items(), key=lambda item: -item[1])
    ]
    rows.append(["Total", french_count(data.authorities)])
    add_table(
        slide,
        Inches(7.3),
        CONTENT_TOP,
        Inches(5.4),
        ["Statut de l'exploration", "Collectivités"],
        rows,
        (0.72, 0.28),
        size=13,
    )
