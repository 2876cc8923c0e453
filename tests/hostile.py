"""One entry point per parser a crawl feeds with what servers send: each takes bytes, does
what the crawl does with them, and must neither raise nor take long, whatever the bytes.

Shared by the property-based tests (tests/test_hostile_input.py) and the fuzzing run
(benchmarks/fuzz.py).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from protego import Protego

from crawler.urls import InvalidUrl, normalize_url
from database.targets.importer import read_targets
from database.targets.records import TargetError, TargetRecord
from pipelines.extractors import extract_page
from pipelines.extractors.documents import page_from_bytes
from pipelines.extractors.reading import Fetched, read_response
from pipelines.extractors.sitemap import read_sitemap
from spiders.discovery import sitemap_pages, weighted_links

SITE = "https://www.mairie-exemple.fr/"
DOMAIN = "mairie-exemple.fr"


def html_page(data: bytes) -> int:
    """A page as the site spider reads it: through the extractors' entry point, as a home
    page that may be rendered (parked? a JavaScript shell?) and as a page below it (findings,
    links), then its links weighed. A failure inside is raised here, not kept as the page's
    error as the crawl keeps it, so that it fails the test."""
    fetched = Fetched(SITE + "page", data, "text/html")
    home = read_response(fetched, home=True, may_render=True)
    below = read_response(fetched, home=False)
    for reading in (home, below):
        if reading.failure is not None:
            raise reading.failure
    return len(below.findings) + len(weighted_links(below.links, DOMAIN))


def pdf_document(data: bytes) -> int:
    page = page_from_bytes(SITE + "declaration.pdf", b"%PDF-" + data, "application/pdf")
    return len(extract_page(page))


def sitemap(data: bytes) -> int:
    content = read_sitemap(SITE + "sitemap.xml", data)
    return len(sitemap_pages(content.pages, DOMAIN)) + len(content.sitemaps)


def robots(data: bytes) -> int:
    parser = Protego.parse(data.decode("utf-8", "replace"))
    allowed = sum(
        bool(parser.can_fetch(SITE + path, "Vigie"))
        for path in ("", "accueil", "mairie/contact?x=1", "a" * 300)
    )
    return allowed + len(list(parser.sitemaps))


def url(data: bytes) -> int:
    try:
        return len(normalize_url(data.decode("utf-8", "replace")))
    except InvalidUrl:
        return 0


def _targets_file(data: bytes, suffix: str) -> int:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"targets{suffix}"
        path.write_bytes(data)
        read = list(read_targets(path))
    for item in read:
        assert isinstance(item, TargetRecord | TargetError)
        if isinstance(item, TargetError):  # a problem always says where it is
            assert item.where.startswith(("line ", "record ", "file")), item
    return len(read)


def targets_csv(data: bytes) -> int:
    return _targets_file(data, ".csv")


def targets_json(data: bytes) -> int:
    return _targets_file(data, ".json")


PARSERS: dict[str, Callable[[bytes], int]] = {
    "html": html_page,
    "pdf": pdf_document,
    "sitemap": sitemap,
    "robots": robots,
    "url": url,
    "targets_csv": targets_csv,
    "targets_json": targets_json,
}
