"""Council acts, budget documents, council meetings on video and the procurement buyer profile.

Since 1 July 2022 acts are published on the website by default (ordonnance 2021-1310); what a
page shows is a link that names them. A link that only says "Conseil municipal" (the
council's members) is not a publication of acts.
"""

from __future__ import annotations

import re

from crawler.items import Finding
from crawler.urls import by_host_suffix, host_of

from pipelines.extractors.once import once_per_value
from pipelines.extractors.page import Page, on_hosts, serialise, squash

DETECTOR = "transparency/1"

ACTS_TEXT = re.compile(
    r"d[ée]lib[ée]rations?|proc[èe]s[- ]verba(?:l|ux)|comptes?[- ]rendus?\s+(?:du|des)\s+conseils?"
    r"|recueils?\s+des\s+actes|publications?\s+des\s+actes|actes\s+administratifs"
    r"|arr[êe]t[ée]s\s+(?:municipaux|du\s+maire|du\s+pr[ée]sident)",
    re.IGNORECASE,
)
BUDGET_TEXT = re.compile(
    r"budgets?\s+primitifs?|comptes?\s+administratifs?|compte\s+financier\s+unique"
    r"|rapport\s+d.orientation\s+budg[ée]taire|d[ée]bat\s+d.orientation\s+budg[ée]taire"
    r"|\bbudget\s+(?:\d{4}|de\s+la\s+(?:commune|ville|collectivit[ée]))|\bfinances\s+(?:locales|communales)",
    re.IGNORECASE,
)
COUNCIL_WORDS = re.compile(
    r"conseils?\s+(?:municipal|communautaire|m[ée]tropolitain|d[ée]partemental|r[ée]gional)"
    r"|s[ée]ances?\s+(?:du|publiques?)\s+conseil",
    re.IGNORECASE,
)
# Words (as `fold` writes them) one of which each match of the pattern holds: a link whose text
# and address hold none is not searched.
ACTS_WORDS = ("lib", "verba", "rendu", "actes", "arr")
BUDGET_WORDS = ("budg", "compte", "finances")
COUNCIL_WORD = "conseil"
VIDEO_WORDS = re.compile(
    r"en\s+direct|vid[ée]o|retransmi|en\s+live|\blive\b|replay|revoir", re.IGNORECASE
)
VIDEO_HOSTS = {
    "youtube.com": "youtube",
    "youtube-nocookie.com": "youtube",
    "youtu.be": "youtube",
    "dailymotion.com": "dailymotion",
    "vimeo.com": "vimeo",
    "facebook.com": "facebook",
}
# Procurement platforms where authorities publish their calls for tenders ("profil acheteur").
BUYER_PROFILE_HOSTS = {
    "achatpublic.com": "achatpublic",
    "marches-securises.fr": "marches-securises",
    "maximilien.fr": "maximilien",
    "megalis.bretagne.bzh": "megalis",
    "e-marchespublics.com": "e-marchespublics",
    "marches-publics.gouv.fr": "place",
    "marches-publics.info": "aws-achat",
    "klekoon.com": "klekoon",
    "synapse-entreprises.com": "synapse",
    "demat-ampa.fr": "ampa",
}


def _first_link_finding(
    page: Page, feature: str, text: re.Pattern[str], words: tuple[str, ...]
) -> list[Finding]:
    for link, line in zip(page.links, page.folded_link_lines, strict=True):
        if not any(word in line for word in words):
            continue
        if link.parts.path in ("", "/") and page.is_same_site(link.url):
            continue  # a home link whose title happens to use the words
        if text.search(link.text):
            return [Finding(feature, "true", page.url, link.snippet, DETECTOR)]
    return []


def extract_acts(page: Page) -> list[Finding]:
    return _first_link_finding(page, "transparency.acts", ACTS_TEXT, ACTS_WORDS)


def extract_budget(page: Page) -> list[Finding]:
    return _first_link_finding(page, "transparency.budget", BUDGET_TEXT, BUDGET_WORDS)


def extract_council_video(page: Page) -> list[Finding]:
    """A council meeting on video: a video player or a link to a video platform that names it."""
    for frame in page.tree.iter("iframe"):  # //iframe[@src]
        if frame.get("src") is None:
            continue
        host = host_of(frame.attrib.get("src") or "")
        label = squash(frame.attrib.get("title") or frame.attrib.get("aria-label") or "")
        if by_host_suffix(host, VIDEO_HOSTS) and COUNCIL_WORDS.search(label):
            return [
                Finding(
                    "transparency.council_video",
                    "true",
                    page.url,
                    squash(serialise(frame))[:300],
                    DETECTOR,
                )
            ]
    for link, line in zip(page.links, page.folded_link_lines, strict=True):
        if COUNCIL_WORD not in line:
            continue
        on_video_host = on_hosts(link, VIDEO_HOSTS)
        if COUNCIL_WORDS.search(link.text) and (on_video_host or VIDEO_WORDS.search(link.text)):
            return [Finding("transparency.council_video", "true", page.url, link.snippet, DETECTOR)]
    return []


def extract_buyer_profile(page: Page) -> list[Finding]:
    found = [
        (slug, link.snippet) for link in page.links if (slug := on_hosts(link, BUYER_PROFILE_HOSTS))
    ]
    return once_per_value("transparency.buyer_profile", found, page.url, DETECTOR)
