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
# Words (as `fold` writes them) one of which each match of a topic holds: a link whose text and
# address hold none is not searched (a case-insensitive search costs about a microsecond a
# character, the literal test a fraction of it).
TOPIC_WORDS = (
    *("nouve", "installer", "bienvenue"),  # nouveaux-arrivants
    *("emploi", "recrute", "rejoindre"),  # emploi
    *("logement", "habitat"),  # logement
    *("cole", "scolaire", "coll"),  # ecoles
    *("sant", "decin", "maison", "pharmacie"),  # sante
    *("commer", "artisans", "entreprises", "march"),  # commerces
    "associati",  # associations
    *("tourisme", "visiter", "bergement"),  # tourisme
    "petites",  # petites-villes-de-demain
    "village",  # villages-d-avenir
)
# Public-sector job boards: a link to them is a jobs page whatever its text.
JOB_BOARDS = {"emploi-territorial.fr": "emploi", "place-emploi-public.gouv.fr": "emploi"}
# Sections are named by short links; a news teaser that mentions health is not a health page.
MAX_WORDS = 8
# A link to a file is a document, not a section: "Subventions aux associations (CSV)".
FILE_LINK = re.compile(r"\.(?:pdf|csv|json|geojson|xlsx?|ods|docx?|odt|zip)$", re.IGNORECASE)


def extract_attractiveness(page: Page) -> list[Finding]:
    found: list[tuple[str, str]] = []
    for link, line in zip(page.links, page.folded_link_lines, strict=True):
        short = len(link.text.split()) <= MAX_WORDS
        named = short and any(word in line for word in TOPIC_WORDS)
        topics = [topic for topic, words in TOPICS if named and words.search(link.text)]
        board = on_hosts(link, JOB_BOARDS)
        if board:
            topics.append(board)
        if topics and FILE_LINK.search(link.parts.path):
            continue
        found += [(topic, link.snippet) for topic in topics]
    return once_per_value("attractiveness.topic", found, page.url, DETECTOR)
