"""The HTTP cache's storage: Scrapy's filesystem layout, each entry written whole or not at all.

Scrapy writes an entry's files one after the other, its metadata before its body. A crawl
killed between the two (kill -9, a machine going down) left an entry whose metadata said
"cached" over an empty body; the resumed run revalidated it, got a 304, and stored the page
as empty. Here an entry is written in a staging folder beside its place and renamed into it,
so a reader finds the old entry, the new one, or none; and an entry that cannot be read is a
cache miss, never a failed page.

An entry holds what Scrapy's reader needs (metadata, headers, body, the response's other
attributes), at gzip level 1: Scrapy's writer also wrote a readable copy of the metadata and
the request's headers and body, none of which anything reads, and compressed all seven files
at level 9, a twentieth of a worker's CPU per page (benchmarks/profiles/crawl.md).
"""

from __future__ import annotations

import gzip
import os
import pickle
import shutil
import time
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, cast

from scrapy.extensions.httpcache import FilesystemCacheStorage
from scrapy.http import Response
from w3lib.http import headers_dict_to_raw

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.settings import BaseSettings

UNREADABLE_ENTRY = (OSError, EOFError, pickle.UnpicklingError, gzip.BadGzipFile, ValueError)
# Level 1 compresses farm and real HTML about three times faster than 9, for entries about a
# fifth larger.
COMPRESS_LEVEL = 1
# Response attributes not kept: the encoding, which Scrapy would guess (charset-normalizer) on
# the body as it arrives, still compressed; the crawl decodes pages itself
# (crawler.middlewares.FrenchFallbackEncodingMiddleware).
# Left out as Response.to_dict leaves them out too, or as stored in their own files.
NOT_KEPT = frozenset({"url", "status", "headers", "body", "encoding", "request", "certificate"})


def _open_fast_gzip(path: str | os.PathLike[str], mode: str, *_: Any, **__: Any) -> IO[bytes]:
    return cast(IO[bytes], gzip.open(path, mode, compresslevel=COMPRESS_LEVEL))


class AtomicFilesystemCacheStorage(FilesystemCacheStorage):
    _staging_suffix = ""

    def __init__(self, settings: BaseSettings):
        super().__init__(settings)
        if self.use_gzip:
            self._open = _open_fast_gzip

    def _get_request_path(self, spider: Spider, request: Request) -> str:
        return super()._get_request_path(spider, request) + self._staging_suffix

    def store_response(self, spider: Spider, request: Request, response: Response) -> None:
        entry = Path(self._get_request_path(spider, request))
        # The process id keeps two workers that fetch one URL from writing in one folder.
        self._staging_suffix = f".staging-{os.getpid()}"
        staging = Path(self._get_request_path(spider, request))
        try:
            # (Each removal only where there is something to remove: rmtree's attempt on a
            # missing folder cost more than the stat, twice a page.)
            if os.path.lexists(staging):  # left by a process killed mid-write
                shutil.rmtree(staging, ignore_errors=True)
            self._write_entry(staging, request, response)
        finally:
            self._staging_suffix = ""
        replaced = entry.with_name(f"{entry.name}.replaced-{os.getpid()}")
        if entry.exists():
            entry.rename(replaced)
        try:
            staging.rename(entry)
        except OSError:  # another worker put its copy there first: theirs is as good
            shutil.rmtree(staging, ignore_errors=True)
        if os.path.lexists(replaced):
            shutil.rmtree(replaced, ignore_errors=True)

    def _write_entry(self, folder: Path, request: Request, response: Response) -> None:
        """The files Scrapy's `retrieve_response` reads, in Scrapy's format."""
        folder.mkdir(parents=True, exist_ok=True)
        metadata = {
            "url": request.url,
            "method": request.method,
            "status": response.status,
            "response_url": response.url,
            "timestamp": time.time(),
        }
        # As Response.to_dict, less the encoding (reading it runs the guesser).
        attributes = {
            name: getattr(response, name) for name in response.attributes if name not in NOT_KEPT
        }
        if type(response) is not Response:
            attributes["_class"] = f"{type(response).__module__}.{type(response).__name__}"
        with self._open(folder / "pickled_meta", "wb") as file:
            pickle.dump(metadata, file, protocol=4)
        with self._open(folder / "response_headers", "wb") as file:
            file.write(headers_dict_to_raw(response.headers) or b"")
        with self._open(folder / "response_body", "wb") as file:
            file.write(response.body)
        with self._open(folder / "response_data", "wb") as file:
            pickle.dump(attributes, file, protocol=4)

    def retrieve_response(self, spider: Spider, request: Request) -> Response | None:
        try:
            return super().retrieve_response(spider, request)
        except UNREADABLE_ENTRY:
            return None
