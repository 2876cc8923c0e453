"""Scrapy settings of Vigie: polite real-world defaults, grouped; the only reader of the environment."""

from __future__ import annotations

import math
import os

from crawler import __version__
from crawler.setting_values import SettingError, parse_choice, parse_flag, parse_number

# Settings that take one of a few words; --set is checked against these too. (Lower case:
# Scrapy takes every upper-case name of this module for a setting.)
setting_choices = {
    "VIGIE_AXE": ("home", "all", "off"),
    "VIGIE_SCREENSHOTS": ("home", "off"),
    "LOG_LEVEL": ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"),
}


def _choice(variable: str, setting: str, default: str) -> str:
    raw = os.environ.get(variable)
    return default if raw is None else parse_choice(variable, raw, setting_choices[setting])


def _flag(variable: str, default: bool) -> bool:
    raw = os.environ.get(variable)
    return default if raw is None else parse_flag(variable, raw)


def _whole(variable: str, default: int, minimum: int = 0) -> int:
    raw = os.environ.get(variable)
    return default if raw is None else int(parse_number(variable, raw, int, minimum))


def _seconds(variable: str, default: float) -> float:
    raw = os.environ.get(variable)
    return default if raw is None else float(parse_number(variable, raw, float))


BOT_NAME = "vigie"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"

# --- Identity -------------------------------------------------------------------------------
# Operators set VIGIE_CONTACT_URL to a page that says who crawls and how to reach them.
VIGIE_CONTACT_URL = os.environ.get("VIGIE_CONTACT_URL", "https://github.com/vigie-civic/vigie")
USER_AGENT = f"Vigie/{__version__} (+{VIGIE_CONTACT_URL}; observatoire des sites publics locaux)"

# --- Politeness ------------------------------------------------------------------------------
ROBOTSTXT_OBEY = True
ROBOTSTXT_PARSER = "crawler.robots.SitemapAwareRobotParser"
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
    # A browser that did not finish loading a page in time (rendering, crawler/rendering.py).
    "playwright.async_api.TimeoutError",
]

# --- Safety ----------------------------------------------------------------------------------
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
REDIRECT_MAX_TIMES = 5
# Only the web: no handler for file:, ftp:, s3: or data: URLs, wherever a page points.
DOWNLOAD_HANDLERS = {"file": None, "ftp": None, "s3": None, "data": None}
# Refuse hosts that are, or resolve to, private, loopback or link-local addresses. A farm
# crawl (VIGIE_FARM_HOSTS) allows loopback; an intranet crawl sets this to false.
VIGIE_PUBLIC_ADDRESSES_ONLY = _flag("VIGIE_PUBLIC_ADDRESSES_ONLY", True)
# Networks allowed besides public addresses when the check is on, comma-separated CIDRs
# (a farm crawl allows loopback unless this narrows it).
VIGIE_ALLOWED_NETWORKS = os.environ.get("VIGIE_ALLOWED_NETWORKS", "")
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
LOG_LEVEL = _choice("VIGIE_LOG_LEVEL", "LOG_LEVEL", "INFO")
DNS_TIMEOUT = 20
# Resolves farm host names to loopback when VIGIE_FARM_HOSTS is set, and refuses every
# other name then; with no farm, it is Scrapy's own caching resolver.
TWISTED_DNS_RESOLVER = "crawler.resolver.FarmAwareResolver"

# The spider yields at most one item per page: Scrapy's default of 100 parallel item slots
# costs a hundred asyncio tasks per callback, a tenth of the engine's CPU here.
CONCURRENT_ITEMS = 1
# Off: Scrapy parses each callback's source (inspect, ast) to warn developers of a generator
# that returns a value; its cache is weakly keyed by the bound method, a new one with each
# request, so it parsed parse_page's source again for every page (0.8 % of a worker's CPU).
WARN_ON_GENERATOR_RETURN_VALUE = False
DOWNLOADER_MIDDLEWARES = {
    # First of all, robots.txt requests and redirects included: http(s) to public addresses.
    "crawler.middlewares.AddressGuardMiddleware": 50,
    "scrapy.downloadermiddlewares.httpcache.HttpCacheMiddleware": None,
    "crawler.middlewares.RevalidatingCacheMiddleware": 900,
    # After decompression (590), before meta refresh (580), the first reader of the text.
    "crawler.middlewares.FrenchFallbackEncodingMiddleware": 585,
    # Below both: archives what the spider reads, decompressed (off unless VIGIE_WARC is set).
    "crawler.warc.WarcMiddleware": 575,
    # Off: Vigie sets no credentials for HttpAuth to send, and reads no byte counts.
    "scrapy.downloadermiddlewares.httpauth.HttpAuthMiddleware": None,
    "scrapy.downloadermiddlewares.stats.DownloaderStats": None,
}
# Off: each spider middleware wraps every request a page yields. The spider keeps each link's
# depth itself (DEPTH_LIMIT = 0, see above), and the meta-copy check only warns developers.
SPIDER_MIDDLEWARES = {
    "scrapy.spidermiddlewares.depth.DepthMiddleware": None,
    "scrapy.spidermiddlewares.metacopy.MetaCopyDetectionMiddleware": None,
}
ITEM_PIPELINES = {
    "pipelines.validate.ValidateItemPipeline": 100,
    "pipelines.store.StoreSitePipeline": 300,
}

# --- Rendering (crawler/rendering.py) -----------------------------------------------------------
# Pages whose static HTML is a JavaScript shell are fetched again through Chromium, with
# scrapy-playwright; without a browser, the crawl says so once and stores the sites built by
# JavaScript as not measured (status no_browser), for a --resume with a browser.
VIGIE_RENDERING = _flag("VIGIE_RENDERING", True)
# The command line shows the traceback of a failure, not only its one line (as --debug).
VIGIE_DEBUG = _flag("VIGIE_DEBUG", False)
# axe-core runs in the pages the browser renders (a11y.axe_violation): "home" (the home page
# of each rendered site: templates carry most failures, at a tenth of the cost), "all" (every
# rendered page) or "off".
VIGIE_AXE = _choice("VIGIE_AXE", "VIGIE_AXE", "home")
# A screenshot of each site's home page, taken by the crawl's Chromium (the deck's good
# practices show them): "home" or "off". Off by default: each costs one more rendering that
# loads the page's styles and images (more requests to the authority's server), and about
# 100 KB in the database (some 3.5 GB for 36,000 sites); `vigie demo` turns it on.
VIGIE_SCREENSHOTS = _choice("VIGIE_SCREENSHOTS", "VIGIE_SCREENSHOTS", "off")
VIGIE_CHROMIUM = os.environ.get("VIGIE_CHROMIUM", "/usr/bin/chromium")
PLAYWRIGHT_MAX_PAGES_PER_CONTEXT = 2
PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT = 30_000  # milliseconds

# --- Incremental re-crawls -------------------------------------------------------------------
# Bodies are kept between runs; the next run asks with If-None-Match / If-Modified-Since and a
# 304 answer reuses the stored body (pages.from_cache). RFC 2616 rules: a page the server
# declared fresh is not asked for again before it expires.
HTTPCACHE_ENABLED = _flag("VIGIE_HTTP_CACHE", True)
HTTPCACHE_POLICY = "scrapy.extensions.httpcache.RFC2616Policy"
HTTPCACHE_STORAGE = "crawler.httpcache.AtomicFilesystemCacheStorage"  # survives kill -9
HTTPCACHE_DIR = os.environ.get("VIGIE_CACHE_DIR", os.path.abspath("vigie-cache"))
HTTPCACHE_GZIP = True
# max-age=0: every stored page is revalidated (a conditional request) rather than taken as
# fresh by RFC 2616's heuristic (a tenth of its age), which would skip a monthly run's check
# of pages unchanged for a year. Browsers send the same on reload.
DEFAULT_REQUEST_HEADERS = {
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "Accept-Language": "fr-FR,fr;q=0.9",
    "Cache-Control": "max-age=0",
}

# --- Vigie -----------------------------------------------------------------------------------
# Pages fetched per site at most (home page included), and link depth from the home page.
VIGIE_PAGE_BUDGET = _whole("VIGIE_PAGE_BUDGET", 30, minimum=1)
VIGIE_MAX_DEPTH = _whole("VIGIE_MAX_DEPTH", 2)
# Sites crawled at the same time; the next one starts when one is stored. With two requests
# per site and a polite delay, a few hundred keep the engine busy without growing memory.
VIGIE_SITES_IN_FLIGHT = _whole("VIGIE_SITES_IN_FLIGHT", 256, minimum=1)
# Crawl worker processes, each a Scrapy engine on its share of the sites: one per core, as
# one engine keeps one core busy.
VIGIE_WORKERS = _whole("VIGIE_WORKERS", min(os.cpu_count() or 1, 4), minimum=1)
# A distributed worker (vigie queue work) silent this long is taken for dead: the live workers
# (or `vigie queue status`, `queue work`, `queue seed`) put its claimed sites back in the queue.
VIGIE_HEARTBEAT_SECONDS = _whole("VIGIE_HEARTBEAT_SECONDS", 30, minimum=1)
# A folder where each worker archives the pages it read as WARC (crawler/warc.py); empty: off.
VIGIE_WARC = os.environ.get("VIGIE_WARC", "")
# A file of host names (one a line) served by the local farm; empty for a real crawl.
VIGIE_FARM_HOSTS = os.environ.get("VIGIE_FARM_HOSTS", "")
# Farm mode of the social spider: where a platform's https://<host>/ is served, e.g.
# "http://{host}:8000"; empty for a real crawl.
VIGIE_PLATFORM_ORIGIN = os.environ.get("VIGIE_PLATFORM_ORIGIN", "")
VIGIE_DATABASE_URL = os.environ.get("VIGIE_DB", "sqlite:///vigie.db")
# How long a worker keeps trying to store a finished site while the database does not answer
# (a PostgreSQL restart, a full disk): past that, it stops, and the run can be resumed.
VIGIE_DB_RETRY_SECONDS = _seconds("VIGIE_DB_RETRY_SECONDS", 300.0)


def parse_override(name: str, raw: str) -> object:
    """A `--set NAME=VALUE`: the value in the type of the setting's default (Vigie's, else
    Scrapy's), checked as the environment is; an unknown NAME is an error, not a new setting."""
    from scrapy.settings import default_settings

    if name in setting_choices:
        return parse_choice(name, raw, setting_choices[name])
    if name in globals() and name.isupper():
        default = globals()[name]
    elif hasattr(default_settings, name):
        default = getattr(default_settings, name)
    else:
        raise SettingError(f"{name} is not a setting of Vigie or Scrapy (crawler/settings.py)")
    if isinstance(default, bool):
        return parse_flag(name, raw)
    if isinstance(default, int | float):
        # Scrapy reads some whole defaults as seconds (DOWNLOAD_TIMEOUT = 180): any finite
        # number is taken; negative only where the default is (RETRY_PRIORITY_ADJUST = -1).
        value = parse_number(name, raw, float, 0 if default >= 0 else -math.inf)
        return int(value) if isinstance(default, int) and value.is_integer() else value
    return raw
