"""A second run of the same targets: conditional requests, pages that did not change, and no
load time for a home page the HTTP cache gave (no download was timed)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine, text

from farm.catalogue import Farm
from farm.files import HOSTS_FILE, TARGETS_FILE, write_farm_files
from farm.process import farm_server
from tests.conftest import vigie

SITES, SEED = 12, 2


def test_a_monthly_rerun_revalidates_pages_and_finds_the_same(tmp_path: Path) -> None:
    database_url = f"sqlite:///{tmp_path / 'vigie.db'}"
    with farm_server(SITES, SEED) as ports:
        farm = Farm(SITES, SEED, ports.http, ports.tls)
        files = write_farm_files(farm, tmp_path)
        vigie("targets", "import", str(files[TARGETS_FILE]), "--db", database_url)
        for _ in range(2):  # the same working directory, so the same HTTP cache
            vigie(
                "crawl", "--db", database_url, "--farm-hosts", str(files[HOSTS_FILE]), cwd=tmp_path
            )
    engine = create_engine(database_url)
    with engine.connect() as connection:
        pages = connection.execute(
            text(
                "SELECT p.run_id, p.from_cache, p.changed, p.http_status, p.content_hash, a.code, "
                "p.depth, p.rendered, p.final_url "
                "FROM pages p JOIN websites w ON w.id = p.website_id "
                "JOIN authorities a ON a.id = w.authority_id"
            )
        ).all()
        findings = {
            run: sorted(
                connection.execute(
                    text("SELECT authority_id, feature, value FROM findings WHERE run_id = :run"),
                    {"run": run},
                ).all()
            )
            for run in (1, 2)
        }
    engine.dispose()
    first = [page for page in pages if page.run_id == 1]
    second = [page for page in pages if page.run_id == 2]
    assert first
    # In the first run a page comes from the cache only where the run had fetched its address
    # already: a server that redirects a missing page (a dead link, the not-found probe) to
    # its home page (farm/server_habits.py) makes it fetch the home page again.
    downloaded = {page.final_url for page in first if not page.from_cache}
    assert all(page.final_url in downloaded for page in first if page.from_cache)
    assert all(page.changed is None for page in first)  # nothing to compare with yet
    validating = {site.code for site in farm.sites() if site.cache_validators}
    revalidated = [page for page in second if page.from_cache]
    assert revalidated  # 304 Not Modified: the body came from the cache
    assert {page.code for page in revalidated} <= validating
    fetched_twice = [page for page in second if page.content_hash and page.changed is not None]
    assert fetched_twice
    assert not any(page.changed for page in fetched_twice)  # the farm did not change
    # The home page's load time is a clock reading of each run: compared apart, below.
    timed = {
        run: {row[0] for row in findings[run] if row[1] == "quality.load_time"} for run in (1, 2)
    }
    assert [row for row in findings[2] if row[1] != "quality.load_time"] == [
        row for row in findings[1] if row[1] != "quality.load_time"
    ]
    assert findings[1]
    with engine.connect() as connection:
        ids = dict(connection.execute(text("SELECT code, id FROM authorities")).all())
    cached_homes = {ids[p.code] for p in second if p.depth == 0 and not p.rendered and p.from_cache}
    assert cached_homes & timed[1]  # home pages timed in the first run, cached in the second
    assert not timed[2] & cached_homes  # none for a home page from the cache
    assert timed[2] == timed[1] - cached_homes  # the others downloaded, and timed, again
