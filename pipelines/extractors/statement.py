"""What an accessibility statement declares: audit date, conformity rate, RGAA version, contact,
recourse, multi-year plan (décret 2019-768 and Arcom's model statement).

Read only on a page that is a statement (its title or first heading says so, or, for a PDF,
its first lines), so that the same words in a news item or a footer never count. Statements
are written by hand from a model: the patterns are tolerant and the matched words are kept
as evidence.
"""

from __future__ import annotations

import re
from datetime import date

from crawler.items import Finding

from pipelines.extractors.accessibility import STATEMENT_WORDS
from pipelines.extractors.dates import date_at
from pipelines.extractors.page import TITLE_AND_H1_TEXT, Page, squash

DETECTOR = "a11y-statement/1"

# The audit's date follows words that name it, within a short distance.
AUDIT_CONTEXT = re.compile(
    r"(?:date\s+(?:de\s+l.|d.)?\s*audit|audit\s+(?:a\s+[ée]t[ée]\s+)?r[ée]alis[ée]\s+(?:le|en|du)"
    r"|[ée]valuation\s+(?:a\s+[ée]t[ée]\s+)?r[ée]alis[ée]e?\s+(?:le|en)"
    r"|date\s+de\s+(?:la\s+)?r[ée]alisation)[^0-9]{0,40}",
    re.IGNORECASE,
)
RATE = re.compile(
    r"taux\s+(?:global\s+)?de\s+conformit[ée][^0-9]{0,60}?(?P<a>\d{1,3}(?:[.,]\d{1,2})?)\s*%"
    r"|(?P<b>\d{1,3}(?:[.,]\d{1,2})?)\s*%\s+des\s+crit[èe]res",
    re.IGNORECASE,
)
# "RGAA 4.1", "RGAA version 4.1.2", "RGAA v4", "(RGAA), version 4.1.2"
RGAA_VERSION = re.compile(
    r"\bRGAA(?:\s*|\s*v\.?\s*|\s*version\s*|\)?,?\s*version\s*)(?P<version>[234](?:\.\d){0,2})\b",
    re.IGNORECASE,
)
CONTACT = re.compile(
    r"retour\s+d.information|nous\s+contacter|contactez|formulaire\s+de\s+contact"
    r"|[\w.+-]+@[\w-]+\.[\w.-]+",
    re.IGNORECASE,
)
RECOURSE = re.compile(r"d[ée]fenseur\s+des\s+droits", re.IGNORECASE)
SCHEMA = re.compile(
    r"sch[ée]ma\s+(?:pluri-?annuel|de\s+mise\s+en\s+accessibilit[ée])", re.IGNORECASE
)


def is_statement(page: Page) -> bool:
    if page.kind == "pdf":
        return bool(STATEMENT_WORDS.search(page.text[:300]))
    headings = page.query(TITLE_AND_H1_TEXT)
    return bool(STATEMENT_WORDS.search(squash(" ".join(str(part) for part in headings))))


def audit_date(text: str) -> tuple[date, str] | None:
    for context in AUDIT_CONTEXT.finditer(text):
        found = date_at(text, context.end())
        if found:
            return found[0], text[context.start() : found[1]]
    return None


def extract_statement_content(page: Page) -> list[Finding]:
    if not is_statement(page):
        return []
    text = page.text
    found: list[tuple[str, str, str]] = []
    if audited := audit_date(text):
        found.append(("a11y.audit_date", audited[0].isoformat(), audited[1]))
    if rate := RATE.search(text):
        value = float((rate["a"] or rate["b"]).replace(",", "."))
        if value <= 100:
            found.append(("a11y.conformity_rate", f"{value:g}", rate.group(0)))
    if version := RGAA_VERSION.search(text):
        found.append(("a11y.rgaa_version", version["version"], version.group(0)))
    for feature, words in (
        ("a11y.statement_contact", CONTACT),
        ("a11y.recourse", RECOURSE),
        ("a11y.schema", SCHEMA),
    ):
        if match := words.search(text):
            found.append((feature, "true", match.group(0)))
    return [
        Finding(feature, value, page.url, snippet, DETECTOR) for feature, value, snippet in found
    ]
