"""A second run of the same targets: conditional requests, pages that did not change."""

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
                "SELECT p.run_id, p.from_cache, p.changed, p.http_status, p.content_hash, a.code "
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
    assert not any(page.from_cache for page in first)
    assert all(page.changed is None for page in first)  # nothing to compare with yet
    validating = {site.code for site in farm.sites() if site.cache_validators}
    revalidated = [page for page in second if page.from_cache]
    assert revalidated  # 304 Not Modified: the body came from the cache
    assert {page.code for page in revalidated} <= validating
    fetched_twice = [page for page in second if page.content_hash and page.changed is not None]
    assert fetched_twice
    assert not any(page.changed for page in fetched_twice)  # the farm did not change
    assert findings[2] == findings[1]
    assert findings[1]
