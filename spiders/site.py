"""The site spider: each target's home page, then its key internal pages within a budget.

Navigation only: which page next, the budget, the levels, the statuses. What a page is and
what it shows comes from the extractors' one entry point (`pipelines.extractors.reading`).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

import scrapy
from scrapy.http import Response
from twisted.python.failure import Failure

from crawler import signals as crawl_signals
from crawler.items import SiteItem
from crawler.queue import HEARTBEAT_SECONDS, SiteQueue, worker_name
from crawler.urls import host_of, registered_domain
from database import make_engine
from database.repository import Target, finish_run, pending_count
from database.statuses import NOT_MEASURED
from pipelines.extractors.aggregate import aggregate_site
from pipelines.extractors.reading import NEEDS_RENDERING, PageKind, Reading, read_response
from spiders.browser import render_meta
from spiders.discovery import SITEMAP_WEIGHT, SITEMAPS_PER_SITE, sitemap_pages, weighted_links
from spiders.moves import is_own_domain
from spiders.outcomes import (
    browser_failed,
    browser_missing,
    first_line,
    render_failure,
    status_of_failure,
)
from spiders.probe import NotFoundProbe, measured_findings
from spiders.responses import failed_page_record, fetched_of, now, page_record
from spiders.screenshots import ScreenshotTaker
from spiders.site_state import SiteState
from spiders.targets import IN_FLIGHT_POLL_SECONDS, QUEUE_LOST_STAT, QueueClaims, shard_targets

__all__ = ["QUEUE_LOST_STAT", "SiteSpider", "SiteState"]

URL_LENGTH_LIMIT = 2083
# Longer than any live site takes: 30 pages, two at a time, each up to 3 tries of 30 s.
STALL_SECONDS = 1800
SITEMAP_DOMAINS_KEPT = 10_000
SUBPAGE_RETRIES = 1
QUERY_VARIANTS_PER_PATH = 3


class SiteSpider(ScreenshotTaker, NotFoundProbe, scrapy.Spider):
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
        screenshots: str = "off",
        queue: str | None = None,
        worker: str | None = None,
        heartbeat: int = HEARTBEAT_SECONDS,
        not_found_probe: bool = True,  # off only in tests that drive the spider by hand
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        self.run_id = int(run_id)
        self.database_url = database_url
        self.page_budget = int(page_budget)
        self.max_depth = int(max_depth)
        self.sites_in_flight = int(sites_in_flight)
        self.rendering = rendering in (True, "True", "true", "1")
        self.axe, self.not_found_probe = str(axe).lower(), str(not_found_probe).lower() != "false"
        self._init_screenshots(screenshots)
        index, _, count = shard.partition("/")
        self.shard = (int(index), int(count))
        self.worker = worker or worker_name()
        # Distributed mode: sites come from the Redis queue (crawler.queue), not a shard.
        self.claims = (
            QueueClaims(
                SiteQueue(queue, database_url, self.run_id, int(heartbeat)),
                self.worker,
                self.logger,
                lambda: len(self.sites),
                self._record_queue_lost,
            )
            if queue
            else None
        )
        self.most_in_flight = 0
        self.last_finish = time.monotonic()
        self.sites: dict[int, SiteState] = {}
        # Sitemaps that robots.txt files listed, by registered domain, until the site's home
        # page arrives (signal crawler.signals.robots_sitemaps, from crawler/robots.py).
        self.sitemaps: dict[str, list[str]] = {}
        self.context_options: dict[str, Any] | None = None  # from_crawler

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> SiteSpider:
        kwargs.setdefault("database_url", crawler.settings.get("VIGIE_DATABASE_URL"))
        kwargs.setdefault("page_budget", crawler.settings.getint("VIGIE_PAGE_BUDGET"))
        kwargs.setdefault("max_depth", crawler.settings.getint("VIGIE_MAX_DEPTH"))
        kwargs.setdefault("sites_in_flight", crawler.settings.getint("VIGIE_SITES_IN_FLIGHT"))
        kwargs.setdefault("rendering", crawler.settings.getbool("VIGIE_RENDERING"))
        kwargs.setdefault("axe", crawler.settings.get("VIGIE_AXE"))
        kwargs.setdefault("screenshots", crawler.settings.get("VIGIE_SCREENSHOTS"))
        kwargs.setdefault("heartbeat", crawler.settings.getint("VIGIE_HEARTBEAT_SECONDS"))
        spider: SiteSpider = super().from_crawler(crawler, *args, **kwargs)
        # scrapy-playwright opens its startup context with PLAYWRIGHT_CONTEXTS, but takes the
        # options of the context it opens again, once a dead browser is relaunched, from the
        # request: without them, a relaunched browser would render otherwise (the farm's
        # certificates refused) than the run's first one did.
        spider.context_options = crawler.settings.getdict("PLAYWRIGHT_CONTEXTS").get("default")
        crawler.signals.connect(spider.site_stored, signal=crawl_signals.site_stored)
        crawler.signals.connect(spider.robots_sitemaps, signal=crawl_signals.robots_sitemaps)
        return spider

    async def start(self) -> AsyncIterator[Any]:
        if self.claims is not None:
            targets = self.claims.targets(self.database_url, self.run_id, self._has_room)
        else:
            targets = shard_targets(self.database_url, self.run_id, self.shard, self.logger)
        async for target in targets:
            if target.url is None:
                yield self._no_website(target)
                continue
            # Sites finish in callbacks; a new one starts when one of them is stored, so that
            # a national run stores sites steadily and its memory does not grow with the targets.
            while not self._has_room():
                await asyncio.sleep(IN_FLIGHT_POLL_SECONDS)
            state = SiteState(target, registered_domain(host_of(target.url)), now())
            self.sites[target.authority_id] = state
            self.most_in_flight = max(self.most_in_flight, len(self.sites))
            yield self._request(state, target.url, depth=0)

    def _has_room(self) -> bool:
        return len(self.sites) < self.sites_in_flight or self._stalled()

    def _record_queue_lost(self, reason: str) -> None:
        crawler = getattr(self, "crawler", None)
        if crawler is not None and crawler.stats is not None:
            crawler.stats.set_value(QUEUE_LOST_STAT, reason)

    def site_stored(self, authority_id: int) -> None:
        """The store pipeline's word (signal `crawler.signals.site_stored`) that a site's
        transaction committed: a distributed worker releases its claim."""
        if self.claims is not None:
            self.claims.release(authority_id)

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
        if self.claims is not None:
            self.claims.stop()
            self._finish_run_if_last()
        self.logger.info(
            "at most %d sites in flight (limit %d)", self.most_in_flight, self.sites_in_flight
        )
        if self.sites:
            # Not stored: a resumed run (`vigie crawl --resume`) scans them again.
            self.logger.warning("%d sites left unfinished (%s)", len(self.sites), reason)

    def _finish_run_if_last(self) -> None:
        """Whichever queue worker ends last records the run as finished (a Scrapyd job too).

        A local crawl's run is finished by its parent process (`crawler.runner`) instead."""
        engine = make_engine(self.database_url)
        # A site not measured (its browser failed) has its scan: the run is complete without
        # it, and a new seed queues it again.
        pending = pending_count(engine, self.run_id, unmeasured=False)
        unmeasured = pending_count(engine, self.run_id) - pending
        if not pending:
            finish_run(engine, self.run_id)
        engine.dispose()
        if pending or unmeasured:
            self.logger.info(
                "run %s: %d sites not stored yet (other workers' or, if none is left, to "
                "queue again), %d not measured (to queue again once a browser works): "
                "vigie queue seed --run %s",
                self.run_id,
                pending,
                unmeasured,
                self.run_id,
            )

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
            finished_at=now(),
        )

    def _request(self, state: SiteState, url: str, depth: int, weight: int = 1) -> scrapy.Request:
        state.scheduled.add(url)
        # The home page decides the site's status and gets RETRY_TIMES retries; another page
        # gets one, so that a page that drips costs two timeouts, not three.
        meta = {} if depth == 0 else {"max_retry_times": SUBPAGE_RETRIES}
        return self._site_request(state, url, depth, weight, meta)

    def _render_request(self, state: SiteState, url: str, depth: int) -> scrapy.Request:
        """The same page again, through the browser, with axe-core in it if asked."""
        with_axe = self.axe == "all" or (self.axe == "home" and depth == 0)
        meta = render_meta(with_axe)
        if self.context_options:
            meta["playwright_context_kwargs"] = dict(self.context_options)
        return self._site_request(state, url, depth, 0, meta)

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
        state.pages.append(page_record(response, depth))
        state.answered.add(response.url)
        offered = self._judge_home(state, response.url) if depth == 0 else []
        requested = state.pages[-1].requested_url
        sitemap = requested in state.sitemaps or requested in offered
        if state.status == "ok" or sitemap:
            fetched = fetched_of(response)
            # A page that needs rendering is told even where it cannot be rendered: read as
            # served, a shell shows no text and no links, a page whose navigation a script
            # injects no legal links, and the site would be stored as lacking them.
            may_render = not response.meta.get("vigie_render")
            reading = read_response(
                fetched, home=depth == 0, sitemap=sitemap, may_render=may_render
            )
            if depth == 0 and reading.kind is PageKind.NOT_A_PAGE:
                state.status, state.detail = "not_html", fetched.content_type
            else:
                for url in offered:  # a sitemap is fetched first at level 1
                    state.sitemaps.add(url)
                    state.frontier[url] = SITEMAP_WEIGHT
            if reading.kind in NEEDS_RENDERING and self.rendering:
                yield self._render_request(state, response.url, depth)
                return
            missing = browser_missing(response.url, reading.evidence)
            if reading.kind in NEEDS_RENDERING and depth == 0:
                state.not_measured(missing, state.pages[-1])
            elif reading.kind in NEEDS_RENDERING:
                # Below the home page, the site stays measured by its other pages (what only
                # this page, rendered, would show may be missed: docs/statuses.md).
                state.pages[-1].error = missing[2]
            else:
                self._take(state, reading, depth, response.url)
        if depth == 0:  # once measured, the home page as a reader sees it (if asked)
            yield from self._screenshot_request(state, response.url)
        yield from self._next_step(state)

    def _judge_home(self, state: SiteState, final_url: str) -> list[str]:
        """Where the home page led: the site, its new domain, or someone else's; and the
        sitemaps robots.txt listed for the site (none for a site that is someone else's)."""
        state.final_url = final_url
        final_domain = registered_domain(host_of(final_url))
        if final_domain != state.domain:
            if is_own_domain(state.target.name, final_domain):
                # The authority moved: its site, and its internal links, are now there.
                state.detail = f"a changé de domaine : {state.domain} → {final_domain}"
                state.domain = final_domain
            else:
                state.status, state.detail = "redirected_offsite", f"redirige vers {final_url}"
        offered = self.sitemaps.pop(state.domain, [])[:SITEMAPS_PER_SITE]
        return offered if state.status == "ok" else []

    def _take(self, state: SiteState, reading: Reading, depth: int, url: str) -> None:
        """A page's reading into the site: its findings, its status, the next level's candidates."""
        if reading.error:
            self.logger.error("extraction failed on %s", url, exc_info=reading.failure)
            state.pages[-1].error = reading.error
            return
        if reading.kind is PageKind.PARKED:
            state.status, state.detail = "parked", reading.evidence
            return
        if reading.kind is PageKind.NOT_A_PAGE:
            return
        state.page_findings.append((depth, url, reading.findings))
        state.outbound.add(depth, url, reading.links, state.domain)
        if depth < self.max_depth:
            state.add_candidates(sitemap_pages(reading.sitemap_pages, state.domain))
            state.add_candidates(weighted_links(reading.links, state.domain))

    def _next_step(self, state: SiteState) -> Iterator[Any]:
        """When a level is complete: the next one's requests, or the finished site."""
        if state.pending:
            return
        candidates = sorted(state.frontier.items(), key=lambda entry: (-entry[1], entry[0]))
        if state.status in NOT_MEASURED:  # what more pages showed would not stand either
            candidates = []
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
        yield from self._probe_request(state)  # with the level below the home page, once
        if not state.pending:
            yield self._finish(state)

    def on_error(self, failure: Failure) -> Iterator[Any]:
        request = failure.request  # type: ignore[attr-defined]
        state = self.sites[request.cb_kwargs["site"]]
        state.pending -= 1
        status, detail = status_of_failure(failure)
        state.pages.append(failed_page_record(request, failure, detail))
        depth = request.cb_kwargs["depth"]
        if request.meta.get("vigie_render") and (depth == 0 or browser_failed(failure)):
            # The home page is built by JavaScript and was not rendered, for whatever reason,
            # or the browser itself failed (would not start, crashed, was killed): the site is
            # not measured, rather than stored as a shell shows it, or as a crawl that lost
            # its browser happened to see it.
            state.not_measured(render_failure(request.url, detail), state.pages[-1])
        elif request.meta.get("vigie_render"):
            # A page below the home page timed out or answered an error when rendered: its
            # error, like any failed page below the home page; the site stays measured.
            state.pages[-1].error = first_line(detail)
        elif depth == 0:
            state.status, state.detail = status, detail
        yield from self._next_step(state)

    def _finish(self, state: SiteState) -> SiteItem:
        del self.sites[state.target.authority_id]
        self.sitemaps.pop(state.domain, None)
        self.last_finish = time.monotonic()
        target, ok = state.target, state.status == "ok"
        # The extractors' site rule, once every page has answered (apart from `read_response`).
        redirects = {page.requested_url: page.final_url for page in state.pages}
        findings = aggregate_site(state.page_findings, redirects) + measured_findings(state)
        return SiteItem(
            run_id=self.run_id,
            authority_id=target.authority_id,
            website_id=target.website_id,
            status=state.status,
            detail=state.detail,
            start_url=target.url,
            final_url=state.final_url,
            started_at=state.started_at,
            finished_at=now(),
            pages=sorted(state.pages, key=lambda page: (page.depth, page.requested_url)),
            findings=findings if ok else [],
            screenshot=self._screenshot_of(state),
            outbound=state.outbound.items() if ok else [],
        )
