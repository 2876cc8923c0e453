"""A site crawled by two workers (the first one's heartbeat lapsed while it was only slow, and
its claim went back to the queue): the copy stored second is left out, without an error, and
its worker's claim is released."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import redis
from scrapy.utils.test import get_crawler
from sqlalchemy import text

from crawler.items import SiteItem
from crawler.queue import SiteQueue
from database import open_database
from database.repository import create_run
from database.targets import import_file
from pipelines.store import StoreSitePipeline
from spiders.site import SiteSpider

REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "postgresql":
        return str(request.getfixturevalue("postgres_url"))
    return f"sqlite:///{tmp_path / 'vigie.db'}"


@pytest.fixture
def queue(database_url: str) -> Iterator[SiteQueue]:
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.exceptions.ConnectionError as error:
        pytest.skip(f"no Redis at 127.0.0.1:6379 ({error})")
    site_queue = SiteQueue(REDIS_URL, database_url, 1, heartbeat=30)
    site_queue.clear()
    yield site_queue
    site_queue.clear()


def worker(database_url: str, name: str) -> tuple[SiteSpider, StoreSitePipeline]:
    """A queue worker's spider (which releases claims on `site_stored`) and store pipeline."""
    crawler = get_crawler(SiteSpider)
    spider = SiteSpider.from_crawler(
        crawler, run_id=1, database_url=database_url, queue=REDIS_URL, worker=name
    )
    return spider, StoreSitePipeline(database_url, crawler)


def test_a_site_stored_twice_is_stored_once_and_both_claims_are_released(
    database_url: str,
    queue: SiteQueue,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    targets = tmp_path / "targets.csv"
    targets.write_text(
        "code,name,kind,url,population\n01001,Essai,commune,http://essai.fr/,100\n",
        encoding="utf-8",
    )
    engine = open_database(database_url)
    import_file(engine, targets)
    assert create_run(engine, {}) == 1
    queue.seed([1])
    slow, slow_store = worker(database_url, "slow")
    quick, quick_store = worker(database_url, "quick")
    queue.beat("slow")
    assert queue.claim("slow") == 1
    queue.redis.delete(queue._alive("slow"))  # its heartbeat lapsed: the site goes back
    assert queue.reclaim_dead() == 1
    queue.beat("slow")  # it was only slow, and crawls the site still
    queue.beat("quick")
    assert queue.claim("quick") == 1
    released: list[tuple[str, int]] = []
    release = queue.release

    def spied(name: str, authority_id: int) -> None:
        released.append((name, authority_id))
        release(name, authority_id)

    for spider in (slow, quick):
        assert spider.claims is not None
        monkeypatch.setattr(spider.claims.queue, "release", spied)

    def item(status: str) -> SiteItem:
        return SiteItem(1, 1, None, status, None, None, None, None, datetime.now(UTC))

    asyncio.run(quick_store.process_item(item("no_website")))
    with caplog.at_level(logging.INFO, logger="pipelines.store"):
        asyncio.run(slow_store.process_item(item("timeout")))  # no IntegrityError raised
    assert [record.getMessage() for record in caplog.records] == [
        "the site of authority 1 was stored by another worker: this copy is left out"
    ]
    assert released == [("quick", 1), ("slow", 1)]  # each worker released its claim
    assert queue.redis.llen(queue._claims("quick")) == queue.redis.llen(queue._claims("slow")) == 0
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT authority_id, status FROM site_scans")).all()
    assert [tuple(row) for row in rows] == [(1, "no_website")]  # the first copy, once
    for pipeline in (slow_store, quick_store):
        pipeline.close_spider()
    engine.dispose()
