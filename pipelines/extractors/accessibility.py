"""The legal accessibility mention (`a11y.mention`) and the statement link (`a11y.statement_url`)."""

from __future__ import annotations

import re

from crawler.items import Finding

from pipelines.extractors.legal import is_page_itself, names_other_page, own_names
from pipelines.extractors.page import Link, Page

DETECTOR = "a11y/2"

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
    # Every match starts with "accessibilit": where it is not, the pattern is not searched.
    match = MENTION.search(page.text) if "accessibilit" in page.folded_text else None
    if not match and "accessibilit" in page.folded_links:
        for link in page.links:  # the mention is sometimes only in a link's title
            match = MENTION.search(link.text)
            if match:
                break
    if not match:
        return []
    return [Finding("a11y.mention", _level(match), page.url, match.group(0), DETECTOR)]


# A title or first heading that is only the word: "Accessibilité", "Accessibilité du site".
ACCESSIBILITY_TITLE = re.compile(
    r"(?:l.\s*)?accessibilit[ée](?:\s+num[ée]rique|\s+(?:du|de\s+ce|de\s+notre)\s+site"
    r"(?:\s+(?:internet|web))?)?",
    re.IGNORECASE,
)
TITLE_PARTS = re.compile(r"\s*[|–—»·:]\s*|\s+-\s+")


def statement_name(page: Page) -> str | None:
    """What shows the page is the statement: its title or first heading saying so
    (`statement.is_statement`) or being the word "Accessibilité" (a statement page's usual
    name); None for another page."""
    # Imported here: the statement's reader imports this module's words.
    from pipelines.extractors.statement import is_statement

    names = own_names(page)
    for name in names:
        if STATEMENT_WORDS.search(name) or any(
            ACCESSIBILITY_TITLE.fullmatch(part) for part in TITLE_PARTS.split(name)
        ):
            return name
    return (names[0] if names else "") if is_statement(page) else None


def _is_statement_candidate(page: Page, link: Link) -> bool:
    path = link.parts.path
    if path in ("", "/") or is_page_itself(page, link.url):
        return False  # a "skip to accessibility" link that only returns home, or to itself
    if names_other_page(link.url, ACCESSIBILITY_WORD):
        return False  # "Accessibilité" leading to the contact form
    if STATEMENT_WORDS.search(link.text):
        return True
    if not page.is_same_site(link.url):
        return False  # e.g. the national RGAA reference site
    return bool(ACCESSIBILITY_WORD.search(link.text) or ACCESSIBILITY_WORD.search(path))


STATEMENT_PATH = re.compile(r"d[ée]claration", re.IGNORECASE)


def _statement_rank(link: Link) -> int:
    """How surely a candidate leads to the statement: its text names the statement; its text
    is the legal mention (which the law links to the statement); its address names a
    declaration; only the word "Accessibilité" (often an options page or an icon) last."""
    if STATEMENT_WORDS.search(link.text):
        return 0
    if MENTION.search(link.text):
        return 1
    if STATEMENT_PATH.search(link.parts.path):
        return 2
    return 3


def extract_statement(page: Page) -> list[Finding]:
    """The page itself when it is the statement; else its best link to the statement."""
    name = statement_name(page)
    if name is not None:
        return [Finding("a11y.statement_url", page.url, page.url, name[:300], DETECTOR)]
    # Every candidate's text or address holds "accessibilit" (STATEMENT_WORDS,
    # ACCESSIBILITY_WORD): the other links are not tested.
    candidates = [
        link
        for link, line in zip(page.links, page.folded_link_lines, strict=True)
        if "accessibilit" in line and _is_statement_candidate(page, link)
    ]
    if not candidates:
        return []
    best = min(candidates, key=_statement_rank)  # the first of the best rank
    return [Finding("a11y.statement_url", best.url, page.url, best.snippet, DETECTOR)]
