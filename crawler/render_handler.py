"""scrapy-playwright's download handler, with a bound on the whole of one rendering.

Playwright bounds a page's navigation (PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT), but not the rest
of a rendering: waiting for a page of a browser that was killed and relaunched, the page
methods (axe-core's run). Seen here: after Chromium was killed mid-run, one rendering waited
for ever, its site was never stored and the crawl never ended. Past the bound, the rendering
is given up with `BrowserStalled`: the browser, not the page, failed (the page's own slowness
is the navigation timeout's, well inside the bound), so the site is stored as not measured
(`spiders.outcomes.browser_failed`) and `vigie crawl --resume` measures it again.
"""

from __future__ import annotations

import asyncio
from typing import Any

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler

# Beyond twice the navigation timeout, what a rendering may still take: axe-core on a long
# page takes a few seconds here.
PAGE_METHODS_SECONDS = 60.0
DEFAULT_NAVIGATION_MS = 30_000.0


class BrowserStalled(RuntimeError):
    """A rendering that outlived its bound: the browser stopped answering."""


def render_limit(navigation_timeout_ms: float | None) -> float:
    """Seconds one rendering may take at most: its navigation (twice: a redirect, a retry of
    the page inside Playwright) and its page methods."""
    navigation = (navigation_timeout_ms or DEFAULT_NAVIGATION_MS) / 1000
    return 2 * navigation + PAGE_METHODS_SECONDS


class BoundedPlaywrightHandler(ScrapyPlaywrightDownloadHandler):
    """ScrapyPlaywrightDownloadHandler whose renderings end, one way or another, in time."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.render_limit = render_limit(self.config.navigation_timeout_ms)

    async def _download_request(self, request: Request, spider: Spider | None = None) -> Response:
        rendering = asyncio.ensure_future(super()._download_request(request, spider))
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


def _forget(rendering: asyncio.Future[Any]) -> None:
    """Read the end of an abandoned rendering, so that asyncio does not report it unread."""
    if not rendering.cancelled():
        rendering.exception()
