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
    """Runs of whitespace as one space, without leading or trailing ones. `str.split()` and
    the regex `\\s` split on the same characters (checked over every code point), and
    split-then-join costs a fifth of a regex substitution on a page's text."""
    return " ".join(text.replace("\xa0", " ").split())


def compiled(query: str) -> etree.XPath:
    """An XPath compiled once, answering plain strings: an expression given as a string is
    compiled again at every call, and a "smart" string (which knows its parent) costs more
    than the text it holds; the extractors only read the text."""
    return etree.XPath(query, smart_strings=False)


EMBEDS = compiled("//iframe[@src or @data-src] | //script[@src or @data-src]")
ANCHORS = compiled("//a[@href]")
TEXT_INSIDE = compiled(".//text()")
BASES = compiled("//base/@href")
SCRIPTS = compiled("//script")
STRING = compiled("string()")
VISIBLE_TEXT = compiled(
    "//body//text()[not(ancestor::script) and not(ancestor::style) and not(ancestor::noscript)]"
)
METAS = compiled("//meta[@name][@content]")


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
        # Always as HTML, as a browser reads a page served as HTML: left to guess, parsel reads
        # a page that opens with an XML declaration (XHTML 1.0 sites) as XML, where its
        # namespaced elements match no query: no link, no title, no lang, false failures.
        return Selector(text=self.html or "<html></html>", type="html", base_url=self.url)

    @cached_property
    def tree(self) -> etree._Element:
        """The lxml tree under the selector: the hot views query it directly, because parsel
        wraps every node it returns in a new Selector (most of the cost on link-heavy pages)."""
        return self.selector.root

    @cached_property
    def base_url(self) -> str:
        bases = BASES(self.tree)
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
    def anchors(self) -> list[etree._Element]:
        """Every `<a href>`, in document order (links, checks and ownership all walk them)."""
        return list(ANCHORS(self.tree))

    @cached_property
    def links(self) -> list[Link]:
        found = []
        for anchor in self.anchors:
            href = (anchor.attrib.get("href") or "").strip()
            if not href or href.lower().startswith(SKIPPED_SCHEMES):
                continue
            url = web_address(self.base_url, href)
            if url is None:
                continue
            text = squash(" ".join(TEXT_INSIDE(anchor)))
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
        for element in EMBEDS(self.tree):
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
            script.attrib.get("src") or str(STRING(script)) or "" for script in SCRIPTS(self.tree)
        ]

    @cached_property
    def text(self) -> str:
        """Visible text, scripts and styles left out."""
        return squash(" ".join(VISIBLE_TEXT(self.tree)))

    def meta(self, name: str) -> list[str]:
        lowered = name.lower()
        return [
            squash(content)
            for meta in METAS(self.tree)
            if (meta.attrib.get("name") or "").lower() == lowered
            for content in [meta.attrib.get("content") or ""]
        ]

    def is_same_site(self, url: str) -> bool:
        return registered_domain(host_of(url)) == self.site_domain

    def markup(self, element: etree._Element) -> str:
        """An element as parsel's `get()` writes it (the page is always read as HTML)."""
        return serialise(element)


def serialise(element: etree._Element) -> str:
    """The element as written, without what follows it (as parsel's `get()` gives it)."""
    return etree.tostring(element, method="html", encoding="unicode", with_tail=False)
