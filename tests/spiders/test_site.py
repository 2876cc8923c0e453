"""A crawl of the demo farm, checked against the farm's ground truth and the database's own logic."""

from __future__ import annotations

from sqlalchemy import func, select

from crawler.settings import VIGIE_PAGE_BUDGET
from database.models import CrawlRun, FindingRow, PageRow
from evaluation.truth import evaluate
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
        "readability",
        "security",
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
            select(PageRow.website_id, func.count()).group_by(PageRow.website_id)
        ).all()
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
