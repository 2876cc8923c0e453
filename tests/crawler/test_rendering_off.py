"""Nothing a page carries runs outside the browser: a crawl that does not render reads the
HTML and follows links, and never runs a script nor fetches what a script, an image or a
style would fetch."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.crawler.test_runner import stored_rows
from tests.local_http import QuietHandler, crawl_one_site, serving

PAGE = b"""<!doctype html><html lang="fr"><head><title>Mairie</title>
<script>fetch('/canary/fetch'); document.write('<img src="/canary/written">');</script>
<script src="/canary/script.js"></script><link rel="stylesheet" href="/canary/style.css">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'"></head>
<body onload="fetch('/canary/onload')"><h1>Bienvenue sur le site de la mairie</h1>
<p>Horaires d'ouverture, services et actualites de la commune.</p>
<img src="/canary/image.png" onerror="fetch('/canary/onerror')">
<iframe src="/canary/frame"></iframe><a href="/contact">Contact</a>
<a href="javascript:fetch('/canary/javascript-link')">Cliquez</a></body></html>"""


class Site(QuietHandler):
    asked: Counter[str] = Counter()

    def do_GET(self) -> None:
        self.asked[self.path] += 1
        if self.path in ("/", "/contact"):
            self.answer(200, PAGE)
        else:
            self.answer(404)


@pytest.fixture
def site() -> Iterator[int]:
    Site.asked.clear()
    with serving(Site) as server:
        yield server.server_address[1]


def test_a_crawl_without_rendering_runs_no_script_and_fetches_no_resource(
    site: int, tmp_path: Path
) -> None:
    database_url = crawl_one_site(tmp_path, "mairie-canari.fr", site)
    assert [status for _, status, *_ in stored_rows(database_url)["scans"]] == ["ok"]
    assert Site.asked["/"] == 1
    assert Site.asked["/contact"] == 1  # links are followed
    assert not [path for path in Site.asked if path.startswith("/canary")]
