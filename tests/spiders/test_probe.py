"""The not-found probe and the home page's load time, as the site spider takes them: the probe
asked once a measured site, with the level below its home page and outside its page budget;
its answer a finding (404, soft 404) or nothing (a failure), its page row kept and never read;
the load time from the home page's plain fetch, none from the HTTP cache. Then a real crawl
whose robots.txt forbids the probe, and the test farm's crawl against the servers' habits."""

from __future__ import annotations

from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import scrapy
from scrapy.http import HtmlResponse, Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from sqlalchemy import create_engine, select, text
from twisted.python.failure import Failure

from crawler.items import SiteItem
from database.models import Authority, FindingRow, PageRow, SiteScan, Website
from database.not_found_probe import PROBE_PREFIX, is_probe, probe_path, probe_url
from database.repository import Target
from farm.server_habits import server_habits
from spiders.responses import now
from spiders.site import SiteSpider, SiteState
from tests.conftest import CrawledFarm
from tests.local_http import QuietHandler, crawl_one_site, serving

SITE = "http://essai.fr/"
PROBE = f"http://essai.fr{probe_path('essai.fr')}"
HOME = (
    "<html lang='fr'><head><title>Mairie</title></head><body><h1>Mairie d'Essai</h1>"
    "<a href='/mentions-legales'>Mentions légales</a><a href='/contact'>Contact</a></body></html>"
).encode()
PAGE = b"<html lang='fr'><head><title>Page</title></head><body><p>Texte.</p></body></html>"


def spider_at_home(
    page_budget: int = 30, flags: list[str] | None = None
) -> tuple[SiteSpider, list[scrapy.Request]]:
    """A spider whose home page answered (0.25 s after it was asked): what it asks next."""
    spider = SiteSpider(run_id=1, database_url="sqlite://", page_budget=page_budget)
    state = SiteState(Target(1, 1, SITE, "Essai"), "essai.fr", now())
    spider.sites[1] = state
    home = spider._request(state, SITE, 0)
    home.meta["download_latency"] = 0.25
    response = HtmlResponse(
        SITE, body=HOME, headers={"Content-Type": "text/html"}, request=home, flags=flags
    )
    return spider, list(spider.parse_page(response, site=1, depth=0))


def split(requests: list[scrapy.Request]) -> tuple[scrapy.Request, list[scrapy.Request]]:
    [probe] = [request for request in requests if is_probe(request.url)]
    return probe, [request for request in requests if not is_probe(request.url)]


def answer(request: scrapy.Request, status: int, body: bytes, url: str | None = None) -> Response:
    return TextResponse(
        url or request.url,
        status=status,
        body=body,
        headers={"Content-Type": "text/html; charset=utf-8"},
        request=request,
    )


def finish(spider: SiteSpider, pages: list[scrapy.Request]) -> SiteItem:
    """The pages below the home page answer; the last one ends the site."""
    out: list[object] = []
    for request in pages:
        out += spider.parse_page(answer(request, 200, PAGE), site=1, depth=1)
    [item] = out
    assert isinstance(item, SiteItem)
    return item


def test_the_probe_is_asked_once_with_the_level_below_the_home_page_outside_the_budget() -> None:
    spider, asked = spider_at_home()
    probe, pages = split(asked)
    assert probe.url == PROBE == probe_url(SITE)
    assert probe.url.startswith(f"http://essai.fr{PROBE_PREFIX}")
    assert len(probe.url.rsplit("-", 1)[1]) == 8  # 8 hex digits of the host's hash
    assert probe.meta["handle_httpstatus_list"] == [404, 410]
    assert "vigie_render" not in probe.meta  # a status is read, never a rendering
    assert sorted(request.url for request in pages) == [
        "http://essai.fr/contact",
        "http://essai.fr/mentions-legales",
    ]
    assert probe.url not in spider.sites[1].scheduled  # not a page of the budget
    # A budget of two (the home page and one more) still gets its probe.
    probe, pages = split(spider_at_home(page_budget=2)[1])
    assert len(pages) == 1


def test_the_site_waits_for_the_probe_and_a_404_is_correct() -> None:
    spider, asked = spider_at_home()
    probe, pages = split(asked)
    assert list(spider.parse_probe(answer(probe, 404, b"<h1>Introuvable</h1>"), 1, 1)) == []
    item = finish(spider, pages)
    found = {f.feature: f for f in item.findings}
    assert (found["quality.not_found"].value, found["quality.not_found"].evidence_url) == (
        "404",
        PROBE,
    )
    assert (found["quality.load_time"].value, found["quality.load_time"].evidence_url) == (
        "250",
        SITE,
    )
    [row] = [page for page in item.pages if is_probe(page.requested_url)]
    assert (row.http_status, row.depth, row.error) == (404, 1, None)
    # Nothing read from its body: the error page's title gave no finding.
    assert all(finding.evidence_url != PROBE for finding in item.findings if
               finding.feature != "quality.not_found")  # fmt: skip


def test_a_missing_page_answered_with_the_home_page_is_a_soft_404() -> None:
    spider, asked = spider_at_home()
    probe, pages = split(asked)
    # The last page answers first: the site then waits for the probe, which ends it.
    out = [*spider.parse_page(answer(pages[0], 200, PAGE), site=1, depth=1)]
    out += spider.parse_page(answer(pages[1], 200, PAGE), site=1, depth=1)
    assert out == []
    probe.meta["redirect_urls"] = [PROBE]  # as Scrapy's redirect middleware leaves it
    [item] = spider.parse_probe(answer(probe, 200, HOME, url=SITE), 1, 1)
    assert isinstance(item, SiteItem)
    [not_found] = [f for f in item.findings if f.feature == "quality.not_found"]
    assert not_found.value == "soft-404"
    assert not_found.snippet == f"HTTP 200 → {SITE} (page d'accueil) <title>Mairie</title>"
    assert not_found.evidence_url == PROBE
    [row] = [page for page in item.pages if is_probe(page.requested_url)]
    assert (row.final_url, row.http_status) == (SITE, 200)


def test_a_failed_probe_leaves_how_the_site_answers_unknown() -> None:
    spider, asked = spider_at_home()
    probe, pages = split(asked)
    failure = Failure(HttpError(answer(probe, 503, b"")))
    failure.request = probe  # type: ignore[attr-defined]
    assert list(spider.probe_failed(failure)) == []
    item = finish(spider, pages)
    assert "quality.not_found" not in {finding.feature for finding in item.findings}
    [row] = [page for page in item.pages if is_probe(page.requested_url)]
    assert (row.http_status, row.error) == (503, "HTTP 503")
    assert item.status == "ok"  # the probe is no page of the site: its failure is not the site's


def test_no_load_time_for_a_home_page_from_the_http_cache() -> None:
    spider, asked = spider_at_home(flags=["cached"])
    probe, pages = split(asked)
    list(spider.parse_probe(answer(probe, 404, b""), 1, 1))
    features = {finding.feature for finding in finish(spider, pages).findings}
    assert "quality.load_time" not in features
    assert "quality.not_found" in features


def test_no_probe_for_a_site_not_measured() -> None:
    spider = SiteSpider(run_id=1, database_url="sqlite://", rendering=False)
    state = SiteState(Target(1, 1, SITE, "Essai"), "essai.fr", now())
    spider.sites[1] = state
    home = spider._request(state, SITE, 0)
    shell = b'<html><body><div id="app"></div><script>render()</script></body></html>'
    [item] = spider.parse_page(answer(home, 200, shell), site=1, depth=0)
    assert isinstance(item, SiteItem)
    assert (item.status, item.findings) == ("no_browser", [])
    assert not any(is_probe(page.requested_url) for page in item.pages)


class Forbidden(QuietHandler):
    """A site whose robots.txt forbids the probe's path."""

    def do_GET(self) -> None:
        if self.path == "/robots.txt":
            self.answer(200, f"User-agent: *\nDisallow: {PROBE_PREFIX}\n".encode())
        elif self.path == "/":
            self.answer(200, PAGE)
        else:
            self.answer(404)


def crawled(handler: type[BaseHTTPRequestHandler], folder: Path) -> Iterator[tuple[object, ...]]:
    with serving(handler) as server:
        database_url = crawl_one_site(folder, "essai.fr", server.server_address[1])
    engine = create_engine(database_url)
    with engine.connect() as connection:
        yield from connection.execute(
            text(
                "SELECT 'page', requested_url, http_status, error FROM pages UNION ALL "
                "SELECT 'finding', feature, value, evidence_url FROM findings"
            )
        )
    engine.dispose()


def test_a_probe_robots_txt_forbids_is_not_asked(tmp_path: Path) -> None:
    rows = list(crawled(Forbidden, tmp_path))
    [probe] = [row for row in rows if row[0] == "page" and is_probe(str(row[1]))]
    assert probe[2] is None  # no answer: never sent
    assert "robots.txt" in str(probe[3])
    features = {row[1] for row in rows if row[0] == "finding"}
    assert "quality.not_found" not in features  # unknown, not "correct" nor "wrong"
    assert "quality.load_time" in features


def test_the_farm_crawl_reads_each_server_s_habit(crawled_farm: CrawledFarm) -> None:
    with crawled_farm.engine.connect() as connection:
        rows = connection.execute(
            select(Authority.code, FindingRow.value)
            .join(FindingRow, FindingRow.authority_id == Authority.id)
            .where(FindingRow.feature == "quality.not_found")
        ).all()
        probes = connection.execute(
            select(Authority.code, PageRow.requested_url, PageRow.depth)
            .join(Website, Website.authority_id == Authority.id)
            .join(PageRow, PageRow.website_id == Website.id)
            .where(PageRow.requested_url.contains(PROBE_PREFIX))
        ).all()
        measured = set(
            connection.execute(
                select(Authority.code)
                .join(SiteScan, SiteScan.authority_id == Authority.id)
                .where(SiteScan.status == "ok")
            ).scalars()
        )
    said = dict(rows)
    habits = {
        site.code: server_habits(crawled_farm.farm, site) for site in crawled_farm.farm.sites()
    }
    assert set(said) == measured  # every measured site, and no other
    assert {habits[code].soft_404 is not None for code in said} == {True, False}
    for code, value in said.items():
        assert value == ("soft-404" if habits[code].soft_404 else "404"), code
    assert sorted(code for code, _, _ in probes) == sorted(measured)  # once a measured site
    assert {depth for _, _, depth in probes} == {1}


def test_slow_home_pages_are_timed_slow(crawled_farm: CrawledFarm) -> None:
    with crawled_farm.engine.connect() as connection:
        times = dict(
            connection.execute(
                select(Authority.code, FindingRow.value)
                .join(FindingRow, FindingRow.authority_id == Authority.id)
                .where(FindingRow.feature == "quality.load_time")
            ).all()
        )
    slow = {
        site.code
        for site in crawled_farm.farm.sites()
        if server_habits(crawled_farm.farm, site).slow_home
    }
    assert slow & set(times)
    for code in slow & set(times):
        assert int(times[code]) >= 3000, code
