"""Every finding stored carries when the crawl saw it: the fetch time of its evidence page
(the first of the site's pages whose final or requested URL is the evidence URL), else the
time its site was stored; never nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine, text

from crawler.items import Finding, PageRecord, SiteItem
from database.repository import create_run, pending_targets, store_site
from database.targets import import_file
from tests.conftest import CrawledFarm

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def page(requested: str, final: str, minutes: int) -> PageRecord:
    return PageRecord(
        requested_url=requested,
        final_url=final,
        http_status=200,
        content_type="text/html",
        bytes=100,
        fetched_at=START + timedelta(minutes=minutes),
        duration_ms=10.0,
        content_hash=f"hash-{requested}-{minutes}",
        depth=0 if requested.endswith("fr/") else 1,
    )


def finding(feature: str, evidence: str) -> Finding:
    return Finding(feature, f"value-of-{feature}", evidence, "snippet", "test/1")


def test_each_finding_is_dated_by_its_evidence_page_else_by_its_site(
    engine: Engine, tmp_path: Path
) -> None:
    targets = tmp_path / "targets.csv"
    targets.write_text(
        "code,name,kind,url,population\n01001,Essai,commune,http://essai.fr/,100\n",
        encoding="utf-8",
    )
    import_file(engine, targets)
    run_id = create_run(engine, {})
    (target,) = pending_targets(engine, run_id)
    stored_at = START + timedelta(hours=1)
    store_site(
        engine,
        SiteItem(
            run_id=run_id,
            authority_id=target.authority_id,
            website_id=target.website_id,
            status="ok",
            detail=None,
            start_url="http://essai.fr/",
            final_url="https://essai.fr/",
            started_at=START,
            finished_at=stored_at,
            pages=[
                # The home page redirected: asked at http, answered at https.
                page("http://essai.fr/", "https://essai.fr/", 0),
                page("https://essai.fr/contact", "https://essai.fr/contact", 3),
                # The same page again (rendered): the first fetch dates what it shows.
                page("https://essai.fr/contact", "https://essai.fr/contact", 5),
                page("https://essai.fr/old", "https://essai.fr/new", 7),
            ],
            findings=[
                finding("a11y.mention", "https://essai.fr/"),  # the final URL
                finding("legal.notice_url", "http://essai.fr/"),  # the requested URL
                finding("contact.form", "https://essai.fr/contact"),
                finding("tech.cms", "https://essai.fr/new"),
                finding("trackers.without_consent", "https://essai.fr/nowhere"),
            ],
        ),
    )
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT feature, seen_at FROM findings")).all()
    seen = {feature: datetime.fromisoformat(str(at)).replace(tzinfo=UTC) for feature, at in rows}
    assert seen == {
        "a11y.mention": START,
        "legal.notice_url": START,
        "contact.form": START + timedelta(minutes=3),
        "tech.cms": START + timedelta(minutes=7),
        "trackers.without_consent": stored_at,  # no page of the site is its evidence
    }


def test_a_crawled_farm_dates_every_finding_by_a_page_of_its_evidence(
    crawled_farm: CrawledFarm,
) -> None:
    """The first page of the evidence in crawl order (depth, then URL: the order of the
    site's item, in which the evidence itself was chosen)."""
    with crawled_farm.engine.connect() as connection:
        findings = connection.execute(
            text(
                "SELECT f.seen_at, (SELECT p.fetched_at FROM pages p WHERE p.run_id = f.run_id"
                "  AND p.website_id = f.website_id"
                "  AND (p.final_url = f.evidence_url OR p.requested_url = f.evidence_url)"
                "  ORDER BY p.depth, p.requested_url LIMIT 1)"
                " FROM findings f WHERE f.run_id = :run"
            ),
            {"run": crawled_farm.run_id},
        ).all()
    assert len(findings) > 100
    assert all(seen is not None for seen, _ in findings)
    # The farm's evidence is always a page the crawl fetched.
    assert [seen for seen, page in findings if seen != page] == []
