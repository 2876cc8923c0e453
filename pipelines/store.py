"""Stores each finished site (or checked social profile) in the feature database, in one transaction.

A database that stops answering (a PostgreSQL restart, SQLite's file locked or its disk
full) does not lose the site: the transaction is tried again, waiting longer each time, for
up to VIGIE_DB_RETRY_SECONDS. Past that, the crawl stops with the reason
`database_unavailable` and the worker exits 1: the sites not stored are the ones
`vigie crawl --resume` scans again, with those the run could not measure (their browser
failed: `database.statuses.NOT_MEASURED`), whose new scan replaces the old one.

A site whose scan the run holds already is left out, and taken as stored: in a distributed
crawl two workers may crawl the same site (one whose heartbeat lapsed while it was only slow
finds its sites taken back by another, `crawler.queue`); the run's unique (run, authority)
constraint refuses the second copy, which then is not an error: one line says so, and the
site's claim is released (signal `crawler.signals.site_stored`) as for a site stored.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError, InterfaceError, OperationalError

from crawler.items import SiteItem, SocialProfileItem
from crawler.signals import site_stored
from database import make_engine
from database.repository import scan_exists, store_profile, store_site

logger = logging.getLogger(__name__)

DATABASE_UNAVAILABLE = "database_unavailable"  # the close reason; the worker exits 1
FIRST_WAIT, LONGEST_WAIT = 0.5, 30.0


class StoreSitePipeline:
    def __init__(
        self, database_url: str, crawler: Crawler | None = None, retry_seconds: float = 300.0
    ):
        self.engine = make_engine(database_url)
        self.crawler = crawler
        self.retry_seconds = retry_seconds
        self.gave_up = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StoreSitePipeline:
        return cls(
            crawler.settings.get("VIGIE_DATABASE_URL"),
            crawler,
            crawler.settings.getfloat("VIGIE_DB_RETRY_SECONDS"),
        )

    async def process_item(self, item: Any) -> Any:
        if isinstance(item, SiteItem):
            await self._write(store_site, item, f"site of authority {item.authority_id}")
            # Whoever listens hears it is committed (a distributed worker releases its claim).
            if self.crawler is not None:
                self.crawler.signals.send_catch_log(site_stored, authority_id=item.authority_id)
        elif isinstance(item, SocialProfileItem):
            await self._write(store_profile, item, f"profile {item.url}")
        return item

    async def _write(self, store: Callable[[Engine, Any], None], item: Any, what: str) -> None:
        waited, wait = 0.0, FIRST_WAIT
        while not self.gave_up:
            try:
                store(self.engine, item)
                return
            except IntegrityError:
                # The site is there, once: stored by another worker, or by an earlier try
                # whose commit happened and only its answer was lost.
                if isinstance(item, SiteItem) and scan_exists(self.engine, item):
                    self._stored_already(item, waited)
                    return
                raise
            except (OperationalError, InterfaceError) as error:
                reason = str(getattr(error, "orig", None) or error).splitlines()[0]
                if waited >= self.retry_seconds:
                    self._give_up(reason)
                    break
                logger.warning(
                    "the database did not take the %s (%s): trying again in %.1f s",
                    what,
                    reason,
                    wait,
                )
                await asyncio.sleep(wait)
                waited += wait
                wait = min(2 * wait, LONGEST_WAIT)
        raise DropItem(f"{what} not stored: the database is unavailable (resume the run)")

    @staticmethod
    def _stored_already(item: SiteItem, waited: float) -> None:
        """One line: a site stored twice is no error."""
        by = "an earlier try, or another worker" if waited else "another worker"
        logger.info(
            "the site of authority %s was stored by %s: this copy is left out",
            item.authority_id,
            by,
        )

    def _give_up(self, reason: str) -> None:
        self.gave_up = True
        logger.error(
            "the database has not answered for %.0f s (%s): stopping; "
            "the sites not stored are scanned again by vigie crawl --resume",
            self.retry_seconds,
            reason,
        )
        if self.crawler is not None and self.crawler.engine is not None:
            asyncio.ensure_future(
                self.crawler.engine.close_spider_async(reason=DATABASE_UNAVAILABLE)
            )

    def close_spider(self) -> None:
        self.engine.dispose()
