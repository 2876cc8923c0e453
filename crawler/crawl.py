"""Running the site spider for one crawl run, in this process, with settings from one place."""

from __future__ import annotations

from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from crawler.db import make_engine
from crawler.db.repository import create_run, finish_run, get_run

# Settings recorded with each run, so that a run says how it was made.
RECORDED_SETTINGS = (
    "USER_AGENT",
    "ROBOTSTXT_OBEY",
    "CONCURRENT_REQUESTS",
    "CONCURRENT_REQUESTS_PER_DOMAIN",
    "DOWNLOAD_DELAY",
    "AUTOTHROTTLE_ENABLED",
    "DOWNLOAD_TIMEOUT",
    "DOWNLOAD_MAXSIZE",
    "VIGIE_PAGE_BUDGET",
    "VIGIE_MAX_DEPTH",
    "VIGIE_SITES_IN_FLIGHT",
    "VIGIE_FARM_HOSTS",
)


def crawl_settings(database_url: str, overrides: dict[str, Any] | None = None) -> Settings:
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    settings.set("VIGIE_DATABASE_URL", database_url, priority="cmdline")
    for name, value in (overrides or {}).items():
        settings.set(name, value, priority="cmdline")
    return settings


def run_crawl(
    database_url: str, resume_run: int | None = None, overrides: dict[str, Any] | None = None
) -> tuple[int, str]:
    """Crawl every target without a scan in the run; returns (run id, final run status)."""
    settings = crawl_settings(database_url, overrides)
    engine = make_engine(database_url)
    if resume_run is None:
        run_id = create_run(engine, {name: settings.get(name) for name in RECORDED_SETTINGS})
    elif get_run(engine, resume_run) is None:
        raise ValueError(f"no crawl run {resume_run} in {database_url}")
    else:
        run_id = resume_run
    process = CrawlerProcess(settings)
    process.crawl("site", run_id=run_id)
    process.start()
    status = finish_run(engine, run_id)
    engine.dispose()
    return run_id, status
