"""A fetched page parsed once, with the views every extractor shares (links, text, meta)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import TypeVar
from urllib.parse import SplitResult, urljoin, urlsplit, urlunsplit

from crawler.urls import host_of, registered_domain, strip_session
from lxml import etree
from parsel import Selector
from parsel.selector import create_root_node

V = TypeVar("V")
SKIPPED_SCHEMES = ("javascript:", "mailto:", "tel:", "data:", "#")
WHITESPACE = re.compile(r"\s+")


def squash(text: str) -> str:
    """Runs of whitespace as one space, without leading or trailing ones. `str.split()` and
    the regex `\\s` split on the same characters (checked over every code point), and
    split-then-join costs a fifth of a regex substitution on a page's text."""
    return " ".join(text.replace("\xa0", " ").split())


# What `fold` changes besides `str.lower`: the letters a case-insensitive pattern takes for an
# ASCII one (re's equivalences: dotless ı for i, long ſ for s) and the dot `str.lower` adds
# to İ (re lower-cases it to i).
# (`str.replace` rather than `str.translate`, which looks each character up in Python.)
RE_EQUIVALENTS = (("ı", "i"), ("ſ", "s"), ("\u0307", ""))


def fold(text: str) -> str:
    """The text as a case-insensitive pattern sees it, for literal tests before a search: a
    case-insensitive match of a pattern always contains its literal words (lower-case ASCII
    or accented) in `fold(text)`. A pattern with no literal prefix tries every position of a
    page's text; `in` finds a literal ten to a hundred times faster."""
    folded = text.lower()
    for letter, ascii_letter in RE_EQUIVALENTS:
        folded = folded.replace(letter, ascii_letter)
    return folded


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
# Text nodes whose parent element is outside script, style and noscript: the same nodes as
# `//body//text()[not(ancestor::script)...]`, in the same order, with the ancestors walked
# once an element rather than once a text node (a sixth faster on the corpus).
VISIBLE_TEXT = compiled(
    "//body/descendant-or-self::*[not(ancestor-or-self::script)"
    " and not(ancestor-or-self::style) and not(ancestor-or-self::noscript)]/text()"
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
    url = urlunsplit(parts._replace(fragment=""))
    if "?" not in url and ";jsessionid=" not in url:
        return url  # no query and no path parameter: `strip_session` would return it as is
    return strip_session(url)


@dataclass(frozen=True)
class Link:
    url: str  # absolute, without fragment
    text: str  # visible text, else title or aria-label
    rel: str
    snippet: str  # the <a> element as written, shortened

    @cached_property
    def parts(self) -> SplitResult:
        """`urlsplit(url)`, kept: a dozen extractors read each link's host or path."""
        return urlsplit(self.url)

    @cached_property
    def host_suffixes(self) -> tuple[str, ...]:
        """The host and its parent domains (a.b.fr, b.fr), as `by_host_suffix` tries them."""
        labels = (self.parts.hostname or "").lower().split(".")
        return tuple(".".join(labels[start:]) for start in range(len(labels) - 1))


def on_hosts(link: Link, table: Mapping[str, V]) -> V | None:
    """`by_host_suffix(host of link, table)`, from the link's kept suffixes."""
    for suffix in link.host_suffixes:
        entry = table.get(suffix)
        if entry is not None:
            return entry
    return None


@dataclass
class Page:
    url: str
    html: str
    headers: dict[str, str]
    kind: str = "html"  # "pdf" for a PDF's text wrapped as a page: no HTML checks apply to it

    @cached_property
    def selector(self) -> Selector:
        """parsel's view of the same tree (no extractor reads it: parsel wraps every node it
        returns in a new Selector, most of the cost on link-heavy pages)."""
        return Selector(root=self.tree, type="html", base_url=self.url)

    @cached_property
    def tree(self) -> etree._Element:
        """The page's lxml tree, parsed as parsel parses HTML but by lxml's plain HTML parser:
        `lxml.html`'s parser builds the same tree, then runs a Python class lookup each time
        an element is handed to Python (2.5 times the cost of walking a page's elements).
        Always as HTML, as a browser reads a page served as HTML: left to guess, parsel reads
        a page that opens with an XML declaration (XHTML 1.0 sites) as XML, where its
        namespaced elements match no query: no link, no title, no lang, false failures."""
        return create_root_node(self.html or "<html></html>", etree.HTMLParser, base_url=self.url)

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

    def address(self, written: str) -> str | None:
        """`web_address` of an address written in the page, computed once a page: a page links
        the same address from its menu, its footer and its content."""
        addresses = self._addresses
        if written not in addresses:
            addresses[written] = web_address(self.base_url, written)
        return addresses[written]

    @cached_property
    def _addresses(self) -> dict[str, str | None]:
        return {}

    @cached_property
    def links(self) -> list[Link]:
        found = []
        for anchor in self.anchors:
            href = (anchor.attrib.get("href") or "").strip()
            if not href or href.lower().startswith(SKIPPED_SCHEMES):
                continue
            url = self.address(href)
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
                url = self.address(address) if address else None
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

    @cached_property
    def meta_elements(self) -> list[etree._Element]:
        """Every `<meta name content>`, in document order (several extractors read them)."""
        return list(METAS(self.tree))

    @cached_property
    def folded_text(self) -> str:
        """`fold(text)`: extractors test their literal words in it before searching the text."""
        return fold(self.text)

    @cached_property
    def folded_links(self) -> str:
        """Every link's text and address, folded, one a line: a literal word absent from it is
        in no link, so an extractor skips searching each link for it."""
        return fold("\n".join(f"{link.text} {link.url}" for link in self.links))

    def meta(self, name: str) -> list[str]:
        lowered = name.lower()
        return [
            squash(content)
            for meta in self.meta_elements
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
