"""Rendering only where the static HTML is a JavaScript shell, and a crawl without a browser."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import pytest
from scrapy.settings import Settings
from sqlalchemy import create_engine, text

from crawler.rendering import browser_path, chromium_arguments, skip_resource_or_private
from crawler.settings import VIGIE_CHROMIUM
from evaluation.truth import evaluate, load_truth
from farm.catalogue import Farm
from farm.files import HOSTS_FILE, TARGETS_FILE, TRUTH_FILE, write_farm_files
from farm.process import farm_server
from farm.truth import expected_status
from pipelines.extractors.page import Page
from pipelines.extractors.shell import is_javascript_shell
from tests.conftest import CrawledFarm, vigie


def test_a_site_builder_shell_is_told_from_a_short_page() -> None:
    shell = Page(
        "https://x.fr/",
        '<html><body><a href="#main">Aller au contenu</a><div id="SITE_CONTAINER"></div>'
        '<script>document.getElementById("SITE_CONTAINER").innerHTML = "...";</script>'
        "</body></html>",
        {},
    )
    short = Page(
        "https://x.fr/contact",
        "<html><body><h1>Contact</h1><p>Mairie, 1 place de l'Église.</p>"
        '<a href="/">Accueil</a><a href="/demarches">Démarches</a><a href="/plan">Plan</a>'
        "</body></html>",
        {},
    )
    assert is_javascript_shell(shell)
    assert not is_javascript_shell(short)  # no script builds it


def test_only_javascript_built_sites_are_rendered(crawled_farm: CrawledFarm) -> None:
    if browser_path(Settings({"VIGIE_CHROMIUM": VIGIE_CHROMIUM})) is None:
        pytest.skip("no Chromium here: the crawl could not render (see the next test)")
    with crawled_farm.engine.connect() as connection:
        rendered = connection.execute(
            text(
                "SELECT DISTINCT a.code FROM pages p JOIN websites w ON w.id = p.website_id "
                "JOIN authorities a ON a.id = w.authority_id WHERE p.rendered"
            )
        ).scalars()
        recorded = connection.execute(text("SELECT settings FROM crawl_runs")).scalar_one()
    javascript_built = {
        site.code
        for site in crawled_farm.farm.sites()
        if site.js_only and expected_status(site) == "ok"
    }
    assert javascript_built
    assert set(rendered) == javascript_built
    assert '"VIGIE_RENDERING": true' in recorded
    # What only the browser shows was found: the evaluation owes it to a rendering run.
    owed = [
        finding
        for site in crawled_farm.truth["sites"]
        for finding in site["findings"]
        if finding.get("needs_rendering")
    ]
    assert owed
    assert evaluate(crawled_farm.engine, crawled_farm.run_id, crawled_farm.truth).errors == []


def test_without_a_browser_the_crawl_says_so_once_and_goes_on(tmp_path: Path) -> None:
    database_url = f"sqlite:///{tmp_path / 'vigie.db'}"
    with farm_server(12, 2) as ports:
        files = write_farm_files(Farm(12, 2, ports.http, ports.tls), tmp_path)
        vigie("targets", "import", str(files[TARGETS_FILE]), "--db", database_url)
        no_browser = {
            **os.environ,
            "PATH": str(Path(sys.executable).parent),  # no chromium on it
            "VIGIE_CHROMIUM": str(tmp_path / "no-such-browser"),
        }
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "cli.app",
                "crawl",
                "--db",
                database_url,
                "--farm-hosts",
                str(files[HOSTS_FILE]),
            ],
            cwd=tmp_path,
            env=no_browser,
            capture_output=True,
            text=True,
            timeout=600,
        )
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("no Chromium was found") == 1
    assert "Run 1 finished" in result.stdout
    engine = create_engine(database_url)
    with engine.connect() as connection:
        recorded = connection.execute(text("SELECT settings FROM crawl_runs")).scalar_one()
        rendered = connection.execute(
            text("SELECT count(*) FROM pages WHERE rendered")
        ).scalar_one()
    assert '"VIGIE_RENDERING": false' in recorded
    assert rendered == 0
    outcome = evaluate(engine, 1, load_truth(files[TRUTH_FILE]))
    assert outcome.status_mismatches == []
    assert outcome.errors == []  # nothing that needs a browser was owed


class BrowserRequest:
    """What Playwright hands the abort hook: a URL and a resource type."""

    def __init__(self, url: str, resource_type: str = "script"):
        self.url, self.resource_type = url, resource_type


def test_chromium_loads_no_subresource_from_a_private_address() -> None:
    def aborted(url: str, kind: str = "script") -> bool:
        return asyncio.run(skip_resource_or_private(BrowserRequest(url, kind)))

    assert aborted("http://127.0.0.1:8080/admin.js")
    assert aborted("http://[::1]/x.js")
    assert aborted("http://169.254.169.254/latest/meta-data/")
    assert aborted("http://localhost/x.js")  # a name that resolves to loopback (/etc/hosts)
    assert aborted("https://193.17.214.1/logo.png", "image")  # images are never loaded
    assert not aborted("https://193.17.214.1/app.js")  # a public address, given as such


def test_chromium_keeps_its_sandbox_unless_run_as_root() -> None:
    assert "--no-sandbox" not in chromium_arguments(as_root=False)
    assert "--no-sandbox" in chromium_arguments(as_root=True)  # Chromium refuses otherwise
