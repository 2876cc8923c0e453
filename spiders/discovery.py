"""Which internal pages of a site are worth a place in its page budget, best first."""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from crawler.urls import host_of, registered_domain
from pipelines.extractors.page import Link

# Key pages, by what their link says or their address contains; higher weighs more.
KEY_PAGES = (
    (
        5,
        re.compile(
            r"mentions?[\s\-_]?l[ée]gal|accessibilit|confidentialit|donn[ée]es[\s\-_]personnelles",
            re.I,
        ),
    ),
    (
        4,
        re.compile(
            r"d[ée]marches|e-?services|services?\s+en\s+ligne|portail[\s\-_]famille|espace[\s\-_]citoyen",
            re.I,
        ),
    ),
    (
        3,
        re.compile(
            r"contact|open[\s\-_]?data|donn[ée]es[\s\-_]ouvertes|participati|budget|conseil", re.I
        ),
    ),
    (2, re.compile(r"actualit|agenda|news|publications|d[ée]lib[ée]rations", re.I)),
)
NOT_A_PAGE = re.compile(
    r"\.(jpe?g|png|gif|svg|webp|ico|css|js|zip|rar|7z|gz|mp3|mp4|avi|mov|docx?|xlsx?|pptx?|odt|ods|ics|xml|json"
    r"|csv|geojson|parquet|shp|gpkg|kml)$",
    re.IGNORECASE,
)


# A sitemap is fetched before any key page: one request that may list them all.
SITEMAP_WEIGHT = 6
SITEMAPS_PER_SITE = 2
SITEMAP_PAGES_READ = 1000


def link_weight(link: Link) -> int:
    return weight_of(link.text, link.url)


def weight_of(text: str, url: str) -> int:
    haystack = f"{text} {urlsplit(url).path}"
    return max((weight for weight, pattern in KEY_PAGES if pattern.search(haystack)), default=1)


def is_page_of(url: str, site_domain: str) -> bool:
    """A URL of the site that may be a web page (not an image, a script, an archive...)."""
    return registered_domain(host_of(url)) == site_domain and not NOT_A_PAGE.search(
        urlsplit(url).path
    )


def sitemap_pages(urls: list[str], site_domain: str) -> list[tuple[int, str]]:
    """(weight, URL) of the first pages a sitemap lists, by what their address says."""
    return [
        (weight_of("", url), url)
        for url in urls[:SITEMAP_PAGES_READ]
        if url.startswith(("http://", "https://")) and is_page_of(url, site_domain)
    ]


def weighted_links(links: Iterable[Link], site_domain: str) -> list[tuple[int, str]]:
    """(weight, URL) of the pages of the same site among `links`, best first, each once."""
    seen: dict[str, int] = {}
    for link in links:
        if not is_page_of(link.url, site_domain):
            continue
        weight = link_weight(link)
        seen[link.url] = max(weight, seen.get(link.url, 0))
    return sorted(((weight, url) for url, weight in seen.items()), key=lambda pair: -pair[0])
