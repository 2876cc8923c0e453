"""Stores each finished site (or checked social profile) in the feature database, in one transaction."""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler

from crawler.db import make_engine
from crawler.db.repository import store_profile, store_site
from crawler.items import SiteItem, SocialProfileItem


class StoreSitePipeline:
    def __init__(self, database_url: str, crawler: Crawler | None = None):
        self.engine = make_engine(database_url)
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StoreSitePipeline:
        return cls(crawler.settings.get("VIGIE_DATABASE_URL"), crawler)

    def process_item(self, item: Any) -> Any:
        if isinstance(item, SiteItem):
            store_site(self.engine, item)
            # A distributed worker releases the site's claim once it is committed.
            release = getattr(self.crawler.spider if self.crawler else None, "site_stored", None)
            if release is not None:
                release(item.authority_id)
        elif isinstance(item, SocialProfileItem):
            store_profile(self.engine, item)
        return item

    def close_spider(self) -> None:
        self.engine.dispose()
