"""Bare Scrapy, the yardstick of crawl_throughput.py: default settings, follow internal links.

Usage: python benchmarks/bare_scrapy.py TARGETS HOSTS STATS [--timeout S] [--depth N] [--maxsize B]

Scrapy's default settings, except what reaching the farm and ending the crawl need: the
farm's resolver (farm names to loopback, nothing else resolves), a depth limit (the farm has
an endless calendar, as real sites do), and the same download timeout and size limit as the
Vigie run (with Scrapy's defaults, 180 s and 1 GiB, the farm's hanging, endless and
gzip-bomb pages would cost bare Scrapy minutes and gigabytes, and the ratio would flatter
Vigie). The
parse callback counts the page and follows every link to the same site; nothing else.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.crawler import CrawlerProcess
from scrapy.http import Response, TextResponse

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


class BareSpider(scrapy.Spider):
    name = "bare"

    def __init__(self, start_urls: list[str], **kwargs: Any):
        super().__init__(**kwargs)
        self.start_urls = start_urls
        # OffsiteMiddleware keeps the crawl on these hosts (www. and HTTPS redirects included).
        self.allowed_domains = sorted({urlsplit(url).hostname or "" for url in start_urls})
        self.pages = 0

    def parse(self, response: Response) -> Iterator[scrapy.Request]:
        self.pages += 1
        if not isinstance(response, TextResponse):  # PDFs and archives: counted, not parsed
            return
        for href in response.css("a::attr(href)").getall():
            yield response.follow(href, callback=self.parse)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("targets")
    parser.add_argument("hosts")
    parser.add_argument("stats")
    parser.add_argument("--timeout", type=float, default=180.0)
    parser.add_argument("--depth", type=int, default=2)
    parser.add_argument("--maxsize", type=int, default=1024 * 1024 * 1024)
    arguments = parser.parse_args()
    with open(arguments.targets, encoding="utf-8") as file:
        start_urls = [row["url"] for row in csv.DictReader(file) if row["url"]]
    process = CrawlerProcess(
        {
            "TWISTED_DNS_RESOLVER": "crawler.resolver.FarmAwareResolver",
            "VIGIE_FARM_HOSTS": arguments.hosts,
            "DEPTH_LIMIT": arguments.depth,
            "DOWNLOAD_TIMEOUT": arguments.timeout,
            "DOWNLOAD_MAXSIZE": arguments.maxsize,
            "LOG_LEVEL": "INFO",
            "LOG_FILE": "bare-scrapy.log",
        }
    )
    crawler = process.create_crawler(BareSpider)
    started = time.monotonic()
    process.crawl(crawler, start_urls=start_urls)
    process.start()
    spider = crawler.spider
    Path(arguments.stats).write_text(
        json.dumps({"pages": spider.pages if spider else 0, "seconds": time.monotonic() - started})
    )


if __name__ == "__main__":
    main()
