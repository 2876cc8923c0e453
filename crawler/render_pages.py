"""The pages a crawl worker renders in, kept open from one rendering to the next.

Opening a page in Chromium costs a renderer process and its set-up, more than the rendering
of a small page itself: a page is opened once and navigated again and again (to another
site's page too: all of a worker's renderings share one browser context already, so its
cookies and storage), at most `size` at once. A page whose rendering failed is closed, not
reused: a navigation that timed out may still be loading, a crashed one is gone; the next
rendering opens a new one. Closed pages (a browser that died and was relaunched closes them
all) are dropped when taken.
"""

from __future__ import annotations

import asyncio
from contextlib import suppress
from typing import Any

# Pages a worker renders in at once: what its two download handlers (http and https) allowed
# together before they shared one browser (PLAYWRIGHT_MAX_PAGES_PER_CONTEXT = 2 each).
PAGES_AT_ONCE = 8


class PagePool:
    """Idle pages and a bound on the renderings at once."""

    def __init__(self, size: int = PAGES_AT_ONCE) -> None:
        self.size = size
        self.idle: list[Any] = []
        self._slots: asyncio.Semaphore | None = None  # made in the crawl's event loop

    @property
    def slots(self) -> asyncio.Semaphore:
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.size)
        return self._slots

    async def take(self) -> Any | None:
        """An idle open page, or None (the caller opens one), once a place is free."""
        await self.slots.acquire()
        while self.idle:
            page = self.idle.pop()
            if not page.is_closed():
                return page
        return None

    def give_back(self, page: Any | None, reusable: bool) -> None:
        """The place freed; the page kept for the next rendering, or closed (in the
        background: closing a page of a stalled browser may never end)."""
        if page is not None:
            if reusable and not page.is_closed():
                self.idle.append(page)
            else:
                asyncio.ensure_future(close_quietly(page))
        self.slots.release()


async def close_quietly(page: Any) -> None:
    with suppress(Exception):
        await page.close()
