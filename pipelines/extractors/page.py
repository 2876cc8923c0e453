"""A fetched page parsed once, with the views every extractor shares (links, text, meta)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from urllib.parse import urljoin, urlsplit, urlunsplit

from parsel import Selector

from crawler.urls import host_of, registered_domain, strip_session

SKIPPED_SCHEMES = ("javascript:", "mailto:", "tel:", "data:", "#")
WHITESPACE = re.compile(r"\s+")


def squash(text: str) -> str:
    return WHITESPACE.sub(" ", text.replace("\xa0", " ")).strip()


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
    def base_url(self) -> str:
        base = self.selector.xpath("//base/@href").get()
        return urljoin(self.url, base.strip()) if base else self.url

    @cached_property
    def site_domain(self) -> str:
        return registered_domain(host_of(self.url))

    @cached_property
    def links(self) -> list[Link]:
        found = []
        for anchor in self.selector.xpath("//a[@href]"):
            href = (anchor.attrib.get("href") or "").strip()
            if not href or href.lower().startswith(SKIPPED_SCHEMES):
                continue
            absolute = urljoin(self.base_url, href)
            parts = urlsplit(absolute)
            if parts.scheme not in ("http", "https"):
                continue
            text = squash(" ".join(anchor.xpath(".//text()").getall()))
            label = text or anchor.attrib.get("title") or anchor.attrib.get("aria-label") or ""
            found.append(
                Link(
                    url=strip_session(urlunsplit(parts._replace(fragment=""))),
                    text=squash(label),
                    rel=(anchor.attrib.get("rel") or "").lower(),
                    snippet=squash(anchor.get())[:300],
                )
            )
        return found

    @cached_property
    def scripts(self) -> list[str]:
        """Each script as written: its src attribute, or its inline code."""
        return [
            script.attrib.get("src") or script.xpath("string()").get() or ""
            for script in self.selector.xpath("//script")
        ]

    @cached_property
    def text(self) -> str:
        """Visible text, scripts and styles left out."""
        parts = self.selector.xpath(
            "//body//text()[not(ancestor::script) and not(ancestor::style) and not(ancestor::noscript)]"
        ).getall()
        return squash(" ".join(parts))

    def meta(self, name: str) -> list[str]:
        lowered = name.lower()
        return [
            squash(content)
            for meta in self.selector.xpath("//meta[@name][@content]")
            if (meta.attrib.get("name") or "").lower() == lowered
            for content in [meta.attrib.get("content") or ""]
        ]

    def is_same_site(self, url: str) -> bool:
        return registered_domain(host_of(url)) == self.site_domain
