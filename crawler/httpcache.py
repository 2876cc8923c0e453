"""The HTTP cache's storage: Scrapy's filesystem layout, each entry written whole or not at all.

Scrapy writes an entry's files one after the other, its metadata before its body. A crawl
killed between the two (kill -9, a machine going down) left an entry whose metadata said
"cached" over an empty body; the resumed run revalidated it, got a 304, and stored the page
as empty. Here an entry is written in a staging folder beside its place and renamed into it,
so a reader finds the old entry, the new one, or none; and an entry that cannot be read is a
cache miss, never a failed page.
"""

from __future__ import annotations

import gzip
import os
import pickle
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from scrapy.extensions.httpcache import FilesystemCacheStorage

if TYPE_CHECKING:
    from scrapy import Request, Spider
    from scrapy.http import Response

UNREADABLE_ENTRY = (OSError, EOFError, pickle.UnpicklingError, gzip.BadGzipFile, ValueError)


class AtomicFilesystemCacheStorage(FilesystemCacheStorage):
    _staging_suffix = ""

    def _get_request_path(self, spider: Spider, request: Request) -> str:
        return super()._get_request_path(spider, request) + self._staging_suffix

    def store_response(self, spider: Spider, request: Request, response: Response) -> None:
        entry = Path(self._get_request_path(spider, request))
        # The process id keeps two workers that fetch one URL from writing in one folder.
        self._staging_suffix = f".staging-{os.getpid()}"
        staging = Path(self._get_request_path(spider, request))
        try:
            shutil.rmtree(staging, ignore_errors=True)  # left by a process killed mid-write
            super().store_response(spider, request, response)
        finally:
            self._staging_suffix = ""
        replaced = entry.with_name(f"{entry.name}.replaced-{os.getpid()}")
        if entry.exists():
            entry.rename(replaced)
        try:
            staging.rename(entry)
        except OSError:  # another worker put its copy there first: theirs is as good
            shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(replaced, ignore_errors=True)

    def retrieve_response(self, spider: Spider, request: Request) -> Response | None:
        try:
            return super().retrieve_response(spider, request)
        except UNREADABLE_ENTRY:
            return None
