"""A crawl worker renders in one browser, in pages kept open: a rendering reuses an idle page,
a page whose rendering failed is closed, and no more pages render at once than the pool allows."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from scrapy import Request
from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler

from crawler.render_handler import BoundedPlaywrightHandler
from crawler.render_pages import PagePool


class FakePage:
    def __init__(self) -> None:
        self.closed = False

    def is_closed(self) -> bool:
        return self.closed

    async def close(self) -> None:
        self.closed = True


def pooled_handler(size: int) -> tuple[BoundedPlaywrightHandler, list[FakePage]]:
    handler = object.__new__(BoundedPlaywrightHandler)  # no browser: only the pool is tested
    handler.render_limit = 5
    handler.pages = PagePool(size)
    opened: list[FakePage] = []

    async def open_page(request: Request, spider: Any) -> FakePage:
        opened.append(FakePage())
        return opened[-1]

    handler._open_page = open_page  # type: ignore[method-assign]
    return handler, opened


def test_renderings_one_after_another_share_one_page(monkeypatch: pytest.MonkeyPatch) -> None:
    used: list[object] = []

    async def render(self: Any, request: Request, spider: Any = None) -> str:
        used.append(request.meta["playwright_page"])
        assert request.meta["playwright_include_page"]  # scrapy-playwright leaves it open
        return request.url

    monkeypatch.setattr(ScrapyPlaywrightDownloadHandler, "_download_request", render)
    handler, opened = pooled_handler(4)
    requests = [Request(f"https://mairie-{n}.test/", meta={"playwright": True}) for n in range(3)]

    async def crawl() -> list[object]:
        return [await handler._download_request(request) for request in requests]

    assert asyncio.run(crawl()) == [request.url for request in requests]
    assert len(opened) == 1
    assert used == [opened[0]] * 3
    assert not opened[0].closed
    # The page is not left in what the spider reads.
    assert all("playwright_page" not in request.meta for request in requests)


def test_a_page_whose_rendering_failed_is_closed_and_not_reused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async def render(self: Any, request: Request, spider: Any = None) -> str:
        if "panne" in request.url:
            raise TimeoutError("Page.goto: Timeout 30000ms exceeded.")
        return request.url

    monkeypatch.setattr(ScrapyPlaywrightDownloadHandler, "_download_request", render)
    handler, opened = pooled_handler(4)

    async def crawl() -> None:
        with pytest.raises(TimeoutError):
            await handler._download_request(Request("https://panne.test/"))
        await asyncio.sleep(0)  # the failed page is closed in the background
        await handler._download_request(Request("https://mairie.test/"))

    asyncio.run(crawl())
    assert len(opened) == 2
    assert opened[0].closed
    assert not opened[1].closed


def test_no_more_pages_render_at_once_than_the_pool_holds(monkeypatch: pytest.MonkeyPatch) -> None:
    at_once, most = 0, 0

    async def render(self: Any, request: Request, spider: Any = None) -> str:
        nonlocal at_once, most
        at_once += 1
        most = max(most, at_once)
        await asyncio.sleep(0.01)
        at_once -= 1
        return request.url

    monkeypatch.setattr(ScrapyPlaywrightDownloadHandler, "_download_request", render)
    handler, opened = pooled_handler(2)

    async def crawl() -> None:
        await asyncio.gather(
            *(handler._download_request(Request(f"https://m{n}.test/")) for n in range(7))
        )

    asyncio.run(crawl())
    assert most == 2
    assert len(opened) == 2


def test_a_screenshot_gets_a_page_of_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[object] = []

    async def render(self: Any, request: Request, spider: Any = None) -> str:
        seen.append(request.meta.get("playwright_page"))
        return request.url

    monkeypatch.setattr(ScrapyPlaywrightDownloadHandler, "_download_request", render)
    handler, opened = pooled_handler(2)
    meta = {"playwright": True, "playwright_page_init_callback": "x.prepare"}
    asyncio.run(handler._download_request(Request("https://mairie.test/", meta=meta)))
    assert seen == [None]
    assert opened == []


def test_the_second_schemes_handler_hands_its_renderings_to_the_first() -> None:
    owner, _ = pooled_handler(2)
    other = object.__new__(BoundedPlaywrightHandler)
    other.owner = owner
    asked: list[str] = []

    async def owner_renders(request: Request, spider: Any = None) -> str:
        asked.append(request.url)
        return "rendered"

    owner._download_request = owner_renders  # type: ignore[method-assign,assignment]
    result = asyncio.run(other._download_request(Request("http://mairie.test/")))
    assert result == "rendered"
    assert asked == ["http://mairie.test/"]
