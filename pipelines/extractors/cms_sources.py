"""Where the markup that names a CMS or a site builder comes from (`tech.cms`).

A CMS's asset path (`/wp-content/`) names the CMS of the site that serves it, not of every page
that shows one of its files: a logo hot-linked from another site's `/wp-content/` says nothing
of the page. So an asset path counts when its URL is the page's own site (same registrable
domain) or a host that serves only that system's sites. Site builders show themselves by the
hosts their pages load scripts and stylesheets from, by the free host a site lives on, and by
the credit link to the builder's own site.

Every host below has a documented or observed form, named beside it:
- "webappanalyzer": the technology fingerprints of enthec/webappanalyzer @ 1b9eee81
  (src/technologies/*.json), the maintained fork of Wappalyzer's;
- "observed": the form as written in pages or code of public repositories, found by a search
  of public code that did not record the repositories;
- "issue 19": seen on real pages of French communes checked by hand for the issue.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from urllib.parse import urljoin

from crawler.urls import host_of
from lxml import etree

from pipelines.extractors.page import Page, compiled, squash

# Builders and their own sites' domains: a link to one of them (or its `www.`), not to a
# user's subdomain (`asso.e-monsite.com`), is the builder's credit when it reads as one.
BUILDER_SITES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("campagnol", ("campagnol.fr",)),  # the credit this module read before issue 19
    ("e-monsite", ("e-monsite.com",)),  # webappanalyzer "website"
    ("wix", ("wix.com",)),  # webappanalyzer "website"
    ("jimdo", ("jimdo.com",)),  # webappanalyzer "website"
    ("webnode", ("webnode.fr", "webnode.com")),  # webappanalyzer "website" (.com)
    ("site123", ("site123.com",)),  # observed: www.site123.com, its logo on cdn-cms-s.f-static.net
    ("squarespace", ("squarespace.com",)),  # webappanalyzer "website"
    ("webflow", ("webflow.com",)),  # webappanalyzer "website"
    ("sitew", ("sitew.com", "sitew.fr")),  # webappanalyzer "website" (.com)
    ("overblog", ("over-blog.com",)),  # webappanalyzer "website"
)

# Hosts that serve a builder's (or WordPress.com's) scripts and stylesheets, and only to its
# own sites. Images are left out on purpose: they are hot-linked (static1.squarespace.com and
# image.jimcdn.com pictures are observed on pages built with anything).
BUILDER_ASSET_HOSTS: dict[str, str] = {
    "parastorage.com": "wix",  # webappanalyzer Wix scriptSrc static.parastorage.com
    "wixstatic.com": "wix",  # webappanalyzer: Wix eCommerce's scripts name static.wixstatic.com
    "jimstatic.com": "jimdo",  # observed: Jimdo pages load assets.jimstatic.com/web.js...
    "jimcdn.com": "jimdo",  # observed: u.jimcdn.com among a Jimdo site's asset hosts
    "static.e-monsite.com": "e-monsite",  # issue 19
    "f-static.net": "site123",  # observed: cdn-cms-s.f-static.net/versions/2/css/websiteCSS.css
    "assets.squarespace.com": "squarespace",  # webappanalyzer Squarespace Commerce scriptSrc
    "website-files.com": "webflow",  # observed: cdn.prod.website-files.com/<id>/css/*.webflow.css
    "sitew.com": "sitew",  # webappanalyzer SiteW link[href*='.sitew.com']
    "over-blog-kiwi.com": "overblog",  # webappanalyzer Overblog scriptSrc
    # WordPress.com and Jetpack: webappanalyzer link[href*='.wp.com'] and <link ... s\d+.wp.com>;
    # observed c0.wp.com/c/<version>/wp-includes/... (Jetpack's copy of WordPress's own files).
    "s0.wp.com": "wordpress",
    "s1.wp.com": "wordpress",
    "s2.wp.com": "wordpress",
    "c0.wp.com": "wordpress",
}

# Free hosts where a site is a subdomain of the builder: the page's own host names it.
PAGE_HOSTS: dict[str, str] = {
    "e-monsite.com": "e-monsite",
    "wixsite.com": "wix",
    "jimdofree.com": "jimdo",  # webappanalyzer Jimdo url \.jimdo(?:site)?\.com/
    "jimdosite.com": "jimdo",
    "jimdo.com": "jimdo",
    "webnode.fr": "webnode",
    "sitew.fr": "sitew",
    "over-blog.com": "overblog",
    "wordpress.com": "wordpress",
    "site123.me": "site123",  # observed: sites at <id>.site123.me
    "sites.google.com": "google-sites",  # webappanalyzer Google Sites url
}

# Jetpack's image CDN (Photon): https://i0.wp.com/<origin host>/<path>, documented in
# slimndap/TimberPhoton's README and observed in invulu/organic-widgets issue 1. It proxies any
# image, so the origin host decides, not the CDN's.
PHOTON_HOST = re.compile(r"^i\d\.wp\.com$")

# A credit's words ("Site réalisé avec", "Créé avec", "Propulsé par", "Powered by").
CREDIT_WORDS = re.compile(
    r"\b(?:cré[ée]e?s?|réalisée?s?|conçue?s?|propulsée?s?|fait|motorisée?s?|développée?s?"
    r"|hébergée?s?)\s+(?:avec|par|sur|grâce à)\b|\bpowered\s+by\b|\bmade\s+with\b"
    r"|\bcré(?:ez|er)\s+(?:votre|un|mon)\s+site\b",
    re.IGNORECASE,
)
IN_FOOTER = (
    "ancestor::footer or ancestor::*[@role='contentinfo'] or ancestor::*[contains(@id, 'footer')"
    " or contains(@class, 'footer') or contains(@id, 'pied') or contains(@class, 'pied')]"
)
IN_CONTENT = "ancestor::main or ancestor::article or ancestor::*[@role='main']"
STYLESHEETS = "//link[contains(concat(' ', normalize-space(@rel), ' '), ' stylesheet ')]"
ASSETS = compiled(f"//script/@src | {STYLESHEETS}/@href")

# The URL a signature sits in: back from the signature to a quote, a space, a bracket.
URL_DELIMITERS = (" ", "\t", "\n", "\r", '"', "'", "<", ">", "(", ")", "`")
HOST_IN_URL = re.compile(r"//([a-z0-9-]+(?:\.[a-z0-9-]+)+)(?::\d+)?", re.IGNORECASE)
# Comments are no markup (a path named in one loads nothing), but IE's conditional comments
# (`<!--[if lt IE 9]><script src=...>`) are.
COMMENT = re.compile(r"<!--(?!\[if).*?-->", re.DOTALL)
QUOTE_ENTITIES = ("&quot;", "&#34;", "&#034;", "&#39;", "&#039;", "&apos;", "&#x27;", "&#x22;")


def on_host(host: str, suffix: str) -> bool:
    return host == suffix or host.endswith("." + suffix)


def by_suffix(host: str, table: dict[str, str]) -> str | None:
    return next((slug for suffix, slug in table.items() if on_host(host, suffix)), None)


@lru_cache(maxsize=4096)
def builder_of_asset_host(host: str) -> str | None:
    return by_suffix(host, BUILDER_ASSET_HOSTS)


def comment_spans(html: str) -> list[tuple[int, int]]:
    return [match.span() for match in COMMENT.finditer(html)] if "<!--" in html else []


def in_comment(spans: list[tuple[int, int]], position: int) -> bool:
    index = bisect_right(spans, (position, position))
    return index > 0 and spans[index - 1][0] <= position < spans[index - 1][1]


def url_before(html: str, start: int) -> str:
    """The URL written just before `start` (from its scheme or first character), with the
    escapes of JSON (`\\/`) and of HTML attributes (`&quot;`) undone."""
    window = html[max(start - 500, 0) : start]
    written = window[max(window.rfind(mark) for mark in URL_DELIMITERS) + 1 :]
    written = written.replace("\\/", "/")
    for entity in QUOTE_ENTITIES:
        written = written.rpartition(entity)[2]
    return written


def serves_site(page: Page, slug: str, url_start: str) -> bool:
    """Whether the URL that begins with `url_start` (up to a signature of `slug`) is served by
    the page's own site, or by a host that serves only `slug`'s sites."""
    hosts = HOST_IN_URL.findall(url_start)
    if not hosts:  # a relative URL, or markup of the page itself
        return page.is_same_site(urljoin(page.base_url, "/"))
    host = hosts[-1].lower()  # the last one: a proxy's URL ends with the origin's
    if PHOTON_HOST.match(host):
        origin = url_start.split(hosts[-1], 1)[1].lstrip("/").split("/", 1)[0]
        return "." in origin and page.is_same_site(f"https://{origin}/")
    return page.is_same_site(f"https://{host}/") or builder_of_asset_host(host) == slug


def builder_asset(page: Page) -> tuple[str, str] | None:
    """(slug, URL) of the first script or stylesheet loaded from a builder's own hosts (an
    icon or a preloaded picture may be hot-linked, as pictures are)."""
    gated = builder_of_asset_host(host_of(page.base_url)) is None
    for source in _assets(page):
        written = source.strip()
        if gated and not BUILDER_HOST_WORDS.search(_as_parsed(written)):
            continue  # neither the page's host nor a builder's written in it: not a builder's
        try:
            host = host_of(urljoin(page.base_url, written))
        except ValueError:
            continue
        slug = builder_of_asset_host(host)
        if slug:
            return slug, written
    return None


# Any builder asset host written in an address (lower-cased, as `_as_parsed` gives it): an
# address with none of them, relative to a page that is no builder's, needs no parsing.
BUILDER_HOST_WORDS = re.compile("|".join(map(re.escape, BUILDER_ASSET_HOSTS)))


# XPath's white space, which normalize-space() collapses, as spaces.
XML_SPACES_AS_SPACE = str.maketrans("\t\r\n", "   ")


def _assets(page: Page) -> list[str]:
    """`ASSETS` (each script's src, each stylesheet's href, in document order), found by name
    with `iter`: an XPath starting with `//` costs several times as much."""
    found = []
    for element in page.tree.iter("script", "link"):
        if element.tag == "script":
            source = element.get("src")
        else:  # ' stylesheet ' in concat(' ', normalize-space(@rel), ' ')
            rel = f" {(element.get('rel') or '').translate(XML_SPACES_AS_SPACE)} "
            source = element.get("href") if " stylesheet " in rel else None
        if source is not None:
            found.append(source)
    return found


def _as_parsed(written: str) -> str:
    """An address lower-cased and without the tabs and line breaks `urlsplit` drops."""
    return written.lower().replace("\t", "").replace("\n", "").replace("\r", "")


def builder_credit(page: Page) -> tuple[str, str] | None:
    """(slug, snippet) of the first link to a builder's own site that is its credit: in the
    page's footer, or, outside the main content, with credit words in or just before it."""
    # Only an anchor whose address names a builder's domain can be a credit: the addresses,
    # a few kilobytes, are searched before the whole HTML (a scan of 100 KB a domain).
    hrefs = page.shared(_anchor_addresses)
    if not any(domain in hrefs for _, domains in BUILDER_SITES for domain in domains):
        return None
    sites = [(slug, domain) for slug, domains in BUILDER_SITES for domain in domains]
    sites = [(slug, domain) for slug, domain in sites if domain in page.html]
    for anchor in page.anchors if sites else ():
        href = (anchor.attrib.get("href") or "").strip()
        if not any(domain in href for _, domain in sites):
            continue
        try:
            host = host_of(urljoin(page.base_url, href))
        except ValueError:
            continue
        slug = next((s for s, domain in sites if host in (domain, "www." + domain)), None)
        if slug is None:
            continue
        own = squash("".join(anchor.itertext()))
        words = " ".join((text_before(anchor), own, str(anchor.attrib.get("title", ""))))
        credited = not anchor.xpath(IN_CONTENT) and CREDIT_WORDS.search(words)
        if credited or anchor.xpath(IN_FOOTER):
            snippet = etree.tostring(anchor, method="html", encoding="unicode", with_tail=False)
            return slug, squash(snippet)[:300]
    return None


def _anchor_addresses(page: Page) -> str:
    """Every anchor's href as written, one a line."""
    return "\n".join(anchor.get("href") or "" for anchor in page.anchors)


def text_before(anchor: etree._Element) -> str:
    """The last words of the anchor's parent before the anchor ("Site réalisé avec")."""
    parent = anchor.getparent()
    if parent is None:
        return ""
    parts = [parent.text or ""]
    for child in parent:
        if child is anchor:
            break
        if isinstance(child.tag, str):
            parts.append("".join(child.itertext()))
        parts.append(child.tail or "")
    return squash(" ".join(parts))[-80:]
