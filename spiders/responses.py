"""What the site spider keeps of an answer: its page record, whether it came back or failed,
and the plain values the extractors read (`pipelines.extractors.reading.Fetched`)."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

import scrapy
from scrapy.http import Response
from twisted.python.failure import Failure

from crawler.items import PageRecord
from pipelines.extractors.reading import Fetched
from spiders.browser import axe_report
from spiders.outcomes import http_status_of_failure


def now() -> datetime:
    return datetime.now(UTC)


def fetched_of(response: Response) -> Fetched:
    """The response as the extractors take it: no Scrapy object."""
    content_type = response.headers.get(b"Content-Type")
    return Fetched(
        url=response.url,
        body=response.body,
        content_type=content_type.decode("latin-1") if content_type else None,
        headers=_headers(response),
        axe_report=axe_report(response.meta),
    )


def page_record(response: Response, depth: int) -> PageRecord:
    redirects = response.request.meta.get("redirect_urls") if response.request else None
    latency = response.meta.get("download_latency")
    content_type = response.headers.get(b"Content-Type")
    return PageRecord(
        requested_url=redirects[0] if redirects else response.url,
        final_url=response.url,
        http_status=response.status,
        content_type=content_type.decode("latin-1") if content_type else None,
        bytes=len(response.body),
        fetched_at=now(),
        duration_ms=round(latency * 1000, 1) if latency is not None else None,
        content_hash=hashlib.sha256(response.body).hexdigest(),
        depth=depth,
        from_cache="cached" in response.flags,
        rendered=bool(response.meta.get("vigie_render")),
    )


def failed_page_record(request: scrapy.Request, failure: Failure, detail: str) -> PageRecord:
    return PageRecord(
        requested_url=request.url,
        final_url=request.url,
        http_status=http_status_of_failure(failure),
        content_type=None,
        bytes=0,
        fetched_at=now(),
        duration_ms=None,
        content_hash=None,
        depth=request.cb_kwargs["depth"],
        error=detail,
        rendered=bool(request.meta.get("vigie_render")),
    )


def _headers(response: Response) -> dict[str, str]:
    return {
        key.decode("latin-1").lower(): values[0].decode("latin-1")
        for key, values in response.headers.items()
        if values
    }
