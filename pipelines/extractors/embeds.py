"""What a page embeds from other sites: its frames and external scripts, read like links by
the vocabularies that recognise a vendor by its host (alert apps, online services,
participation platforms, newsletters). A widget is often the only trace of a service on a
page: `<iframe src="https://app.panneaupocket.com/embeded/...">`."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit, urlunsplit

from crawler.urls import strip_session

from pipelines.extractors.page import Link, Page, serialise, squash

# `data-src`: the address a lazy loader or a consent manager puts in `src` later.
EMBEDS = "//iframe[@src or @data-src] | //script[@src or @data-src]"


def embeds(page: Page) -> list[Link]:
    """Each frame or external script of the page as a link without text (a host is all a
    vocabulary reads of it), in document order; its snippet is the element as written."""
    found = []
    for element in page.tree.xpath(EMBEDS):
        snippet = squash(serialise(element))[:300]
        for attribute in ("src", "data-src"):
            url = _absolute(page, element.attrib.get(attribute) or "")
            if url:
                found.append(Link(url=url, text="", rel="", snippet=snippet))
    return found


def _absolute(page: Page, address: str) -> str | None:
    address = address.strip()
    if not address:
        return None
    try:
        parts = urlsplit(urljoin(page.base_url, address))
        parts.port  # noqa: B018 - raises on a port that is no number
    except ValueError:
        return None
    if parts.scheme not in ("http", "https"):
        return None
    return strip_session(urlunsplit(parts._replace(fragment="")))
