"""The site spider: each target's home page, then its key internal pages within a budget."""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import redis
import scrapy
from scrapy.http import Response
from scrapy_playwright.page import PageMethod
from twisted.python.failure import Failure

from crawler.items import Finding, PageRecord, SiteItem
from crawler.queue import HEARTBEAT_SECONDS, SiteQueue, worker_name
from crawler.urls import host_of, registered_domain
from database import make_engine
from database.repository import (
    Target,
    finish_run,
    iter_pending_targets,
    pending_count,
    target_of,
)
from pipelines.extractors import Page, extract_page
from pipelines.extractors.aggregate import aggregate_site
from pipelines.extractors.axe import AXE_RUN, axe_findings, axe_source
from pipelines.extractors.documents import is_pdf, page_from_bytes
from pipelines.extractors.parking import parking_evidence
from pipelines.extractors.shell import is_javascript_shell
from pipelines.extractors.sitemap import read_sitemap
from spiders.discovery import SITEMAP_WEIGHT, SITEMAPS_PER_SITE, internal_links, sitemap_pages
from spiders.moves import is_own_domain
from spiders.outcomes import http_status_of_failure, status_of_failure


@dataclass
class SiteState:
    """What the spider knows of one site while it is being crawled."""

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
    status: str = "ok"
    detail: str | None = None
    final_url: str | None = None


QUEUE_LOST_STAT = "vigie/queue_lost"  # the worker exits 1 when the queue stopped answering
URL_LENGTH_LIMIT = 2083
IN_FLIGHT_POLL_SECONDS = 0.02
QUEUE_POLL_SECONDS = 0.2
# Longer than any live site takes: 30 pages, two at a time, each up to 3 tries of 30 s.
STALL_SECONDS = 1800
SITEMAP_DOMAINS_KEPT = 10_000
SUBPAGE_RETRIES = 1
QUERY_VARIANTS_PER_PATH = 3


def _axe_findings(response: Response) -> list[Finding]:
    """What axe-core reported in a rendered page (the last page method's result)."""
    methods = response.meta.get("playwright_page_methods") or []
    return axe_findings(response.url, methods[-1].result) if methods else []


def _now() -> datetime:
    return datetime.now(UTC)


class SiteSpider(scrapy.Spider):
    name = "site"

    def __init__(
        self,
        run_id: int,
        database_url: str,
        page_budget: int = 30,
        max_depth: int = 2,
        sites_in_flight: int = 256,
        shard: str = "0/1",
        rendering: bool = False,
        axe: str = "off",
        queue: str | None = None,
        worker: str | None = None,
        heartbeat: int = HEARTBEAT_SECONDS,
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        self.run_id = int(run_id)
        self.database_url = database_url
        self.page_budget = int(page_budget)
        self.max_depth = int(max_depth)
        self.sites_in_flight = int(sites_in_flight)
        self.rendering = rendering in (True, "True", "true", "1")
        self.axe = str(axe).lower()
        index, _, count = shard.partition("/")
        self.shard = (int(index), int(count))
        # Distributed mode: sites come from the Redis queue (crawler.queue), not a shard.
        self.site_queue = (
            SiteQueue(queue, database_url, self.run_id, int(heartbeat)) if queue else None
        )
        self.worker = worker or worker_name()
        self.queue_lost: str | None = None  # why the shared queue stopped answering
        self.most_in_flight = 0
        self.last_finish = time.monotonic()
        self.sites: dict[int, SiteState] = {}
        # Sitemaps that robots.txt files listed, by registered domain, until the site's home
        # page arrives (crawler.robots.SitemapAwareRobotParser calls robots_sitemaps).
        self.sitemaps: dict[str, list[str]] = {}

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> SiteSpider:
        kwargs.setdefault("database_url", crawler.settings.get("VIGIE_DATABASE_URL"))
        kwargs.setdefault("page_budget", crawler.settings.getint("VIGIE_PAGE_BUDGET"))
        kwargs.setdefault("max_depth", crawler.settings.getint("VIGIE_MAX_DEPTH"))
        kwargs.setdefault("sites_in_flight", crawler.settings.getint("VIGIE_SITES_IN_FLIGHT"))
        kwargs.setdefault("rendering", crawler.settings.getbool("VIGIE_RENDERING"))
        kwargs.setdefault("axe", crawler.settings.get("VIGIE_AXE"))
        kwargs.setdefault("heartbeat", crawler.settings.getint("VIGIE_HEARTBEAT_SECONDS"))
        return super().from_crawler(crawler, *args, **kwargs)

    async def start(self) -> AsyncIterator[Any]:
        targets = self._queued_targets() if self.site_queue else self._shard_targets()
        async for target in targets:
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

    async def _shard_targets(self) -> AsyncIterator[Target]:
        engine = make_engine(self.database_url)
        self.logger.info(
            "run %s, shard %d/%d: %d sites to scan",
            self.run_id,
            *self.shard,
            pending_count(engine, self.run_id, self.shard),
        )
        try:
            for target in iter_pending_targets(engine, self.run_id, self.shard):
                yield target
        finally:
            engine.dispose()

    async def _queued_targets(self) -> AsyncIterator[Target]:
        """Claim sites from the shared queue while there is room, until it is empty and this
        worker's own sites are done; the heartbeat tells `seed` this worker is alive.

        A queue that stops answering ends the claims: the sites in flight finish and are
        stored (the database, not the queue, says what is done), and the worker exits 1
        saying how to go on (`crawler.worker`)."""
        queue = self.site_queue
        assert queue is not None
        engine = make_engine(self.database_url)
        last_beat = 0.0
        self.logger.info("run %s: worker %s takes sites from the queue", self.run_id, self.worker)
        try:
            while True:
                if len(self.sites) >= self.sites_in_flight and not self._stalled():
                    await asyncio.sleep(IN_FLIGHT_POLL_SECONDS)
                    continue
                try:
                    if time.monotonic() - last_beat > queue.heartbeat_seconds / 3:
                        queue.beat(self.worker)
                        last_beat = time.monotonic()
                    authority_id = queue.claim(self.worker)
                except redis.RedisError as error:
                    self._queue_lost(error)
                    break
                if authority_id is None:
                    if not self.sites:
                        break
                    await asyncio.sleep(QUEUE_POLL_SECONDS)
                    continue
                target = target_of(engine, self.run_id, authority_id)
                if target is None:  # stored already, by this worker or a dead one
                    self.site_stored(authority_id)
                    continue
                yield target
        finally:
            engine.dispose()

    def _queue_lost(self, error: Exception) -> None:
        self.queue_lost = f"{type(error).__name__}: {error}"
        self.logger.error(
            "the site queue stopped answering (%s): no new site is taken, the %d in flight finish",
            self.queue_lost,
            len(self.sites),
        )
        if self.crawler.stats is not None:
            self.crawler.stats.set_value(QUEUE_LOST_STAT, self.queue_lost)

    def site_stored(self, authority_id: int) -> None:
        """The store pipeline's word that a site's transaction committed."""
        if self.site_queue is None or self.queue_lost:
            return
        try:
            self.site_queue.release(self.worker, authority_id)
        except redis.RedisError as error:
            # The site is stored: the next seed skips it, whatever its claim says.
            self._queue_lost(error)

    def robots_sitemaps(self, urls: list[str]) -> None:
        # Kept by the sitemaps' own domain: a site that moved learns of them before its home
        # page tells the spider where it now lives.
        for url in urls:
            domain = registered_domain(host_of(url))
            if url not in self.sitemaps.get(domain, []):
                self.sitemaps.setdefault(domain, []).append(url)
        while len(self.sitemaps) > SITEMAP_DOMAINS_KEPT:  # domains no site claimed
            del self.sitemaps[next(iter(self.sitemaps))]

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
        if self.site_queue is not None and not self.queue_lost:
            try:
                self.site_queue.stop(self.worker)
            except redis.RedisError as error:
                self._queue_lost(error)
        if self.site_queue is not None:
            # Whichever worker ends last records the run as finished (a Scrapyd job too).
            engine = make_engine(self.database_url)
            pending = pending_count(engine, self.run_id)
            if not pending:
                finish_run(engine, self.run_id)
            engine.dispose()
            if pending:
                self.logger.info(
                    "run %s: %d sites not stored yet (other workers' or, if none is left, to "
                    "queue again with vigie queue seed --run %s)",
                    self.run_id,
                    pending,
                    self.run_id,
                )
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
        # The home page decides the site's status and gets RETRY_TIMES retries; another page
        # gets one, so that a page that drips costs two timeouts, not three.
        meta = {} if depth == 0 else {"max_retry_times": SUBPAGE_RETRIES}
        return self._site_request(state, url, depth, weight, meta)

    def _site_request(
        self, state: SiteState, url: str, depth: int, priority: int, meta: dict[str, Any]
    ) -> scrapy.Request:
        state.pending += 1
        # Each site keeps its own seen set, so the engine's dupe filter is bypassed: the spider
        # must see every request come back to know when the site is finished.
        return scrapy.Request(
            url,
            callback=self.parse_page,
            errback=self.on_error,
            dont_filter=True,
            priority=priority,
            meta=meta,
            cb_kwargs={"site": state.target.authority_id, "depth": depth},
        )

    def parse_page(self, response: Response, site: int, depth: int) -> Iterator[Any]:
        state = self.sites[site]
        state.pending -= 1
        state.pages.append(self._page_record(response, depth))
        state.answered.add(response.url)
        content_type = response.headers.get(b"Content-Type") or b"text/html"
        is_html = b"html" in content_type.lower()
        # PDF documents linked from the site (statements above all) are read too.
        readable = is_html or (depth > 0 and is_pdf(response.body, content_type.decode("latin-1")))
        if depth == 0:
            self._judge_home(state, response.url, is_html, content_type.decode("latin-1"))
            for url in self.sitemaps.pop(state.domain, [])[:SITEMAPS_PER_SITE]:
                if state.status == "ok":
                    state.sitemaps.add(url)
                    state.frontier[url] = SITEMAP_WEIGHT
        if state.pages[-1].requested_url in state.sitemaps:
            self._read_sitemap(state, response, depth)
        elif state.status == "ok" and readable:
            try:
                page = page_from_bytes(
                    response.url, response.body, content_type.decode("latin-1"), _headers(response)
                )
                parked = parking_evidence(page) if depth == 0 else None
                if parked:
                    state.status, state.detail = "parked", parked
                elif self._needs_rendering(response, page, is_html):
                    yield self._render_request(state, response.url, depth)
                    return
                else:
                    findings = extract_page(page) + _axe_findings(response)
                    state.page_findings.append((depth, response.url, findings))
            except Exception as error:  # noqa: BLE001 - one hostile page must not lose its site
                self.logger.exception("extraction failed on %s", response.url)
                state.pages[-1].error = f"extraction failed: {type(error).__name__}: {error}"
            else:
                if state.status == "ok" and is_html and depth < self.max_depth:
                    for weight, url in internal_links(page, state.domain):
                        state.frontier[url] = max(weight, state.frontier.get(url, 0))
        yield from self._next_step(state)

    def _needs_rendering(self, response: Response, page: Page, is_html: bool) -> bool:
        return (
            self.rendering
            and is_html
            and not response.meta.get("vigie_render")
            and is_javascript_shell(page)
        )

    def _render_request(self, state: SiteState, url: str, depth: int) -> scrapy.Request:
        """The same page again, through the browser; the cache is kept for static fetches."""
        meta: dict[str, Any] = {
            "playwright": True,
            "vigie_render": True,
            "dont_cache": True,
            "max_retry_times": SUBPAGE_RETRIES,
        }
        if self.axe == "all" or (self.axe == "home" and depth == 0):
            # axe-core runs in the rendered page; its report comes back with the response.
            meta["playwright_page_methods"] = [
                PageMethod("evaluate", axe_source()),
                PageMethod("evaluate", AXE_RUN),
            ]
        return self._site_request(state, url, depth, 0, meta)

    def _read_sitemap(self, state: SiteState, response: Response, depth: int) -> None:
        content = read_sitemap(response.url, response.body)
        state.page_findings.append((depth, response.url, content.findings))
        if depth < self.max_depth:
            for weight, url in sitemap_pages(content.pages, state.domain):
                state.frontier[url] = max(weight, state.frontier.get(url, 0))

    def _judge_home(
        self, state: SiteState, final_url: str, is_html: bool, content_type: str
    ) -> None:
        """Where the home page led: the site, its new domain, someone else's, or not a page."""
        state.final_url = final_url
        final_domain = registered_domain(host_of(final_url))
        if final_domain != state.domain:
            if not is_own_domain(state.target.name, final_domain):
                state.status, state.detail = "redirected_offsite", f"redirige vers {final_url}"
                return
            # The authority moved: its site, and its internal links, are now there.
            state.detail = f"a changé de domaine : {state.domain} → {final_domain}"
            state.domain = final_domain
        if not is_html:
            state.status, state.detail = "not_html", content_type

    def _next_step(self, state: SiteState) -> Iterator[Any]:
        """When a level is complete: the next one's requests, or the finished site."""
        if state.pending:
            return
        candidates = sorted(state.frontier.items(), key=lambda entry: (-entry[1], entry[0]))
        state.frontier = {}
        state.level += 1
        for url, weight in candidates:
            if len(state.scheduled) >= self.page_budget:
                break
            # A URL already answered after a redirect (the https home page) is not asked again.
            if url in state.scheduled or url in state.answered:
                continue
            # A calendar, a faceted search: the same path with ever new query strings.
            path = url.split("?", 1)[0]
            if path != url:
                if state.query_variants.get(path, 0) >= QUERY_VARIANTS_PER_PATH:
                    continue
                state.query_variants[path] = state.query_variants.get(path, 0) + 1
            # Longer URLs would be dropped silently by UrlLengthMiddleware, and the site
            # would then never be seen as finished.
            if len(url) <= URL_LENGTH_LIMIT:
                yield self._request(state, url, state.level, weight)
        if not state.pending:
            yield self._finish(state)

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
                rendered=bool(request.meta.get("vigie_render")),
            )
        )
        # A failed rendering leaves the site as its static home page showed it.
        if depth == 0 and not request.meta.get("vigie_render"):
            state.status, state.detail = status, detail
        yield from self._next_step(state)

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
            from_cache="cached" in response.flags,
            rendered=bool(response.meta.get("vigie_render")),
        )

    def _finish(self, state: SiteState) -> SiteItem:
        del self.sites[state.target.authority_id]
        self.sitemaps.pop(state.domain, None)
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
