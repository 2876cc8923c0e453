"""From a failed fetch to a scan status that a mayor's office can act on."""

from __future__ import annotations

import re

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
)
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import error as net
from twisted.python.failure import Failure
from twisted.web._newclient import ResponseNeverReceived

from crawler.addresses import REFUSED
from crawler.middlewares import NonPublicAddressError

try:  # the TLS stack is optional in Twisted
    from OpenSSL.SSL import Error as TlsError
except ImportError:  # pragma: no cover
    TlsError = None  # type: ignore[assignment,misc]

FAILURE_STATUSES: tuple[tuple[tuple[type[BaseException], ...], str], ...] = (
    ((CannotResolveHostError, net.DNSLookupError), "dns_failure"),
    ((DownloadTimeoutError, net.TimeoutError, net.TCPTimedOutError), "timeout"),
    (
        (
            DownloadConnectionRefusedError,
            DownloadFailedError,
            net.ConnectionRefusedError,
            net.ConnectError,
            net.ConnectionLost,
            ResponseNeverReceived,
        ),
        "connection_failure",
    ),
)


def _is_tls_failure(exception: BaseException) -> bool:
    """TLS errors arrive wrapped, sometimes twice (Scrapy's error around Twisted's)."""
    seen: BaseException | None = exception
    while seen is not None and TlsError is not None:
        if isinstance(seen, TlsError):
            return True
        reasons = getattr(seen, "reasons", None) or []
        if any(reason.check(TlsError) for reason in reasons):
            return True
        seen = seen.__cause__
    return False


# How Twisted says that a connection's name gave no address it could use.
NO_ADDRESS = re.compile(r"hostname lookup: (\S+)")


def _refused_when_connecting(exception: BaseException) -> str | None:
    """The detail of a connection refused because its name resolved, that time, to an
    address that is not public (the resolver's refusal reaches the downloader as "no
    results for hostname lookup")."""
    if not isinstance(exception, CannotResolveHostError | net.DNSLookupError):
        return None
    named = NO_ADDRESS.search(str(exception))
    if named is None:
        return None
    name = named.group(1).rstrip(".")  # Scrapy ends its message with a full stop
    address = REFUSED.get(name)
    if address is None:
        return None
    return f"{name} resolved to {address} when connecting, not a public address"


def status_of_failure(failure: Failure) -> tuple[str, str]:
    """(status, detail) for a request that failed."""
    exception = failure.value
    refused = _refused_when_connecting(exception)
    if refused:
        return "private_address", refused
    if isinstance(exception, HttpError):
        return "http_error", f"HTTP {exception.response.status}"
    if isinstance(exception, NonPublicAddressError):
        return "private_address", str(exception)
    # Stable words for the size limits: Scrapy's messages count the bytes read "so far", which
    # vary from one run to the next, and a resumed run must store the same rows.
    if isinstance(exception, DownloadCancelledError):
        return "connection_failure", "body larger than DOWNLOAD_MAXSIZE: download cancelled"
    if isinstance(exception, IgnoreRequest) and "exceeded DOWNLOAD_MAXSIZE" in str(exception):
        return "connection_failure", "body larger than DOWNLOAD_MAXSIZE once decompressed"
    if isinstance(exception, IgnoreRequest):
        message = str(exception)
        if "robots.txt" in message:
            return "robots_blocked", message
        if "max redirections" in message:
            return "redirect_loop", message
        return "connection_failure", message
    if _is_tls_failure(exception):
        return "tls_error", f"{type(exception).__name__}: {exception}"
    for types, status in FAILURE_STATUSES:
        if isinstance(exception, types):
            return status, f"{type(exception).__name__}: {exception}"
    return "connection_failure", f"{type(exception).__name__}: {exception}"


def http_status_of_failure(failure: Failure) -> int | None:
    exception = failure.value
    return exception.response.status if isinstance(exception, HttpError) else None
