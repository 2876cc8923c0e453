"""DNS resolution of a crawl: farm names on loopback, and no answer that the address policy
refuses, whoever asks (the guard middleware, or the connection itself)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from scrapy.resolver import CachingThreadedResolver
from twisted.internet import defer
from twisted.internet.error import DNSLookupError

from crawler.addresses import REFUSED, AddressPolicy

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

LOOPBACK = "127.0.0.1"


class NonPublicAnswerError(DNSLookupError):
    """The name resolves to an address the crawl may not connect to."""


class FarmAwareResolver(CachingThreadedResolver):
    """Scrapy's caching resolver, checking every answer it gives against the address policy.

    The check is here, where the connection gets its address, and not only in the guard
    middleware before it: a name whose answer changes between the middleware's question and
    the connection's (DNS rebinding, or a cache entry evicted in between) is refused all the
    same. In a farm crawl (the policy's `farm`, from VIGIE_FARM_HOSTS), farm names resolve to
    loopback and every other name fails as an unknown host would, an address included: a farm
    crawl can never reach a real address, nor ask the real DNS.
    """

    def __init__(
        self, reactor: Any, cache_size: int, timeout: float, policy: AddressPolicy | None = None
    ):
        super().__init__(reactor, cache_size, timeout)
        self.policy = policy or AddressPolicy()

    @classmethod
    def from_crawler(cls, crawler: Crawler, reactor: Any) -> FarmAwareResolver:
        settings = crawler.settings
        cache_size = settings.getint("DNSCACHE_SIZE") if settings.getbool("DNSCACHE_ENABLED") else 0
        # Reads the farm's hosts file: one that names no host stops the crawl here, before any
        # request, whoever started it (vigie crawl checks it first, Scrapyd does not).
        policy = AddressPolicy.from_settings(settings)
        return cls(reactor, cache_size, settings.getfloat("DNS_TIMEOUT"), policy)

    def getHostByName(self, name: str, timeout: Sequence[int] = ()) -> defer.Deferred[str]:
        answer = self.lookup(name, timeout)
        answer.addCallback(self._permitted, name)
        return answer

    def lookup(self, name: str, timeout: Sequence[int] = ()) -> defer.Deferred[str]:
        """The answer, unchecked."""
        if self.policy.farm is None:
            return super().getHostByName(name, timeout)
        if self.policy.permits_host(name):
            return defer.succeed(LOOPBACK)
        return defer.fail(DNSLookupError(f"{name} is not a farm host"))

    def _permitted(self, address: str, name: str) -> str:
        if self.policy.permits(address):
            return address
        REFUSED.add(name, address)
        raise NonPublicAnswerError(f"{name} resolves to {address}, not a public address")
