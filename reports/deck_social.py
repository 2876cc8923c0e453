"""The social networks' slide: sites linking to each platform, and the accounts' activity."""

from __future__ import annotations

from pptx.presentation import Presentation as PresentationType
from pptx.slide import Slide
from pptx.util import Emu, Inches

from reports.data import ReportData
from reports.deck_source import source
from reports.labels import french_count, french_number
from reports.layout import (
    CONTENT_TOP,
    CONTENT_WIDTH,
    MARGIN,
    MUTED,
    add_table,
    add_text,
    titled_slide,
)
from reports.social import ACTIVE_DAYS

# The columns every table of the slide starts with.
SHARE_HEADER = ["Réseau", "Sites qui y renvoient", "Part des sites explorés"]


def social_slide(presentation: PresentationType, data: ReportData) -> None:
    slide = titled_slide(
        presentation,
        "Réseaux sociaux : présence et activité",
        source(data)
        + f" Actif : une publication visible dans les {ACTIVE_DAYS} jours avant la campagne."
        " Les comptes réservés aux connectés ne montrent pas leur activité.",
    )
    if not data.social:
        add_text(slide, MARGIN, CONTENT_TOP, CONTENT_WIDTH, Inches(1),
                 "Aucun site exploré ne renvoie vers un réseau social.", size=18)  # fmt: skip
    elif not data.social_checked:
        _presence_table(slide, data)
    else:
        _activity_table(slide, data)


def _share_rows(data: ReportData) -> list[list[str]]:
    """Per platform (ten at most): the crawled sites linking to it, as a count and a share."""
    return [
        [
            platform.platform.capitalize(),
            french_count(platform.sites),
            f"{french_number(round(100 * platform.sites / data.crawled, 1))} %",
        ]
        for platform in data.social[:10]
    ]


def _presence_table(slide: Slide, data: ReportData) -> None:
    """The sites linking to each platform, and a note that the accounts were not checked."""
    share = _share_rows(data)
    add_table(
        slide, MARGIN, CONTENT_TOP, Inches(7), SHARE_HEADER, share, (0.3, 0.35, 0.35), size=14
    )
    add_text(
        slide,
        MARGIN,
        Emu(CONTENT_TOP + Inches(0.4) * (len(share) + 1) + Inches(0.3)),
        CONTENT_WIDTH,
        Inches(0.6),
        "L'activité des comptes n'a pas été mesurée pour cette campagne (commande"
        " « vigie social »).",
        size=14,
        color=MUTED,
    )


def _activity_table(slide: Slide, data: ReportData) -> None:
    """The sites linking to each platform, and what `vigie social` read of the accounts."""
    rows = [
        [
            *cells,
            french_count(platform.checked),
            french_count(platform.login_wall),
            french_count(platform.dated),
            french_count(platform.active),
            "–" if platform.followers_median is None else french_number(platform.followers_median),
        ]
        for cells, platform in zip(_share_rows(data), data.social, strict=False)
    ]
    add_table(
        slide,
        MARGIN,
        CONTENT_TOP,
        CONTENT_WIDTH,
        [
            *SHARE_HEADER,
            "Comptes vérifiés",
            "Réservés aux connectés",
            "Date de publication visible",
            f"Actifs ({ACTIVE_DAYS} jours)",
            "Abonnés (médiane)",
        ],
        rows,
        (0.12, 0.12, 0.12, 0.11, 0.13, 0.14, 0.12, 0.14),
        size=13,
    )
