"""How fresh a site's news is (`freshness.latest_news`): dates of dated items in the page."""

from __future__ import annotations

import re
from datetime import date

from crawler.items import Finding
from pipelines.extractors.page import Page

DETECTOR = "freshness/1"
ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


def parse_date(text: str) -> date | None:
    """The date an ISO 8601 date or datetime starts with, if it is a real day."""
    match = ISO_DATE.match(text.strip())
    if not match:
        return None
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def extract_latest_news(page: Page) -> list[Finding]:
    """The newest `<time datetime>` inside an article or a news list item.

    Dates elsewhere (agenda events ahead, copyright lines) say nothing of the news.
    """
    dated = []
    for element in page.selector.xpath(
        "//article//time[@datetime] | //*[contains(@class, 'actualit')]//time[@datetime]"
    ):
        day = parse_date(element.attrib.get("datetime", ""))
        if day:
            dated.append((day, element.get()[:200]))
    if not dated:
        return []
    newest, snippet = max(dated)
    return [Finding("freshness.latest_news", newest.isoformat(), page.url, snippet, DETECTOR)]
