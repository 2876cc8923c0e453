"""The social networks' slide: sites linking to each platform, and the accounts' activity."""

from __future__ import annotations

from pptx.presentation import Presentation as PresentationType
from pptx.slide import Slide
from pptx.util import Emu, Inches

from database.vocabulary import platform_label
from reports.data import ReportData
from reports.deck_source import source
from reports.french import counted, french_percent
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
from reports.social import ACTIVE_DAYS, SocialPlatform
from reports.thresholds import INSUFFICIENT, MIN_SITES, Rate

# What the activity cells say when the accounts do not show it: unknown, and why.
BEHIND_LOGIN = "non visible (connexion exigée)"
NOT_SHOWN = "non affiché"

# The columns every table of the slide starts with.
SHARE_HEADER = ["Réseau", "Sites qui y renvoient", "Part des sites explorés"]


def social_slide(presentation: PresentationType, data: ReportData) -> None:
    slide = titled_slide(
        presentation,
        "Réseaux sociaux : présence et activité",
        source(data)
        + f" Actif : une publication dans les {ACTIVE_DAYS} jours avant la campagne, parmi les"
        " comptes à date visible. Comptes réservés aux connectés : activité inconnue, pas nulle.",
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
    share = Rate(0, data.crawled)
    return [
        [
            platform_label(platform.platform),
            french_count(platform.sites),
            french_percent(100 * platform.sites / data.crawled, 1) if share.shown else INSUFFICIENT,
        ]
        for platform in data.social[:10]
    ]


def _share_header(data: ReportData) -> list[str]:
    return [*SHARE_HEADER[:2], f"Part des {french_count(data.crawled)} sites explorés"]


def active_accounts(platform: SocialPlatform) -> str:
    """The accounts seen active, or why it is unknown: behind a login, or no date shown."""
    if platform.dated:
        return french_count(platform.active)
    if platform.checked and platform.login_wall == platform.checked:
        return BEHIND_LOGIN
    return "inconnu (date non affichée)" if platform.checked else "non vérifié"


def follower_median(platform: SocialPlatform) -> str:
    """The median of the public follower counts, with its n; unknown with why."""
    known = platform.followers_known
    if platform.followers_median is None or not known:
        if platform.checked and platform.login_wall == platform.checked:
            return BEHIND_LOGIN
        return NOT_SHOWN if platform.checked else "non vérifié"
    accounts = counted(known, "compte")
    if known < MIN_SITES:
        return f"{INSUFFICIENT} ({accounts})"
    return f"{french_number(platform.followers_median)} ({accounts})"


def _presence_table(slide: Slide, data: ReportData) -> None:
    """The sites linking to each platform, and a note that the accounts were not checked."""
    share = _share_rows(data)
    add_table(
        slide,
        MARGIN,
        CONTENT_TOP,
        Inches(7),
        _share_header(data),
        share,
        (0.3, 0.35, 0.35),
        size=14,
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
            active_accounts(platform),
            follower_median(platform),
        ]
        for cells, platform in zip(_share_rows(data), data.social, strict=False)
    ]
    add_table(
        slide,
        MARGIN,
        CONTENT_TOP,
        CONTENT_WIDTH,
        [
            *_share_header(data),
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
