"""An optional archive of what a run read, in WARC (the web-archiving standard), so that a
disputed finding can be replayed from the very bytes the extractors saw.

With `VIGIE_WARC` set to a folder, every page a crawl worker hands to its spider is written
there as a response record (status, headers, body) with the request that asked for it, in
`vigie-run-<run>-<pid>.warc.gz`. Bodies are stored as the spider read them: decompressed,
so `Content-Encoding` is dropped from the stored headers. `vigie replay` reads them back.
"""

from __future__ import annotations

import os
from io import BytesIO
from pathlib import Path
from typing import IO, Any

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

DROPPED_HEADERS = {"content-encoding", "transfer-encoding", "content-length"}


class WarcMiddleware:
    """Downloader middleware: archive each response on its way to the spider."""

    def __init__(self, folder: Path, crawler: Crawler):
        self.folder = folder
        self.crawler = crawler
        self.file: IO[bytes] | None = None
        self.writer: WARCWriter | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcMiddleware:
        folder = crawler.settings.get("VIGIE_WARC")
        if not folder:
            raise NotConfigured("VIGIE_WARC is empty: no archive")
        middleware = cls(Path(folder), crawler)
        crawler.signals.connect(middleware.close, signal=signals.spider_closed)
        return middleware

    def _open(self, spider: Spider | None) -> WARCWriter:
        if self.writer is None:
            self.folder.mkdir(parents=True, exist_ok=True)
            run = getattr(spider, "run_id", "x")
            path = self.folder / f"vigie-run-{run}-{os.getpid()}.warc.gz"
            self.file = path.open("ab")
            self.writer = WARCWriter(self.file, gzip=True)
        return self.writer

    def process_response(self, request: Request, response: Response) -> Response:
        writer = self._open(self.crawler.spider)
        headers = [
            (name.decode("latin-1"), value.decode("latin-1"))
            for name, values in response.headers.items()
            for value in values
            if name.decode("latin-1").lower() not in DROPPED_HEADERS
        ]
        headers.append(("Content-Length", str(len(response.body))))
        status = StatusAndHeaders(f"{response.status} {_reason(response.status)}", headers,
                                  protocol="HTTP/1.1")  # fmt: skip
        record = writer.create_warc_record(
            response.url, "response", payload=BytesIO(response.body), http_headers=status
        )
        writer.write_record(record)
        request_headers = StatusAndHeaders(
            f"{request.method} {request.url} HTTP/1.1",
            [(n.decode("latin-1"), v.decode("latin-1")) for n, vs in request.headers.items()
             for v in vs],
            is_http_request=True,
        )  # fmt: skip
        writer.write_record(
            writer.create_warc_record(
                request.url, "request", payload=BytesIO(b""), http_headers=request_headers
            )
        )
        assert self.file is not None
        self.file.flush()
        return response

    def close(self) -> None:
        if self.file is not None:
            self.file.close()


def _reason(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


def archived_response(path: Path, url: str) -> tuple[int, dict[str, str], bytes] | None:
    """The last response archived for `url` in a WARC file: (status, headers, body)."""
    found = None
    with path.open("rb") as stream:
        for record in ArchiveIterator(stream):
            if record.rec_type != "response":
                continue
            if record.rec_headers.get_header("WARC-Target-URI") != url:
                continue
            http: Any = record.http_headers
            found = (
                int(http.get_statuscode()),
                {name.lower(): value for name, value in http.headers},
                record.content_stream().read(),
            )
    return found
