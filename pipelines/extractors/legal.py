"""Links to the legal notice (`legal.notice_url`) and the privacy policy (`legal.privacy_url`), and
the data protection officer's contact (`legal.dpo_contact`).

A link counts when its target is that page: a link's text is not taken when its address is the
page itself or names another kind of page (the contact form, the site map); a page whose title
or main heading names the notice or the policy is that page (the site rule in `aggregate.py`
checks a link against its target when the crawl read it)."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from crawler.items import Finding

from pipelines.extractors.page import TEXT_INSIDE, Page, compiled, serialise, squash

DETECTOR = "legal/2"

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
# Words (as `fold` writes them) one of which each match of a notice's or a policy's text or path
# pattern holds: a link whose text and address hold none, and whose path has no %-escape
# (the path patterns read it unquoted), is neither (a search costs a microsecond a character).
NOTICE_WORDS = ("gal", "mention")
PRIVACY_WORDS = ("confidentialit", "personnelles", "priv", "protection", "rgpd")
# The last segment of an address that names another kind of page than a notice, a policy or a
# statement: a "Mentions légales" link to `/contact` leads to the contact form.
OTHER_PAGE = re.compile(
    r"contact|plan[-_]?(?:du[-_]?)?site|sitemap|^(?:recherche|rechercher|search)$"
    r"|^(?:accueil|home|connexion|login|newsletter)$|^lettre[-_]d[-_]information",
    re.IGNORECASE,
)


def last_segment(url: str) -> str:
    """The last named part of an address, without its extension (`/fr/contact.html`: contact)."""
    path = unquote(urlsplit(url).path)
    segment = next((part for part in reversed(path.split("/")) if part), "")
    return segment.rsplit(".", 1)[0] if "." in segment[1:] else segment


def names_other_page(url: str, own_path: re.Pattern[str]) -> bool:
    """The address names another kind of page, and not the one `own_path` names."""
    return bool(OTHER_PAGE.search(last_segment(url))) and not own_path.search(
        unquote(urlsplit(url).path)
    )


def is_page_itself(page: Page, url: str) -> bool:
    """A link back to the page it is on (its fragment already dropped)."""
    return url == page.url.split("#", 1)[0]


TITLE_TEXT = compiled("//title//text()")


def own_names(page: Page) -> list[str]:
    """What a page calls itself: its title and main headings (a PDF: its first lines)."""
    if page.kind == "pdf":
        return [squash(page.text[:300])]
    names = [page.query(TITLE_TEXT)]
    names += [TEXT_INSIDE(heading) for heading in page.tree.iter("h1")]
    return [squash(" ".join(str(part) for part in parts)) for parts in names if parts]


def _first_link(
    page: Page, text: re.Pattern[str], path: re.Pattern[str], words: tuple[str, ...]
) -> tuple[str, str] | None:
    by_path = None
    for link, line in zip(page.links, page.folded_link_lines, strict=True):
        if not any(word in line for word in words) and "%" not in link.url:
            continue
        target = link.parts
        if target.path in ("", "/") or not page.is_same_site(link.url):
            continue
        if is_page_itself(page, link.url):
            continue
        if text.search(link.text) and not names_other_page(link.url, path):
            return link.url, link.snippet
        if by_path is None and path.search(unquote(target.path)):
            by_path = (link.url, link.snippet)
    return by_path


def extract_legal(page: Page) -> list[Finding]:
    """A page that names itself the notice (the policy) is it; else its first link to it."""
    findings = []
    names = own_names(page)
    for feature, text, path, words in (
        ("legal.notice_url", NOTICE_TEXT, NOTICE_PATH, NOTICE_WORDS),
        ("legal.privacy_url", PRIVACY_TEXT, PRIVACY_PATH, PRIVACY_WORDS),
    ):
        name = next((name for name in names if text.search(name)), None)
        if name is not None:
            findings.append(Finding(feature, page.url, page.url, name[:300], DETECTOR))
        elif found := _first_link(page, text, path, words):
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
    for anchor in page.anchors:
        if DPO_MAILBOX.match(anchor.attrib.get("href") or ""):
            snippet = squash(serialise(anchor))[:300]
            return [Finding("legal.dpo_contact", "true", page.url, snippet, DETECTOR)]
    if not any(word in page.text for word in ("DPO", "DPD")) and "protection" not in (
        page.folded_text
    ):
        return []  # DPO's words (its case-sensitive acronyms, its case-insensitive name): none
    for match in DPO.finditer(page.text):
        window = page.text[max(0, match.start() - 150) : match.end() + 200]
        if CONTACT_NEAR.search(window):
            snippet = page.text[max(0, match.start() - 60) : match.end() + 120]
            return [Finding("legal.dpo_contact", "true", page.url, snippet, DETECTOR)]
    return []
