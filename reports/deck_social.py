"""The social networks' slide: per platform, the accounts the scope's crawled sites link to,
how many have a known follower count (and how many of those are declared), the median
followers per 1,000 residents, the share active in the last 90 days, each with its n, and
the accounts whose followers, and those whose activity, are unknown, with why; last, the same
over all networks."""

from __future__ import annotations

from pptx.presentation import Presentation as PresentationType
from pptx.slide import Slide
from pptx.util import Emu, Inches

from reports.data import ReportData
from reports.deck_source import source
from reports.french import counted, french_count, french_percent, plural
from reports.layout import (
    CONTENT_TOP,
    CONTENT_WIDTH,
    MARGIN,
    MUTED,
    SLIDE_HEIGHT,
    add_table,
    add_text,
    titled_slide,
)
from reports.social_text import (
    ACTIVE_RULE,
    DECLARED,
    NETWORK_HEADER,
    UNKNOWN_RULE,
    network_rows,
)
from reports.thresholds import INSUFFICIENT, Rate

TITLE = "Réseaux sociaux : présence, audience et activité"
# The networks the slide has room for, most accounts first; the workbook lists them all.
ROWS = 8
NOT_CHECKED = (
    "Les comptes n'ont pas été vérifiés pour cette campagne (commandes « vigie social » et"
    " « vigie social import ») : leur audience et leur activité sont inconnues."
)
# Where the notes under the table start: above the source line, whatever the table's height.
NOTE_HEIGHT = Inches(0.6)
NOTE_TOP = Emu(SLIDE_HEIGHT - Inches(0.5) - NOTE_HEIGHT)
# The declared figures, as the notes qualify them.
# The audience table's column widths, as shares of the slide's width.
COLUMNS = (0.09, 0.085, 0.19, 0.16, 0.16, 0.125, 0.19)
DECLARED_NOTE = "chiffres relevés dans les statistiques des comptes, non observés par Vigie"


def social_slide(presentation: PresentationType, data: ReportData) -> None:
    social = data.social
    slide = titled_slide(presentation, TITLE, f"{source(data)} {ACTIVE_RULE}")
    if not social.networks:
        add_text(slide, MARGIN, CONTENT_TOP, CONTENT_WIDTH, Inches(1),
                 "Aucun site exploré ne renvoie vers un réseau social.", size=18)  # fmt: skip
    elif not social.checked:
        _presence_table(slide, data)
    else:
        _audience_table(slide, data)


def presence_rows(data: ReportData) -> list[list[str]]:
    """Per platform: the accounts found, and the crawled sites linking to one (count, share)."""
    share = Rate(0, data.crawled)
    return [
        [
            network.label,
            french_count(network.accounts),
            french_count(network.sites),
            french_percent(100 * network.sites / data.crawled, 1) if share.shown else INSUFFICIENT,
        ]
        for network in data.social.networks[:ROWS]
    ]


def presence_header(data: ReportData) -> list[str]:
    return [
        "Réseau",
        "Comptes trouvés",
        "Sites qui y renvoient",
        f"Part des {french_count(data.crawled)} sites explorés",
    ]


def _presence_table(slide: Slide, data: ReportData) -> None:
    """The accounts and sites linking to each platform; the accounts were not checked."""
    add_table(slide, MARGIN, CONTENT_TOP, Inches(9), presence_header(data), presence_rows(data),
              (0.25, 0.25, 0.25, 0.25), size=14)  # fmt: skip
    add_text(slide, MARGIN, NOTE_TOP, CONTENT_WIDTH, NOTE_HEIGHT, NOT_CHECKED, size=14,
             color=MUTED)  # fmt: skip


def linked_from(data: ReportData) -> str:
    """'29 comptes liés depuis 16 des 23 sites explorés': the accounts, and the crawled sites
    linking at least one of them among the crawled sites."""
    social = data.social
    accounts = counted(social.found, "compte lié", "comptes liés")
    if social.sites == data.crawled:
        every = counted(data.crawled, "site exploré", "sites explorés")
        return f"{accounts} depuis {'le site exploré' if data.crawled == 1 else f'les {every}'}"
    crawled = counted(data.crawled, "site exploré", "sites explorés")
    return f"{accounts} depuis {french_count(social.sites)} des {crawled}"


def notes(data: ReportData) -> str:
    """What the table rests on: the accounts, the sites linking them and how many carry
    declared figures, what the slide leaves to the workbook, and that unknown is not 0."""
    social = data.social
    said = linked_from(data)
    if declared := social.declared:
        said += f", dont {french_count(declared)} {plural(declared, DECLARED)} ({DECLARED_NOTE})"
    elsewhere = []
    if social.only_declared:
        elsewhere.append(counted(social.only_declared, "autre compte déclaré",
                                 "autres comptes déclarés") + " sans lien depuis le site")  # fmt: skip
    if left_out := len(social.networks[ROWS:]):
        elsewhere.append(counted(left_out, "autre réseau", "autres réseaux"))
    if elsewhere:
        said += f" ; {' et '.join(elsewhere)} : dans le classeur"
    return f"{said}. {UNKNOWN_RULE}"


def _audience_table(slide: Slide, data: ReportData) -> None:
    add_table(
        slide,
        MARGIN,
        CONTENT_TOP,
        CONTENT_WIDTH,
        NETWORK_HEADER,
        network_rows(data.social, ROWS),
        COLUMNS,
        size=11,
    )
    add_text(slide, MARGIN, NOTE_TOP, CONTENT_WIDTH, NOTE_HEIGHT, notes(data), size=12,
             color=MUTED)  # fmt: skip
