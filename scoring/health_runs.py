"""Which two runs the health check compares (`vigie runs --health [--run R] [--against A]`).

R: named, or the latest finished run that stored sites (the verbs' default run). A: named,
or, for a partial run (`vigie crawl --only/--status`), its base run (what it re-measured part
of), else the latest finished run before R that stored sites. A usage error (a run that does
not exist, A not before R, a run that stored no site, no run to compare with) is a
`HealthUsageError`, one line that says what to do; an R not finished is `RunNotFinished`,
which a scheduler must hear as "not healthy yet" (docs/operations.md, "Health between runs").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, func, select

from database.models import CrawlRun, SiteScan
from database.runs import latest_run_query


class HealthUsageError(ValueError):
    """The runs asked for cannot be compared; the message says why and what to do."""


class RunNotFinished(Exception):
    """R is still running or was interrupted: nothing is compared."""


@dataclass(frozen=True)
class RunInfo:
    id: int
    status: str
    kind: str  # complete or partial
    base_run_id: int | None
    selection: dict[str, Any] | None
    targets: int
    scanned: int  # sites stored

    @property
    def held(self) -> str:
        return f"{self.scanned} of {self.targets} sites stored"


@dataclass(frozen=True)
class RunPair:
    run: RunInfo  # R
    against: RunInfo  # A
    why: str  # how A was chosen, in words
    newer_unfinished: RunInfo | None = None  # a newer run than the default R, not finished

    @property
    def warning(self) -> str | None:
        """What to say on stderr: A not finished, or a newer run left out."""
        if self.against.status != "finished":
            return (
                f"Warning: run {self.against.id}, compared with, is {self.against.status} "
                f"({self.against.held}): its figures cover those sites only."
            )
        if self.newer_unfinished is not None:
            newer = self.newer_unfinished
            return (
                f"Note: run {newer.id}, newer, is {newer.status} ({newer.held}): not compared; "
                f"name it with --run {newer.id} once it is finished."
            )
        return None


def _info(connection: Connection, run_id: int) -> RunInfo | None:
    scanned = select(func.count()).where(SiteScan.run_id == run_id).scalar_subquery()
    row = connection.execute(
        select(
            CrawlRun.id,
            CrawlRun.status,
            CrawlRun.kind,
            CrawlRun.base_run_id,
            CrawlRun.selection,
            CrawlRun.targets_count,
            scanned,
        ).where(CrawlRun.id == run_id)
    ).first()
    return None if row is None else RunInfo(*row)


def _finished_with_sites(connection: Connection, before: int | None = None) -> int | None:
    """The latest finished run that stored sites (before run `before`, when given)."""
    return connection.execute(latest_run_query(before)).scalar_one_or_none()


def _named(connection: Connection, run_id: int, option: str) -> RunInfo:
    info = _info(connection, run_id)
    if info is None:
        raise HealthUsageError(
            f"{option} {run_id}: no such crawl run in this database; `vigie runs` lists them"
        )
    return info


def _default_run(connection: Connection) -> tuple[RunInfo, RunInfo | None]:
    """The latest finished run that stored sites, and a newer run not finished, if any."""
    newest_id = connection.execute(select(func.max(CrawlRun.id))).scalar_one_or_none()
    if newest_id is None:
        raise HealthUsageError("No crawl run in this database: run `vigie crawl` first.")
    newest = _info(connection, newest_id)
    assert newest is not None
    latest = _finished_with_sites(connection)
    if latest is None:
        if newest.status == "finished":
            raise HealthUsageError(
                f"No finished crawl run that stored sites: run {newest.id} stored none; "
                "crawl again with `vigie crawl`."
            )
        raise RunNotFinished(
            f"No finished crawl run yet: the newest, run {newest.id}, is {newest.status} "
            f"({newest.held}); nothing compared."
        )
    run = _info(connection, latest)
    assert run is not None
    newer = newest if newest.id > latest and newest.status != "finished" else None
    return run, newer


def _default_against(connection: Connection, run: RunInfo) -> tuple[RunInfo, str]:
    if run.kind == "partial" and run.base_run_id is not None:
        base = _info(connection, run.base_run_id)
        if base is None or not base.scanned:
            raise HealthUsageError(
                f"Run {run.id} is a partial run of run {run.base_run_id}, which "
                f"{'is no longer in this database' if base is None else 'stored no site'}: "
                "name the run to compare with, --against A"
            )
        return base, "its base run"
    previous = _finished_with_sites(connection, before=run.id)
    if previous is None:
        raise HealthUsageError(
            f"Run {run.id} has no earlier finished run that stored sites to compare with "
            "(a first campaign has none): name one with --against A, or skip the check"
        )
    against = _info(connection, previous)
    assert against is not None
    return against, "the previous finished run"


def choose_runs(engine: Engine, run: int | None = None, against: int | None = None) -> RunPair:
    """R and A, or HealthUsageError / RunNotFinished saying why not."""
    with engine.connect() as connection:
        newer = None
        if run is None:
            chosen, newer = _default_run(connection)
        else:
            chosen = _named(connection, run, "--run")
        named = None if against is None else _named(connection, against, "--against")
        if named is not None and named.id >= chosen.id:
            raise HealthUsageError(
                f"--against {named.id}: run {named.id} is not before run {chosen.id}; the check "
                "compares a run with an earlier one: name an earlier run"
            )
        if named is not None and not named.scanned:
            raise HealthUsageError(
                f"--against {named.id}: run {named.id} stored no site, nothing to compare "
                "with; name another (`vigie runs` lists them)"
            )
        if chosen.status != "finished":
            advice = (
                "wait for it to finish (if its crawl was killed: `vigie crawl --resume "
                f"{chosen.id}`)"
                if chosen.status == "running"
                else f"finish it with `vigie crawl --resume {chosen.id}`"
            )
            raise RunNotFinished(
                f"Run {chosen.id} is {chosen.status} ({chosen.held}): not finished, nothing "
                f"compared; {advice}, then check again."
            )
        if not chosen.scanned:
            raise HealthUsageError(
                f"--run {chosen.id}: run {chosen.id} stored no site, there is nothing to "
                "check; `vigie runs` lists the runs"
            )
        if named is None:
            against_run, why = _default_against(connection, chosen)
        else:
            against_run, why = named, "named with --against"
    return RunPair(chosen, against_run, why, newer)
