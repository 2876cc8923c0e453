"""A screenshot of each site's home page (VIGIE_SCREENSHOTS=home), taken by the crawl's
Chromium once the home page has answered and the site is measured: the site spider's part.

The request is one more of the site's (its level waits for it, so which pages follow never
depends on it), through the same middlewares (address guard, robots.txt) and the same abort
hook (`crawler.rendering`: farm names only, or public addresses only). It is not a page of the
site (no `pages` row, nothing read from it): a screenshot that fails is simply absent, never
an error of the site. Without a browser none is asked.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import scrapy
from scrapy.http import Response
from twisted.python.failure import Failure

from crawler.items import Screenshot
from spiders.browser import SCREENSHOT_TYPE, screenshot_image, screenshot_meta
from spiders.responses import now
from spiders.site_state import SiteState


class ScreenshotTaker:
    """The site spider's screenshots: asked at most once a site, kept until the site is stored."""

    rendering: bool
    sites: dict[int, SiteState]
    context_options: dict[str, Any] | None
    logger: Any

    def _init_screenshots(self, setting: str) -> None:
        self.screenshots = str(setting).lower()  # the VIGIE_SCREENSHOTS word: home or off
        self.screenshots_asked: set[int] = set()
        self.screenshots_taken: dict[int, Screenshot] = {}

    def _screenshot_request(self, state: SiteState, url: str) -> Iterator[scrapy.Request]:
        """The home page's screenshot, when asked for, possible, and not asked yet."""
        site = state.target.authority_id
        if self.screenshots != "home" or not self.rendering or state.status != "ok":
            return
        if site in self.screenshots_asked:  # a built home page answers twice: static, rendered
            return
        self.screenshots_asked.add(site)
        meta = screenshot_meta()
        if self.context_options:  # as a rendering: a relaunched browser's context
            meta["playwright_context_kwargs"] = dict(self.context_options)
        state.pending += 1
        yield scrapy.Request(
            url,
            callback=self.parse_screenshot,
            errback=self.screenshot_failed,
            dont_filter=True,
            meta=meta,
            cb_kwargs={"site": site},
        )

    def parse_screenshot(self, response: Response, site: int) -> Iterator[Any]:
        state = self.sites[site]
        state.pending -= 1
        image = screenshot_image(response.meta)
        if image is not None:
            self.screenshots_taken[site] = Screenshot(response.url, now(), SCREENSHOT_TYPE, image)
        yield from self._next_step(state)

    def screenshot_failed(self, failure: Failure) -> Iterator[Any]:
        request = failure.request  # type: ignore[attr-defined]
        self.logger.info("no screenshot of %s: %s", request.url, failure.value)
        state = self.sites[request.cb_kwargs["site"]]
        state.pending -= 1
        yield from self._next_step(state)

    def _screenshot_of(self, state: SiteState) -> Screenshot | None:
        """The site's screenshot for its item, kept only for a site measured."""
        site = state.target.authority_id
        self.screenshots_asked.discard(site)
        shot = self.screenshots_taken.pop(site, None)
        return shot if state.status == "ok" else None

    def _next_step(self, state: SiteState) -> Iterator[Any]:  # the site spider's
        raise NotImplementedError
