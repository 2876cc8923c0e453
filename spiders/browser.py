"""What the site spider asks of the browser: a page fetched again through Chromium
(scrapy-playwright), with axe-core run in it if asked, and what axe-core answered; a
screenshot of a home page (VIGIE_SCREENSHOTS), and the image it gave."""

from __future__ import annotations

from typing import Any

from scrapy_playwright.page import PageMethod

from pipelines.extractors.axe import AXE_RUN, axe_source

SCREENSHOT_SIZE = {"width": 1280, "height": 800}
SCREENSHOT_QUALITY = 60  # JPEG: some 100 KB a home page
SCREENSHOT_TYPE = "image/jpeg"
RENDER_RETRIES = 1  # as any page below the home page: a page that drips costs two timeouts


def render_meta(with_axe: bool) -> dict[str, Any]:
    """A rendering request's meta; the HTTP cache is kept for static fetches."""
    meta: dict[str, Any] = {
        "playwright": True,
        "vigie_render": True,
        "dont_cache": True,
        "max_retry_times": RENDER_RETRIES,
    }
    if with_axe:
        # axe-core runs in the rendered page; its report comes back with the response.
        meta["playwright_page_methods"] = [
            PageMethod("evaluate", axe_source()),
            PageMethod("evaluate", AXE_RUN),
        ]
    return meta


def axe_report(meta: dict[str, Any]) -> object:
    """What axe-core returned in a rendered page (the last page method's result), or None."""
    methods = meta.get("playwright_page_methods") or []
    return methods[-1].result if methods else None


def screenshot_meta() -> dict[str, Any]:
    """A screenshot request's meta: the page as a reader sees it on a laptop's screen (its
    styles and images loaded: `crawler.rendering.prepare_screenshot_page`), top only."""
    return {
        "playwright": True,
        "vigie_screenshot": True,
        "dont_cache": True,
        "max_retry_times": 0,  # a screenshot that fails is simply not there
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
