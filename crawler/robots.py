"""robots.txt as Scrapy reads it (Protego), also telling who listens which sitemaps it lists."""

from __future__ import annotations

from typing import Self

from scrapy.crawler import Crawler
from scrapy.robotstxt import ProtegoRobotParser

from crawler import signals


class SitemapAwareRobotParser(ProtegoRobotParser):
    """Protego's parser, sending the sitemaps a robots.txt lists (signal
    `crawler.signals.robots_sitemaps`, with `urls`).

    robots.txt is fetched before a host's first page, so the spider knows a site's sitemaps
    when its home page arrives, without fetching robots.txt a second time.
    """

    @classmethod
    def from_crawler(cls, crawler: Crawler, robotstxt_body: bytes) -> Self:
        parser = super().from_crawler(crawler, robotstxt_body)
        if crawler is not None:
            crawler.signals.send_catch_log(signals.robots_sitemaps, urls=list(parser.rp.sitemaps))
        return parser
