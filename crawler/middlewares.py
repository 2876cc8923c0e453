"""Downloader middlewares of Vigie (enabled in crawler/settings.py)."""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING, Any, cast

from scrapy import Request
from scrapy.downloadermiddlewares.httpcache import HttpCacheMiddleware
from scrapy.exceptions import CannotResolveHostError, IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.error import DNSLookupError
from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding, read_bom

from crawler.addresses import AddressPolicy
from crawler.resolver import NonPublicAnswerError
from pipelines.extractors.encoding import utf8_else_windows_1252

if TYPE_CHECKING:
    from scrapy.crawler import Crawler


class FrenchFallbackEncodingMiddleware:
    """Pages that declare no encoding are read as UTF-8 if valid, else windows-1252.

    Scrapy would guess with charset-normalizer, which is slow (a third of a millisecond to
    several milliseconds a page) and takes short French pages for Baltic code pages. Placed
    between decompression and the meta-refresh middleware, the first to read `.text`.
    """

    def process_response(self, request: Request, response: Response) -> Response:
        if not isinstance(response, TextResponse):
            return response
        content_type = (response.headers.get(b"Content-Type") or b"").decode("latin-1")
        if (
            http_content_type_encoding(content_type)
            or read_bom(response.body)[0]
            or html_body_declared_encoding(response.body)
        ):
            return response
        # Not response.replace(): it reads response.encoding, which runs the guesser.
        copied = {
            name: getattr(response, name) for name in response.attributes if name != "encoding"
        }
        return type(response)(**copied, encoding=utf8_else_windows_1252(response.body))


class RevalidatingCacheMiddleware(HttpCacheMiddleware):
    """Scrapy's HTTP cache (conditional requests, 304s answered from the stored body), except
    that a failed download is a failure: Scrapy would serve the stored page instead, and a
    site that went down since the last run would be reported as up."""

    def process_exception(
        self, request: Request, exception: Exception, spider: Any = None
    ) -> Response | None:
        request.meta.pop("cached_response", None)
        return None


class NonPublicAddressError(IgnoreRequest):
    """The request's host is, or resolves to, an address that is not on the public internet."""


class SchemeNotAllowedError(IgnoreRequest):
    """A scheme other than http and https (file:, ftp:, data:, s3: ...)."""


ALLOWED_SCHEMES = frozenset({"http", "https"})


def _is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


class AddressGuardMiddleware:
    """Only http and https, and, in a real crawl, only public addresses.

    A literal address is checked here; a name is resolved here through the crawl's resolver
    (`crawler.resolver.FarmAwareResolver`), which refuses answers the policy forbids, here
    and again when the connection asks, so that a public name pointing at 10.0.0.1 or
    127.0.0.1 is refused like the literal address would be and a name whose answer changes
    is refused when it changes. Redirects and robots.txt go through here too. A farm crawl
    (VIGIE_FARM_HOSTS) asks only for its hosts' names, which resolve to loopback, and refuses
    an address given as such; VIGIE_ALLOWED_NETWORKS lists networks allowed besides public
    addresses; VIGIE_PUBLIC_ADDRESSES_ONLY=false turns the address check off (an intranet
    crawl).
    """

    def __init__(self, policy: AddressPolicy):
        self.policy = policy

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> AddressGuardMiddleware:
        return cls(AddressPolicy.from_settings(crawler.settings))

    async def process_request(self, request: Request) -> None:
        parts = urlparse_cached(request)
        if parts.scheme not in ALLOWED_SCHEMES:
            raise SchemeNotAllowedError(f"scheme {parts.scheme!r} is not crawled")
        host = parts.hostname or ""
        if not self.policy.permits_host(host) and _is_address(host):
            # A farm crawl asks for its names only; any other name fails in the resolver, as
            # an unknown host (dns_failure), which is what the farm's dead names stand for.
            raise NonPublicAddressError(
                f"{host} is an address, and a farm crawl asks only for its hosts' names"
            )
        if not self.policy.public_only:
            return
        try:
            address = str(ipaddress.ip_address(host))
        except ValueError:
            # Imported here: importing the reactor at module level would install Twisted's
            # default one before Scrapy installs the asyncio reactor.
            from twisted.internet import reactor

            try:
                address = await maybe_deferred_to_future(cast(Any, reactor).resolve(host))
            except NonPublicAnswerError as error:
                raise NonPublicAddressError(str(error)) from error
            except DNSLookupError as error:
                # Said now: the download would only ask the resolver a second time.
                raise CannotResolveHostError(str(error)) from error
        if not self.policy.permits(address):
            raise NonPublicAddressError(f"{host} resolves to {address}, not a public address")
