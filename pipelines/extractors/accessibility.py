"""The legal accessibility mention (`a11y.mention`) and the statement link (`a11y.statement_url`)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from crawler.items import Finding

from pipelines.extractors.page import Link, Page

DETECTOR = "a11y/1"

# "Accessibilité : partiellement conforme", with the punctuation and spacing sites really use,
# and the noun form "Accessibilité : conformité partielle".
MENTION = re.compile(
    r"accessibilit[ée]\s*[:\-–—]?\s*(?:"
    r"(?P<adverb>totalement|partiellement|non)[\s\-]+conforme"
    r"|conformit[ée]\s+(?P<noun>totale|partielle)"
    r"|(?P<none>non[\s\-]conformit[ée]))",
    re.IGNORECASE,
)
LEVEL_OF_NOUN = {"totale": "totalement", "partielle": "partiellement"}
STATEMENT_WORDS = re.compile(r"d[ée]claration\s+d.?\s*accessibilit[ée]", re.IGNORECASE)
ACCESSIBILITY_WORD = re.compile(r"accessibilit[eé]|accessibility", re.IGNORECASE)


def _level(match: re.Match[str]) -> str:
    if match.group("adverb"):
        return match.group("adverb").lower()
    if match.group("noun"):
        return LEVEL_OF_NOUN[match.group("noun").lower()]
    return "non"


def extract_mention(page: Page) -> list[Finding]:
    """The first mention in the page text (the footer's, on a real site)."""
    match = MENTION.search(page.text)
    if not match:
        for link in page.links:  # the mention is sometimes only in a link's title
            match = MENTION.search(link.text)
            if match:
                break
    if not match:
        return []
    return [Finding("a11y.mention", _level(match), page.url, match.group(0), DETECTOR)]


def _is_statement_candidate(page: Page, link: Link) -> bool:
    path = urlsplit(link.url).path
    if path in ("", "/"):
        return False  # a "skip to accessibility" link that only returns home
    if STATEMENT_WORDS.search(link.text):
        return True
    if not page.is_same_site(link.url):
        return False  # e.g. the national RGAA reference site
    return bool(ACCESSIBILITY_WORD.search(link.text) or ACCESSIBILITY_WORD.search(path))


def extract_statement(page: Page) -> list[Finding]:
    candidates = [link for link in page.links if _is_statement_candidate(page, link)]
    if not candidates:
        return []
    best = next((link for link in candidates if STATEMENT_WORDS.search(link.text)), candidates[0])
    return [Finding("a11y.statement_url", best.url, page.url, best.snippet, DETECTOR)]
