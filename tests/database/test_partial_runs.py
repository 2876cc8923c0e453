"""A partial run (`vigie crawl --only/--status`) carries from its base run every active
authority it does not select, row for row with their times, in one INSERT ... SELECT per table
(on SQLite and PostgreSQL); its pending sites are exactly the selected ones; once they are
stored, the views read the correction merged with the rest. Every wrong selection is one
clear SelectionError."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, insert, select, text, update

from crawler.items import (
    Finding,
    OutboundLink,
    PageRecord,
    Screenshot,
    SiteItem,
    SocialProfileItem,
)
from database import open_database
from database.models import Authority, CrawlRun, SiteScan, SocialDeclaration
from database.partial_runs import (
    PartialRequest,
    SelectionError,
    create_partial_run,
    discard_uncrawled,
    partial_counts,
    resolve,
    selection_for,
)
from database.repository import (
    create_run,
    finish_run,
    latest_run_id,
    pending_count,
    pending_profiles,
    pending_targets,
    run_progress,
    store_profile,
    store_site,
    target_of,
)
from database.targets import import_file

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
# code, kind, the status of its scan in the base run (None: no website listed).
AUTHORITIES = {
    ("commune", "44109"): "ok",
    ("commune", "01001"): "timeout",
    ("commune", "01002"): "render_failed",
    ("commune", "01003"): "no_website",
    ("departement", "44"): "ok",
    ("region", "44"): "ok",
}
# Every table a run's rows live in, with how a row names its authority.
TABLES = {
    "site_scans": "s.authority_id",
    "pages": "(SELECT w.authority_id FROM websites w WHERE w.id = s.website_id)",
    "findings": "s.authority_id",
    "screenshots": "s.authority_id",
    "social_profiles": "s.authority_id",
    "social_declarations": "s.authority_id",
    "outbound_links": "s.authority_id",
}
ID_COLUMNS = {"id", "run_id", "carried_from_run_id"}


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A database holding the six authorities; on PostgreSQL too where one answers."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'vigie.db'}"
    else:
        url = request.getfixturevalue("postgres_url")
    engine = open_database(url)
    targets = tmp_path / "targets.csv"
    lines = ["code,name,kind,url,population"]
    for (kind, code), status in AUTHORITIES.items():
        url_of = "" if status == "no_website" else f"http://{kind}-{code}.fr/"
        lines.append(f"{code},{kind.title()} {code},{kind},{url_of},1000")
    targets.write_text("\n".join(lines) + "\n", encoding="utf-8")
    import_file(engine, targets)
    yield engine
    engine.dispose()


def ids(engine: Engine) -> dict[tuple[str, str], int]:
    with engine.connect() as connection:
        rows = connection.execute(select(Authority.kind, Authority.code, Authority.id))
        return {(kind, code): authority_id for kind, code, authority_id in rows}


def measured(
    engine: Engine,
    run_id: int,
    kind: str,
    code: str,
    status: str,
    minutes: int,
    declared: bool = False,
) -> None:
    """Store one authority's scan in a run: pages, findings, a screenshot and a social
    account's check when it is ok, all dated from `minutes` after START; and a declared
    account (`vigie social import`) when `declared`."""
    (target,) = [
        t for t in pending_targets(engine, run_id) if t.authority_id == ids(engine)[kind, code]
    ]
    at = START + timedelta(minutes=minutes)
    ok = status == "ok"
    home = target.url or ""
    pages = [] if target.url is None else [
        PageRecord(home, home, 200 if ok else None, "text/html", 100, at, 5.0, f"h{minutes}", 0),
        *([PageRecord(home + "contact", home + "contact", 200, "text/html", 50,
                      at + timedelta(seconds=30), 4.0, f"c{minutes}", 1)] if ok else []),
    ]  # fmt: skip
    account = f"https://mastodon.example/@{kind}{code}"
    findings = [
        Finding("legal.notice_url", home + "mentions", home, "Mentions", "legal/1"),
        Finding("social.mastodon", account, home + "contact", "<a>", "social/2"),
    ]
    store_site(
        engine,
        SiteItem(
            run_id=run_id,
            authority_id=target.authority_id,
            website_id=target.website_id,
            status=status,
            detail=None if ok else f"{status} at {minutes}",
            start_url=target.url,
            final_url=target.url,
            started_at=at - timedelta(seconds=10),
            finished_at=at + timedelta(minutes=1),
            pages=pages,
            findings=findings if ok else [],
            screenshot=Screenshot(home, at, "image/jpeg", b"\xff\xd8" + code.encode())
            if ok
            else None,
            outbound=[
                OutboundLink(
                    "service-public.fr",
                    "www.service-public.fr",
                    1,
                    home,
                    "https://www.service-public.fr/",
                    f"Démarches {minutes}",
                )
            ],
        ),
    )
    if ok:
        store_profile(
            engine,
            SocialProfileItem(run_id, target.authority_id, "mastodon", account, True, at,
                              followers=10 + minutes),
        )  # fmt: skip
    if ok and declared:
        with engine.begin() as connection:
            connection.execute(
                insert(SocialDeclaration).values(
                    run_id=run_id, authority_id=target.authority_id, platform="facebook",
                    url=f"https://facebook.com/{kind}{code}", followers=100, as_of="2026-03-01",
                    source="declared.csv", imported_at=at,
                )
            )  # fmt: skip


def base_run(engine: Engine) -> int:
    """Run 1, complete and finished: each authority with its status of AUTHORITIES."""
    run_id = create_run(engine, {}, now=START)
    for minute, ((kind, code), status) in enumerate(AUTHORITIES.items()):
        measured(engine, run_id, kind, code, status, minute * 10, declared=True)
    assert finish_run(engine, run_id) == "finished"
    return run_id


def rows(engine: Engine, run_id: int) -> dict[str, set[tuple[Any, ...]]]:
    """Every row of a run, by table, with its authority's id and without ids, run or origin."""
    found = {}
    with engine.connect() as connection:
        for table, authority in TABLES.items():
            result = connection.execute(
                text(f"SELECT {authority} AS owner, s.* FROM {table} s WHERE s.run_id = :run"),
                {"run": run_id},
            )
            keep = [i for i, name in enumerate(result.keys()) if name not in ID_COLUMNS]
            found[table] = {tuple(row[i] for i in keep) for row in result}
    return found


def owned_by(table_rows: dict[str, set[tuple[Any, ...]]], owners: set[int]) -> dict[str, set]:
    return {
        table: {row for row in found if row[0] in owners} for table, found in table_rows.items()
    }


def origins(engine: Engine, run_id: int) -> dict[int, int | None]:
    with engine.connect() as connection:
        query = select(SiteScan.authority_id, SiteScan.carried_from_run_id)
        return dict(connection.execute(query.where(SiteScan.run_id == run_id)).all())


def partial(engine: Engine, **asked: Any) -> int:
    return create_partial_run(engine, {}, resolve(engine, PartialRequest(**asked)))


def test_a_partial_run_carries_every_other_authority_row_for_row(db: Engine) -> None:
    base = base_run(db)
    every = ids(db)
    timed_out = every["commune", "01001"]
    run_id = partial(db, status=("timeout",))
    carried = set(every.values()) - {timed_out}
    assert owned_by(rows(db, run_id), carried) == owned_by(rows(db, base), carried)
    assert all(rows(db, run_id).values())  # every table has carried rows
    assert origins(db, run_id) == dict.fromkeys(carried, base)
    with db.connect() as connection:
        run = connection.execute(select(CrawlRun).where(CrawlRun.id == run_id)).one()
    assert (run.kind, run.base_run_id, run.selection) == ("partial", base, {"status": ["timeout"]})
    assert run.targets_count == len(AUTHORITIES)
    # Only the selected site is pending; the carried render_failed one stands as carried.
    assert [target.authority_id for target in pending_targets(db, run_id)] == [timed_out]
    assert target_of(db, run_id, every["commune", "01002"]) is None
    # Its declared figures are the campaign's: kept although its site is crawled again.
    with db.connect() as connection:
        declared = connection.execute(
            select(SocialDeclaration.authority_id).where(SocialDeclaration.run_id == run_id)
        ).scalars()
        assert set(declared) == {
            every[key] for key, status in AUTHORITIES.items() if status == "ok"
        }


def test_the_crawled_site_fixes_its_findings_and_the_views_read_them_merged(db: Engine) -> None:
    base = base_run(db)
    run_id = partial(db, status=("timeout",))
    assert latest_run_id(db) == base  # not finished yet
    # Its progress is the selection's: the carried scans were not crawled.
    assert run_progress(db, run_id) == (1, 0, 0, 0)
    measured(db, run_id, "commune", "01001", "ok", 100)  # the site answers this time
    assert run_progress(db, run_id)[:2] == (1, 1)
    assert run_progress(db, run_id)[3] == 0
    assert finish_run(db, run_id) == "finished"
    assert latest_run_id(db) == run_id
    counts = partial_counts(db, run_id)
    assert counts is not None
    assert (counts.crawled, counts.new, counts.carried) == (1, 0, len(AUTHORITIES) - 1)
    assert counts.carried_not_measured == {"render_failed": 1}
    with db.connect() as connection:
        latest = connection.execute(
            text(
                "SELECT code, kind, run_id, feature FROM latest_findings ORDER BY kind, code, feature"
            )
        ).all()
        statuses: dict[str, str] = dict(
            connection.execute(
                text("SELECT a.code || a.kind, l.status FROM latest_scans l "
                     "JOIN authorities a ON a.id = l.authority_id")
            ).all()
        )  # fmt: skip
    ok = sorted(key for key, status in AUTHORITIES.items() if status == "ok") + [
        ("commune", "01001")
    ]
    assert sorted(latest) == sorted(
        (code, kind, run_id, feature)
        for kind, code in ok
        for feature in ("legal.notice_url", "social.mastodon")
    )
    assert statuses["01001commune"] == "ok"
    assert statuses["01002commune"] == "render_failed"


def test_a_partial_run_of_a_partial_run_carries_the_run_that_measured(db: Engine) -> None:
    base = base_run(db)
    every = ids(db)
    first = partial(db, status=("timeout",))
    measured(db, first, "commune", "01001", "ok", 100)
    finish_run(db, first)
    second = partial(db, only=("44109",))
    expected = dict.fromkeys(set(every.values()) - {every["commune", "44109"]}, base)
    expected[every["commune", "01001"]] = first
    assert origins(db, second) == expected
    kept = set(expected)
    assert owned_by(rows(db, second), kept) == owned_by(rows(db, first), kept)
    with db.connect() as connection:
        times = connection.execute(
            select(SiteScan.run_id, SiteScan.started_at, SiteScan.finished_at).where(
                SiteScan.authority_id == every["commune", "01001"]
            )
        ).all()
    (measured_then,) = {(start, end) for run, start, end in times if run in (first, second)}
    started = measured_then[0]  # SQLite gives it back without its zone, UTC
    assert started is not None
    assert started.replace(tzinfo=started.tzinfo or UTC) == START + timedelta(
        minutes=99, seconds=50
    )


def test_the_social_pass_of_a_partial_run_checks_only_the_accounts_it_crawled(db: Engine) -> None:
    base = base_run(db)
    every = ids(db)
    with db.begin() as connection:  # the base run's social pass never ran
        connection.execute(text("DELETE FROM social_profiles"))
    assert len(pending_profiles(db, base)) == 3
    run_id = partial(db, only=("departement:44",))
    assert pending_profiles(db, run_id) == []  # its site is not crawled yet
    measured(db, run_id, "departement", "44", "ok", 200)
    with db.begin() as connection:
        connection.execute(text("DELETE FROM social_profiles WHERE run_id = :run"), {"run": run_id})
    assert [p.authority_id for p in pending_profiles(db, run_id)] == [every["departement", "44"]]


def test_a_partial_run_that_crawled_nothing_is_removed_with_what_it_carried(db: Engine) -> None:
    base = base_run(db)
    before = rows(db, base)
    run_id = partial(db, only=("01003",))
    assert pending_count(db, run_id) == 1
    assert discard_uncrawled(db, run_id)
    assert all(not found for found in rows(db, run_id).values())
    assert rows(db, base) == before
    with db.connect() as connection:
        assert connection.execute(select(CrawlRun.id)).scalars().all() == [base]
    # One that crawled a site of its own stays, for --resume.
    run_id = partial(db, only=("01003",))
    measured(db, run_id, "commune", "01003", "no_website", 300)
    assert not discard_uncrawled(db, run_id)


def test_an_active_authority_the_base_run_did_not_hold_is_crawled_too(
    db: Engine, tmp_path: Path
) -> None:
    base_run(db)
    more = tmp_path / "more.csv"
    more.write_text("code,name,kind,url,population\n01004,Nouvelle,commune,http://n.fr/,10\n")
    import_file(db, more)
    run_id = partial(db, only=("01001",))
    pending = {target.authority_id for target in pending_targets(db, run_id)}
    assert pending == {ids(db)["commune", "01001"], ids(db)["commune", "01004"]}
    measured(db, run_id, "commune", "01004", "ok", 400)
    counts = partial_counts(db, run_id)
    assert counts is not None
    assert (counts.crawled, counts.new, counts.carried) == (1, 1, len(AUTHORITIES) - 1)


def test_a_retired_authority_is_neither_carried_nor_selectable(db: Engine) -> None:
    base = base_run(db)
    with db.begin() as connection:
        connection.execute(
            update(Authority).where(Authority.code == "01002").values(retired_at=START)
        )
    run_id = partial(db, status=("timeout",))
    assert ids(db)["commune", "01002"] not in origins(db, run_id)
    with pytest.raises(SelectionError, match="commune:01002 is retired since 2026-03-02"):
        resolve(db, PartialRequest(only=("01002",), from_run=base))
    with pytest.raises(SelectionError, match="matches no active authority of run 1"):
        resolve(db, PartialRequest(status=("render_failed",)))


WRONG = [
    (PartialRequest(only=("99999",)), "--only: no authority with code 99999; find codes with"),
    (PartialRequest(only=("44",)), "code 44 is shared by 2 kinds: write departement:44 or region:44"),
    (PartialRequest(only=("canton:44",)), "unknown kind 'canton' in 'canton:44'; kinds: commune"),
    (PartialRequest(only=("",)), "names no code"),
    (PartialRequest(status=("timout",)), "unknown status 'timout'; the statuses are ok, no_website"),
    (PartialRequest(from_run=1), "--from-run names the run a partial run carries from: give --only"),
    (PartialRequest(status=("parked",)), "matches no active authority of run 1 (its scans' statuses: ok 3"),
    (PartialRequest(only=("01001",), from_run=7), "--from-run 7: no such run"),
]  # fmt: skip


@pytest.mark.parametrize(("request_", "said"), WRONG)
def test_a_wrong_selection_says_what_is_wrong(
    db: Engine, request_: PartialRequest, said: str
) -> None:
    base_run(db)
    with pytest.raises(SelectionError) as raised:
        selection_for(db, request_, None)
    assert said in str(raised.value)
    assert "\n" not in str(raised.value)


def test_a_base_run_must_be_finished_and_hold_sites(db: Engine) -> None:
    with pytest.raises(SelectionError, match="no finished run to base a partial run on"):
        resolve(db, PartialRequest(only=("01001",)))
    empty = create_run(db, {})
    with db.begin() as connection:  # as a run of no target would be
        connection.execute(update(CrawlRun).values(status="finished"))
    with pytest.raises(SelectionError, match=f"--from-run {empty}: the run stored no site"):
        resolve(db, PartialRequest(only=("01001",), from_run=empty))
    running = create_run(db, {})
    with pytest.raises(SelectionError, match="the run is running, not finished: finish it"):
        resolve(db, PartialRequest(only=("01001",), from_run=running))
    with pytest.raises(SelectionError, match="--resume 3 continues one as it was made"):
        selection_for(db, PartialRequest(only=("01001",)), 3)
