"""Which answer each farm request gets: pages, redirects, errors, slow and hanging responses."""

from __future__ import annotations

from dataclasses import dataclass, field

from farm import platforms
from farm.assets import (
    ENDLESS_BODY_BYTES,
    archive,
    gzip_bomb,
    large_page,
    parking_page,
    portal_page,
    robots_txt,
    sitemap_xml,
    statement_pdf,
)
from farm.catalogue import Farm
from farm.model import PORTAL_HOST, Site
from farm.pages import footer_fragment, page_html
from farm.paths import ARCHIVE, HOSTILE_PAGES, LARGE_PAGE
from farm.real_world import FOOTER_FRAGMENT
from farm.server_habits import home_delay, missing_page_html, redirects_missing_pages

# Site encoding -> (Content-Type header, codec of the bytes)
ENCODINGS = {
    "utf-8": ("text/html; charset=utf-8", "utf-8"),
    "iso-8859-1": ("text/html; charset=iso-8859-1", "iso-8859-1"),
    "windows-1252-meta": ("text/html", "cp1252"),
    "windows-1252-undeclared": ("text/html", "cp1252"),
}
HEADER_VALUES = {
    "strict-transport-security": "max-age=31536000",
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "content-security-policy": "default-src 'self'",
}
CHAIN = {"/": "/index.php", "/index.php": "/accueil", "/accueil": "/fr/accueil"}
LOOP = {"/": "/accueil", "/accueil": "/"}


@dataclass
class Answer:
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering
    hangs: bool = False  # never answers
    # A body written over time instead of `body`: (bytes in all, bytes a write, seconds between)
    stream: tuple[int, int, float] | None = None
    validators: bool = False  # send ETag and Last-Modified, and honour If-None-Match


def _redirect(location: str, status: int = 301) -> Answer:
    return Answer(status, headers={"Location": location})


def route(farm: Farm, host_header: str, uri: str, secure: bool = False) -> Answer:
    """The answer to GET `uri` for `host_header`, over TLS when `secure`."""
    host = host_header.lower().split(":", 1)[0]
    if host in platforms.PLATFORM_HOSTS:
        status, content_type, body = platforms.respond(farm, host, uri)
        return Answer(status, body, {"Content-Type": content_type})
    if host == PORTAL_HOST:
        return Answer(200, portal_page(uri).encode(), {"Content-Type": "text/html; charset=utf-8"})
    site = farm.site_for_host(host)
    if site is None or site.host is None:
        return Answer(421, b"unknown host")  # Misdirected Request: not a host of this farm
    if site.fate == "offsite":
        return _redirect(f"http://{PORTAL_HOST}:{farm.port}/mairie/{site.slug}")
    if site.fate == "parked" and uri != "/robots.txt":
        return Answer(
            200, parking_page(site).encode(), {"Content-Type": "text/html; charset=utf-8"}
        )
    if host != site.host or (site.https and not secure):
        return _redirect(farm.base_url(site) + uri)
    if uri == "/robots.txt":
        return Answer(200, robots_txt(farm, site).encode(), {"Content-Type": "text/plain"})
    if uri == "/sitemap.xml" and site.sitemap:
        return Answer(200, sitemap_xml(farm, site).encode(), {"Content-Type": "application/xml"})
    answer = _site_answer(farm, site, uri)
    if secure:
        answer.headers.update({name: HEADER_VALUES[name] for name in site.security_headers})
        if site.rendered_by_browser and "content-security-policy" in site.security_headers:
            # The policy of a site built or completed by its inline scripts lets them run, or
            # it would show nothing (a site builder's page) or no footer.
            answer.headers["content-security-policy"] = "default-src 'self' 'unsafe-inline'"
    answer.delay = site.slow_ms / 1000
    if uri == site.home_path and answer.status == 200:  # a slow home page (farm/server_habits.py)
        answer.delay = max(answer.delay, home_delay(farm, site))
    answer.validators = site.cache_validators and answer.status == 200 and not answer.stream
    return answer


def _site_answer(farm: Farm, site: Site, uri: str) -> Answer:
    base_url = farm.base_url(site)
    if site.hangs and uri == "/":
        return Answer(200, hangs=True)
    hops = CHAIN if site.redirect == "chain" else LOOP if site.redirect == "loop" else {}
    if uri in hops:
        return _redirect(base_url + hops[uri], 302 if uri == "/index.php" else 301)
    if uri == "/" and site.home_error:
        return Answer(500, b"<h1>Erreur interne du serveur</h1>", {"Content-Type": "text/html"})
    if site.statement_path and uri == site.statement_path and uri.endswith(".pdf"):
        return Answer(200, statement_pdf(site), {"Content-Type": "application/pdf"})
    if uri == LARGE_PAGE and site.large_page:
        return Answer(200, large_page(site.skip_link), {"Content-Type": "text/html; charset=utf-8"})
    hostile = {HOSTILE_PAGES[kind][0]: kind for kind in site.hostile}.get(uri)
    if hostile == "gzip_bomb":
        headers = {"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip"}
        return Answer(200, gzip_bomb(), headers)
    if hostile == "endless_body":
        html = {"Content-Type": "text/html; charset=utf-8"}
        return Answer(200, headers=html, stream=(ENDLESS_BODY_BYTES, 256 * 1024, 0.0))
    if hostile == "slow_drip":
        html = {"Content-Type": "text/html; charset=utf-8"}
        return Answer(200, headers=html, stream=(300, 1, 1.0))
    if uri == ARCHIVE and site.binary_file:
        return Answer(200, archive(), {"Content-Type": "application/zip"})
    fragment = footer_fragment(site) if uri == FOOTER_FRAGMENT else None
    if fragment is not None:
        # UTF-8 whatever the pages' encoding: fetch()'s text() reads UTF-8 only, so the
        # fragment of a footer that shows right is UTF-8.
        return Answer(200, fragment.encode(), {"Content-Type": "text/html; charset=utf-8"})
    document = page_html(farm, site, uri)
    if document is None and redirects_missing_pages(farm, site):
        return _redirect(base_url + site.home_path, 302)
    if document is None:  # a server that hides a missing page sends a page (server_habits.py)
        document = missing_page_html(farm, site, uri)
    if document is None:
        return Answer(
            404, b"<h1>Page introuvable</h1>", {"Content-Type": "text/html; charset=utf-8"}
        )
    content_type, codec = ENCODINGS[site.encoding]
    return Answer(200, document.encode(codec, "xmlcharrefreplace"), {"Content-Type": content_type})
