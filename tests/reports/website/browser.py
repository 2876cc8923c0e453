"""A headless Chromium for the public website's tests: the built folder served on loopback (or
opened as files), each page visited with what went wrong in it recorded (console errors,
script errors, failed requests, error responses) and axe-core run inside it.

Debian's Chromium is used (`playwright install` cannot download here); where it is absent the
tests that need it are skipped, saying so."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache, partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from importlib.resources import files
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import urldefrag, urlsplit

import pytest
from playwright.sync_api import (
    Browser,
    ConsoleMessage,
    Page,
    Request,
    Response,
    ViewportSize,
    sync_playwright,
)

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = ["--headless=new", "--no-sandbox"]

# Every violation of every impact, and for each the elements it was seen on (axe's CSS
# selectors; a selector inside a frame or shadow root is a list, joined here with " >>> ").
AXE_RUN = """() => axe.run(document, {resultTypes: ['violations']}).then(report =>
  report.violations.map(v => ({
    id: v.id,
    impact: v.impact || '',
    targets: v.nodes.map(n => n.target.map(t => Array.isArray(t) ? t.join(' >>> ') : t)
      .join(' >>> ')),
  })))"""

# Every address a page refers to, as written in the attribute and as the browser resolved it.
REFERENCES = """() => Array.from(
  document.querySelectorAll('a[href], img[src], link[href], script[src]'),
  e => {
    const attribute = e.hasAttribute('href') ? 'href' : 'src';
    return {tag: e.tagName.toLowerCase(), written: e.getAttribute(attribute),
            resolved: e[attribute]};
  })"""


class Violation(NamedTuple):
    rule: str  # axe's rule id ("color-contrast", "region"...)
    impact: str  # "minor", "moderate", "serious", "critical"
    targets: tuple[str, ...]  # CSS selectors of the offending elements

    def __str__(self) -> str:
        return f"{self.rule} ({self.impact}) on {', '.join(self.targets)}"


class Reference(NamedTuple):
    tag: str  # a, img, link, script
    written: str  # the attribute as written in the HTML
    resolved: str  # the absolute address the browser made of it


@dataclass
class Visit:
    """One page opened in the browser, and everything that went wrong while it loaded or ran."""

    page: Page
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)  # "URL: why"
    error_responses: list[str] = field(default_factory=list)  # "URL: status"

    def problems(self) -> list[str]:
        """Every problem in one list, each saying what it is, for an assertion's message."""
        return (
            [f"console error: {text}" for text in self.console_errors]
            + [f"script error: {text}" for text in self.page_errors]
            + [f"request failed: {text}" for text in self.failed_requests]
            + [f"error response: {text}" for text in self.error_responses]
        )

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            location = message.location.get("url", "")
            self.console_errors.append(f"{message.text} ({location})".strip())

    def on_request_failed(self, request: Request) -> None:
        self.failed_requests.append(f"{request.url}: {request.failure or 'failed'}")

    def on_response(self, response: Response) -> None:
        if response.status >= 400:
            self.error_responses.append(f"{response.url}: {response.status}")


def chromium_or_skip() -> Path:
    """Debian's Chromium; the calling test is skipped, saying why, where it is absent."""
    if not CHROMIUM.is_file():
        pytest.skip(f"no Chromium at {CHROMIUM}: the site cannot be opened in a browser here")
    return CHROMIUM


@contextmanager
def headless_chromium() -> Iterator[Browser]:
    """One headless Chromium (skipped where there is none), closed at the end."""
    executable = chromium_or_skip()
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(
            executable_path=str(executable), headless=True, args=LAUNCH_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()
    finally:
        playwright.stop()


class QuietFiles(SimpleHTTPRequestHandler):
    """Serves a folder's files, without an access log on the test's output."""

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""


@contextmanager
def serving_folder(folder: Path) -> Iterator[str]:
    """The folder served on 127.0.0.1 (a free port) in a thread; its base URL, ending in "/"."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietFiles, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def file_base(folder: Path) -> str:
    """The folder as a file:// base URL, ending in "/", as a person opening it would see it."""
    return folder.resolve().as_uri() + "/"


# A small phone's screen, in CSS pixels: the narrowest width the site is laid out for.
PHONE: ViewportSize = {"width": 360, "height": 740}


def visit(browser: Browser, url: str, viewport: ViewportSize | None = None) -> Visit:
    """`url` opened in a new page of `browser` (of the given viewport, or Playwright's
    1280 × 720), loaded, with its problems being recorded (the listeners stay on: what a
    later click or keystroke causes is recorded too). The caller closes `visit.page`."""
    page = browser.new_page(viewport=viewport) if viewport else browser.new_page()
    opened = Visit(page)
    page.on("console", opened.on_console)
    page.on("pageerror", lambda error: opened.page_errors.append(str(error)))
    page.on("requestfailed", opened.on_request_failed)
    page.on("response", opened.on_response)
    response = page.goto(url, wait_until="load")
    if response is not None and response.status >= 400:
        opened.error_responses.append(f"{url}: {response.status}")
    return opened


@contextmanager
def visiting(browser: Browser, url: str, viewport: ViewportSize | None = None) -> Iterator[Visit]:
    opened = visit(browser, url, viewport)
    try:
        yield opened
    finally:
        opened.page.close()


@cache
def axe_source() -> str:
    """axe-core as the axe-playwright-python package bundles it (as Vigie's crawl loads it)."""
    return files("axe_playwright_python").joinpath("axe.min.js").read_text(encoding="utf-8")


def axe_violations(page: Page) -> list[Violation]:
    """What axe-core finds wrong in the page as it is now, every impact included."""
    page.evaluate(axe_source())
    found = page.evaluate(AXE_RUN)
    return [Violation(v["id"], v["impact"], tuple(v["targets"])) for v in found]


def references(page: Page) -> list[Reference]:
    """Every a[href], img[src], link[href] and script[src] of the page."""
    return [Reference(r["tag"], r["written"], r["resolved"]) for r in page.evaluate(REFERENCES)]


def is_relative(written: str) -> bool:
    """A reference inside the site: no scheme ("https:", "mailto:"), not protocol-relative."""
    stripped = written.strip()
    return not urlsplit(stripped).scheme and not stripped.startswith("//")


def without_fragment(url: str) -> str:
    return urldefrag(url).url
