"""A site's XML sitemap: the pages it lists and the newest date it gives (`freshness.sitemap_lastmod`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml.etree import XMLSyntaxError
from scrapy.utils.sitemap import Sitemap

from crawler.items import Finding
from pipelines.extractors.freshness import parse_date

DETECTOR = "sitemap/1"


@dataclass
class SitemapContent:
    pages: list[str] = field(default_factory=list)  # <loc> of a urlset, in order
    sitemaps: list[str] = field(default_factory=list)  # <loc> of a sitemap index
    findings: list[Finding] = field(default_factory=list)


def read_sitemap(url: str, body: bytes) -> SitemapContent:
    """What a sitemap (urlset or index) lists; empty for anything that is not one.

    Parsed without resolving entities (Scrapy's `Sitemap`, over lxml), so a hostile file
    cannot read local files or expand a billion laughs.
    """
    content = SitemapContent()
    try:
        sitemap = Sitemap(body)
        entries = list(sitemap)
    except (XMLSyntaxError, StopIteration, ValueError):
        return content
    if sitemap.type not in ("urlset", "sitemapindex"):
        return content
    listed = content.pages if sitemap.type == "urlset" else content.sitemaps
    newest = None
    for entry in entries:
        location = (entry.get("loc") or "").strip()
        if location:
            listed.append(location)
        day = parse_date(entry.get("lastmod") or "")
        if day and (newest is None or day > newest[0]):
            newest = (day, entry.get("lastmod", "").strip(), location)
    if newest:
        day, written, location = newest
        snippet = f"<loc>{location}</loc><lastmod>{written}</lastmod>"[:300]
        content.findings.append(
            Finding("freshness.sitemap_lastmod", day.isoformat(), url, snippet, DETECTOR)
        )
    return content
