"""Reads and writes of the crawl: runs, the targets still to scan, one site stored at a time."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass, fields
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, Select, delete, func, insert, select, true, update

from crawler.items import SiteItem, SocialProfileItem
from database.models import (
    ACTIVE,
    Authority,
    CrawlRun,
    FindingRow,
    PageRow,
    SiteScan,
    SocialProfile,
    Website,
)
from database.outbound_store import replace_extras
from database.page_changes import changed, earlier_hashes, fetch_key
from database.runs import latest_run_query
from database.seen_at import finding_rows
from database.statuses import NOT_MEASURED

# SiteItem fields stored as they are in site_scans; pages and findings have their own tables.
SCAN_COLUMNS = frozenset(SiteScan.__table__.columns.keys())
# A scan the run keeps: measured, or carried by a partial run whatever its status.
STANDS = SiteScan.status.not_in(NOT_MEASURED) | SiteScan.carried_from_run_id.is_not(None)


@dataclass(frozen=True)
class Target:
    authority_id: int
    website_id: int | None
    url: str | None
    name: str = ""


def create_run(engine: Engine, settings: dict[str, Any], now: datetime | None = None) -> int:
    with engine.begin() as connection:
        return insert_run(connection, settings, now)


def insert_run(
    connection: Connection, settings: dict[str, Any], now: datetime | None, **kind: Any
) -> int:
    """A new running run counting the active authorities as its targets; `kind`: the partial
    run's columns (`kind`, `base_run_id`, `selection`)."""
    targets = connection.execute(
        select(func.count()).select_from(Authority).where(ACTIVE)
    ).scalar_one()
    result = connection.execute(
        insert(CrawlRun).values(
            started_at=now or datetime.now(UTC),
            status="running",
            settings=settings,
            targets_count=targets,
            **kind,
        )
    )
    return int(result.inserted_primary_key[0])  # type: ignore[index]


def get_run(engine: Engine, run_id: int) -> CrawlRun | None:
    with engine.connect() as connection:
        return connection.execute(select(CrawlRun).where(CrawlRun.id == run_id)).first()  # type: ignore[return-value]


def _pending_query(
    run_id: int, shard: tuple[int, int], unmeasured: bool = True
) -> Select[int, int, str, str]:
    index, count = shard
    # A site not measured (its browser failed: NOT_MEASURED) is still to scan, but a run
    # needs none of them to be complete. A scan a partial run carried stands as it is: only
    # `vigie crawl --status` selects it again (database/partial_runs.py).
    stands = STANDS if unmeasured else true()
    scanned = select(SiteScan.authority_id).where(SiteScan.run_id == run_id, stands)
    return (
        select(Authority.id, Website.id, Website.url, Authority.name)
        .outerjoin(Website, (Website.authority_id == Authority.id) & Website.is_primary)
        .where(ACTIVE, Authority.id.not_in(scanned), Authority.id % count == index)
        .order_by(Authority.id)
    )


def pending_targets(engine: Engine, run_id: int, shard: tuple[int, int] = (0, 1)) -> list[Target]:
    """Authorities without a scan in this run, or whose site it could not measure
    (`NOT_MEASURED`), with their primary website if they have one.

    `shard` (index, count) keeps the authorities whose id modulo count is index: the part of
    the run one worker process crawls.
    """
    with engine.connect() as connection:
        return [Target(*row) for row in connection.execute(_pending_query(run_id, shard))]


def iter_pending_targets(
    engine: Engine, run_id: int, shard: tuple[int, int] = (0, 1), batch: int = 1000
) -> Iterator[Target]:
    """The same, read `batch` at a time in id order: a worker of a national run does not
    hold its whole share of the targets in memory."""
    last = 0
    while True:
        with engine.connect() as connection:
            rows = connection.execute(
                _pending_query(run_id, shard).where(Authority.id > last).limit(batch)
            ).all()
        if not rows:
            return
        yield from (Target(*row) for row in rows)
        last = rows[-1][0]


def pending_count(
    engine: Engine, run_id: int, shard: tuple[int, int] = (0, 1), *, unmeasured: bool = True
) -> int:
    """How many `pending_targets`; with `unmeasured` False, only the sites without a scan
    (what keeps a run from being complete: a site not measured has its scan, and a status
    that says to scan it again)."""
    pending = _pending_query(run_id, shard, unmeasured).subquery()
    query = select(func.count()).select_from(pending)
    with engine.connect() as connection:
        return int(connection.execute(query).scalar_one())


def target_of(engine: Engine, run_id: int, authority_id: int) -> Target | None:
    """One authority as a target of the run, or None when the run already scanned it (and
    could measure it)."""
    scanned = select(SiteScan.id).where(
        SiteScan.run_id == run_id,
        SiteScan.authority_id == authority_id,
        STANDS,
    )
    query = (
        select(Authority.id, Website.id, Website.url, Authority.name)
        .outerjoin(Website, (Website.authority_id == Authority.id) & Website.is_primary)
        .where(Authority.id == authority_id, ACTIVE, ~scanned.exists())
    )
    with engine.connect() as connection:
        row = connection.execute(query).first()
    return None if row is None else Target(*row)


def store_site(engine: Engine, item: SiteItem) -> None:
    """One transaction per site (a crash leaves it wholly stored or not at all). A scan of a
    site the run could not measure (`NOT_MEASURED`) is replaced, with its pages, findings and
    screenshot; storing any other scan again breaks the run's unique (run, authority) rule."""
    with engine.begin() as connection:
        _forget_unmeasured(connection, item.run_id, item.authority_id)
        replace_extras(connection, item)  # its screenshot and outbound links
        scan = {f.name: getattr(item, f.name) for f in fields(item) if f.name in SCAN_COLUMNS}
        connection.execute(insert(SiteScan).values(**scan, pages_fetched=len(item.pages)))
        if item.pages and item.website_id is not None:
            earlier = earlier_hashes(connection, item.run_id, item.website_id)
            connection.execute(
                insert(PageRow),
                [
                    {
                        "run_id": item.run_id,
                        "website_id": item.website_id,
                        **asdict(page),
                        "changed": changed(page.content_hash, earlier.get(fetch_key(page))),
                    }
                    for page in item.pages
                ],
            )
        if item.findings and item.website_id is not None:
            # Each finding dated by its evidence page's fetch time (database/seen_at.py).
            connection.execute(insert(FindingRow), finding_rows(item))


def _forget_unmeasured(connection: Connection, run_id: int, authority_id: int) -> None:
    """Delete the run's not-measured scan of an authority, its pages and its findings."""
    old = connection.execute(
        select(SiteScan.id, SiteScan.website_id).where(
            SiteScan.run_id == run_id,
            SiteScan.authority_id == authority_id,
            SiteScan.status.in_(NOT_MEASURED),
        )
    ).first()
    if old is None:
        return
    if old.website_id is not None:
        connection.execute(
            delete(PageRow).where(PageRow.run_id == run_id, PageRow.website_id == old.website_id)
        )
    connection.execute(
        delete(FindingRow).where(
            FindingRow.run_id == run_id, FindingRow.authority_id == authority_id
        )
    )
    connection.execute(delete(SiteScan).where(SiteScan.id == old.id))


def scan_exists(engine: Engine, item: SiteItem) -> bool:
    """Whether the run holds this site's scan already (asked after a commit whose outcome is
    unknown): a scan not measured that a measured one replaces does not count."""
    query = select(SiteScan.id).where(
        SiteScan.run_id == item.run_id, SiteScan.authority_id == item.authority_id
    )
    if item.status not in NOT_MEASURED:
        query = query.where(SiteScan.status.not_in(NOT_MEASURED))
    with engine.connect() as connection:
        return connection.execute(query).first() is not None


@dataclass(frozen=True)
class ProfileToCheck:
    authority_id: int
    platform: str
    url: str


def pending_profiles(engine: Engine, run_id: int) -> list[ProfileToCheck]:
    """Social accounts the run's sites link to (`social.*` findings) not yet checked; in a
    partial run, only those of the sites it crawled (a carried site's checks are its base
    run's, carried or not)."""
    checked = select(SocialProfile.authority_id, SocialProfile.url).where(
        SocialProfile.run_id == run_id
    )
    carried = select(SiteScan.authority_id).where(
        SiteScan.run_id == run_id, SiteScan.carried_from_run_id.is_not(None)
    )
    query = (
        select(FindingRow.authority_id, FindingRow.feature, FindingRow.value)
        .where(
            FindingRow.run_id == run_id,
            FindingRow.feature.like("social.%"),
            FindingRow.authority_id.not_in(carried),
        )
        .distinct()
        .order_by(FindingRow.authority_id, FindingRow.value)
    )
    with engine.connect() as connection:
        done = {(authority_id, url) for authority_id, url in connection.execute(checked)}
        return [
            ProfileToCheck(authority_id, feature.removeprefix("social."), url)
            for authority_id, feature, url in connection.execute(query)
            if (authority_id, url) not in done
        ]


def store_profile(engine: Engine, item: SocialProfileItem) -> None:
    with engine.begin() as connection:
        connection.execute(insert(SocialProfile).values(**asdict(item)))


def social_counts(engine: Engine, run_id: int) -> tuple[int, int]:
    """(profiles checked, profiles reachable) in a run."""
    with engine.connect() as connection:
        checked, reachable = connection.execute(
            select(func.count(), func.count().filter(SocialProfile.reachable)).where(
                SocialProfile.run_id == run_id
            )
        ).one()
        return checked, reachable


def finish_run(engine: Engine, run_id: int, now: datetime | None = None) -> str:
    """Record the run's counts; it is finished when every authority has a scan (a stop after
    the last site was stored too), else interrupted."""
    with engine.begin() as connection:

        def count(model: Any) -> int:
            return connection.execute(
                select(func.count()).select_from(model).where(model.run_id == run_id)
            ).scalar_one()

        sites_done = count(SiteScan)
        targets = connection.execute(
            select(CrawlRun.targets_count).where(CrawlRun.id == run_id)
        ).scalar_one()
        status = "finished" if sites_done >= targets else "interrupted"
        connection.execute(
            update(CrawlRun)
            .where(CrawlRun.id == run_id)
            .values(
                finished_at=now or datetime.now(UTC),
                status=status,
                sites_done=sites_done,
                pages_count=count(PageRow),
                findings_count=count(FindingRow),
            )
        )
        return status


def run_progress(engine: Engine, run_id: int) -> tuple[int, int, int, int]:
    """(targets, sites stored, pages fetched, sites stored with a problem) of a run, as it goes;
    a partial run's carried scans were stored at its creation, not crawled: none counts."""
    crawled = SiteScan.carried_from_run_id.is_(None)
    with engine.connect() as connection:
        targets = connection.execute(
            select(CrawlRun.targets_count).where(CrawlRun.id == run_id)
        ).scalar_one()
        carried, sites_done, pages, not_ok = connection.execute(
            select(
                func.count().filter(~crawled),
                func.count().filter(crawled),
                func.coalesce(func.sum(SiteScan.pages_fetched).filter(crawled), 0),
                func.count().filter(crawled, SiteScan.status.not_in(("ok", "no_website"))),
            ).where(SiteScan.run_id == run_id)
        ).one()
        return targets - carried, sites_done, int(pages), not_ok


def latest_run_id(engine: Engine) -> int | None:
    """The latest finished run that stored sites: the one a verb takes by default. A run still
    running, interrupted, or empty (its crawl failed) is never taken unless named."""
    with engine.connect() as connection:
        return connection.execute(latest_run_query()).scalar_one_or_none()


def status_counts(engine: Engine, run_id: int) -> dict[str, int]:
    with engine.connect() as connection:
        rows = connection.execute(
            select(SiteScan.status, func.count())
            .where(SiteScan.run_id == run_id)
            .group_by(SiteScan.status)
            .order_by(func.count().desc())
        )
        return {status: count for status, count in rows}


@dataclass(frozen=True)
class RunSummary:
    id: int
    started_at: datetime
    finished_at: datetime | None
    status: str
    targets: int
    scanned: int  # sites with a scan row
    ok: int  # of which crawled
    pages: int
    findings: int
    kind: str = "complete"  # or partial (`crawl_runs.kind`)
    base_run_id: int | None = None  # a partial run's base
    selection: dict[str, Any] | None = None  # what a partial run crawled again


def run_summaries(engine: Engine) -> list[RunSummary]:
    """Every crawl run, newest first, with what it holds counted from its rows."""

    def per_run(column: Any, *where: Any) -> dict[int, int]:
        query = select(column, func.count()).where(*where).group_by(column)
        return {run_id: count for run_id, count in connection.execute(query)}

    with engine.connect() as connection:
        runs = connection.execute(select(CrawlRun).order_by(CrawlRun.id.desc())).all()
        scanned = per_run(SiteScan.run_id)
        ok = per_run(SiteScan.run_id, SiteScan.status == "ok")
        pages = per_run(PageRow.run_id)
        findings = per_run(FindingRow.run_id)
    return [
        RunSummary(
            run.id,
            run.started_at,
            run.finished_at,
            run.status,
            run.targets_count,
            scanned.get(run.id, 0),
            ok.get(run.id, 0),
            pages.get(run.id, 0),
            findings.get(run.id, 0),
            run.kind,
            run.base_run_id,
            run.selection,
        )
        for run in runs
    ]


def prune_pages(
    engine: Engine, keep_last: int, dry_run: bool = False
) -> tuple[list[int], dict[int, int]]:
    """Delete the pages of runs older than the `keep_last` latest finished runs that stored
    sites (too few, or a running run: none); returns those kept and the pages gone per run."""
    stored = select(SiteScan.id).where(SiteScan.run_id == CrawlRun.id).exists()
    with engine.begin() as connection:
        kept = list(connection.execute(
            select(CrawlRun.id).where(CrawlRun.status == "finished", stored)
            .order_by(CrawlRun.id.desc()).limit(keep_last)).scalars())  # fmt: skip
        if len(kept) < keep_last:
            return kept, {}
        older = select(CrawlRun.id).where(CrawlRun.id < kept[-1], CrawlRun.status != "running")
        counts = {
            run_id: count
            for run_id, count in connection.execute(
                select(PageRow.run_id, func.count())
                .where(PageRow.run_id.in_(older))
                .group_by(PageRow.run_id)
            )
        }
        if not dry_run and counts:
            connection.execute(delete(PageRow).where(PageRow.run_id.in_(list(counts))))
    return kept, counts
