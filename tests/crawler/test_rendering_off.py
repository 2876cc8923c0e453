"""Nothing a page carries runs outside the browser: a crawl that does not render reads the
HTML and follows links, and never runs a script nor fetches what a script, an image or a
style would fetch."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from database.repository import pending_count
from tests.crawler.test_runner import stored_rows
from tests.local_http import QuietHandler, crawl_one_site, serving

PAGE = b"""<!doctype html><html lang="fr"><head><title>Mairie</title>
<script>fetch('/canary/fetch'); document.write('<img src="/canary/written">');</script>
<script src="/canary/script.js"></script><link rel="stylesheet" href="/canary/style.css">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'"></head>
<body onload="fetch('/canary/onload')"><h1>Bienvenue sur le site de la mairie</h1>
<p>Horaires d'ouverture, services et actualites de la commune.</p>
<p>La mairie vous accueille du lundi au vendredi, de 9 heures a midi et de 14 heures a
17 heures, et le samedi matin pour l'etat civil, les inscriptions et les demarches.</p>
<img src="/canary/image.png" onerror="fetch('/canary/onerror')">
<iframe src="/canary/frame"></iframe><a href="/contact">Contact</a>
<a href="javascript:fetch('/canary/javascript-link')">Cliquez</a></body></html>"""


# A site builder's page: an empty container that a script fills in, nothing else to read.
SHELL = b"""<!doctype html><html lang="fr"><head><title>Mairie</title></head><body>
<a href="#main">Aller au contenu</a><div id="SITE_CONTAINER"></div>
<script>document.getElementById("SITE_CONTAINER").innerHTML = '<a href="/canary/built">x</a>';
</script></body></html>"""


class Site(QuietHandler):
    asked: Counter[str] = Counter()
    home = PAGE

    def do_GET(self) -> None:
        self.asked[self.path] += 1
        if self.path == "/":
            self.answer(200, self.home)
        elif self.path == "/contact":
            self.answer(200, PAGE)
        else:
            self.answer(404)


@pytest.fixture
def site() -> Iterator[int]:
    Site.asked.clear()
    Site.home = PAGE
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


def test_a_javascript_built_site_crawled_without_a_browser_is_not_measured(
    site: int, tmp_path: Path
) -> None:
    Site.home = SHELL
    database_url = crawl_one_site(tmp_path, "mairie-coquille.fr", site)
    rows = stored_rows(database_url)
    # Not "ok" with nothing found: read as served, the shell would lack everything.
    assert [status for _, status, *_ in rows["scans"]] == ["no_browser"]
    assert rows["findings"] == []
    ((_, url, *_, error),) = rows["pages"]
    assert str(url).endswith("/")
    assert str(error).startswith("not rendered:")
    assert not [path for path in Site.asked if path.startswith("/canary")]
    engine = create_engine(database_url)
    assert pending_count(engine, 1) == 1  # vigie crawl --resume scans it again
    engine.dispose()
