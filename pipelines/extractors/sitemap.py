"""A site's XML sitemap: the pages it lists and the newest date it gives (`freshness.sitemap_lastmod`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from crawler.items import Finding
from lxml import etree

from pipelines.extractors.freshness import parse_date

DETECTOR = "sitemap/1"


@dataclass
class SitemapContent:
    pages: list[str] = field(default_factory=list)  # <loc> of a urlset, in order
    sitemaps: list[str] = field(default_factory=list)  # <loc> of a sitemap index
    findings: list[Finding] = field(default_factory=list)


def _local(tag: object) -> str:
    """A tag's name without its namespace ("" for comments and processing instructions)."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _entries(root: etree._Element) -> list[dict[str, str]]:
    """Each <url> or <sitemap> child with a <loc>, as {child tag: its text}."""
    entries = []
    for element in root:
        entry = {_local(child.tag): (child.text or "").strip() for child in element}
        if "loc" in entry:
            entries.append(entry)
    return entries


# The parser Scrapy's own sitemap reader uses: lenient, and no entity is resolved, so a
# hostile file can neither read local files nor expand a billion laughs.
PARSER = etree.XMLParser(recover=True, remove_comments=True, resolve_entities=False)


def read_sitemap(url: str, body: bytes) -> SitemapContent:
    """What a sitemap (urlset or index) lists; empty for anything that is not one."""
    content = SitemapContent()
    try:
        root = etree.fromstring(body, parser=PARSER)
    except (etree.XMLSyntaxError, ValueError):
        return content
    kind = _local(root.tag) if root is not None else ""
    if kind not in ("urlset", "sitemapindex"):
        return content
    entries = _entries(root)
    listed = content.pages if kind == "urlset" else content.sitemaps
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
