"""What scoring a run reads: its scored authorities with their peer group, and their findings
column-wise (scoring/columns.py), the derived ones included.

One query for the findings, three plain columns, fetched as the database driver gives them:
a national run holds some 800,000 findings, and building a result row object for each costs
more than the query itself.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, Engine, Executable, select

from database.models import Authority, CrawlRun, FindingRow, SiteScan
from database.social_audience import run_accounts
from scoring.audience import derived_findings
from scoring.availability import derived_findings as availability_findings
from scoring.bulk import collector_paused
from scoring.columns import Columns, site_findings
from scoring.model import Findings


@dataclass(frozen=True)
class RunFindings:
    on: date  # the run's day: recency is measured from it, not from the clock
    strata: dict[int, str | None]  # scored authority -> its peer group
    columns: Columns  # feature -> authority -> its values

    @property
    def findings(self) -> dict[int, Findings]:
        """Per authority, as `Indicator.measure_site` reads them (none: empty)."""
        sites = {site for column in self.columns.values() for site in column}
        findings: dict[int, Findings] = defaultdict(dict)
        findings.update(
            {site: site_findings(self.columns, site) for site in sites if isinstance(site, int)}
        )
        return findings


def _plain_rows(connection: Connection, query: Executable) -> list[Any]:
    """The rows of a query on columns that need no conversion (integers, texts), straight
    from the driver's cursor: the same tuples as `.all()`, without a Row object each."""
    result = connection.execute(query)
    try:
        return list(result.cursor.fetchall()) if result.cursor is not None else []
    finally:
        result.close()


def _columns(rows: list[tuple[str, int, str]]) -> Columns:
    """(feature, authority, value) rows column-wise. Most sites have one value of a feature,
    and many sites the same one: each one-value set is made once and shared (a frozenset,
    whose hash is then computed once: scoring/columns.py codes sites by their set)."""
    columns: Columns = {}
    alone: dict[str, frozenset[str]] = {}
    for feature, authority_id, value in rows:
        column = columns.get(feature)
        if column is None:
            column = columns[feature] = {}
        single = alone.get(value)
        if single is None:
            single = alone[value] = frozenset((value,))
        values = column.get(authority_id)
        column[authority_id] = single if values is None else values | single
    return columns


@collector_paused()  # some 800,000 small sets: scoring/bulk.py
def read_run(engine: Engine, run_id: int) -> RunFindings:
    """The scored authorities' findings, with the social audience derived from the run's
    accounts (scoring/audience.py: `audience.active`, `audience.followers_per_1000`) and the
    availability from the scans of the runs up to this one (scoring/availability.py)."""
    with engine.connect() as connection:
        started = connection.execute(
            select(CrawlRun.started_at).where(CrawlRun.id == run_id)
        ).scalar_one()
        strata = dict(
            connection.execute(
                select(Authority.id, Authority.stratum)
                .join(SiteScan, SiteScan.authority_id == Authority.id)
                .where(SiteScan.run_id == run_id, SiteScan.status == "ok")
            ).all()
        )
        rows = _plain_rows(
            connection,
            select(FindingRow.feature, FindingRow.authority_id, FindingRow.value).where(
                FindingRow.run_id == run_id
            ),
        )
    columns = _columns(rows)
    on = started.date()
    derived = [
        derived_findings(run_accounts(engine, run_id), strata, on),
        availability_findings(engine, run_id, strata),
    ]
    for by_authority in derived:  # a derived feature replaces any stored under its key
        for authority_id, features in by_authority.items():
            for feature, values in features.items():
                columns.setdefault(feature, {})[authority_id] = frozenset(values)
    return RunFindings(on, strata, columns)
