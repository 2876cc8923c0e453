"""A fetched page parsed once, with the views every extractor shares (links, text, meta)."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any, TypeVar
from urllib.parse import SplitResult, urljoin, urlsplit

from crawler.urls import host_of, registered_domain
from lxml import etree
from parsel import Selector
from parsel.selector import create_root_node

from pipelines.extractors.addresses import web_address

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


EMBEDDING = ("iframe", "script")  # the elements whose src or data-src is an embed
ANCHORS = compiled("//a[@href]")
TEXT_INSIDE = compiled(".//text()")
SCRIPTS = compiled("//script")
STRING = compiled("string()")
XML_SPACE = " \t\r\n"  # the white space XPath's normalize-space() strips
# The elements whose text no reader sees: `Page.text` leaves out what is inside them.
HIDDEN = frozenset({"script", "style", "noscript"})
CLASS_VALUES = compiled("//@class")  # every class attribute's value, in document order
ROLE_VALUES = compiled("//@role")  # every role attribute's value, in document order
# What a page calls itself (the contact and statement extractors read it).
TITLE_AND_H1_TEXT = compiled("//title//text() | //h1//text()")


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


class ReadLink(Link):
    """A link read from an element of the page: its snippet, the element as written, is
    serialised when first read (a few links a page are evidence; serialising every one was a
    third of the cost of listing them). Equal to the `Link` of the same values, and pickled
    as one."""

    _element: etree._Element

    def __init__(self, url: str, text: str, rel: str, element: etree._Element) -> None:
        # (Written into the instance's dict: a frozen dataclass refuses `self.url = url`.)
        self.__dict__.update(url=url, text=text, rel=rel, _element=element)

    @cached_property
    def snippet(self) -> str:
        return squash(serialise(self._element))[:300]

    def _values(self) -> tuple[str, str, str, str]:
        return (self.url, self.text, self.rel, self.snippet)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Link):
            return NotImplemented
        return self._values() == (other.url, other.text, other.rel, other.snippet)

    def __hash__(self) -> int:
        return hash(self._values())

    def __reduce__(self) -> tuple[type[Link], tuple[str, str, str, str]]:
        return (Link, self._values())


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
        bases = [href for base in self.tree.iter("base") if (href := base.get("href")) is not None]
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
    def anchor_texts(self) -> list[list[str]]:
        """Each anchor's text nodes (`.//text()`), in the order of `anchors`: links and the
        accessibility checks both read them."""
        return [TEXT_INSIDE(anchor) for anchor in self.anchors]

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

    def shared(self, compute: Callable[[Page], V]) -> V:
        """`compute(self)`, computed once a page: for a view several extractors read (an XPath
        or a function of the page; the result is shared, not to be changed)."""
        results = self._shared
        if compute not in results:
            results[compute] = compute(self)
        return results[compute]  # type: ignore[return-value]

    @cached_property
    def _shared(self) -> dict[object, object]:
        return {}

    def query(self, xpath: etree.XPath) -> list[Any]:
        """`xpath(tree)` as a list, evaluated once a page (see `shared`)."""
        results = self._shared
        if xpath not in results:
            results[xpath] = list(xpath(self.tree))
        return results[xpath]  # type: ignore[return-value]

    @cached_property
    def links(self) -> list[Link]:
        found: list[Link] = []
        for anchor, texts in zip(self.anchors, self.anchor_texts, strict=True):
            href = (anchor.attrib.get("href") or "").strip()
            if not href or href.lower().startswith(SKIPPED_SCHEMES):
                continue
            url = self.address(href)
            if url is None:
                continue
            text = squash(" ".join(texts))
            label = text or anchor.attrib.get("title") or anchor.attrib.get("aria-label") or ""
            rel = (anchor.attrib.get("rel") or "").lower()
            found.append(ReadLink(url, squash(label), rel, anchor))
        return found

    @cached_property
    def embeds(self) -> list[Link]:
        """Each frame or external script as a link without text (a host is all a vocabulary
        reads of it: a widget is often a service's only trace), in document order; its
        snippet is the element as written. `data-src`: the address a lazy loader or a consent
        manager puts in `src` later."""
        found: list[Link] = []
        for element in self.tree.iter(EMBEDDING):
            for attribute in ("src", "data-src"):
                address = (element.get(attribute) or "").strip()
                url = self.address(address) if address else None
                if url:
                    found.append(ReadLink(url, "", "", element))
        return found

    @cached_property
    def scripts(self) -> list[str]:
        """Each script as written: its src attribute, or its inline code."""
        return [
            script.attrib.get("src") or str(STRING(script)) or "" for script in SCRIPTS(self.tree)
        ]

    @cached_property
    def text(self) -> str:
        """Visible text, scripts and styles left out: the text nodes of
        `//body//text()[not(ancestor::script) and not(ancestor::style)
        and not(ancestor::noscript)]`, in document order."""
        return squash(" ".join(part for body in self.bodies for part in text_nodes(body, HIDDEN)))

    @cached_property
    def bodies(self) -> list[etree._Element]:
        """What `//body` reads text from: the body elements, none inside another one."""
        return outermost(list(self.tree.iter("body")))

    @cached_property
    def meta_elements(self) -> list[etree._Element]:
        """Every `<meta name content>`, in document order (several extractors read them)."""
        return [  # //meta[@name][@content]
            meta
            for meta in self.tree.iter("meta")
            if meta.get("name") is not None and meta.get("content") is not None
        ]

    @cached_property
    def folded_text(self) -> str:
        """`fold(text)`: extractors test their literal words in it before searching the text."""
        return fold(self.text)

    def text_from(self, starts: Iterable[str]) -> int | None:
        """Where in `text` a case-insensitive pattern can first match, when each of its matches
        begins with one of `starts` (lower-case literals as `fold` writes them): a search from
        there finds what a search of the whole text finds, without trying every position
        before. None when no literal is in the text: no match at all."""
        found = [at for start in starts if (at := self.folded_text.find(start)) >= 0]
        if not found:
            return None
        # `fold` keeps each character in its place unless the text holds an İ (lower-cased
        # to two characters) or a combining dot above (removed): then the search starts at 0.
        return min(found) if "İ" not in self.text and "\u0307" not in self.text else 0

    @cached_property
    def folded_links(self) -> str:
        """Every link's text and address, folded, one a line: a literal word absent from it is
        in no link, so an extractor skips searching each link for it."""
        return fold("\n".join(f"{link.text} {link.url}" for link in self.links))

    @cached_property
    def folded_link_lines(self) -> list[str]:
        """`folded_links` line by line, in the order of `links` (a link's text is squashed
        and its address has no line break: one line a link)."""
        return self.folded_links.split("\n") if self.links else []

    def meta(self, name: str) -> list[str]:
        lowered = name.lower()
        return [
            squash(content)
            for meta in self.meta_elements
            if (meta.attrib.get("name") or "").lower() == lowered
            for content in [meta.attrib.get("content") or ""]
        ]

    def is_same_site(self, url: str) -> bool:
        """Whether `url` is on the page's registered domain (once an address a page: a dozen
        extractors ask it of the same links)."""
        known = self._same_site
        if url not in known:
            known[url] = registered_domain(host_of(url)) == self.site_domain
        return known[url]

    @cached_property
    def _same_site(self) -> dict[str, bool]:
        return {}

    def markup(self, element: etree._Element) -> str:
        """An element as parsel's `get()` writes it (the page is always read as HTML)."""
        return serialise(element)


def _inside(element: etree._Element, tags: Collection[str]) -> bool:
    """Whether an ancestor of the element is one of `tags`."""
    return any(ancestor.tag in tags for ancestor in element.iterancestors())


def joined_classes(page: Page) -> str:
    """Every class attribute's value, one a line (`page.shared(joined_classes)`): a word
    absent from it is in no class, and no element needs to be looked at for it."""
    return "\n".join(page.query(CLASS_VALUES))


def outermost(elements: list[etree._Element]) -> list[etree._Element]:
    """The elements that are inside none of the others, in their order."""
    among = set(elements)
    return [e for e in elements if not any(a in among for a in e.iterancestors())]


def text_nodes(root: etree._Element, hidden: Collection[str]) -> list[str]:
    """The text nodes inside `root` that are in no element of `hidden` (nor is `root`), in
    document order: what `.//text()[not(ancestor::script)...]` returns from `root` for
    `hidden = {"script", ...}`. One walk of the subtree that skips a hidden element's
    descendants: an XPath tests each text node's ancestors, up to the root, at two to three
    times the cost on the corpus."""
    if _inside(root, hidden):
        return []
    parts = []
    walk = etree.iterwalk(root, events=("start", "end", "comment", "pi"))
    for event, node in walk:
        if event == "start":
            if node.tag in hidden:
                walk.skip_subtree()  # its own tail is still read, at its "end"
            elif node.text is not None:
                parts.append(node.text)
        elif node is not root and node.tail is not None:  # the tail is the parent's text
            parts.append(node.tail)
    return parts


def serialise(element: etree._Element) -> str:
    """The element as written, without what follows it (as parsel's `get()` gives it)."""
    return etree.tostring(element, method="html", encoding="unicode", with_tail=False)
