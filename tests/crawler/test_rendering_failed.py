"""A site built by JavaScript whose browser failed is not measured (never stored as a site
that lacks everything), left out of the scores, and measured by `vigie crawl --resume` once a
browser works: the run then holds what the farm's truth gives a run that rendered."""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapy.settings import Settings
from sqlalchemy import Engine, create_engine, text

from crawler.rendering import browser_path
from crawler.settings import VIGIE_CHROMIUM
from database.repository import pending_count
from evaluation.truth import evaluate, load_truth
from farm.catalogue import Farm
from farm.files import HOSTS_FILE, TARGETS_FILE, TRUTH_FILE, write_farm_files
from farm.process import farm_server
from farm.truth import expected_status
from tests.conftest import vigie
from tests.crawler.test_runner import stored_rows

# Four static sites (one with a broken certificate) and one built by JavaScript.
JAVASCRIPT_SITES = 5, 949
BROKEN_BROWSER = "#!/bin/sh\necho 'chromium: cannot open display' >&2\nexit 1\n"


def scan_of(engine: Engine, code: str) -> tuple[str, list[tuple[str, bool, str | None]], int]:
    """A site's status in run 1, its pages (URL, rendered, error) and its findings' count."""
    with engine.connect() as connection:
        status = connection.execute(
            text(
                "SELECT s.status FROM site_scans s JOIN authorities a ON a.id = s.authority_id "
                "WHERE s.run_id = 1 AND a.code = :code"
            ),
            {"code": code},
        ).scalar_one()
        pages = connection.execute(
            text(
                "SELECT p.requested_url, p.rendered, p.error FROM pages p JOIN websites w "
                "ON w.id = p.website_id JOIN authorities a ON a.id = w.authority_id "
                "WHERE p.run_id = 1 AND a.code = :code ORDER BY p.requested_url, p.rendered"
            ),
            {"code": code},
        ).all()
        findings = connection.execute(
            text(
                "SELECT count(*) FROM findings f JOIN authorities a ON a.id = f.authority_id "
                "WHERE f.run_id = 1 AND a.code = :code"
            ),
            {"code": code},
        ).scalar_one()
    return status, [(url, bool(rendered), error) for url, rendered, error in pages], findings


def scored_codes(engine: Engine) -> set[str]:
    with engine.connect() as connection:
        return set(
            connection.execute(
                text("SELECT a.code FROM scores s JOIN authorities a ON a.id = s.authority_id")
            ).scalars()
        )


def test_a_site_the_browser_failed_on_is_not_measured_until_resumed_with_one(
    tmp_path: Path,
) -> None:
    chromium = browser_path(Settings({"VIGIE_CHROMIUM": VIGIE_CHROMIUM}))
    if chromium is None:
        pytest.skip("no Chromium here: the resumed crawl could not render")
    broken = tmp_path / "broken-chromium"
    broken.write_text(BROKEN_BROWSER)
    broken.chmod(0o755)
    database_url = f"sqlite:///{tmp_path / 'vigie.db'}"
    engine = create_engine(database_url)
    with farm_server(*JAVASCRIPT_SITES) as ports:
        farm = Farm(*JAVASCRIPT_SITES, ports.http, ports.tls)
        files = write_farm_files(farm, tmp_path)
        (built,) = [site.code for site in farm.sites() if site.rendered_by_browser]
        static = {
            s.code for s in farm.sites() if not s.rendered_by_browser and expected_status(s) == "ok"
        }
        vigie("targets", "import", str(files[TARGETS_FILE]), "--db", database_url)
        crawl = ["--db", database_url, "--farm-hosts", str(files[HOSTS_FILE])]
        crawl += ["--set", "DOWNLOAD_TIMEOUT=15"]  # a render under the suite's load is slow
        vigie("crawl", *crawl, cwd=tmp_path, env={"VIGIE_CHROMIUM": str(broken)})
        status, pages, findings = scan_of(engine, built)
        assert (status, findings) == ("render_failed", 0)  # not "ok" with nothing found
        assert [error for _, rendered, error in pages if not rendered] == [None]  # its shell
        assert [str(error).split(":")[0] for _, rendered, error in pages if rendered] == [
            "render failed"
        ]
        vigie("score", "--db", database_url, cwd=tmp_path)
        assert scored_codes(engine) == static  # left out, as a site not crawled
        assert pending_count(engine, 1) == 1
        vigie("crawl", "--resume", "1", *crawl, cwd=tmp_path, env={"VIGIE_CHROMIUM": chromium})
        clean_url = f"sqlite:///{tmp_path / 'clean.db'}"
        vigie("targets", "import", str(files[TARGETS_FILE]), "--db", clean_url)
        clean = ["--db", clean_url, *crawl[2:]]
        vigie("crawl", *clean, cwd=tmp_path, env={"VIGIE_CHROMIUM": chromium})
    status, pages, findings = scan_of(engine, built)
    assert status == "ok"
    assert findings > 0
    assert [error for *_, error in pages if error and "render" in error] == []
    assert pending_count(engine, 1) == 0
    # Row for row what an uninterrupted run with a browser stores, nothing left of the first.
    assert stored_rows(database_url) == stored_rows(clean_url)
    # The run now holds what an uninterrupted run with a browser stores: the farm's truth.
    outcome = evaluate(engine, 1, load_truth(files[TRUTH_FILE]))
    assert (outcome.status_mismatches, outcome.errors) == ([], [])
    vigie("score", "--db", database_url, cwd=tmp_path)
    assert scored_codes(engine) == static | {built}
    engine.dispose()
