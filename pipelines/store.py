"""Stores each finished site (or checked social profile) in the feature database, in one transaction."""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler

from crawler.db import make_engine
from crawler.db.repository import store_profile, store_site
from crawler.items import SiteItem, SocialProfileItem


class StoreSitePipeline:
    def __init__(self, database_url: str):
        self.engine = make_engine(database_url)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StoreSitePipeline:
        return cls(crawler.settings.get("VIGIE_DATABASE_URL"))

    def process_item(self, item: Any) -> Any:
        if isinstance(item, SiteItem):
            store_site(self.engine, item)
        elif isinstance(item, SocialProfileItem):
            store_profile(self.engine, item)
        return item

    def close_spider(self) -> None:
        self.engine.dispose()
