"""A rendering ends in time: past its bound it is given up as the browser's failure, so the
site is stored as not measured, never waited for until the crawl is killed."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from scrapy import Request
from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler
from twisted.python.failure import Failure

from crawler.render_handler import BoundedPlaywrightHandler, BrowserStalled, render_limit
from spiders.outcomes import browser_failed


def bounded(limit: float) -> BoundedPlaywrightHandler:
    handler = object.__new__(BoundedPlaywrightHandler)  # no browser: only the bound is tested
    handler.render_limit = limit
    return handler


def test_a_rendering_that_never_ends_is_given_up_as_the_browsers_failure(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ended: list[str] = []

    async def stuck(self: Any, request: Request, spider: Any = None) -> Any:
        try:
            await asyncio.sleep(3600)
        finally:
            ended.append("cancelled")

    monkeypatch.setattr(ScrapyPlaywrightDownloadHandler, "_download_request", stuck)

    async def render() -> None:
        await bounded(0.2)._download_request(Request("https://mairie.test/"))

    with pytest.raises(BrowserStalled, match="no rendering of https://mairie.test/") as raised:
        asyncio.run(render())
    assert ended == ["cancelled"]  # the abandoned rendering was cancelled, not left running
    assert browser_failed(Failure(raised.value))


def test_a_rendering_in_time_is_returned_as_it_came(monkeypatch: pytest.MonkeyPatch) -> None:
    async def quick(self: Any, request: Request, spider: Any = None) -> str:
        await asyncio.sleep(0)
        return f"rendered {request.url}"

    monkeypatch.setattr(ScrapyPlaywrightDownloadHandler, "_download_request", quick)

    async def render() -> object:
        return await bounded(5)._download_request(Request("https://mairie.test/"))

    assert asyncio.run(render()) == "rendered https://mairie.test/"


def test_the_bound_leaves_the_navigation_timeout_its_room() -> None:
    assert render_limit(30_000) == 120
    assert render_limit(None) == render_limit(30_000)
    assert render_limit(5_000) > 2 * 5
