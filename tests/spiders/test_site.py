"""A crawl of the demo farm, checked against the farm's ground truth and the database's own
logic; a site whose JavaScript home page could not be rendered, or whose browser failed, not
measured; a page below the home page that merely failed to render, that page's error."""

from __future__ import annotations

import scrapy
from playwright.async_api import Error as PlaywrightError
from playwright.async_api import TimeoutError as PlaywrightTimeoutError
from scrapy.http import HtmlResponse
from sqlalchemy import func, select
from twisted.python.failure import Failure

from crawler.items import SiteItem
from crawler.settings import VIGIE_PAGE_BUDGET
from database.models import CrawlRun, FindingRow, PageRow
from database.not_found_probe import PROBE_PAGE
from database.repository import Target
from database.statuses import NOT_MEASURED
from evaluation.truth import evaluate
from pipelines.validate import problems
from spiders.responses import now
from spiders.site import SiteSpider, SiteState
from tests.conftest import CrawledFarm


def test_every_site_ends_with_the_expected_status(crawled_farm: CrawledFarm) -> None:
    result = evaluate(crawled_farm.engine, crawled_farm.run_id, crawled_farm.truth)
    assert result.sites == 60
    assert result.status_mismatches == []
    expected = {site["status"] for site in crawled_farm.truth["sites"]}
    assert expected == {
        "ok",
        "no_website",
        "dns_failure",
        "robots_blocked",
        "http_error",
        "redirect_loop",
        "timeout",
        "tls_error",
        "parked",
        "redirected_offsite",
    }


def test_findings_match_the_ground_truth_exactly(crawled_farm: CrawledFarm) -> None:
    result = evaluate(crawled_farm.engine, crawled_farm.run_id, crawled_farm.truth)
    assert result.errors == []  # no miss, nothing invented, no decoy taken for the authority's
    assert set(result.families) == {
        "a11y",
        "alerts",
        "attractiveness",
        "consent",
        "contact",
        "eservices",
        "freshness",
        "inclusion",
        "legal",
        "opendata",
        "participation",
        "quality",
        "readability",
        "security",
        "services",
        "social",
        "tech",
        "trackers",
        "transparency",
    }
    assert all(score.true_positives > 0 for score in result.families.values())
    decoys = [d for site in crawled_farm.truth["sites"] for d in site["decoys"]]
    assert decoys  # the farm did plant some, and none was reported
    owed_by_axe = [
        f
        for site in crawled_farm.truth["sites"]
        for f in site["findings"]
        if f["feature"] == "a11y.axe_violation"
    ]
    assert owed_by_axe  # JavaScript-built sites with planted defects, found by axe-core


def test_every_finding_points_at_a_page_fetched_in_the_run(crawled_farm: CrawledFarm) -> None:
    with crawled_farm.engine.connect() as connection:
        fetched = set(
            connection.execute(
                select(PageRow.final_url).where(PageRow.http_status == 200)
            ).scalars()
        )
        # The not-found probe's finding points at the probe, whatever it answered.
        fetched |= set(
            connection.execute(select(PageRow.requested_url).where(PROBE_PAGE)).scalars()
        )
        evidence = set(connection.execute(select(FindingRow.evidence_url)).scalars())
        snippets = connection.execute(
            select(func.min(func.length(FindingRow.snippet)))
        ).scalar_one()
    assert evidence
    assert evidence <= fetched
    assert snippets > 0


def test_pages_are_recorded_with_hash_and_within_budget(crawled_farm: CrawledFarm) -> None:
    with crawled_farm.engine.connect() as connection:
        per_site = connection.execute(
            select(PageRow.website_id, func.count()).where(~PROBE_PAGE).group_by(PageRow.website_id)
        ).all()  # the not-found probe is asked besides the budget (spiders/probe.py)
        hashes = connection.execute(
            select(func.count()).where(PageRow.http_status == 200, PageRow.content_hash.is_(None))
        ).scalar_one()
    assert per_site
    assert max(count for _, count in per_site) <= VIGIE_PAGE_BUDGET
    assert hashes == 0


def test_run_is_finished_and_its_counts_are_the_tables(crawled_farm: CrawledFarm) -> None:
    with crawled_farm.engine.connect() as connection:
        run = connection.execute(select(CrawlRun)).one()
        pages = connection.execute(select(func.count()).select_from(PageRow)).scalar_one()
        findings = connection.execute(select(func.count()).select_from(FindingRow)).scalar_one()
    assert (run.status, run.sites_done, run.targets_count) == ("finished", 60, 60)
    assert (run.pages_count, run.findings_count) == (pages, findings)
    assert run.settings["ROBOTSTXT_OBEY"] is True
    assert run.settings["USER_AGENT"].startswith("Vigie/")


def test_no_remote_console_is_opened_during_a_crawl(crawled_farm: CrawledFarm) -> None:
    log = (crawled_farm.directory / "vigie-crawl.log").read_text(encoding="utf-8")
    extensions = log.split("Enabled extensions:", 1)[1].split("]", 1)[0]
    assert "scrapy.extensions.corestats.CoreStats" in extensions
    assert "RemoteControl" not in extensions
    assert "TelnetConsole" not in extensions


SHELL = (
    b'<html lang="fr"><body><a href="#main">Aller au contenu</a><div id="SITE_CONTAINER"></div>'
    b'<script>document.getElementById("SITE_CONTAINER").innerHTML = "...";</script></body></html>'
)
HOME = (
    "<html lang='fr'><head><title>Mairie</title></head><body><h1>Mairie d'Essai</h1>"
    + "<p>Horaires d'ouverture, services et actualités de la commune d'Essai.</p>" * 4
    + "<a href='/mentions-legales'>Mentions légales</a><a href='/demarches'>Démarches</a>"
    "<a href='/contact'>Contact</a></body></html>"
).encode()


def site_spider(rendering: bool) -> tuple[SiteSpider, SiteState]:
    # The not-found probe aside (tests/spiders/test_probe.py): these tests follow the pages.
    spider = SiteSpider(
        run_id=1, database_url="sqlite://", rendering=rendering, not_found_probe=False
    )
    state = SiteState(Target(1, 1, "http://essai.fr/", "Essai"), "essai.fr", now())
    spider.sites[1] = state
    return spider, state


def answer(request: scrapy.Request, body: bytes) -> HtmlResponse:
    return HtmlResponse(
        request.url, body=body, headers={"Content-Type": "text/html"}, request=request
    )


def browser_failure(request: scrapy.Request) -> Failure:
    failure = Failure(PlaywrightError("Target page, context or browser has been closed"))
    failure.request = request  # type: ignore[attr-defined]
    return failure


def render_timeout(request: scrapy.Request) -> Failure:
    failure = Failure(PlaywrightTimeoutError("Page.goto: Timeout 30000ms exceeded.\nCall log:"))
    failure.request = request  # type: ignore[attr-defined]
    return failure


def site_below_a_static_home(rendering: bool) -> tuple[SiteSpider, list[scrapy.Request]]:
    """A spider whose static home page answered: its three pages below, by URL."""
    spider, state = site_spider(rendering=rendering)
    home = spider._request(state, "http://essai.fr/", 0)
    below = list(spider.parse_page(answer(home, HOME), site=1, depth=0))
    assert len(below) == 3
    return spider, sorted(below, key=lambda request: request.url)


def test_a_javascript_home_page_the_browser_failed_on_is_not_measured() -> None:
    spider, state = site_spider(rendering=True)
    home = spider._request(state, "http://essai.fr/", 0)
    (render,) = spider.parse_page(answer(home, SHELL), site=1, depth=0)
    assert render.meta["vigie_render"]
    (item,) = spider.on_error(browser_failure(render))
    assert isinstance(item, SiteItem)
    assert item.status == "render_failed"
    assert item.status in NOT_MEASURED
    assert item.findings == []
    assert [(page.rendered, page.error) for page in item.pages] == [
        (False, None),
        (True, "render failed: Error: Target page, context or browser has been closed"),
    ]
    assert problems(item) == []


def test_a_page_below_the_home_page_the_browser_failed_on_stops_the_site() -> None:
    spider, (notice, procedures, contact) = site_below_a_static_home(rendering=True)
    (render,) = spider.parse_page(answer(procedures, SHELL), site=1, depth=1)
    assert list(spider.parse_page(answer(notice, HOME), site=1, depth=1)) == []
    assert list(spider.on_error(browser_failure(render))) == []
    # The home page's findings do not stand for the site, and no level is added after it.
    (item,) = spider.parse_page(answer(contact, HOME), site=1, depth=1)
    assert (item.status, item.findings) == ("render_failed", [])
    assert "http://essai.fr/demarches" in str(item.detail)
    assert max(page.depth for page in item.pages) == 1


def test_a_javascript_home_page_whose_render_timed_out_is_not_measured() -> None:
    spider, state = site_spider(rendering=True)
    home = spider._request(state, "http://essai.fr/", 0)
    (render,) = spider.parse_page(answer(home, SHELL), site=1, depth=0)
    (item,) = spider.on_error(render_timeout(render))
    assert (item.status, item.findings) == ("render_failed", [])
    assert item.pages[-1].error == (
        "render failed: TimeoutError: Page.goto: Timeout 30000ms exceeded."
    )


def test_a_page_below_the_home_page_whose_render_timed_out_has_its_error() -> None:
    spider, (notice, procedures, contact) = site_below_a_static_home(rendering=True)
    (render,) = spider.parse_page(answer(procedures, SHELL), site=1, depth=1)
    assert list(spider.parse_page(answer(notice, HOME), site=1, depth=1)) == []
    assert list(spider.on_error(render_timeout(render))) == []
    *_, item = spider.parse_page(answer(contact, HOME), site=1, depth=1)
    assert isinstance(item, SiteItem)  # nothing left to fetch: the site is finished
    assert item.status == "ok"  # measured by its other pages, like a site with a broken page
    assert item.findings
    errors = {(page.requested_url, page.rendered): page.error for page in item.pages}
    assert errors[("http://essai.fr/demarches", True)] == (
        "TimeoutError: Page.goto: Timeout 30000ms exceeded."
    )
    assert errors[("http://essai.fr/demarches", False)] is None  # its shell, as served
    assert problems(item) == []


def test_a_page_below_the_home_page_without_a_browser_is_not_rendered() -> None:
    spider, (notice, procedures, contact) = site_below_a_static_home(rendering=False)
    assert list(spider.parse_page(answer(procedures, SHELL), site=1, depth=1)) == []
    assert list(spider.parse_page(answer(notice, HOME), site=1, depth=1)) == []
    (item,) = spider.parse_page(answer(contact, HOME), site=1, depth=1)
    assert item.status == "ok"  # as its home page made it
    assert item.findings
    errors = {page.requested_url: page.error for page in item.pages}
    assert errors["http://essai.fr/demarches"] == (
        "not rendered: the page is built by JavaScript and the crawl has no browser"
    )
    assert problems(item) == []


def test_a_browser_relaunched_after_a_crash_gets_the_run_s_context_options() -> None:
    spider, state = site_spider(rendering=True)
    spider.context_options = {"ignore_https_errors": True}
    home = spider._request(state, "http://essai.fr/", 0)
    (render,) = spider.parse_page(answer(home, SHELL), site=1, depth=0)
    assert render.meta["playwright_context_kwargs"] == {"ignore_https_errors": True}


def test_a_javascript_home_page_without_a_browser_is_not_measured() -> None:
    spider, state = site_spider(rendering=False)
    home = spider._request(state, "http://essai.fr/", 0)
    (item,) = spider.parse_page(answer(home, SHELL), site=1, depth=0)
    assert (item.status, item.findings) == ("no_browser", [])
    assert [page.error for page in item.pages] == [
        "not rendered: the page is built by JavaScript and the crawl has no browser"
    ]


def test_a_static_home_page_without_a_browser_is_explored() -> None:
    spider, state = site_spider(rendering=False)
    home = spider._request(state, "http://essai.fr/", 0)
    assert len(list(spider.parse_page(answer(home, HOME), site=1, depth=0))) == 3
    assert state.status == "ok"
