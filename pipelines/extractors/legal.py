"""Links to the legal notice (`legal.notice_url`) and the privacy policy (`legal.privacy_url`), and
the data protection officer's contact (`legal.dpo_contact`)."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from crawler.items import Finding

from pipelines.extractors.page import Page, serialise, squash

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


DPO = re.compile(
    r"(?i:d[ée]l[ée]gu[ée]e?\s+(?:[àa]\s+la\s+)?protection\s+des\s+donn[ée]es)|\bDPO\b|\bDPD\b"
)
CONTACT_NEAR = re.compile(
    r"[\w.+-]+@[\w-]+\.[\w.-]+|contacter|joindre|adresse|[ée]crire|formulaire|\bmail\b|courriel",
    re.IGNORECASE,
)
# A mailbox named for the DPO ("dpo@", "dpd@", "rgpd@") is their contact whatever the text says.
DPO_MAILBOX = re.compile(r"^mailto:\s*(?:dpo|dpd|rgpd)[\w.+-]*@", re.IGNORECASE)


def extract_dpo(page: Page) -> list[Finding]:
    """The DPO named with a way to reach them (an address, a form, "contacter") close by, or
    a mailto link to a DPO's mailbox."""
    for anchor in page.tree.xpath("//a[@href]"):
        if DPO_MAILBOX.match(anchor.attrib.get("href") or ""):
            snippet = squash(serialise(anchor))[:300]
            return [Finding("legal.dpo_contact", "true", page.url, snippet, DETECTOR)]
    for match in DPO.finditer(page.text):
        window = page.text[max(0, match.start() - 150) : match.end() + 200]
        if CONTACT_NEAR.search(window):
            snippet = page.text[max(0, match.start() - 60) : match.end() + 120]
            return [Finding("legal.dpo_contact", "true", page.url, snippet, DETECTOR)]
    return []
