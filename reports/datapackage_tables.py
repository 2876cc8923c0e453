"""The rows of the data package's tables (`reports/datapackage_schema.py` gives their
columns, in the same order), read from the database for one run and one scope. Findings are
read in batches: a national run has millions."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Connection, and_, func, select
from sqlalchemy.orm import aliased

from database.geography import DEPARTEMENTS, REGIONS
from database.models import Authority, CrawlRun, FindingRow, Score, SiteScan
from reports.labels import STATUS_LABELS

BATCH = 10_000


@dataclass(frozen=True)
class Reading:
    """What one package reads: a run, the authorities of a scope, a scoring model version."""

    connection: Connection
    run_id: int
    conditions: list[ColumnElement[bool]]
    model_version: str


def run_rows(reading: Reading) -> Iterator[tuple[Any, ...]]:
    """The run exported and every run it refers to (its base run, the runs it carries
    measurements from, and theirs), by id."""
    connection = reading.connection
    wanted: set[int] = {reading.run_id}
    seen: set[int] = set()
    rows = []
    while wanted - seen:
        ids = sorted(wanted - seen)
        seen |= set(ids)
        for run in connection.execute(select(CrawlRun.__table__).where(CrawlRun.id.in_(ids))):
            rows.append(run)
            if run.base_run_id is not None:
                wanted.add(run.base_run_id)
        wanted |= {
            run_id
            for run_id in connection.execute(
                select(SiteScan.carried_from_run_id)
                .where(SiteScan.run_id.in_(ids), SiteScan.carried_from_run_id.is_not(None))
                .distinct()
            ).scalars()
            if run_id is not None
        }
    for run in sorted(rows, key=lambda run: run.id):
        settings = run.settings or {}
        yield (
            run.id,
            run.id == reading.run_id,
            run.kind,
            run.base_run_id,
            run.selection,
            run.status,
            run.started_at,
            run.finished_at,
            run.targets_count,
            run.sites_done,
            settings.get("VIGIE_RENDERING"),
            bool(settings.get("VIGIE_FARM_HOSTS")) if settings else None,
            settings.get("VIGIE_PAGE_BUDGET"),
        )


def authority_rows(reading: Reading) -> Iterator[tuple[Any, ...]]:
    """The scope's authorities, and every authority one of them merged into (its successor
    may lie outside the scope), by kind and code."""
    connection = reading.connection
    successor = aliased(Authority)
    query = select(
        Authority.__table__,
        successor.kind.label("successor_kind"),
        successor.code.label("successor_code"),
    ).outerjoin(successor, successor.id == Authority.successor_id)
    rows = {row.id: row for row in connection.execute(query.where(*reading.conditions))}
    missing = {row.successor_id for row in rows.values()} - set(rows) - {None}
    while missing:
        found = connection.execute(query.where(Authority.id.in_(sorted(missing)))).all()
        rows.update((row.id, row) for row in found)
        missing = {row.successor_id for row in found} - set(rows) - {None}
    for authority in sorted(rows.values(), key=lambda row: (row.kind, row.code)):
        yield (
            authority.kind,
            authority.code,
            authority.name,
            authority.departement_code,
            DEPARTEMENTS.get(authority.departement_code or ""),
            authority.region_code,
            REGIONS.get(authority.region_code or ""),
            authority.population,
            authority.stratum,
            authority.retired_at,
            authority.successor_kind,
            authority.successor_code,
            authority.retired_reason,
        )


def scan_rows(reading: Reading) -> Iterator[tuple[Any, ...]]:
    """Each authority of the scope scanned in the run, with how its crawl ended."""
    query = (
        select(
            SiteScan.run_id,
            Authority.kind,
            Authority.code,
            SiteScan.status,
            SiteScan.detail,
            SiteScan.start_url,
            SiteScan.final_url,
            SiteScan.pages_fetched,
            SiteScan.started_at,
            SiteScan.finished_at,
            SiteScan.carried_from_run_id,
        )
        .join(Authority, Authority.id == SiteScan.authority_id)
        .where(SiteScan.run_id == reading.run_id, *reading.conditions)
        .order_by(Authority.kind, Authority.code)
    )
    for row in reading.connection.execute(query):
        (run_id, kind, code, status, *rest, carried) = row
        yield (
            run_id, kind, code, status, STATUS_LABELS.get(status, status),
            *rest, carried, carried or run_id,
        )  # fmt: skip


def finding_rows(reading: Reading) -> Iterator[tuple[Any, ...]]:
    """Each finding of the scope's authorities in the run, one row each, with the run that
    saw it (a partial run carries its unselected authorities' findings)."""
    query = (
        select(
            FindingRow.run_id,
            Authority.kind,
            Authority.code,
            Authority.name,
            FindingRow.feature,
            FindingRow.value,
            FindingRow.evidence_url,
            FindingRow.snippet,
            FindingRow.detector,
            FindingRow.seen_at,
            SiteScan.carried_from_run_id,
        )
        .join(Authority, Authority.id == FindingRow.authority_id)
        .join(
            SiteScan,
            and_(
                SiteScan.run_id == FindingRow.run_id,
                SiteScan.authority_id == FindingRow.authority_id,
            ),
        )
        .where(FindingRow.run_id == reading.run_id, *reading.conditions)
        .order_by(Authority.kind, Authority.code, FindingRow.feature, FindingRow.value)
        .execution_options(yield_per=BATCH)
    )
    for row in reading.connection.execute(query):
        (run_id, kind, code, name, feature, value, evidence, snippet, detector, seen, carried) = row
        name_part, _, version = detector.rpartition("/")
        yield (
            run_id, kind, code, name, feature, value, evidence, snippet,
            name_part or version, version if name_part else None,
            seen, carried, carried or run_id,
        )  # fmt: skip


def features_found(reading: Reading) -> list[str]:
    """The feature keys of the run's findings in the scope."""
    query = (
        select(FindingRow.feature)
        .join(Authority, Authority.id == FindingRow.authority_id)
        .where(FindingRow.run_id == reading.run_id, *reading.conditions)
        .distinct()
    )
    return list(reading.connection.execute(query).scalars())


def _scores(reading: Reading) -> Any:
    return reading.connection.execute(
        select(Score.__table__, Authority.kind.label("kind"), Authority.code.label("code"))
        .join(Authority, Authority.id == Score.authority_id)
        .where(
            Score.run_id == reading.run_id,
            Score.model_version == reading.model_version,
            *reading.conditions,
        )
        .order_by(Authority.kind, Authority.code)
    )


def score_rows(reading: Reading) -> Iterator[tuple[Any, ...]]:
    """Each score of the run under the model version, in the scope."""
    for score in _scores(reading):
        yield (
            score.run_id, score.kind, score.code, score.model_version, score.score, score.stratum,
            score.rank_in_stratum, score.rank_low, score.rank_high, score.stratum_count,
            score.computed_at,
        )  # fmt: skip


def score_part_rows(reading: Reading, part: str) -> Iterator[tuple[Any, ...]]:
    """Each axis (`part` "axes") or indicator ("indicators") of each score, by key."""
    for score in _scores(reading):
        values = getattr(score, part) or {}
        for key in sorted(values):
            yield score.run_id, score.kind, score.code, score.model_version, key, values[key]


def scope_is_empty(reading: Reading) -> bool:
    """Whether the run scanned no authority of the scope."""
    query = (
        select(func.count())
        .select_from(SiteScan)
        .join(Authority, Authority.id == SiteScan.authority_id)
        .where(SiteScan.run_id == reading.run_id, *reading.conditions)
    )
    return reading.connection.execute(query).scalar_one() == 0
