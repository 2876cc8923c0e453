"""The content management system or site builder behind a page (`tech.cms`)."""

from __future__ import annotations

import re

from crawler.items import Finding
from crawler.urls import FREE_HOST_SUFFIXES, host_of

from pipelines.extractors.cms_sources import (
    BUILDER_SITES,
    PAGE_HOSTS,
    builder_asset,
    builder_credit,
    by_suffix,
    comment_spans,
    in_comment,
    serves_site,
    url_before,
)
from pipelines.extractors.page import CLASS_VALUES, Page, compiled, joined_classes

DETECTOR = "cms/2"

# The generator meta tag counts whatever serves the page: it is the page's own markup.
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
    ("webnode", re.compile(r"\bwebnode\b", re.I)),  # webappanalyzer: ^Webnode
    ("webflow", re.compile(r"\bwebflow\b", re.I)),  # webappanalyzer: Webflow
)
# Asset paths only one system writes, counted when served from the page's own site or from
# a host of that system (cms_sources.serves_site); and markup only one system writes.
ASSET_SIGNATURES = (
    ("wordpress", re.compile(r"\\?/wp-(?:content|includes)\\?/")),  # also JSON's \/
    # SPIP writes its paths relative, with or without a leading slash (squelettes/css/...).
    ("spip", re.compile(r"(?:spip\.php\?|squelettes(?:-dist)?/)")),
    (
        "drupal",
        re.compile(r"(?:/sites/(?:default|all)/(?:files|themes|modules)/|drupal-settings-json)"),
    ),
    ("joomla", re.compile(r"/media/(?:jui|system)/js/|/components/com_")),
    ("typo3", re.compile(r"/typo3(?:conf|temp)/")),
    # webappanalyzer: Webflow html[data-wf-site]; Google Sites
    # [data-abuse-proto*='https://sites.google.com/'].
    ("webflow", re.compile(r"<html\b[^>]*\sdata-wf-site=", re.I)),
    ("google-sites", re.compile(r"data-abuse-proto=[\"']https://sites\.google\.com/")),
)
# Literal parts one of which every match of a signature contains: a signature runs only where
# one is in the page, since a scan of the whole HTML by a pattern without a literal prefix
# (`\\?/wp-`) costs up to 0.7 ms on a 100 KB page, and `in` a few microseconds. Webflow's is
# case-insensitive and already cheap (it starts with `<`): no literal.
SIGNATURE_LITERALS = {
    "wordpress": ("/wp-",),
    "spip": ("spip.php?", "squelettes"),
    "drupal": ("/sites/", "drupal-settings-json"),
    "joomla": ("/media/", "/components/com_"),
    "typo3": ("/typo3",),
    "webflow": ("",),
    "google-sites": ("data-abuse-proto=",),
}
# Builders (and platforms) that show themselves by a credit link to their own site.
CREDIT_LINKS = BUILDER_SITES


def extract_cms(page: Page) -> list[Finding]:
    """The first of: generator tag, free host of a builder, credit link, asset paths served
    by the site itself, scripts and stylesheets from a builder's hosts."""
    for generator in page.meta("generator"):
        for slug, pattern in GENERATORS:
            if pattern.search(generator):
                snippet = f'<meta name="generator" content="{generator}">'
                return [Finding("tech.cms", slug, page.url, snippet, DETECTOR)]
    host = host_of(page.url)
    on_free_host = by_suffix(host, PAGE_HOSTS)
    found = (on_free_host, host) if on_free_host else None
    found = found or builder_credit(page) or asset_path(page) or builder_asset(page)
    if found is None:
        return []
    return [Finding("tech.cms", found[0], page.url, found[1], DETECTOR)]


def asset_path(page: Page) -> tuple[str, str] | None:
    """(slug, markup around it) of the first asset path served by the page's own site."""
    comments: list[tuple[int, int]] | None = None
    for slug, pattern in ASSET_SIGNATURES:
        if not any(literal in page.html for literal in SIGNATURE_LITERALS[slug]):
            continue
        for match in pattern.finditer(page.html):
            comments = comment_spans(page.html) if comments is None else comments
            if in_comment(comments, match.start()):
                continue
            if serves_site(page, slug, url_before(page.html, match.start())):
                start = max(match.start() - 60, 0)
                return slug, page.html[start : match.end() + 60].strip()
    return None


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


SCHEMES = compiled("//@data-fr-scheme")


def extract_dsfr(page: Page) -> list[Finding]:
    """`tech.dsfr` = "true": DSFR assets, its theme attribute, or three of its components."""
    for source in asset_sources(page):
        if DSFR_ASSET.search(source):
            return [Finding("tech.dsfr", "true", page.url, source, DETECTOR)]
    scheme = SCHEMES(page.tree)
    if scheme:
        return [Finding("tech.dsfr", "true", page.url, f'data-fr-scheme="{scheme[0]}"', DETECTOR)]
    if "fr-" not in page.shared(joined_classes):  # every component's class starts with fr-
        return []
    classes = {name.split("__")[0] for value in page.query(CLASS_VALUES) for name in value.split()}
    components = sorted(classes & DSFR_COMPONENTS)
    if len(components) >= 3:
        return [
            Finding("tech.dsfr", "true", page.url, "classes " + ", ".join(components), DETECTOR)
        ]
    return []


def asset_sources(page: Page) -> list[str]:
    """`//link/@href | //script/@src`: each stylesheet's or script's address, in document
    order (`iter` finds them by name, at a fifth of the cost of the XPath)."""
    sources = (
        element.get("href" if element.tag == "link" else "src")
        for element in page.tree.iter("link", "script")
    )
    return [source for source in sources if source is not None]


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
