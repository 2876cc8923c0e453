"""The site spider: each target's home page, then its key internal pages within a budget."""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import scrapy
from scrapy.http import Response
from twisted.python.failure import Failure

from crawler.db import make_engine
from crawler.db.repository import Target, pending_targets
from crawler.items import Finding, PageRecord, SiteItem
from crawler.urls import host_of, registered_domain
from pipelines.extractors import Page, extract_page
from pipelines.extractors.aggregate import aggregate_site
from pipelines.extractors.documents import is_pdf, page_from_bytes
from spiders.discovery import internal_links
from spiders.outcomes import http_status_of_failure, status_of_failure


@dataclass
class SiteState:
    """What the spider knows of one site while it is being crawled."""

    target: Target
    domain: str
    started_at: datetime
    scheduled: set[str] = field(default_factory=set)
    pending: int = 0
    pages: list[PageRecord] = field(default_factory=list)
    page_findings: list[tuple[int, str, list[Finding]]] = field(default_factory=list)
    status: str = "ok"
    detail: str | None = None
    final_url: str | None = None


URL_LENGTH_LIMIT = 2083
IN_FLIGHT_POLL_SECONDS = 0.02
# Longer than any live site takes: 12 pages, each up to 3 tries of 30 s, and throttling.
STALL_SECONDS = 900


def _now() -> datetime:
    return datetime.now(UTC)


class SiteSpider(scrapy.Spider):
    name = "site"

    def __init__(
        self,
        run_id: int,
        database_url: str,
        page_budget: int = 12,
        max_depth: int = 2,
        sites_in_flight: int = 256,
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        self.run_id = int(run_id)
        self.database_url = database_url
        self.page_budget = int(page_budget)
        self.max_depth = int(max_depth)
        self.sites_in_flight = int(sites_in_flight)
        self.most_in_flight = 0
        self.last_finish = time.monotonic()
        self.sites: dict[int, SiteState] = {}

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> SiteSpider:
        kwargs.setdefault("database_url", crawler.settings.get("VIGIE_DATABASE_URL"))
        kwargs.setdefault("page_budget", crawler.settings.getint("VIGIE_PAGE_BUDGET"))
        kwargs.setdefault("max_depth", crawler.settings.getint("VIGIE_MAX_DEPTH"))
        kwargs.setdefault("sites_in_flight", crawler.settings.getint("VIGIE_SITES_IN_FLIGHT"))
        return super().from_crawler(crawler, *args, **kwargs)

    async def start(self) -> AsyncIterator[Any]:
        engine = make_engine(self.database_url)
        targets = pending_targets(engine, self.run_id)
        engine.dispose()
        self.logger.info("run %s: %d sites to scan", self.run_id, len(targets))
        for target in targets:
            if target.url is None:
                yield self._no_website(target)
                continue
            # Sites finish in callbacks; a new one starts when one of them is stored, so that
            # a national run stores sites steadily and its memory does not grow with the targets.
            while len(self.sites) >= self.sites_in_flight and not self._stalled():
                await asyncio.sleep(IN_FLIGHT_POLL_SECONDS)
            state = SiteState(target, registered_domain(host_of(target.url)), _now())
            self.sites[target.authority_id] = state
            self.most_in_flight = max(self.most_in_flight, len(self.sites))
            yield self._request(state, target.url, depth=0)

    def _stalled(self) -> bool:
        """No site finished for a long time: every place is held by a site that never ends.

        Starting the next site anyway keeps the crawl going; those sites stay unstored and a
        resumed run scans them again.
        """
        if time.monotonic() - self.last_finish < STALL_SECONDS:
            return False
        self.logger.warning("no site finished in %d s: starting the next one anyway", STALL_SECONDS)
        self.last_finish = time.monotonic()
        return True

    def closed(self, reason: str) -> None:
        self.logger.info(
            "at most %d sites in flight (limit %d)", self.most_in_flight, self.sites_in_flight
        )
        if self.sites:
            # Not stored: a resumed run (`vigie crawl --resume`) scans them again.
            self.logger.warning("%d sites left unfinished (%s)", len(self.sites), reason)

    def _no_website(self, target: Target) -> SiteItem:
        return SiteItem(
            run_id=self.run_id,
            authority_id=target.authority_id,
            website_id=None,
            status="no_website",
            detail=None,
            start_url=None,
            final_url=None,
            started_at=None,
            finished_at=_now(),
        )

    def _request(self, state: SiteState, url: str, depth: int, weight: int = 1) -> scrapy.Request:
        state.scheduled.add(url)
        state.pending += 1
        # Each site keeps its own seen set, so the engine's dupe filter is bypassed: the spider
        # must see every request come back to know when the site is finished.
        return scrapy.Request(
            url,
            callback=self.parse_page,
            errback=self.on_error,
            dont_filter=True,
            priority=weight,
            cb_kwargs={"site": state.target.authority_id, "depth": depth},
        )

    def parse_page(self, response: Response, site: int, depth: int) -> Iterator[Any]:
        state = self.sites[site]
        state.pending -= 1
        state.pages.append(self._page_record(response, depth))
        content_type = response.headers.get(b"Content-Type") or b"text/html"
        is_html = b"html" in content_type.lower()
        # PDF documents linked from the site (statements above all) are read too.
        readable = is_html or (depth > 0 and is_pdf(response.body, content_type.decode("latin-1")))
        if depth == 0:
            state.final_url = response.url
            if registered_domain(host_of(response.url)) != state.domain:
                state.status, state.detail = "redirected_offsite", f"redirige vers {response.url}"
            elif not is_html:
                state.status = "not_html"
                state.detail = content_type.decode("latin-1")
        if state.status == "ok" and readable:
            try:
                page = page_from_bytes(
                    response.url, response.body, content_type.decode("latin-1"), _headers(response)
                )
                state.page_findings.append((depth, response.url, extract_page(page)))
            except Exception as error:  # noqa: BLE001 - one hostile page must not lose its site
                self.logger.exception("extraction failed on %s", response.url)
                state.pages[-1].error = f"extraction failed: {type(error).__name__}: {error}"
            else:
                if is_html and depth < self.max_depth:
                    yield from self._follow(state, page, depth)
        if state.pending == 0:
            yield self._finish(state)

    def _follow(self, state: SiteState, page: Page, depth: int) -> Iterator[scrapy.Request]:
        for weight, url in internal_links(page, state.domain):
            if len(state.scheduled) >= self.page_budget:
                return
            # Longer URLs would be dropped silently by UrlLengthMiddleware, and the site
            # would then never be seen as finished.
            if url not in state.scheduled and len(url) <= URL_LENGTH_LIMIT:
                yield self._request(state, url, depth + 1, weight)

    def on_error(self, failure: Failure) -> Iterator[Any]:
        request = failure.request  # type: ignore[attr-defined]
        state = self.sites[request.cb_kwargs["site"]]
        depth = request.cb_kwargs["depth"]
        state.pending -= 1
        status, detail = status_of_failure(failure)
        state.pages.append(
            PageRecord(
                requested_url=request.url,
                final_url=request.url,
                http_status=http_status_of_failure(failure),
                content_type=None,
                bytes=0,
                fetched_at=_now(),
                duration_ms=None,
                content_hash=None,
                depth=depth,
                error=detail,
            )
        )
        if depth == 0:
            state.status, state.detail = status, detail
        if state.pending == 0:
            yield self._finish(state)

    def _page_record(self, response: Response, depth: int) -> PageRecord:
        redirects = response.request.meta.get("redirect_urls") if response.request else None
        latency = response.meta.get("download_latency")
        content_type = response.headers.get(b"Content-Type")
        return PageRecord(
            requested_url=redirects[0] if redirects else response.url,
            final_url=response.url,
            http_status=response.status,
            content_type=content_type.decode("latin-1") if content_type else None,
            bytes=len(response.body),
            fetched_at=_now(),
            duration_ms=round(latency * 1000, 1) if latency is not None else None,
            content_hash=hashlib.sha256(response.body).hexdigest(),
            depth=depth,
        )

    def _finish(self, state: SiteState) -> SiteItem:
        del self.sites[state.target.authority_id]
        self.last_finish = time.monotonic()
        target = state.target
        findings = aggregate_site(state.page_findings) if state.status == "ok" else []
        return SiteItem(
            run_id=self.run_id,
            authority_id=target.authority_id,
            website_id=target.website_id,
            status=state.status,
            detail=state.detail,
            start_url=target.url,
            final_url=state.final_url,
            started_at=state.started_at,
            finished_at=_now(),
            pages=sorted(state.pages, key=lambda page: (page.depth, page.requested_url)),
            findings=findings,
        )


def _headers(response: Response) -> dict[str, str]:
    return {
        key.decode("latin-1").lower(): values[0].decode("latin-1")
        for key, values in response.headers.items()
        if values
    }
