"""A site's outbound links are written in its own transaction: with a measured scan only,
replaced with a scan not measured that a resumed run measures, and never twice."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError

from crawler.items import OutboundLink, SiteItem
from database.models import Authority, OutboundLinkRow, Website
from database.repository import create_run, pending_targets, store_site
from database.targets import import_file

AT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
LINK = OutboundLink(
    "service-public.fr", "www.service-public.fr", 2, "http://ville.fr/",
    "https://www.service-public.fr/", "Vos démarches",
)  # fmt: skip


def item(engine: Engine, run_id: int, status: str, links: list[OutboundLink]) -> SiteItem:
    (target,) = pending_targets(engine, run_id)
    return SiteItem(run_id, target.authority_id, target.website_id, status, None, target.url,
                    target.url, AT, AT, outbound=links)  # fmt: skip


def stored(engine: Engine) -> list[tuple[str, int, str]]:
    with engine.connect() as connection:
        query = select(OutboundLinkRow.domain, OutboundLinkRow.pages, OutboundLinkRow.anchor)
        return [tuple(row) for row in connection.execute(query)]


@pytest.fixture
def one_site(engine: Engine, tmp_path: Path) -> Engine:
    targets = tmp_path / "targets.csv"
    targets.write_text("code,name,kind,url,population\n44109,Ville,commune,http://ville.fr/,900\n")
    import_file(engine, targets)
    return engine


def test_a_measured_site_stores_its_links_and_only_once(one_site: Engine) -> None:
    run_id = create_run(one_site, {})
    store_site(one_site, item(one_site, run_id, "ok", [LINK]))
    assert stored(one_site) == [("service-public.fr", 2, "Vos démarches")]
    with pytest.raises(IntegrityError):  # the run's unique scan: the whole site refused
        store_site(one_site, item_like(one_site, run_id))
    assert stored(one_site) == [("service-public.fr", 2, "Vos démarches")]


def item_like(engine: Engine, run_id: int) -> SiteItem:
    """The same site once more (the run no longer lists it as pending)."""
    with engine.connect() as connection:
        authority_id, website_id = connection.execute(
            select(Authority.id, Website.id).join(Website, Website.authority_id == Authority.id)
        ).one()
    return SiteItem(run_id, authority_id, website_id, "ok", None, None, None, AT, AT,
                    outbound=[LINK])  # fmt: skip


def test_a_site_not_measured_has_none_and_its_measure_replaces_it(one_site: Engine) -> None:
    run_id = create_run(one_site, {})
    store_site(one_site, item(one_site, run_id, "render_failed", [LINK]))
    assert stored(one_site) == []
    store_site(one_site, item(one_site, run_id, "ok", [LINK]))  # vigie crawl --resume
    assert stored(one_site) == [("service-public.fr", 2, "Vos démarches")]
