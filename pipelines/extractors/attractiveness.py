"""What a newcomer looks for (`attractiveness.topic`): pages for new residents, jobs, housing,
schools, health, businesses, associations, tourism, and the State's programmes for small
towns and villages. Read from the links a page offers, where sites name their sections."""

from __future__ import annotations

import re

from crawler.items import Finding

from pipelines.extractors.once import once_per_value
from pipelines.extractors.page import Page, on_hosts

DETECTOR = "attractiveness/2"

TOPICS = (
    (
        "nouveaux-arrivants",
        re.compile(
            # "nouveaux arrivants", and the singular forms "nouvel arrivant", "nouvelle habitante"
            r"nouve(?:aux?|l|lles?)\s+(?:arrivant|habitant)e?s?|s.installer\s+[àa]"
            r"|bienvenue\s+aux\s+nouveaux",
            re.I,
        ),
    ),
    (
        "emploi",
        re.compile(r"offres?\s+d.emplois?|recrutements?|\bon\s+recrute\b|nous\s+rejoindre", re.I),
    ),
    ("logement", re.compile(r"\blogements?\b|\bhabitat\b", re.I)),
    ("ecoles", re.compile(r"\b[ée]coles?\b|scolaires?|\bcoll[èe]ges?\b|p[ée]riscolaire", re.I)),
    ("sante", re.compile(r"\bsant[ée]\b|m[ée]decins?|maison\s+m[ée]dicale|pharmacies?", re.I)),
    (
        "commerces",
        re.compile(
            r"\bcommer[cç]es?\b|commer[cç]ants|artisans|entreprises\s+locales|march[ée]\s+hebdomadaire",
            re.I,
        ),
    ),
    ("associations", re.compile(r"\bassociations?\b|vie\s+associative", re.I)),
    (
        "tourisme",
        re.compile(r"\btourisme\b|office\s+de\s+tourisme|\bvisiter\b|h[ée]bergements?", re.I),
    ),
    ("petites-villes-de-demain", re.compile(r"petites\s+villes\s+de\s+demain", re.I)),
    ("villages-d-avenir", re.compile(r"villages?\s+d.avenir", re.I)),
)
# Public-sector job boards: a link to them is a jobs page whatever its text.
JOB_BOARDS = {"emploi-territorial.fr": "emploi", "place-emploi-public.gouv.fr": "emploi"}
# Sections are named by short links; a news teaser that mentions health is not a health page.
MAX_WORDS = 8
# A link to a file is a document, not a section: "Subventions aux associations (CSV)".
FILE_LINK = re.compile(r"\.(?:pdf|csv|json|geojson|xlsx?|ods|docx?|odt|zip)$", re.IGNORECASE)


def extract_attractiveness(page: Page) -> list[Finding]:
    found: list[tuple[str, str]] = []
    for link in page.links:
        if FILE_LINK.search(link.parts.path):
            continue
        short = len(link.text.split()) <= MAX_WORDS
        topics = [topic for topic, words in TOPICS if short and words.search(link.text)]
        board = on_hosts(link, JOB_BOARDS)
        if board:
            topics.append(board)
        found += [(topic, link.snippet) for topic in topics]
    return once_per_value("attractiveness.topic", found, page.url, DETECTOR)
