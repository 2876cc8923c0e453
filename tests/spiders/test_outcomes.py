"""Scan statuses from failures, and the site-level aggregation rule."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright._impl._errors import TargetClosedError
from playwright.async_api import Error as PlaywrightError
from playwright.async_api import TimeoutError as PlaywrightTimeoutError
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadConnectionRefusedError,
    DownloadTimeoutError,
    IgnoreRequest,
)
from scrapy.http import HtmlResponse, Request
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from crawler.items import Finding
from pipelines.extractors.aggregate import aggregate_site
from spiders.outcomes import browser_failed, http_status_of_failure, status_of_failure
from spiders.responses import now


def failure(exception: Exception) -> Failure:
    try:
        raise exception
    except Exception:
        return Failure()


@pytest.mark.parametrize(
    ("exception", "status"),
    [
        (CannotResolveHostError("no such host"), "dns_failure"),
        (DownloadTimeoutError("took too long"), "timeout"),
        (DownloadConnectionRefusedError("refused"), "connection_failure"),
        (IgnoreRequest("Forbidden by robots.txt"), "robots_blocked"),
    ],
)
def test_failures_map_to_statuses(exception: Exception, status: str) -> None:
    assert status_of_failure(failure(exception))[0] == status


def test_http_errors_keep_their_code() -> None:
    response = HtmlResponse("http://x.fr/", status=503, request=Request("http://x.fr/"))
    error = failure(HttpError(response, "Ignoring non-200 response"))
    assert status_of_failure(error) == ("http_error", "HTTP 503")
    assert http_status_of_failure(error) == 503


LAUNCH_LOG = "\n".join(
    ["BrowserType.launch: Browser closed.", "==================== Browser output: ===="]
)


@pytest.mark.parametrize(
    "exception",
    [
        TargetClosedError(),  # Chromium closed or killed under a render
        TargetClosedError("Page.goto: something else"),  # the type says it, whatever the words
        PlaywrightError("Page.goto: Target page, context or browser has been closed"),
        PlaywrightError("Protocol error (Page.navigate): Target closed."),
        PlaywrightError(LAUNCH_LOG),  # the browser exited while starting
        PlaywrightError("BrowserType.launch: Executable doesn't exist at /usr/bin/chromium"),
        PlaywrightError("Failed to launch chromium because executable doesn't exist"),
        PlaywrightError("Browser.new_context: Browser has been closed"),
        PlaywrightError("Page.goto: Navigation failed because page crashed!"),
        PlaywrightError("Page crashed"),
        PlaywrightError("Target crashed"),
        Exception("Connection closed while reading from the driver"),
        PlaywrightError("Playwright connection closed"),
    ],
)
def test_a_browser_that_would_not_start_crashed_or_was_killed_is_told(
    exception: Exception,
) -> None:
    assert browser_failed(failure(exception))


def test_a_browser_failure_is_told_through_what_it_caused() -> None:
    try:
        try:
            raise TargetClosedError()
        except TargetClosedError as cause:
            raise RuntimeError("download failed") from cause
    except RuntimeError:
        assert browser_failed(Failure())


@pytest.mark.parametrize(
    "exception",
    [
        PlaywrightTimeoutError("Page.goto: Timeout 30000ms exceeded.\nCall log:\n  - navigating"),
        DownloadTimeoutError("Getting http://x.fr/ took longer than 30.0 seconds."),
        HttpError(HtmlResponse("http://x.fr/", status=500, request=Request("http://x.fr/")), "500"),
        PlaywrightError("Page.goto: net::ERR_CONNECTION_REFUSED at http://x.fr/"),
        PlaywrightError("Page.goto: net::ERR_CERT_DATE_INVALID at https://x.fr/"),
        # The words must be the browser's, not a page's: its URL may say anything.
        PlaywrightError("Page.goto: net::ERR_FAILED at http://x.fr/target-closed"),
        PlaywrightError("Page.goto: Timeout 30000ms exceeded.\n  - browser closed"),
    ],
)
def test_a_page_that_timed_out_or_answered_an_error_is_not_the_browser_failing(
    exception: Exception,
) -> None:
    assert not browser_failed(failure(exception))


def finding(feature: str, value: str, page: str) -> Finding:
    return Finding(feature, value, page, "<a>", "test/1")


def test_aggregation_does_not_depend_on_arrival_order() -> None:
    home, legal = "http://x.fr/", "http://x.fr/mentions"
    pages = [
        (
            1,
            legal,
            [finding("a11y.mention", "non", legal), finding("social.x", "https://x.com/a", legal)],
        ),
        (
            0,
            home,
            [
                finding("a11y.mention", "partiellement", home),
                finding("social.x", "https://x.com/a", home),
                finding("social.x", "https://x.com/b", home),
            ],
        ),
    ]
    result = aggregate_site(pages)
    assert result == aggregate_site(list(reversed(pages)))
    assert [(f.feature, f.value, f.evidence_url) for f in result] == [
        ("a11y.mention", "partiellement", home),  # single-valued: the home page's value
        ("social.x", "https://x.com/a", home),  # seen twice, stored once, home page evidence
        ("social.x", "https://x.com/b", home),
    ]


def test_a_page_that_breaks_an_extractor_is_recorded_and_its_site_still_finishes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from database.repository import Target
    from pipelines.extractors import reading
    from spiders import site as site_module

    def explode(page: object) -> list[Finding]:
        raise RecursionError("hostile markup")

    monkeypatch.setattr(reading, "extract_page", explode)
    spider = site_module.SiteSpider(run_id=1, database_url="sqlite://", not_found_probe=False)
    state = site_module.SiteState(Target(7, 8, "http://x.fr/"), "x.fr", now())
    spider.sites[7] = state
    request = spider._request(state, "http://x.fr/", depth=0)
    response = HtmlResponse(
        "http://x.fr/",
        body=b"<html></html>",
        request=request,
        headers={"Content-Type": "text/html"},
    )
    [item] = list(spider.parse_page(response, site=7, depth=0))
    assert item.status == "ok"
    assert item.pages[0].error == "extraction failed: RecursionError: hostile markup"
    assert 7 not in spider.sites


def test_a_crawl_whose_sites_never_end_does_not_hang(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import asyncio

    from database import open_database
    from database.repository import create_run
    from database.targets import import_file
    from spiders import site as site_module

    targets = tmp_path / "targets.csv"
    targets.write_text(
        "code,name,kind,url\n77188,A,commune,http://a.fr/\n45300,B,commune,http://b.fr/\n"
    )
    url = f"sqlite:///{tmp_path / 'v.db'}"
    engine = open_database(url)
    import_file(engine, targets)
    run_id = create_run(engine, {})
    engine.dispose()
    monkeypatch.setattr(site_module, "STALL_SECONDS", 0.2)
    spider = site_module.SiteSpider(run_id=run_id, database_url=url, sites_in_flight=1)

    async def first_two() -> list[object]:
        start = spider.start()
        return [await anext(start), await anext(start)]  # the first site never finishes

    first, second = asyncio.run(asyncio.wait_for(first_two(), timeout=10))
    assert (first.url, second.url) == ("http://a.fr/", "http://b.fr/")


def test_the_next_level_is_chosen_by_weight_then_url_with_few_query_variants() -> None:
    from database.repository import Target
    from spiders import site as site_module

    spider = site_module.SiteSpider(run_id=1, database_url="sqlite://", page_budget=6)
    state = site_module.SiteState(Target(7, 8, "https://x.fr/"), "x.fr", now())
    spider.sites[7] = state
    state.scheduled.add("https://x.fr/")
    state.frontier = {f"https://x.fr/recherche?page={n}": 1 for n in range(10)}
    state.frontier |= {"https://x.fr/contact": 3, "https://x.fr/mentions-legales": 5}
    state.frontier |= {"https://x.fr/a-propos": 1}
    requests = list(spider._next_step(state))
    assert [request.url for request in requests] == [
        "https://x.fr/mentions-legales",
        "https://x.fr/contact",
        "https://x.fr/a-propos",
        "https://x.fr/recherche?page=0",
        "https://x.fr/recherche?page=1",
    ]  # budget 6 with the home page; a faceted search gets three at most, and the budget ends it
    assert all(request.cb_kwargs["depth"] == 1 for request in requests)


def test_a_faceted_search_gets_three_pages_whatever_the_budget() -> None:
    from database.repository import Target
    from spiders import site as site_module

    spider = site_module.SiteSpider(run_id=1, database_url="sqlite://", page_budget=30)
    state = site_module.SiteState(Target(7, 8, "https://x.fr/"), "x.fr", now())
    spider.sites[7] = state
    state.frontier = {f"https://x.fr/recherche?page={n}": 1 for n in range(10)}
    urls = [request.url for request in spider._next_step(state)]
    assert urls == [f"https://x.fr/recherche?page={n}" for n in range(3)]
