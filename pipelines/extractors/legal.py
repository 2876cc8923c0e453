"""Links to the legal notice (`legal.notice_url`) and the privacy policy (`legal.privacy_url`)."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from crawler.items import Finding
from pipelines.extractors.page import Page

DETECTOR = "legal/1"

NOTICE_TEXT = re.compile(r"mentions?\s+l[ée]gales?|informations\s+l[ée]gales", re.IGNORECASE)
NOTICE_PATH = re.compile(
    r"mentions?[-_]?l[eé]gal|/mentions(\.html?)?$|legal-?notice", re.IGNORECASE
)
PRIVACY_TEXT = re.compile(
    r"confidentialit[ée]|donn[ée]es\s+personnelles|vie\s+priv[ée]e|protection\s+des\s+donn[ée]es"
    r"|\brgpd\b",
    re.IGNORECASE,
)
PRIVACY_PATH = re.compile(
    r"confidentialit|donnees[-_]personnelles|vie[-_]privee|protection[-_]des[-_]donnees|rgpd|privacy",
    re.IGNORECASE,
)


def _first_link(page: Page, text: re.Pattern[str], path: re.Pattern[str]) -> tuple[str, str] | None:
    by_path = None
    for link in page.links:
        target = urlsplit(link.url)
        if target.path in ("", "/") or not page.is_same_site(link.url):
            continue
        if text.search(link.text):
            return link.url, link.snippet
        if by_path is None and path.search(unquote(target.path)):
            by_path = (link.url, link.snippet)
    return by_path


def extract_legal(page: Page) -> list[Finding]:
    findings = []
    for feature, text, path in (
        ("legal.notice_url", NOTICE_TEXT, NOTICE_PATH),
        ("legal.privacy_url", PRIVACY_TEXT, PRIVACY_PATH),
    ):
        found = _first_link(page, text, path)
        if found:
            findings.append(Finding(feature, found[0], page.url, found[1], DETECTOR))
    return findings
