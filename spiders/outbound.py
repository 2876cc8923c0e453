"""The organisations a site links to: its pages' links outside its own registered domain,
gathered page by page and summed up per domain when the site is finished.

Which page is a domain's evidence never depends on which answer came first: the first page
in crawl order (depth, then URL) that links to it, and that page's first link to it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from crawler.items import OutboundLink
from crawler.urls import host_of, registered_domain
from pipelines.extractors.page import Link

ANCHOR_LENGTH = 200


@dataclass
class _Seen:
    pages: set[str] = field(default_factory=set)
    first: tuple[int, str, str, str, str] = (1 << 30, "", "", "", "")  # depth, page, link, ...


@dataclass
class OutboundLinks:
    """One site's links to other organisations, by registered domain."""

    by_domain: dict[str, _Seen] = field(default_factory=dict)

    def add(self, depth: int, page_url: str, links: Iterable[Link], site_domain: str) -> None:
        """The links of one page read at `depth`; those within `site_domain` are the site's."""
        firsts: dict[str, tuple[int, str, str, str, str]] = {}
        for link in links:
            host = host_of(link.url)
            if "." not in host or host.replace(".", "").isdigit():
                continue  # no name, or an IP address: no organisation to name
            # A free host's own site ("www.e-monsite.com": its www is no user's subdomain).
            domain = registered_domain(host).removeprefix("www.")
            if domain == site_domain or domain in firsts:
                continue
            firsts[domain] = (depth, page_url, link.url, link.text[:ANCHOR_LENGTH], host)
        for domain, first in firsts.items():
            seen = self.by_domain.setdefault(domain, _Seen())
            seen.pages.add(page_url)
            seen.first = min(seen.first, first)

    def items(self) -> list[OutboundLink]:
        """One row per domain, in domain order."""
        return [
            OutboundLink(
                domain=domain,
                host=seen.first[4],
                pages=len(seen.pages),
                evidence_url=seen.first[1],
                target_url=seen.first[2],
                anchor=seen.first[3],
            )
            for domain, seen in sorted(self.by_domain.items())
        ]
