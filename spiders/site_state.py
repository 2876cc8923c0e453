"""What the site spider knows of one site while it is being crawled."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from crawler.items import Finding, PageRecord
from database.repository import Target
from spiders.outbound import OutboundLinks


@dataclass
class SiteState:
    """One site in flight: its requests, its levels, its pages and findings, its status."""

    target: Target
    domain: str
    started_at: datetime
    scheduled: set[str] = field(default_factory=set)
    answered: set[str] = field(default_factory=set)  # final URLs, after redirects
    pending: int = 0
    # Links found on the pages of the level being fetched: url -> weight. The next level is
    # chosen only once this one is complete, so that which pages fill the budget never
    # depends on which answer came first (a resumed run then gives the same rows).
    frontier: dict[str, int] = field(default_factory=dict)
    level: int = 0
    sitemaps: set[str] = field(default_factory=set)  # URLs to read as sitemaps, not pages
    query_variants: dict[str, int] = field(default_factory=dict)  # path -> URLs scheduled
    pages: list[PageRecord] = field(default_factory=list)
    page_findings: list[tuple[int, str, list[Finding]]] = field(default_factory=list)
    # Findings of the site that no page shows (the not-found probe's: spiders/probe.py).
    measures: list[Finding] = field(default_factory=list)
    outbound: OutboundLinks = field(default_factory=OutboundLinks)  # other organisations linked
    status: str = "ok"
    detail: str | None = None
    final_url: str | None = None

    def not_measured(self, outcome: tuple[str, str, str], page: PageRecord) -> None:
        """A page needed the browser and did not get it: the site is not measured (its
        status says why, the page's error too); a site's first fault is the one kept."""
        status, detail, error = outcome
        page.error = error
        if self.status == "ok":
            self.status, self.detail = status, detail

    def add_candidates(self, weighted: list[tuple[int, str]]) -> None:
        """Candidates for the next level, each kept with its highest weight."""
        for weight, url in weighted:
            self.frontier[url] = max(weight, self.frontier.get(url, 0))
