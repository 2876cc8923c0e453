"""A crawl of the demo farm, checked against the farm's ground truth and the database's own logic."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import create_engine, delete, func, select, text

from crawler.db.models import CrawlRun, Finding, Page, SiteScan
from crawler.evaluation import evaluate
from crawler.settings import VIGIE_PAGE_BUDGET
from farm.catalogue import Farm
from farm.files import HOSTS_FILE, write_farm_files
from farm.process import farm_server
from tests.conftest import CrawledFarm, vigie


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
    }


def test_findings_match_the_ground_truth_exactly(crawled_farm: CrawledFarm) -> None:
    result = evaluate(crawled_farm.engine, crawled_farm.run_id, crawled_farm.truth)
    assert result.errors == []  # no miss, nothing invented, no decoy taken for the authority's
    assert set(result.families) == {
        "a11y",
        "alerts",
        "consent",
        "eservices",
        "freshness",
        "legal",
        "opendata",
        "security",
        "social",
        "tech",
        "trackers",
    }
    assert all(score.true_positives > 0 for score in result.families.values())
    decoys = [d for site in crawled_farm.truth["sites"] for d in site["decoys"]]
    assert decoys  # the farm did plant some, and none was reported


def test_every_finding_points_at_a_page_fetched_in_the_run(crawled_farm: CrawledFarm) -> None:
    with crawled_farm.engine.connect() as connection:
        fetched = set(
            connection.execute(select(Page.final_url).where(Page.http_status == 200)).scalars()
        )
        evidence = set(connection.execute(select(Finding.evidence_url)).scalars())
        snippets = connection.execute(select(func.min(func.length(Finding.snippet)))).scalar_one()
    assert evidence
    assert evidence <= fetched
    assert snippets > 0


def test_pages_are_recorded_with_hash_and_within_budget(crawled_farm: CrawledFarm) -> None:
    with crawled_farm.engine.connect() as connection:
        per_site = connection.execute(
            select(Page.website_id, func.count()).group_by(Page.website_id)
        ).all()
        hashes = connection.execute(
            select(func.count()).where(Page.http_status == 200, Page.content_hash.is_(None))
        ).scalar_one()
    assert per_site
    assert max(count for _, count in per_site) <= VIGIE_PAGE_BUDGET
    assert hashes == 0


def test_run_is_finished_and_its_counts_are_the_tables(crawled_farm: CrawledFarm) -> None:
    with crawled_farm.engine.connect() as connection:
        run = connection.execute(select(CrawlRun)).one()
        pages = connection.execute(select(func.count()).select_from(Page)).scalar_one()
        findings = connection.execute(select(func.count()).select_from(Finding)).scalar_one()
    assert (run.status, run.sites_done, run.targets_count) == ("finished", 60, 60)
    assert (run.pages_count, run.findings_count) == (pages, findings)
    assert run.settings["ROBOTSTXT_OBEY"] is True
    assert run.settings["USER_AGENT"].startswith("Vigie/")


def test_a_resumed_run_scans_only_unfinished_sites_and_duplicates_nothing(tmp_path: Path) -> None:
    database = tmp_path / "vigie.db"
    url = f"sqlite:///{database}"
    with farm_server(12, 2) as ports:
        files = write_farm_files(Farm(12, 2, ports.http, ports.tls), tmp_path)
        vigie("targets", "import", str(files["targets.csv"]), "--db", url)
        # The complete run is capped at 3 sites in flight, the resumed one is not: the rows
        # must not depend on either.
        vigie(
            "crawl",
            "--db",
            url,
            "--farm-hosts",
            str(files[HOSTS_FILE]),
            "--set",
            "VIGIE_SITES_IN_FLIGHT=3",
            cwd=tmp_path,
        )
        shutil.copy(database, tmp_path / "complete.db")
        engine = create_engine(url)
        with engine.begin() as connection:  # as if the crawl had died before these six sites
            lost = select(SiteScan.authority_id).where(SiteScan.authority_id > 6)
            connection.execute(delete(Finding).where(Finding.authority_id.in_(lost)))
            connection.execute(
                text(
                    "DELETE FROM pages WHERE website_id IN "
                    "(SELECT website_id FROM site_scans WHERE authority_id > 6)"
                )
            )
            connection.execute(delete(SiteScan).where(SiteScan.authority_id > 6))
        resumed = vigie(
            "crawl",
            "--db",
            url,
            "--resume",
            "1",
            "--farm-hosts",
            str(files[HOSTS_FILE]),
            cwd=tmp_path,
        )
    assert "Run 1 finished" in resumed.stdout
    log = (tmp_path / "vigie-crawl.log").read_text(encoding="utf-8")
    assert "at most 3 sites in flight (limit 3)" in log
    assert "run 1: 12 sites to scan" in log
    assert "run 1: 6 sites to scan" in log

    def rows(path: Path) -> list[tuple]:
        with create_engine(f"sqlite:///{path}").connect() as connection:
            scans = connection.execute(
                text("SELECT authority_id, status, pages_fetched FROM site_scans ORDER BY 1")
            ).all()
            found = connection.execute(
                text(
                    "SELECT authority_id, feature, value, evidence_url, snippet FROM findings "
                    "ORDER BY 1, 2, 3"
                )
            ).all()
            pages = connection.execute(text("SELECT count(*) FROM pages")).all()
            return [tuple(r) for r in scans + found + pages]

    assert rows(database) == rows(tmp_path / "complete.db")


def test_no_remote_console_is_opened_during_a_crawl(crawled_farm: CrawledFarm) -> None:
    log = (crawled_farm.directory / "vigie-crawl.log").read_text(encoding="utf-8")
    extensions = log.split("Enabled extensions:", 1)[1].split("]", 1)[0]
    assert "scrapy.extensions.corestats.CoreStats" in extensions
    assert "RemoteControl" not in extensions
    assert "TelnetConsole" not in extensions
