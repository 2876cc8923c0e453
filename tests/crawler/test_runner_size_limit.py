"""A body past the size limit is cut there, whether it streams without end or inflates: the
crawl stores the page with the size limit's error, not a timeout, and goes on with the site.

Apart from the farm's crawl (tests/crawler/test_runner.py), whose five-second timeout a
busy machine can reach first, here the timeout is long, so only the size limit can stop them.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select

from database.models import PageRow
from farm.assets import gzip_bomb
from tests.local_http import QuietHandler, crawl_one_site, serving

HOME = (
    '<!doctype html><html lang="fr"><head><title>Mairie</title></head><body>'
    "<h1>Bienvenue sur le site de la mairie</h1>"
    '<a href="/publications/recueil.html">Publications</a> '
    '<a href="/deliberations/registre.html">Délibérations du conseil</a></body></html>'
).encode()
CHUNK = bytes(256 * 1024)


class Site(QuietHandler):
    def do_GET(self) -> None:
        if self.path == "/":
            self.answer(200, HOME)
        elif self.path == "/publications/recueil.html":
            bomb = gzip_bomb()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(bomb)))
            self.end_headers()
            with contextlib.suppress(OSError):
                self.wfile.write(bomb)
        elif self.path == "/deliberations/registre.html":
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()  # no length: the body ends when the connection does
            with contextlib.suppress(OSError):
                for _ in range(8 * 1024):  # 2 GiB at most
                    self.wfile.write(CHUNK)
            self.close_connection = True
        else:
            self.answer(404)


@pytest.fixture
def site() -> Iterator[int]:
    with serving(Site) as server:
        yield server.server_address[1]


def test_bodies_past_the_size_limit_are_cut_there(site: int, tmp_path: Path) -> None:
    database_url = crawl_one_site(tmp_path, "mairie-lourde.fr", site, "DOWNLOAD_TIMEOUT=180")
    engine = create_engine(database_url)
    with engine.connect() as connection:
        errors = dict(connection.execute(select(PageRow.requested_url, PageRow.error)).all())
    engine.dispose()
    base = f"http://mairie-lourde.fr:{site}"
    assert errors[f"{base}/"] is None
    assert errors[f"{base}/publications/recueil.html"] == (
        "body larger than DOWNLOAD_MAXSIZE once decompressed"
    )
    assert errors[f"{base}/deliberations/registre.html"] == (
        "body larger than DOWNLOAD_MAXSIZE: download cancelled"
    )
