"""What the site spider asks of the browser: a page fetched again through Chromium
(scrapy-playwright), with axe-core run in it if asked, and what axe-core answered."""

from __future__ import annotations

from typing import Any

from scrapy_playwright.page import PageMethod

from pipelines.extractors.axe import AXE_RUN, axe_source

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
