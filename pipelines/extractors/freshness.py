"""How fresh a site is: its newest dated news item (`freshness.latest_news`), the copyright year
in its footer (`freshness.copyright_year`) and the Last-Modified its server sends
(`freshness.last_modified`), and the newest "mis à jour le" date (`freshness.updated`)."""

from __future__ import annotations

import re
from datetime import date
from email.utils import parsedate_to_datetime

from crawler.items import Finding

from pipelines.extractors.dates import date_at
from pipelines.extractors.page import Page, compiled

DETECTOR = "freshness/1"
ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
# "Mis à jour le 3 octobre 2026", "Dernière mise à jour : 03/10/2026", "Modifié le ..."
UPDATED = re.compile(
    r"(?:mis\s+[àa]\s+jour\s+le|derni[èe]re\s+mise\s+[àa]\s+jour|modifi[ée]e?\s+le"
    r"|actualis[ée]e?\s+le)\s*:?\s*",
    re.IGNORECASE,
)
# "© 2024", "© 2019-2024", "Copyright 2024 Mairie de...": the last year written counts.
COPYRIGHT = re.compile(
    r"(?:©|\(c\)|copyright)\s*(?:(?:19|20)\d{2}\s*(?:-|–|à)\s*)?(?P<year>(?:19|20)\d{2})\b",
    re.IGNORECASE,
)


def parse_date(text: str) -> date | None:
    """The date an ISO 8601 date or datetime starts with, if it is a real day."""
    match = ISO_DATE.match(text.strip())
    if not match:
        return None
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


# Words every match of UPDATED (`Page.folded_text`) and of COPYRIGHT holds: where none is,
# the text is not searched (neither pattern has a literal prefix to skip ahead on).
UPDATED_WORDS = ("jour", "modifi", "actualis")
# The words a match of UPDATED begins with, in the folded text (squashed: `\s+` is one space).
UPDATED_STARTS = (
    *("mis à jour", "mis a jour", "dernière mise", "derniere mise"),
    *("modifi", "actualis"),
)
COPYRIGHT_WORDS = ("©", "(c)", "copyright")
# (A page without any `<time datetime>`, found by name, is not queried: the query tests the
# class of every element.)
NEWS_TIMES = compiled(
    "//article//time[@datetime] | //*[contains(@class, 'actualit')]//time[@datetime]"
)


def extract_latest_news(page: Page) -> list[Finding]:
    """The newest `<time datetime>` inside an article or a news list item.

    Dates elsewhere (agenda events ahead, copyright lines) say nothing of the news.
    """
    dated = []
    any_time = any(time.get("datetime") is not None for time in page.tree.iter("time"))
    for element in NEWS_TIMES(page.tree) if any_time else ():
        day = parse_date(element.attrib.get("datetime", ""))
        if day:
            dated.append((day, page.markup(element)[:200]))
    if not dated:
        return []
    newest, snippet = max(dated)
    return [Finding("freshness.latest_news", newest.isoformat(), page.url, snippet, DETECTOR)]


def extract_copyright_year(page: Page) -> list[Finding]:
    """The greatest copyright year written on the page."""
    if not any(word in page.folded_text for word in COPYRIGHT_WORDS):
        return []
    years = [(int(match["year"]), match.group(0)) for match in COPYRIGHT.finditer(page.text)]
    if not years:
        return []
    year, snippet = max(years)
    return [Finding("freshness.copyright_year", str(year), page.url, snippet, DETECTOR)]


def extract_last_modified(page: Page) -> list[Finding]:
    """The day of the Last-Modified header: many CMS send the time of the last edit."""
    header = page.headers.get("last-modified")
    if not header:
        return []
    try:
        modified = parsedate_to_datetime(header)
    except (TypeError, ValueError, IndexError):
        return []
    return [
        Finding(
            "freshness.last_modified",
            modified.date().isoformat(),
            page.url,
            f"Last-Modified: {header}",
            DETECTOR,
        )
    ]


def extract_updated(page: Page) -> list[Finding]:
    """The newest date a page says it was updated on."""
    if not any(word in page.folded_text for word in UPDATED_WORDS):
        return []
    start = page.text_from(UPDATED_STARTS)
    dated = []
    for context in UPDATED.finditer(page.text, start or 0) if start is not None else ():
        found = date_at(page.text, context.end())
        if found:
            dated.append((found[0], page.text[context.start() : found[1]]))
    if not dated:
        return []
    newest, snippet = max(dated)
    return [Finding("freshness.updated", newest.isoformat(), page.url, snippet, DETECTOR)]
