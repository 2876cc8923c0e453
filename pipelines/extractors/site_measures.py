"""What the crawl measures of a site's server rather than reads on its pages: how it answers
a page that cannot exist (`quality.not_found`, from the not-found probe the spider asks once a
measured site) and how long its home page took to answer (`quality.load_time`, from the home
page's record). Pure: the answers' plain values in, a finding or None out (docs/features.md).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

from crawler.items import Finding, PageRecord
from crawler.urls import InvalidUrl, normalize_url

NOT_FOUND_DETECTOR = "not-found/1"
LOAD_TIME_DETECTOR = "load-time/1"
# The values of `quality.not_found`: the server says the page is missing (404 or 410), or it
# answers as if the page were there (200 with an HTML page, after a redirect or not).
NOT_FOUND = "404"
SOFT_NOT_FOUND = "soft-404"
GONE = frozenset({404, 410})
HTML_TYPES = ("text/html", "application/xhtml+xml")
HTML_START = re.compile(rb"^\s*(?:<!doctype\s+html|<html|<head|<body)", re.IGNORECASE)
TITLE = re.compile(r"<title[^>]*>(.*?)</title", re.IGNORECASE | re.DOTALL)
SNIPPET_LIMIT = 200


def _is_html(content_type: str | None, body: bytes) -> bool:
    if content_type:
        return content_type.split(";", 1)[0].strip().lower() in HTML_TYPES
    return bool(HTML_START.match(body[:1024]))


def _title(body: bytes) -> str:
    found = TITLE.search(body[:65536].decode("utf-8", "replace"))
    return " ".join(found.group(1).split())[:SNIPPET_LIMIT] if found else ""


def _same_page(one: str, other: str) -> bool:
    try:
        return normalize_url(one) == normalize_url(other)
    except InvalidUrl:
        return one == other


def not_found_finding(
    probe_url: str,
    status: int,
    content_type: str | None,
    body: bytes,
    final_url: str,
    home_url: str,
) -> Finding | None:
    """The probe's answer as a finding: `404` when the server says the page is missing (404 or
    410), `soft-404` when it answers 200 with an HTML page (the home page after a redirect
    too); None for any other answer (a 5xx, a 403, a 200 that is no HTML page), which tells
    nothing of how the site answers a missing page. The evidence is the probe's address, the
    snippet the answer's status line and, for a page, its title and where it was redirected."""
    if status in GONE:
        return Finding(
            "quality.not_found", NOT_FOUND, probe_url, f"HTTP {status}", NOT_FOUND_DETECTOR
        )
    if status != 200 or not _is_html(content_type, body):
        return None
    snippet = "HTTP 200"
    if not _same_page(final_url, probe_url):
        home = " (page d'accueil)" if _same_page(final_url, home_url) else ""
        snippet += f" → {final_url}{home}"
    title = _title(body)
    if title:
        snippet += f" <title>{title}</title>"
    return Finding("quality.not_found", SOFT_NOT_FOUND, probe_url, snippet, NOT_FOUND_DETECTOR)


def load_time_finding(pages: Iterable[PageRecord]) -> Finding | None:
    """The home page's download time in whole milliseconds, from its plain fetch (not its
    rendering): the time from the request to the answer's headers of the last hop (a redirect's
    own hops are not counted). None when the home page failed, came from the HTTP cache (no
    download was timed) or has no time; the evidence is the home page's address."""
    home = next((page for page in pages if page.depth == 0 and not page.rendered), None)
    if home is None or home.error or home.from_cache or home.duration_ms is None:
        return None
    if home.http_status != 200:
        return None
    milliseconds = math.floor(home.duration_ms + 0.5)
    return Finding(
        "quality.load_time", str(milliseconds), home.final_url, "HTTP 200", LOAD_TIME_DETECTOR
    )
