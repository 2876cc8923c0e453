"""scrapy-playwright's download handler, with a bound on the whole of one rendering.

Playwright bounds a page's navigation (PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT), but not the rest
of a rendering: waiting for a page of a browser that was killed and relaunched, the page
methods (axe-core's run). Seen here: after Chromium was killed mid-run, one rendering waited
for ever, its site was never stored and the crawl never ended. Past the bound, the rendering
is given up with `BrowserStalled`: the browser, not the page, failed (the page's own slowness
is the navigation timeout's, well inside the bound), so the site is stored as not measured
(`spiders.outcomes.browser_failed`) and `vigie crawl --resume` measures it again.

One browser a worker: Scrapy makes one handler per scheme (http, https), and each launched a
Chromium of its own; the second handler of a crawl now hands its renderings to the first. And
a rendering reuses an open page of the worker's (`crawler.render_pages`) instead of opening
and closing one; a screenshot still gets a fresh page (its size and its images are its own).
"""

from __future__ import annotations

import asyncio
import weakref
from typing import Any

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy_playwright.handler import DEFAULT_CONTEXT_NAME, ScrapyPlaywrightDownloadHandler

from crawler.render_pages import PagePool, close_quietly

# Beyond twice the navigation timeout, what a rendering may still take: axe-core on a long
# page takes a few seconds here.
PAGE_METHODS_SECONDS = 60.0
DEFAULT_NAVIGATION_MS = 30_000.0


# The handler of each crawl that owns the browser: the first one made.
BROWSER_OWNERS: weakref.WeakKeyDictionary[Crawler, BoundedPlaywrightHandler] = (
    weakref.WeakKeyDictionary()
)


class BrowserStalled(RuntimeError):
    """A rendering that outlived its bound: the browser stopped answering."""


def render_limit(navigation_timeout_ms: float | None) -> float:
    """Seconds one rendering may take at most: its navigation (twice: a redirect, a retry of
    the page inside Playwright) and its page methods."""
    navigation = (navigation_timeout_ms or DEFAULT_NAVIGATION_MS) / 1000
    return 2 * navigation + PAGE_METHODS_SECONDS


class BoundedPlaywrightHandler(ScrapyPlaywrightDownloadHandler):
    """ScrapyPlaywrightDownloadHandler whose renderings end, one way or another, in time, in
    the crawl's one browser, in pages kept open."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.render_limit = render_limit(self.config.navigation_timeout_ms)
        self.owner: BoundedPlaywrightHandler = BROWSER_OWNERS.setdefault(crawler, self)
        self.pages: PagePool | None = PagePool()

    async def _launch(self) -> None:
        # The other scheme's handler launches nothing: its renderings go to the owner.
        if (getattr(self, "owner", None) or self) is self:
            await super()._launch()

    async def _download_request(self, request: Request, spider: Spider | None = None) -> Response:
        owner = getattr(self, "owner", None) or self
        if owner is not self:
            return await owner._download_request(request, spider)
        pooled = getattr(self, "pages", None) is not None and _poolable(request)
        work = self._render_in_pool(request, spider) if pooled else self._render(request, spider)
        rendering = asyncio.ensure_future(work)
        try:
            done, _ = await asyncio.wait({rendering}, timeout=self.render_limit)
        except asyncio.CancelledError:  # the crawl stops: so does the rendering
            rendering.cancel()
            raise
        if rendering in done:
            return rendering.result()
        # Not awaited: a rendering stuck on a dead browser may not even end when cancelled.
        rendering.cancel()
        rendering.add_done_callback(_forget)
        raise BrowserStalled(
            f"browser stalled: no rendering of {request.url} within {self.render_limit:.0f} s"
        )

    async def _render(self, request: Request, spider: Spider | None) -> Response:
        return await super()._download_request(request, spider)

    async def _render_in_pool(self, request: Request, spider: Spider | None) -> Response:
        """The rendering in one of the worker's open pages (one opened if none is idle);
        scrapy-playwright is told the page is the caller's, so that it leaves it open."""
        assert self.pages is not None
        page = await self.pages.take()
        rendered = False
        try:
            if page is None:
                page = await self._open_page(request, spider)
            request.meta["playwright_page"] = page
            request.meta["playwright_include_page"] = True
            response = await super()._download_request(request, spider)
            rendered = True
            return response
        finally:
            used = request.meta.pop("playwright_page", None)
            request.meta.pop("playwright_include_page", None)
            if used is not None and used is not page:  # scrapy-playwright opened another
                asyncio.ensure_future(close_quietly(used))
            self.pages.give_back(page, reusable=rendered and used is page)

    async def _open_page(self, request: Request, spider: Spider | None) -> Any:
        """A new page in the crawl's context (made, or made again after a relaunch, with the
        request's context options), counted as scrapy-playwright counts its own."""
        async with self.context_launch_lock:
            wrapper = self.context_wrappers.get(DEFAULT_CONTEXT_NAME)
            if wrapper is None:
                wrapper = await self._create_browser_context(
                    name=DEFAULT_CONTEXT_NAME,
                    context_kwargs=request.meta.get("playwright_context_kwargs"),
                    spider=spider,
                )
        page = await wrapper.context.new_page()
        self.stats.inc_value("playwright/page_count")
        if self.config.navigation_timeout_ms is not None:
            page.set_default_navigation_timeout(self.config.navigation_timeout_ms)
        page.on("request", self._increment_request_stats)
        page.on("response", self._increment_response_stats)
        return page


def _poolable(request: Request) -> bool:
    """A rendering in the default context, whose page nobody else keeps or prepares."""
    meta = request.meta
    return (
        meta.get("playwright_context", DEFAULT_CONTEXT_NAME) == DEFAULT_CONTEXT_NAME
        and not meta.get("playwright_page")
        and not meta.get("playwright_include_page")
        and not meta.get("playwright_page_init_callback")
    )


def _forget(rendering: asyncio.Future[Any]) -> None:
    """Read the end of an abandoned rendering, so that asyncio does not report it unread."""
    if not rendering.cancelled():
        rendering.exception()
