"""What the site spider asks of the browser: a page fetched again through Chromium
(scrapy-playwright), with axe-core run in it if asked, and what axe-core answered; a
screenshot of a home page (VIGIE_SCREENSHOTS), and the image it gave."""

from __future__ import annotations

from contextlib import suppress
from typing import Any

from playwright.async_api import TimeoutError as PlaywrightTimeoutError
from scrapy_playwright.page import PageMethod

from pipelines.extractors.axe import AXE_RUN, axe_source

SCREENSHOT_SIZE = {"width": 1280, "height": 800}
SCREENSHOT_QUALITY = 60  # JPEG: some 100 KB a home page
SCREENSHOT_TYPE = "image/jpeg"
RENDER_RETRIES = 1  # as any page below the home page: a page that drips costs two timeouts
SETTLE_MS = 5_000  # the longest wait for a rendered page's late requests (`settle`)
# A rendering's download latency is mostly the browser's own time (the wait for the page to
# settle, axe-core), not the server's: taken by AutoThrottle as the server's, it made the
# delay between a built site's requests (static ones too) the rendering's seconds. The site's
# pace is still learnt from its static answers: each rendered page was first fetched as is.
BROWSER_TIME = {"autothrottle_dont_adjust_delay": True}


def render_meta(with_axe: bool) -> dict[str, Any]:
    """A rendering request's meta; the HTTP cache is kept for static fetches. AutoThrottle
    learns the site's pace from its static answers only (`BROWSER_TIME`)."""
    meta: dict[str, Any] = {
        "playwright": True,
        "vigie_render": True,
        "dont_cache": True,
        "max_retry_times": RENDER_RETRIES,
        **BROWSER_TIME,
    }
    # First let what scripts fetch after the load event arrive: a header or footer injected
    # by a script is read only once it is in the page (`settle`).
    methods = [PageMethod(settle)]
    if with_axe:
        # axe-core runs in the rendered page; its report comes back with the response.
        methods += [PageMethod("evaluate", axe_source()), PageMethod("evaluate", AXE_RUN)]
    meta["playwright_page_methods"] = methods
    return meta


async def settle(page: Any) -> None:
    """Wait until the page's network has been quiet for half a second (Playwright's
    "networkidle"), at most SETTLE_MS: what a script fetched after the load event (a footer,
    a menu) is then in the page. A page that never goes quiet (polling, a stream) is read as
    it is when the time is up, as before."""
    with suppress(PlaywrightTimeoutError):
        await page.wait_for_load_state("networkidle", timeout=SETTLE_MS)


def axe_report(meta: dict[str, Any]) -> object:
    """What axe-core returned in a rendered page (the last page method's result), or None
    when axe-core was not run."""
    methods = meta.get("playwright_page_methods") or []
    return methods[-1].result if len(methods) > 1 else None


def screenshot_meta() -> dict[str, Any]:
    """A screenshot request's meta: the page as a reader sees it on a laptop's screen (its
    styles and images loaded: `crawler.rendering.prepare_screenshot_page`), top only."""
    return {
        "playwright": True,
        "vigie_screenshot": True,
        "dont_cache": True,
        "max_retry_times": 0,  # a screenshot that fails is simply not there
        **BROWSER_TIME,
        "playwright_page_init_callback": "crawler.rendering.prepare_screenshot_page",
        "playwright_page_methods": [
            PageMethod(
                "screenshot",
                type="jpeg",
                quality=SCREENSHOT_QUALITY,
                full_page=False,
                clip={"x": 0, "y": 0, **SCREENSHOT_SIZE},
            )
        ],
    }


def screenshot_image(meta: dict[str, Any]) -> bytes | None:
    """The JPEG a screenshot request's page method returned, or None."""
    methods = meta.get("playwright_page_methods") or []
    image = methods[-1].result if methods else None
    return image if isinstance(image, bytes) and image else None
