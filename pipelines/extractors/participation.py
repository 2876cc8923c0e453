"""Participation: the platforms residents take part through, and the participatory bodies and
procedures a site names (budget participatif, conseils de quartier...)."""

from __future__ import annotations

import re

from crawler.items import Finding

from pipelines.extractors.once import once_per_value
from pipelines.extractors.page import Link, Page, on_hosts

DETECTOR = "participation/2"

# Hosted platforms, by host (or parent domain).
PLATFORM_HOSTS = {
    "cap-collectif.com": "cap-collectif",
    "fluicity.co": "fluicity",
    "fluicity.com": "fluicity",
    "jenparle.net": "jenparle",
    "civocracy.org": "civocracy",
    "id-city.com": "id-city",
    "citizenlab.co": "go-vocal",
    "govocal.com": "go-vocal",
    "make.org": "make-org",
    "decidim.org": "decidim",
}
# Decidim runs on the authority's own (sub)domains: its URL paths give it away.
DECIDIM_PATH = re.compile(r"^/(?:processes|assemblies|conferences)(?:/|$)")
TOPICS = (
    ("budget-participatif", re.compile(r"budgets?\s+participatifs?", re.IGNORECASE)),
    ("conseil-de-quartier", re.compile(r"conseils?\s+de\s+quartiers?", re.IGNORECASE)),
    (
        "conseil-des-jeunes",
        re.compile(
            r"conseils?\s+(?:municipa(?:l|ux)\s+|communa(?:l|ux)\s+)?des\s+(?:jeunes|enfants)|\bCMJ\b",
            re.IGNORECASE,
        ),
    ),
    ("conseil-citoyen", re.compile(r"conseils?\s+citoyens?", re.IGNORECASE)),
    ("concertation", re.compile(r"\bconcertations?\b", re.IGNORECASE)),
    (
        "consultation",
        re.compile(r"consultations?\s+(?:publiques?|citoyennes?|en\s+ligne)", re.IGNORECASE),
    ),
    ("petition", re.compile(r"p[ée]titions?\b", re.IGNORECASE)),
    ("enquete-publique", re.compile(r"enqu[êe]tes?\s+publiques?", re.IGNORECASE)),
)

# Words (as `fold` writes them) one of which each match of a topic holds: a link whose text and
# address hold none is not searched (a case-insensitive search costs about a microsecond a
# character, the literal test a fraction of it).
TOPIC_WORDS = (
    "budget",  # budget-participatif
    *("conseil", "cmj"),  # conseil-de-quartier, conseil-des-jeunes, conseil-citoyen
    "concertation",  # concertation
    "consultation",  # consultation
    "tition",  # petition
    "enqu",  # enquete-publique
)


def _platform(link: Link) -> str | None:
    parts = link.parts
    host = (parts.hostname or "").lower()
    slug = on_hosts(link, PLATFORM_HOSTS)
    if slug:
        return slug
    if host.startswith("decidim.") or DECIDIM_PATH.match(parts.path):
        return "decidim"
    return None


def extract_participation(page: Page) -> list[Finding]:
    """Platforms from links and embeds (a consultation shown in a frame); topics from link
    texts only."""
    platforms = [
        (slug, link.snippet) for link in [*page.links, *page.embeds] if (slug := _platform(link))
    ]
    topics = [
        (topic, link.snippet)
        for link, line in zip(page.links, page.folded_link_lines, strict=True)
        if any(word in line for word in TOPIC_WORDS)
        for topic, words in TOPICS
        if words.search(link.text)
    ]
    return once_per_value("participation.platform", platforms, page.url, DETECTOR) + (
        once_per_value("participation.topic", topics, page.url, DETECTOR)
    )
