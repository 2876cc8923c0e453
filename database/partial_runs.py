"""Partial runs (`vigie crawl --only CODES | --status STATUSES [--from-run R]`): which
authorities a run crawls again, and every other one carried from its base run.

A partial run is a new run of kind `partial` whose base is a finished run R. At its creation,
in the same transaction, it carries from R every active authority not selected: its scan
(with `carried_from_run_id`, the run that measured it, and its original times), its pages,
findings, screenshot, outbound links and social accounts' checks and declarations, copied by
INSERT ... SELECT (nothing goes through Python: a national run's million findings are copied
by the database).
Its pending sites are then exactly the selected ones (and any active authority R did not
hold), which the crawl's usual machinery crawls and `--resume` finishes. Once finished the run
holds every authority, so it is the verbs' latest run: the correction merged with the rest
(docs/operations.md, "Re-measuring some authorities").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    Integer,
    Select,
    Table,
    delete,
    exists,
    func,
    insert,
    literal,
    select,
)
from sqlalchemy.orm import aliased

from database.models import (
    ACTIVE,
    AUTHORITY_KINDS,
    Authority,
    CrawlRun,
    FindingRow,
    OutboundLinkRow,
    PageRow,
    ScreenshotRow,
    SiteScan,
    SocialDeclaration,
    SocialProfile,
)
from database.repository import create_run, insert_run, latest_run_id, status_counts
from database.statuses import NOT_MEASURED, SCAN_STATUSES

FIND_CODES = (
    'find codes with: vigie query "SELECT kind, code, name FROM authorities WHERE name LIKE '
    "'%NAME%'\""
)
# Rows of one authority in one run, besides its scan and its pages (found by its website).
PER_AUTHORITY = (FindingRow, ScreenshotRow, SocialProfile, OutboundLinkRow)


class SelectionError(ValueError):
    """A partial run that cannot be made as asked; the message says why and what to do."""


@dataclass(frozen=True)
class PartialRequest:
    """What the command line asked: codes (`kind:code` where a code is shared by two kinds),
    statuses of the base run's scans, and the base run (default: the latest finished one)."""

    only: tuple[str, ...] = ()
    status: tuple[str, ...] = ()
    from_run: int | None = None

    def record(self) -> dict[str, Any]:
        """`crawl_runs.selection`: what was asked, as it was written."""
        return {
            **({"only": list(self.only)} if self.only else {}),
            **({"status": list(self.status)} if self.status else {}),
        }


@dataclass(frozen=True)
class Selection:
    """A request resolved against the database: the authorities to crawl again are those of
    `authority_ids` and those whose scan in the base run has one of `statuses`."""

    base_run_id: int
    authority_ids: tuple[int, ...]
    statuses: tuple[str, ...]
    record: dict[str, Any]


def check_request(request: PartialRequest | None, resume_run: int | None) -> None:
    """The options that cannot go together, before anything is read."""
    if request is None:
        return
    if resume_run is not None and (request.only or request.status):
        raise SelectionError(
            f"--only and --status start a new partial run, --resume {resume_run} continues "
            "one as it was made (its selection included): give one or the other"
        )
    if not request.only and not request.status:
        raise SelectionError(
            "--from-run names the run a partial run carries from: give --only CODE[,CODE...] "
            "or --status STATUS[,STATUS...] with it"
        )


def selection_for(
    engine: Engine, request: PartialRequest | None, resume_run: int | None
) -> Selection | None:
    """What a new run crawls again (None: a complete run, or a resumed one)."""
    check_request(request, resume_run)
    return None if request is None else resolve(engine, request)


def resolve(engine: Engine, request: PartialRequest) -> Selection:
    """The request as a selection over its base run; SelectionError when a code, a status or
    the base run is wrong, or when nothing is selected."""
    statuses = _checked_statuses(request.status)
    with engine.connect() as connection:
        base = _base_run(connection, engine, request.from_run)
        ids = _authority_ids(connection, request.only)
        selection = Selection(base, ids, statuses, request.record())
        if not _selected_count(connection, selection):
            held = ", ".join(f"{s} {n}" for s, n in status_counts(engine, base).items())
            raise SelectionError(
                f"the selection {_described(request)} matches no active authority of run "
                f"{base} (its scans' statuses: {held})"
            )
    return selection


def _checked_statuses(statuses: Sequence[str]) -> tuple[str, ...]:
    unknown = [status for status in statuses if status not in SCAN_STATUSES]
    if unknown:
        raise SelectionError(
            f"--status: unknown status {', '.join(map(repr, unknown))}; the statuses are "
            f"{', '.join(SCAN_STATUSES)} (docs/statuses.md)"
        )
    return tuple(dict.fromkeys(statuses))


def _base_run(connection: Connection, engine: Engine, from_run: int | None) -> int:
    """The run to carry from: named, or the latest finished one that stored sites."""
    if from_run is None:
        latest = latest_run_id(engine)
        if latest is None:
            raise SelectionError(
                "no finished run to base a partial run on: run a complete crawl first "
                "(vigie crawl), or finish one (vigie crawl --resume RUN)"
            )
        return latest
    run = connection.execute(
        select(CrawlRun.status).where(CrawlRun.id == from_run)
    ).scalar_one_or_none()
    if run is None:
        raise SelectionError(f"--from-run {from_run}: no such run (vigie runs lists them)")
    if run != "finished":
        raise SelectionError(
            f"--from-run {from_run}: the run is {run}, not finished: finish it first "
            f"(vigie crawl --resume {from_run}) or name a finished run"
        )
    stored = connection.execute(select(exists().where(SiteScan.run_id == from_run))).scalar()
    if not stored:
        raise SelectionError(f"--from-run {from_run}: the run stored no site; name another")
    return from_run


def _authority_ids(connection: Connection, tokens: Sequence[str]) -> tuple[int, ...]:
    """Each `code` or `kind:code` as one authority's id, or SelectionError naming the faulty."""
    ids: list[int] = []
    unknown: list[str] = []
    for token in tokens:
        kind, code = _kind_and_code(token)
        query = select(Authority.id, Authority.kind, Authority.retired_at).where(
            Authority.code == code
        )
        rows = connection.execute(query.where(Authority.kind == kind) if kind else query).all()
        if not rows:
            unknown.append(token)
        elif len(rows) > 1:
            kinds = " or ".join(f"{row.kind}:{code}" for row in rows)
            raise SelectionError(
                f"--only: code {code} is shared by {len(rows)} kinds: write {kinds}"
            )
        elif rows[0].retired_at is not None:
            raise SelectionError(
                f"--only: {rows[0].kind}:{code} is retired since "
                f"{rows[0].retired_at:%Y-%m-%d}: runs no longer crawl it (docs/schema.md)"
            )
        else:
            ids.append(rows[0].id)
    if unknown:
        raise SelectionError(f"--only: no authority with code {', '.join(unknown)}; {FIND_CODES}")
    return tuple(dict.fromkeys(ids))


def _kind_and_code(token: str) -> tuple[str | None, str]:
    kind, separator, code = token.strip().rpartition(":")
    kind = kind.strip().lower()
    if separator and kind not in AUTHORITY_KINDS:
        raise SelectionError(
            f"--only: unknown kind {kind!r} in {token!r}; kinds: {', '.join(AUTHORITY_KINDS)}"
        )
    code = code.strip().upper()  # Corsica's 2A, 2B
    if not code:
        raise SelectionError(f"--only: {token!r} names no code; {FIND_CODES}")
    return (kind or None), code


def _described(request: PartialRequest) -> str:
    parts = [f"--{name} {','.join(values)}" for name, values in request.record().items()]
    return " and ".join(parts)


def _selected(selection: Selection, scan: Any) -> ColumnElement[bool]:
    """Whether an authority (the `authority_id` of `scan`, a scan of the base run) is selected."""
    conditions = []
    if selection.authority_ids:
        conditions.append(scan.authority_id.in_(selection.authority_ids))
    if selection.statuses:
        conditions.append(scan.status.in_(selection.statuses))
    return conditions[0] if len(conditions) == 1 else conditions[0] | conditions[1]


def _selected_count(connection: Connection, selection: Selection) -> int:
    """Active authorities selected: those named, and those of the statuses in the base run."""
    by_status = select(SiteScan.authority_id).where(
        SiteScan.run_id == selection.base_run_id, SiteScan.status.in_(selection.statuses)
    )
    query = select(func.count()).where(
        ACTIVE, Authority.id.in_(selection.authority_ids) | Authority.id.in_(by_status)
    )
    return int(connection.execute(query).scalar_one())


def _carried_scans(selection: Selection, *columns: Any) -> Select[Any]:
    """`columns` of the base run's scans carried: active authorities not selected."""
    active = select(Authority.id).where(ACTIVE)
    return select(*columns).where(
        SiteScan.run_id == selection.base_run_id,
        SiteScan.authority_id.in_(active),
        ~_selected(selection, SiteScan),
    )


def new_run(engine: Engine, settings: dict[str, Any], selection: Selection | None) -> int:
    """A complete run, or a partial one when there is a selection."""
    if selection is None:
        return create_run(engine, settings)
    return create_partial_run(engine, settings, selection)


def create_partial_run(
    engine: Engine, settings: dict[str, Any], selection: Selection, now: datetime | None = None
) -> int:
    """A new partial run holding its carried authorities, made in one transaction: a failure
    leaves no half-carried run."""
    with engine.begin() as connection:
        run_id = insert_run(
            connection,
            settings,
            now,
            kind="partial",
            base_run_id=selection.base_run_id,
            selection=selection.record,
        )
        _carry(connection, run_id, selection)
        return run_id


def _carry(connection: Connection, run_id: int, selection: Selection) -> None:
    """Copy the carried authorities' rows of the base run into run `run_id`."""
    base = selection.base_run_id
    scans = SiteScan.__table__
    origin = func.coalesce(scans.c.carried_from_run_id, base)  # the run that measured it
    _copy(connection, scans, run_id, _carried_scans(selection, scans.c.id), {
        "carried_from_run_id": origin})  # fmt: skip
    websites = _carried_scans(selection, SiteScan.website_id).where(
        SiteScan.website_id.is_not(None)
    )
    pages = PageRow.__table__
    _copy(connection, pages, run_id, websites, key=pages.c.website_id, base=base)
    authorities = _carried_scans(selection, SiteScan.authority_id)
    for model in PER_AUTHORITY:
        table = model.__table__
        _copy(connection, table, run_id, authorities, key=table.c.authority_id, base=base)
    # An owner's declared figures are the campaign's, not the crawl's: every active
    # authority keeps them, the ones crawled again too.
    declarations = SocialDeclaration.__table__
    active = select(Authority.id).where(ACTIVE)
    _copy(connection, declarations, run_id, active, key=declarations.c.authority_id, base=base)


def _copy(
    connection: Connection,
    table: Any,
    run_id: int,
    keys: Select[Any],
    replaced: dict[str, Any] | None = None,
    *,
    key: Any = None,
    base: int | None = None,
) -> None:
    """INSERT INTO table SELECT its columns but `id`, in run `run_id`, `replaced` ones
    computed, from the rows whose `key` is in `keys` (in run `base`); without `key`, the rows
    whose id is in `keys`."""
    assert isinstance(table, Table)
    names = [column.name for column in table.columns if column.name != "id"]
    values = {name: table.c[name] for name in names}
    values.update(replaced or {})
    values["run_id"] = literal(run_id, Integer)
    source = select(*(values[name] for name in names))
    if key is None:
        source = source.where(table.c.id.in_(keys))
    else:
        source = source.where(table.c.run_id == base, key.in_(keys))
    connection.execute(insert(table).from_select(names, source))


def discard_uncrawled(engine: Engine, run_id: int) -> bool:
    """Remove a run whose command failed or was stopped before it stored a site of its own,
    with what it carried; True when it was removed (a complete run: when it stored none)."""
    own = exists().where(SiteScan.run_id == run_id, SiteScan.carried_from_run_id.is_(None))
    with engine.begin() as connection:
        if connection.execute(select(own)).scalar():
            return False
        for model in (SocialDeclaration, *PER_AUTHORITY, PageRow, SiteScan):
            connection.execute(delete(model).where(model.run_id == run_id))
        removed = connection.execute(delete(CrawlRun).where(CrawlRun.id == run_id)).rowcount
    return bool(removed)


@dataclass(frozen=True)
class PartialCounts:
    base_run_id: int
    crawled: int  # scans this run measured
    new: int  # of which, authorities the base run did not hold
    carried: int
    carried_not_measured: dict[str, int]  # NOT_MEASURED carried, by status


def partial_counts(engine: Engine, run_id: int) -> PartialCounts | None:
    """What a partial run crawled and carried; None for a complete run."""
    with engine.connect() as connection:
        base = connection.execute(
            select(CrawlRun.base_run_id).where(CrawlRun.id == run_id, CrawlRun.kind == "partial")
        ).scalar_one_or_none()
        if base is None:
            return None
        earlier = aliased(SiteScan)
        in_base = exists().where(
            earlier.run_id == base, earlier.authority_id == SiteScan.authority_id
        )
        own = SiteScan.carried_from_run_id.is_(None)
        crawled, new, carried = connection.execute(
            select(
                func.count().filter(own),
                func.count().filter(own & ~in_base),
                func.count().filter(~own),
            ).where(SiteScan.run_id == run_id)
        ).one()
        not_measured = connection.execute(
            select(SiteScan.status, func.count())
            .where(SiteScan.run_id == run_id, ~own, SiteScan.status.in_(NOT_MEASURED))
            .group_by(SiteScan.status)
        ).all()
    return PartialCounts(base, crawled, new, carried, dict(not_measured))
