"""Digital inclusion (`inclusion.topic`): help for residents far from digital services, and
pages made for those who read with difficulty or do not hear."""

from __future__ import annotations

import re

from crawler.items import Finding

from pipelines.extractors.once import once_per_value
from pipelines.extractors.page import Page, on_hosts

DETECTOR = "inclusion/1"

TOPICS = (
    ("france-services", re.compile(r"\bfrance\s+services?\b", re.IGNORECASE)),
    ("conseiller-numerique", re.compile(r"conseill[èe]re?s?\s+num[ée]riques?", re.IGNORECASE)),
    ("aidants-connect", re.compile(r"aidants?\s+connect", re.IGNORECASE)),
    ("falc", re.compile(r"\bFALC\b|(?i:facile\s+[àa]\s+lire\s+et\s+[àa]\s+comprendre)")),
    (
        "sign-language",
        re.compile(r"langue\s+des\s+signes|\bLSF\b|sourds?\s+et\s+malentendants?", re.IGNORECASE),
    ),
)
# Words (as `fold` writes them) one of which each match of a topic holds: a link whose text and
# address hold none is not searched (a case-insensitive search costs about a microsecond a
# character, the literal test a fraction of it).
TOPIC_WORDS = (
    "france",  # france-services
    "conseill",  # conseiller-numerique
    "aidant",  # aidants-connect
    *("falc", "facile"),  # falc
    *("langue", "lsf", "sourd"),  # sign-language
)
HOSTS = {
    "france-services.gouv.fr": "france-services",
    "conseiller-numerique.gouv.fr": "conseiller-numerique",
    "aidantsconnect.beta.gouv.fr": "aidants-connect",
    "acce-o.fr": "sign-language",
    "elioz.fr": "sign-language",
}


def extract_inclusion(page: Page) -> list[Finding]:
    found: list[tuple[str, str]] = []
    for link, line in zip(page.links, page.folded_link_lines, strict=True):
        named = any(word in line for word in TOPIC_WORDS)
        topics = [topic for topic, words in TOPICS if named and words.search(link.text)]
        by_host = on_hosts(link, HOSTS)
        found += [(topic, link.snippet) for topic in [*topics, *([by_host] if by_host else [])]]
    return once_per_value("inclusion.topic", found, page.url, DETECTOR)
