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


NOT_RENDERED = "not rendered: the page is built by JavaScript and the crawl has no browser"
NAVIGATION_NOT_RENDERED = (
    "not rendered: the page's navigation is injected by JavaScript and the crawl has no browser"
)

# What Playwright says when the browser itself failed, not the page it was asked for: such a
# failure makes the site not measured whatever the page (`browser_failed`), since a crawl with
# a working browser would have measured it (a Chromium killed mid-run, then --resume, must give
# the rows of an uninterrupted run). Matched in lower case, in the message's first line.
BROWSER_FAILURES: tuple[str, ...] = (
    # Playwright's TargetClosedError: the page, its context or the whole browser is gone
    # (Chromium closed, crashed or killed mid-render; scrapy-playwright has already retried
    # three times). Also what BrowserType.launch says of a browser that exits while starting.
    "target page, context or browser has been closed",
    "target closed",  # older Playwright's words for the same
    # Chromium exited while Playwright waited on it ("BrowserType.launch: Browser closed.").
    "browser closed",
    "browser has been closed",
    # The browser would not start: any launch error (no executable, a wrapper that exits, a
    # missing library), whatever its wording.
    "browsertype.launch",
    "failed to launch",
    "executable doesn't exist",
    # The renderer process died ("Page crashed", "Navigation failed because page crashed!",
    # "Target crashed"): killed with the browser, or out of memory; not an answer of the site.
    "page crashed",
    "target crashed",
    # Playwright's driver, or its pipe to Chromium, is gone: nothing can be rendered any more.
    "connection closed while reading from the driver",
    "playwright connection closed",
    "pipe has been closed",
    # A rendering that outlived the bound on a whole rendering (crawler/render_handler.py):
    # the page's slowness is the navigation timeout's, inside that bound; the browser stalled.
    "browser stalled",
)
# Not there, so the page's own failure: Playwright's TimeoutError (the page took too long),
# Scrapy's download timeout, an HttpError (the rendered page answered 4xx or 5xx), Chromium's
# net::ERR_* for the page's URL (refused, reset, a certificate Chromium will not accept).


def browser_failed(failure: Failure) -> bool:
    """Whether a failed rendering is the browser's fault (it would not start, crashed, was
    closed or killed), not the page's (a timeout, an HTTP error, a network error answering the
    page's URL). Pure: it reads the exception's type and message, and those it was raised from.
    """
    seen: BaseException | None = failure.value
    while seen is not None:
        # Playwright's, whatever its message (its class is not in Playwright's public API).
        if type(seen).__name__ == "TargetClosedError":
            return True
        said = (str(seen).splitlines() or [""])[0].lower()
        if any(words in said for words in BROWSER_FAILURES):
            return True
        seen = seen.__cause__
    return False


def first_line(detail: str) -> str:
    """A failure's detail without Playwright's call log and browser output (many lines)."""
    return detail.splitlines()[0] if detail else "no answer"


def render_failure(url: str, detail: str) -> tuple[str, str, str]:
    """(status, site detail, page error) when the browser failed on a page built by
    JavaScript (or failed at all on the home page): the site is not measured
    (database.statuses.NOT_MEASURED)."""
    reason = first_line(detail)
    return "render_failed", f"rendu impossible de {url} : {reason}", f"render failed: {reason}"


def browser_missing(url: str, injected: str | None = None) -> tuple[str, str, str]:
    """(status, site detail, page error) for a page built by JavaScript in a crawl that does
    not render: read as served, the page would show no text and no links. `injected`: what
    shows that the page's navigation is injected by a script (its placeholder and what fills
    it): read as served, its header, footer or menu would lack their links."""
    if injected:
        return (
            "no_browser",
            f"{url} charge son en-tête, son menu ou son pied de page par JavaScript ({injected})"
            " ; exploration sans navigateur",
            NAVIGATION_NOT_RENDERED,
        )
    return (
        "no_browser",
        f"{url} est construite en JavaScript ; exploration sans navigateur",
        NOT_RENDERED,
    )
