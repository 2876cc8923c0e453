"""Scrapy settings of Vigie: polite real-world defaults, grouped; the only reader of the environment."""

from __future__ import annotations

import os

from crawler import __version__

BOT_NAME = "vigie"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"

# --- Identity -------------------------------------------------------------------------------
# Operators set VIGIE_CONTACT_URL to a page that says who crawls and how to reach them.
VIGIE_CONTACT_URL = os.environ.get("VIGIE_CONTACT_URL", "https://github.com/vigie-civic/vigie")
USER_AGENT = f"Vigie/{__version__} (+{VIGIE_CONTACT_URL}; observatoire des sites publics locaux)"

# --- Politeness ------------------------------------------------------------------------------
ROBOTSTXT_OBEY = True
ROBOTSTXT_PARSER = "scrapy.robotstxt.ProtegoRobotParser"
CONCURRENT_REQUESTS = 64
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 0.25
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
RETRY_ENABLED = True
RETRY_TIMES = 2
# Transient answers only: a 404 or 403 is an answer about the site, not a hiccup.
RETRY_HTTP_CODES = [502, 503, 504, 522, 524, 408, 429]
# Scrapy's list less CannotResolveHostError: a name that does not resolve is an answer too.
RETRY_EXCEPTIONS = [
    "scrapy.exceptions.DownloadConnectionRefusedError",
    "scrapy.exceptions.DownloadFailedError",
    "scrapy.exceptions.DownloadTimeoutError",
    "scrapy.exceptions.ResponseDataLossError",
    "twisted.internet.error.ConnectionDone",
    "twisted.internet.error.ConnectError",
    "twisted.internet.error.ConnectionLost",
    OSError,
]

# --- Safety ----------------------------------------------------------------------------------
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
REDIRECT_MAX_TIMES = 5
# Depth and duplicates are enforced per site by the spider itself (see spiders/site.py),
# which must know when each site is finished.
DEPTH_LIMIT = 0
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
# Scrapy 2.19 starts, by default, an HTTP server that runs Python code sent to it: no remote
# control of a process that reads hostile pages.
REMOTE_CONTROL_ENABLED = False

# --- Engine ----------------------------------------------------------------------------------
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = os.environ.get("VIGIE_LOG_LEVEL", "INFO")
DNS_TIMEOUT = 20
# Resolves farm host names to loopback when VIGIE_FARM_HOSTS is set, and refuses every
# other name then; with no farm, it is Scrapy's own caching resolver.
TWISTED_DNS_RESOLVER = "crawler.resolver.FarmAwareResolver"

ITEM_PIPELINES = {
    "pipelines.validate.ValidateItemPipeline": 100,
    "pipelines.store.StoreSitePipeline": 300,
}

# --- Vigie -----------------------------------------------------------------------------------
# Pages fetched per site at most (home page included), and link depth from the home page.
VIGIE_PAGE_BUDGET = int(os.environ.get("VIGIE_PAGE_BUDGET", "12"))
VIGIE_MAX_DEPTH = int(os.environ.get("VIGIE_MAX_DEPTH", "2"))
# Sites crawled at the same time; the next one starts when one is stored. With two requests
# per site and a polite delay, a few hundred keep the engine busy without growing memory.
VIGIE_SITES_IN_FLIGHT = int(os.environ.get("VIGIE_SITES_IN_FLIGHT", "256"))
# A file of host names (one a line) served by the local farm; empty for a real crawl.
VIGIE_FARM_HOSTS = os.environ.get("VIGIE_FARM_HOSTS", "")
VIGIE_DATABASE_URL = os.environ.get("VIGIE_DB", "sqlite:///vigie.db")
