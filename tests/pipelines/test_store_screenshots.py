"""A site's screenshot is stored in the site's transaction: replaced with the site when a
resumed run measures a site it could not, never kept for a site not measured, and untouched
by a second copy of a site the run holds already."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import IntegrityError

from crawler.items import PageRecord, Screenshot, SiteItem
from database.repository import create_run, pending_targets, store_site
from database.targets import import_file

WHEN = datetime(2026, 11, 29, 10, 30, tzinfo=UTC)


def site(engine: Engine, tmp_path: Path) -> tuple[int, int, int]:
    """One commune imported and a run made: (run, authority, website)."""
    targets = tmp_path / "targets.csv"
    targets.write_text(
        "code,name,kind,url,population\n87001,Bellac,commune,https://bellac.fr/,4000\n"
    )
    import_file(engine, targets)
    run_id = create_run(engine, {})
    (target,) = pending_targets(engine, run_id)
    return run_id, target.authority_id, int(target.website_id or 0)


def item(ids: tuple[int, int, int], status: str, image: bytes | None) -> SiteItem:
    run_id, authority_id, website_id = ids
    error = None if status == "ok" else "render failed: browser closed"
    page = PageRecord("https://bellac.fr/", "https://bellac.fr/", 200, "text/html", 10, WHEN,
                      1.0, None, 0, error=error)  # fmt: skip
    shot = None if image is None else Screenshot("https://bellac.fr/", WHEN, "image/jpeg", image)
    return SiteItem(run_id, authority_id, website_id, status, None, "https://bellac.fr/",
                    "https://bellac.fr/", WHEN, WHEN, [page], [], shot)  # fmt: skip


def screenshots(engine: Engine) -> list[tuple[int, int, str, bytes]]:
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT run_id, authority_id, url, image FROM screenshots ORDER BY id")
        ).all()
    return [tuple(row) for row in rows]  # type: ignore[misc]


def test_a_site_measured_on_resume_ends_with_the_screenshot_of_an_uninterrupted_run(
    engine: Engine, tmp_path: Path
) -> None:
    ids = site(engine, tmp_path)
    store_site(engine, item(ids, "render_failed", b"first browser"))
    assert screenshots(engine) == []  # a site not measured keeps none
    store_site(engine, item(ids, "ok", b"second browser"))
    assert screenshots(engine) == [(ids[0], ids[1], "https://bellac.fr/", b"second browser")]


def test_a_measured_site_without_a_screenshot_has_no_row(engine: Engine, tmp_path: Path) -> None:
    store_site(engine, item(site(engine, tmp_path), "ok", None))
    assert screenshots(engine) == []


def test_a_second_copy_of_a_stored_site_leaves_its_screenshot(
    engine: Engine, tmp_path: Path
) -> None:
    ids = site(engine, tmp_path)
    store_site(engine, item(ids, "ok", b"kept"))
    with pytest.raises(IntegrityError):
        store_site(engine, item(ids, "ok", b"other worker"))
    assert [image for *_, image in screenshots(engine)] == [b"kept"]
