"""DNS resolution that keeps a farm crawl on loopback without touching system files."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapy.resolver import CachingThreadedResolver
from twisted.internet import defer
from twisted.internet.error import DNSLookupError

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

LOOPBACK = "127.0.0.1"


def read_farm_hosts(path: str) -> frozenset[str]:
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip())


class FarmAwareResolver(CachingThreadedResolver):
    """Scrapy's caching resolver, unless VIGIE_FARM_HOSTS names a farm.

    In farm mode, farm names resolve to loopback and every other name fails as an unknown
    host would: a farm crawl can never reach a real address, whatever its targets say.
    """

    def __init__(self, reactor: Any, cache_size: int, timeout: float, farm_hosts: frozenset[str]):
        super().__init__(reactor, cache_size, timeout)
        self.farm_hosts = farm_hosts

    @classmethod
    def from_crawler(cls, crawler: Crawler, reactor: Any) -> FarmAwareResolver:
        hosts_file = crawler.settings.get("VIGIE_FARM_HOSTS")
        farm_hosts = read_farm_hosts(hosts_file) if hosts_file else frozenset()
        cache_size = crawler.settings.getint("DNSCACHE_SIZE")
        return cls(reactor, cache_size, crawler.settings.getfloat("DNS_TIMEOUT"), farm_hosts)

    def getHostByName(self, name: str, timeout: Sequence[int] = ()) -> defer.Deferred[str]:
        if not self.farm_hosts:
            return super().getHostByName(name, timeout)
        if name.lower() in self.farm_hosts or name == LOOPBACK:
            return defer.succeed(LOOPBACK)
        return defer.fail(DNSLookupError(f"{name} is not a farm host"))
