"""robots.txt as Scrapy reads it (Protego), also telling the spider which sitemaps it lists."""

from __future__ import annotations

from scrapy import Spider
from scrapy.robotstxt import ProtegoRobotParser


class SitemapAwareRobotParser(ProtegoRobotParser):
    """Protego's parser; a spider with a `robots_sitemaps(urls)` method hears of the sitemaps.

    robots.txt is fetched before a host's first page, so the spider knows a site's sitemaps
    when its home page arrives, without fetching robots.txt a second time.
    """

    def __init__(self, robotstxt_body: bytes, spider: Spider | None):
        super().__init__(robotstxt_body, spider)
        listener = getattr(spider, "robots_sitemaps", None)
        if listener is not None:
            listener(list(self.rp.sitemaps))
