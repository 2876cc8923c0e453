"""The content management system or site builder behind a page (`tech.cms`)."""

from __future__ import annotations

import re

from crawler.items import Finding
from crawler.urls import FREE_HOST_SUFFIXES, host_of

from pipelines.extractors.page import Page

DETECTOR = "cms/1"

GENERATORS = (
    ("wordpress", re.compile(r"\bwordpress\b", re.I)),
    ("spip", re.compile(r"\bspip\b", re.I)),
    ("drupal", re.compile(r"\bdrupal\b", re.I)),
    ("joomla", re.compile(r"\bjoomla\b", re.I)),
    ("typo3", re.compile(r"\btypo3\b", re.I)),
    ("wix", re.compile(r"\bwix\.com\b", re.I)),
    ("jimdo", re.compile(r"\bjimdo\b", re.I)),
    ("e-monsite", re.compile(r"e-monsite", re.I)),
    ("kosmos", re.compile(r"\bkosmos\b", re.I)),
    ("jalios", re.compile(r"\bjalios\b", re.I)),
)
# Asset paths that only one system writes.
ASSET_SIGNATURES = (
    ("wordpress", re.compile(r"/wp-(?:content|includes)/")),
    ("spip", re.compile(r"spip\.php\?|/squelettes(?:-dist)?/")),
    (
        "drupal",
        re.compile(r"/sites/(?:default|all)/(?:files|themes|modules)/|drupal-settings-json"),
    ),
    ("joomla", re.compile(r"/media/(?:jui|system)/js/|/components/com_")),
    ("typo3", re.compile(r"/typo3(?:conf|temp)/")),
)


# Platforms that show themselves only by a credit link in the footer.
CREDIT_LINKS = (("campagnol", re.compile(r"^https?://(www\.)?campagnol\.fr", re.I)),)


def extract_cms(page: Page) -> list[Finding]:
    for generator in page.meta("generator"):
        for slug, pattern in GENERATORS:
            if pattern.search(generator):
                snippet = f'<meta name="generator" content="{generator}">'
                return [Finding("tech.cms", slug, page.url, snippet, DETECTOR)]
    for slug, pattern in CREDIT_LINKS:
        for link in page.links:
            if pattern.match(link.url):
                return [Finding("tech.cms", slug, page.url, link.snippet, DETECTOR)]
    for slug, pattern in ASSET_SIGNATURES:
        match = pattern.search(page.html)
        if match:
            start = max(match.start() - 60, 0)
            snippet = page.html[start : match.end() + 60].strip()
            return [Finding("tech.cms", slug, page.url, snippet, DETECTOR)]
    return []


# The State design system (DSFR) is reserved to the State: on a local authority's site its
# presence is a misuse to flag, not a good practice.
DSFR_ASSET = re.compile(
    r"/dsfr(\.min|\.main|\.module|\.nomodule|\.legacy)?\.(css|js)\b|@gouvfr/dsfr"
)
DSFR_COMPONENTS = frozenset(
    [
        "fr-header",
        "fr-footer",
        "fr-logo",
        "fr-container",
        "fr-btn",
        "fr-nav",
        "fr-skiplinks",
        "fr-grid-row",
        "fr-card",
        "fr-tile",
        "fr-breadcrumb",
        "fr-sidemenu",
        "fr-consent-banner",
    ]
)


def extract_dsfr(page: Page) -> list[Finding]:
    """`tech.dsfr` = "true": DSFR assets, its theme attribute, or three of its components."""
    for source in page.selector.xpath("//link/@href | //script/@src").getall():
        if DSFR_ASSET.search(source):
            return [Finding("tech.dsfr", "true", page.url, source, DETECTOR)]
    scheme = page.selector.xpath("//@data-fr-scheme")
    if scheme:
        return [
            Finding("tech.dsfr", "true", page.url, f'data-fr-scheme="{scheme[0].get()}"', DETECTOR)
        ]
    classes = {
        name.split("__")[0]
        for value in page.selector.xpath("//@class").getall()
        for name in value.split()
    }
    components = sorted(classes & DSFR_COMPONENTS)
    if len(components) >= 3:
        return [
            Finding("tech.dsfr", "true", page.url, "classes " + ", ".join(components), DETECTOR)
        ]
    return []


def domain_kind(host: str) -> str:
    """`free-host` for a subdomain of a free host, `collectivite-fr` for ANCT's
    `<commune>.collectivite.fr` names, else `own`."""
    suffix = next((s for s in FREE_HOST_SUFFIXES if host == s or host.endswith("." + s)), None)
    if suffix is None:
        return "own"
    return "collectivite-fr" if suffix == "collectivite.fr" else "free-host"


def extract_domain_kind(page: Page) -> list[Finding]:
    host = host_of(page.url)
    if not host:
        return []
    return [Finding("tech.domain", domain_kind(host), page.url, host, DETECTOR)]
