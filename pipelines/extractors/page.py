"""A fetched page parsed once, with the views every extractor shares (links, text, meta)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from urllib.parse import urljoin, urlsplit, urlunsplit

from crawler.urls import host_of, registered_domain, strip_session
from lxml import etree
from parsel import Selector

SKIPPED_SCHEMES = ("javascript:", "mailto:", "tel:", "data:", "#")
WHITESPACE = re.compile(r"\s+")


def squash(text: str) -> str:
    return WHITESPACE.sub(" ", text.replace("\xa0", " ")).strip()


EMBEDS = "//iframe[@src or @data-src] | //script[@src or @data-src]"


def web_address(base_url: str, address: str) -> str | None:
    """The absolute http(s) address a browser would follow, without fragment nor session id;
    None for one it cannot ("http://[", "http://x:99999/", another scheme)."""
    try:
        parts = urlsplit(urljoin(base_url, address))
        parts.port  # noqa: B018 - raises on a port that is no number
    except ValueError:
        return None
    if parts.scheme not in ("http", "https"):
        return None
    return strip_session(urlunsplit(parts._replace(fragment="")))


@dataclass(frozen=True)
class Link:
    url: str  # absolute, without fragment
    text: str  # visible text, else title or aria-label
    rel: str
    snippet: str  # the <a> element as written, shortened


@dataclass
class Page:
    url: str
    html: str
    headers: dict[str, str]
    kind: str = "html"  # "pdf" for a PDF's text wrapped as a page: no HTML checks apply to it

    @cached_property
    def selector(self) -> Selector:
        return Selector(text=self.html or "<html></html>", base_url=self.url)

    @cached_property
    def tree(self) -> etree._Element:
        """The lxml tree under the selector: the hot views query it directly, because parsel
        wraps every node it returns in a new Selector (most of the cost on link-heavy pages)."""
        return self.selector.root

    @cached_property
    def base_url(self) -> str:
        bases = self.tree.xpath("//base/@href")
        if not bases:
            return self.url
        try:
            return urljoin(self.url, str(bases[0]).strip())
        except ValueError:  # a <base href> that is no URL: links are read against the page
            return self.url

    @cached_property
    def site_domain(self) -> str:
        return registered_domain(host_of(self.url))

    @cached_property
    def links(self) -> list[Link]:
        found = []
        for anchor in self.tree.xpath("//a[@href]"):
            href = (anchor.attrib.get("href") or "").strip()
            if not href or href.lower().startswith(SKIPPED_SCHEMES):
                continue
            url = web_address(self.base_url, href)
            if url is None:
                continue
            text = squash(" ".join(anchor.xpath(".//text()")))
            label = text or anchor.attrib.get("title") or anchor.attrib.get("aria-label") or ""
            found.append(
                Link(
                    url=url,
                    text=squash(label),
                    rel=(anchor.attrib.get("rel") or "").lower(),
                    snippet=squash(serialise(anchor))[:300],
                )
            )
        return found

    @cached_property
    def embeds(self) -> list[Link]:
        """Each frame or external script as a link without text (a host is all a vocabulary
        reads of it: a widget is often a service's only trace), in document order; its
        snippet is the element as written. `data-src`: the address a lazy loader or a consent
        manager puts in `src` later."""
        found = []
        for element in self.tree.xpath(EMBEDS):
            snippet = squash(serialise(element))[:300]
            for attribute in ("src", "data-src"):
                address = (element.attrib.get(attribute) or "").strip()
                url = web_address(self.base_url, address) if address else None
                if url:
                    found.append(Link(url=url, text="", rel="", snippet=snippet))
        return found

    @cached_property
    def scripts(self) -> list[str]:
        """Each script as written: its src attribute, or its inline code."""
        return [
            script.attrib.get("src") or str(script.xpath("string()")) or ""
            for script in self.tree.xpath("//script")
        ]

    @cached_property
    def text(self) -> str:
        """Visible text, scripts and styles left out."""
        parts = self.tree.xpath(
            "//body//text()[not(ancestor::script) and not(ancestor::style) and not(ancestor::noscript)]"
        )
        return squash(" ".join(parts))

    def meta(self, name: str) -> list[str]:
        lowered = name.lower()
        return [
            squash(content)
            for meta in self.tree.xpath("//meta[@name][@content]")
            if (meta.attrib.get("name") or "").lower() == lowered
            for content in [meta.attrib.get("content") or ""]
        ]

    def is_same_site(self, url: str) -> bool:
        return registered_domain(host_of(url)) == self.site_domain


def serialise(element: etree._Element) -> str:
    """The element as written, without what follows it (as parsel's `get()` gives it)."""
    return etree.tostring(element, method="html", encoding="unicode", with_tail=False)
