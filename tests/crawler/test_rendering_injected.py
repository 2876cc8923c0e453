"""A site whose header and footer a script fetches at run time (`fetch('/components/
footer.html')`) has content, so it is no JavaScript shell; its legal and accessibility links
are in the fragments only. The crawl renders its pages and finds them; without a browser, the
site is not measured (never stored as lacking them)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from scrapy.settings import Settings
from sqlalchemy import create_engine, text

from crawler.rendering import browser_path
from crawler.settings import VIGIE_CHROMIUM
from database.repository import pending_count
from tests.crawler.test_runner import stored_rows
from tests.local_http import QuietHandler, crawl_one_site, serving

HOST = "mairie-fragments.fr"
LAYOUT = """<!DOCTYPE html>
<!-- Pattern: empty <header id="header"> and <footer id="footer">, filled by fetch() of
/components/header.html and /components/footer.html -->
<html lang="fr"><head><meta charset="utf-8"><title>{title} - Mairie de Fragments</title></head>
<body><header id="header"></header><main><h1>{title}</h1>{content}</main>
<footer id="footer"></footer>
<script>
  function inclure(fichier, cible) {{
    fetch(fichier).then(function (r) {{ return r.text(); }})
      .then(function (html) {{ document.getElementById(cible).innerHTML = html; }});
  }}
  inclure('/components/header.html', 'header');
  inclure('/components/footer.html', 'footer');
</script></body></html>"""
HOME = """<p>Bienvenue sur le site de la commune de Fragments, 1 400 habitants. La mairie vous
accueille du lundi au vendredi de 9 h à 12 h et de 14 h à 17 h pour l'état civil, l'urbanisme
et les inscriptions scolaires.</p><h2>Actualités</h2>
<p><a href="/actualites/travaux">Travaux de voirie</a> · <a href="/actualites/elections">Élections
municipales</a> · <a href="/actualites/cantine">Menus de la cantine</a></p>"""
PAGES = {
    "/": ("Accueil", HOME),
    "/mentions-legales": (
        "Mentions légales",
        "<p>Éditeur du site : commune de Fragments, 1 place de la Mairie. Directeur de la "
        "publication : le maire. Hébergeur : un hébergeur français.</p>",
    ),
    "/accessibilite": (
        "Déclaration d'accessibilité",
        "<p>La commune de Fragments s'engage à rendre son site accessible. État de "
        "conformité : le site est non conforme au RGAA 4.1, faute d'audit.</p>",
    ),
}
FRAGMENTS = {
    "/components/header.html": '<a href="/">Accueil</a> <nav><a href="/">Mairie</a></nav>',
    "/components/footer.html": (
        '<a href="/mentions-legales">Mentions légales</a> '
        '<a href="/accessibilite">Accessibilité : non conforme</a>'
    ),
}


class Site(QuietHandler):
    asked: Counter[str] = Counter()

    def do_GET(self) -> None:
        self.asked[self.path] += 1
        if self.path in PAGES:
            title, content = PAGES[self.path]
            self.answer(200, LAYOUT.format(title=title, content=content).encode())
        elif self.path in FRAGMENTS:
            self.answer(200, FRAGMENTS[self.path].encode())
        else:
            self.answer(404)


@pytest.fixture
def site() -> Iterator[int]:
    Site.asked.clear()
    with serving(Site) as server:
        yield server.server_address[1]


def test_a_site_whose_footer_a_script_fetches_is_rendered_and_its_links_found(
    site: int, tmp_path: Path
) -> None:
    if browser_path(Settings({"VIGIE_CHROMIUM": VIGIE_CHROMIUM})) is None:
        pytest.skip("no Chromium here: the crawl could not render (see the next test)")
    database_url = crawl_one_site(
        tmp_path, HOST, site, "VIGIE_RENDERING=true", "DOWNLOAD_TIMEOUT=30"
    )
    rows = stored_rows(database_url)
    assert [status for _, status, *_ in rows["scans"]] == ["ok"]
    findings = {(feature, value) for _, feature, value, *_ in rows["findings"]}
    origin = f"http://{HOST}:{site}"
    assert ("legal.notice_url", f"{origin}/mentions-legales") in findings
    assert ("a11y.mention", "non") in findings
    assert ("a11y.statement_url", f"{origin}/accessibilite") in findings
    assert Site.asked["/components/footer.html"] >= 1  # Chromium fetched the fragment
    engine = create_engine(database_url)
    with engine.connect() as connection:
        rendered = connection.execute(
            text("SELECT requested_url FROM pages WHERE rendered ORDER BY requested_url")
        ).scalars()
        rendered_paths = {url.removeprefix(origin) for url in rendered}
    engine.dispose()
    # Every page of the site injects its navigation: each is rendered, its pages followed.
    assert {"/", "/mentions-legales", "/accessibilite"} <= rendered_paths


def test_without_a_browser_such_a_site_is_not_measured_not_lacking_its_links(
    site: int, tmp_path: Path
) -> None:
    database_url = crawl_one_site(tmp_path, HOST, site)  # VIGIE_RENDERING=false
    rows = stored_rows(database_url)
    ((_, status, detail, *_),) = rows["scans"]
    assert status == "no_browser"
    assert '<header id="header"> ← /components/header.html' in str(detail)
    assert rows["findings"] == []  # not "no legal notice, no accessibility mention"
    ((_, url, *_, error),) = rows["pages"]
    assert str(url).endswith("/")
    assert str(error).startswith("not rendered: the page's navigation is injected")
    assert not [path for path in Site.asked if path.startswith("/components")]
    engine = create_engine(database_url)
    assert pending_count(engine, 1) == 1  # vigie crawl --resume with a browser measures it
    engine.dispose()
