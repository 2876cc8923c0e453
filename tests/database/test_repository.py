"""A worker reads its share of a run's pending sites a batch at a time, in id order; a site
the run could not measure is pending too, and its new scan replaces the old one."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, insert, text
from sqlalchemy.exc import IntegrityError

from crawler.items import Finding, PageRecord, SiteItem
from database.models import SiteScan
from database.repository import (
    Target,
    create_run,
    iter_pending_targets,
    pending_count,
    pending_targets,
    store_site,
    target_of,
)
from database.statuses import NOT_MEASURED
from database.targets import import_file


def test_pending_sites_read_in_batches_are_the_pending_sites(
    engine: Engine, tmp_path: Path
) -> None:
    targets = tmp_path / "targets.csv"
    targets.write_text(
        "code,name,kind,url,population\n"
        + "".join(f"0100{n},Commune {n},commune,http://c{n}.fr/,100\n" for n in range(1, 8)),
        encoding="utf-8",
    )
    import_file(engine, targets)
    run_id = create_run(engine, {})
    everything = pending_targets(engine, run_id)
    assert len(everything) == 7
    assert list(iter_pending_targets(engine, run_id, batch=2)) == everything
    with engine.begin() as connection:
        connection.execute(
            insert(SiteScan).values(
                run_id=run_id,
                authority_id=everything[2].authority_id,
                status="ok",
                finished_at=datetime.now(UTC),
            )
        )
    shard = (1, 2)
    left = [t for t in everything if t != everything[2] and t.authority_id % 2 == 1]
    assert list(iter_pending_targets(engine, run_id, shard, batch=1)) == left
    assert pending_count(engine, run_id, shard) == len(left)
    assert pending_count(engine, run_id) == 6


def one_site(engine: Engine, tmp_path: Path) -> Target:
    targets = tmp_path / "targets.csv"
    targets.write_text(
        "code,name,kind,url,population\n01001,Essai,commune,http://essai.fr/,100\n",
        encoding="utf-8",
    )
    import_file(engine, targets)
    create_run(engine, {})
    (target,) = pending_targets(engine, 1)
    return target


def scan(target: Target, status: str, pages: list[str], findings: list[str]) -> SiteItem:
    """A site's scan in run 1: its status, pages fetched at these URLs, findings of these
    features."""
    at = datetime.now(UTC)
    return SiteItem(
        run_id=1,
        authority_id=target.authority_id,
        website_id=target.website_id,
        status=status,
        detail=None,
        start_url=target.url,
        final_url=target.url,
        started_at=at,
        finished_at=at,
        pages=[PageRecord(url, url, 200, "text/html", 10, at, 1.0, "h", 0) for url in pages],
        findings=[Finding(f, "oui", "http://essai.fr/", "extrait", "test/1") for f in findings],
    )


def stored(engine: Engine) -> tuple[list[str], list[str], list[str]]:
    """The run's scan statuses, page URLs and finding features."""
    with engine.connect() as connection:
        return (
            list(connection.execute(text("SELECT status FROM site_scans")).scalars()),
            sorted(connection.execute(text("SELECT requested_url FROM pages")).scalars()),
            sorted(connection.execute(text("SELECT feature FROM findings")).scalars()),
        )


@pytest.mark.parametrize("status", sorted(NOT_MEASURED))
def test_a_site_not_measured_is_pending_and_its_new_scan_replaces_it(
    engine: Engine, tmp_path: Path, status: str
) -> None:
    target = one_site(engine, tmp_path)
    store_site(engine, scan(target, status, ["http://essai.fr/"], []))
    assert pending_targets(engine, 1) == [target]  # as a site without a scan
    assert pending_count(engine, 1) == 1
    assert pending_count(engine, 1, unmeasured=False) == 0  # the run is complete without it
    assert target_of(engine, 1, target.authority_id) == target
    pages = ["http://essai.fr/", "http://essai.fr/contact"]
    store_site(engine, scan(target, "ok", pages, ["legal.notice_url"]))
    assert stored(engine) == (["ok"], pages, ["legal.notice_url"])
    assert pending_count(engine, 1) == 0
    assert target_of(engine, 1, target.authority_id) is None


def test_a_scan_that_fails_to_store_leaves_the_one_not_measured_whole(
    engine: Engine, tmp_path: Path
) -> None:
    target = one_site(engine, tmp_path)
    store_site(engine, scan(target, "render_failed", ["http://essai.fr/"], []))
    twice = scan(target, "ok", ["http://essai.fr/"], ["legal.notice_url", "legal.notice_url"])
    with pytest.raises(IntegrityError):  # one transaction: the deletion is undone too
        store_site(engine, twice)
    assert stored(engine) == (["render_failed"], ["http://essai.fr/"], [])


def test_a_measured_scan_is_never_replaced(engine: Engine, tmp_path: Path) -> None:
    target = one_site(engine, tmp_path)
    store_site(engine, scan(target, "dns_failure", [], []))
    assert pending_count(engine, 1) == 0
    with pytest.raises(IntegrityError):
        store_site(engine, scan(target, "ok", ["http://essai.fr/"], ["legal.notice_url"]))
    assert stored(engine) == (["dns_failure"], [], [])
