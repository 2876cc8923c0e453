"""A crawl run's life: who may crawl it (the run lock), reopening it, and removing it when the
command that created it failed before storing anything.

The lock dies with its holder, so that `kill -9` never leaves a stale one: on PostgreSQL a
session advisory lock held by one connection of the crawling process, on SQLite an `fcntl`
lock on one byte (the run's id) of a file beside the database. `vigie crawl` holds it
exclusively; the workers of a distributed crawl (`vigie queue work`) share it, so they never
run alongside a `vigie crawl` of the same run.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, Select, delete, exists, func, select, text, update
from sqlalchemy.exc import DBAPIError

from database.models import CrawlRun, SiteScan

# The first key of the two-key advisory lock: "vigi", so that Vigie's locks keep apart from
# the other users of a shared server.
ADVISORY_NAMESPACE = 0x76696769
LOCK_FILE_SUFFIX = "-crawl.lock"


class RunBusy(ValueError):
    """Another process is crawling the run: a usage error, like a run that does not exist
    (the verbs that catch ValueError say it in one line and exit 2)."""


@contextmanager
def run_lock(engine: Engine, run_id: int, shared: bool = False) -> Iterator[None]:
    """Hold the run's lock for the block, or raise RunBusy at once.

    `shared`: several holders at a time (distributed workers), none alongside an exclusive one.
    """
    busy = RunBusy(f"run {run_id} is being crawled by another process")
    if engine.dialect.name == "postgresql":
        with _advisory_lock(engine, run_id, shared, busy):
            yield
        return
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        yield  # no other process can open this database
        return
    with _file_lock(os.path.abspath(database) + LOCK_FILE_SUFFIX, run_id, shared, busy):
        yield


@contextmanager
def _advisory_lock(engine: Engine, run_id: int, shared: bool, busy: RunBusy) -> Iterator[None]:
    kind = "_shared" if shared else ""
    keys = {"namespace": ADVISORY_NAMESPACE, "run": run_id}
    # Autocommit: a session lock outlives transactions, and the connection must not sit idle
    # in a transaction for the length of a crawl.
    connection = engine.connect().execution_options(isolation_level="AUTOCOMMIT")
    try:
        taken = connection.execute(
            text(f"SELECT pg_try_advisory_lock{kind}(:namespace, :run)"), keys
        ).scalar_one()
        if not taken:
            raise busy
        try:
            yield
        finally:
            _advisory_unlock(connection, kind, keys)
    finally:
        with suppress(DBAPIError):
            connection.close()


def _advisory_unlock(connection: Connection, kind: str, keys: dict[str, int]) -> None:
    """Release the lock; never raise. If PostgreSQL restarted during the crawl, the lock's
    session is dead and the unlock fails: the session's end released the lock already, and an
    error here would replace the crawl's real result (its status, its exit code)."""
    try:
        connection.execute(text(f"SELECT pg_advisory_unlock{kind}(:namespace, :run)"), keys)
    except DBAPIError:
        # Whatever failed, the connection is dropped, not pooled: a live session that kept
        # the lock would refuse the run to everyone until this process ends.
        with suppress(DBAPIError):
            connection.invalidate()


@contextmanager
def _file_lock(path: str, run_id: int, shared: bool, busy: RunBusy) -> Iterator[None]:
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        mode = fcntl.LOCK_SH if shared else fcntl.LOCK_EX
        try:
            # One byte per run, at the run's id: one file serves every run.
            fcntl.lockf(descriptor, mode | fcntl.LOCK_NB, 1, run_id)
        except OSError:
            raise busy from None
        yield
    finally:
        # Releases the lock. The file stays, on purpose: removing it would let a process
        # that opened the old file and one that creates a new one both hold "the" lock.
        os.close(descriptor)


@dataclass(frozen=True)
class RunState:
    id: int
    status: str  # running, interrupted or finished
    targets: int
    scanned: int  # sites stored


def run_state(engine: Engine, run_id: int) -> RunState | None:
    scanned = select(func.count()).where(SiteScan.run_id == run_id).scalar_subquery()
    query = select(CrawlRun.id, CrawlRun.status, CrawlRun.targets_count, scanned).where(
        CrawlRun.id == run_id
    )
    with engine.connect() as connection:
        row = connection.execute(query).first()
    return None if row is None else RunState(*row)


def latest_run_query(before: int | None = None) -> Select[int]:
    """The latest finished run that stored sites (`repository.latest_run_id`, the verbs'
    default run); with `before`, the latest such run before that one."""
    stored = select(SiteScan.id).where(SiteScan.run_id == CrawlRun.id).exists()
    query = select(func.max(CrawlRun.id)).where(CrawlRun.status == "finished", stored)
    return query if before is None else query.where(CrawlRun.id < before)


def newest_run(engine: Engine) -> RunState | None:
    """The newest run, whatever its state (to say why no finished run is taken)."""
    with engine.connect() as connection:
        newest = connection.execute(select(func.max(CrawlRun.id))).scalar_one_or_none()
    return None if newest is None else run_state(engine, newest)


def reopen_run(engine: Engine, run_id: int) -> bool:
    """A resumed run is running again until its parent process records how it ended, unless it
    is finished and every target has a scan: re-measuring its sites not measured
    (`NOT_MEASURED`) does not reopen it, so it stays the verbs' default run meanwhile, and a
    stop cannot make it `interrupted`. True when it was reopened."""
    # The sites stored against the targets, as `finish_run` counts them.
    scanned = select(func.count()).where(SiteScan.run_id == run_id).scalar_subquery()
    complete = (CrawlRun.status == "finished") & (scanned >= CrawlRun.targets_count)
    with engine.begin() as connection:
        reopened = connection.execute(
            update(CrawlRun)
            .where(CrawlRun.id == run_id, ~complete)
            .values(status="running", finished_at=None)
        ).rowcount
    return bool(reopened)


def record_rendering(engine: Engine, run_id: int, rendering: bool) -> None:
    """Set the run's recorded `VIGIE_RENDERING` (`crawl_runs.settings`) to what a resume of it
    did: a run crawled without a browser, resumed with one, measured its JavaScript sites, and
    the truth it is checked against (`evaluation/truth.py`) follows this setting."""
    with engine.begin() as connection:
        recorded = connection.execute(
            select(CrawlRun.settings).where(CrawlRun.id == run_id)
        ).scalar_one_or_none()
        settings: dict[str, Any] = dict(recorded or {})
        if settings.get("VIGIE_RENDERING") == rendering:
            return
        settings["VIGIE_RENDERING"] = rendering
        connection.execute(update(CrawlRun).where(CrawlRun.id == run_id).values(settings=settings))


def discard_if_empty(engine: Engine, run_id: int) -> bool:
    """Remove a run that stored no site (its command failed or was stopped first), so that no
    empty run is taken for the latest; True when it was removed."""
    scanned = exists().where(SiteScan.run_id == run_id)
    with engine.begin() as connection:
        removed = connection.execute(
            delete(CrawlRun).where(CrawlRun.id == run_id, ~scanned)
        ).rowcount
    return bool(removed)
