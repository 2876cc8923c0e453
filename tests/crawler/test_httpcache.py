"""The HTTP cache keeps whole entries: a crash while writing one never leaves a half page."""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import Any

import pytest
from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from crawler.httpcache import AtomicFilesystemCacheStorage

URL = "http://mairie.example.fr/actualites"


class CrashWhileWritingBody(Exception):
    pass


@pytest.fixture
def crawler(tmp_path: Path) -> Crawler:
    return get_crawler(Spider, {"HTTPCACHE_DIR": str(tmp_path), "HTTPCACHE_GZIP": True})


@pytest.fixture
def spider(crawler: Crawler) -> Spider:
    return Spider.from_crawler(crawler, "site")


@pytest.fixture
def storage(crawler: Crawler, spider: Spider) -> AtomicFilesystemCacheStorage:
    storage = AtomicFilesystemCacheStorage(crawler.settings)
    storage.open_spider(spider)
    return storage


def page(body: bytes) -> HtmlResponse:
    return HtmlResponse(URL, body=body, headers={"ETag": '"v1"'}, encoding="utf-8")


def crash_on_body(real_open: Any) -> Any:
    def opener(path: Any, mode: str, *args: Any, **kwargs: Any) -> Any:
        if Path(path).name == "response_body" and "w" in mode:
            real_open(path, mode).close()  # the file exists, empty, as after kill -9
            raise CrashWhileWritingBody
        return real_open(path, mode, *args, **kwargs)

    return opener


def test_a_stored_page_comes_back_whole(
    storage: AtomicFilesystemCacheStorage, spider: Spider
) -> None:
    storage.store_response(spider, Request(URL), page(b"<p>Conseil municipal</p>"))
    cached = storage.retrieve_response(spider, Request(URL))
    assert cached is not None
    assert cached.body == b"<p>Conseil municipal</p>"
    assert cached.headers[b"ETag"] == b'"v1"'


def test_a_crash_while_replacing_an_entry_leaves_the_old_one(
    storage: AtomicFilesystemCacheStorage, spider: Spider, monkeypatch: pytest.MonkeyPatch
) -> None:
    storage.store_response(spider, Request(URL), page(b"<p>old</p>"))
    monkeypatch.setattr(storage, "_open", crash_on_body(storage._open))
    with pytest.raises(CrashWhileWritingBody):
        storage.store_response(spider, Request(URL), page(b"<p>new</p>"))
    monkeypatch.undo()
    cached = storage.retrieve_response(spider, Request(URL))
    assert cached is not None
    assert cached.body == b"<p>old</p>"
    # The next store of the same page clears what the crash left.
    storage.store_response(spider, Request(URL), page(b"<p>new</p>"))
    entry = Path(storage._get_request_path(spider, Request(URL)))
    assert [path.name for path in entry.parent.iterdir()] == [entry.name]


def test_a_crash_while_writing_a_first_entry_leaves_none(
    storage: AtomicFilesystemCacheStorage, spider: Spider, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(storage, "_open", crash_on_body(storage._open))
    with pytest.raises(CrashWhileWritingBody):
        storage.store_response(spider, Request(URL), page(b"<p>new</p>"))
    monkeypatch.undo()
    assert storage.retrieve_response(spider, Request(URL)) is None


def test_an_entry_damaged_on_disk_is_a_miss_not_a_failure(
    storage: AtomicFilesystemCacheStorage, spider: Spider
) -> None:
    storage.store_response(spider, Request(URL), page(b"<p>Conseil municipal</p>"))
    body = Path(storage._get_request_path(spider, Request(URL))) / "response_body"
    body.write_bytes(gzip.compress(b"<p>Conseil municipal</p>")[:12])  # truncated
    assert storage.retrieve_response(spider, Request(URL)) is None
