"""What the website's pages are made of, read from the database in a few bulk queries: the
scope's authorities, their scans, every score of the run (peers are the run's, as on the
scorecard), the legal checklist and the social accounts. The findings, the one table too big to
hold for 36,000 authorities, are streamed page by page (`authority_pages.py`)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, case, func, or_, select

from database.geography import REGION_OF_DEPARTEMENT
from database.models import (
    ACTIVE,
    Authority,
    CrawlRun,
    PageRow,
    Score,
    SiteScan,
    Website,
)
from database.not_found_probe import PROBE_PAGE
from database.scope import Scope
from database.social_audience import AccountAudience, run_accounts
from scoring.compliance_run import ComplianceRow, compliance_rows
from scoring.model import Model
from scoring.scored import scored_authorities


@dataclass(frozen=True)
class AuthorityFacts:
    """One authority of the scope, as the authorities table holds it."""

    id: int
    kind: str
    code: str
    name: str
    departement: str | None
    region: str | None  # its own, or its département's
    population: int | None
    stratum: str | None
    postal_codes: tuple[str, ...]


@dataclass(frozen=True)
class ScanFacts:
    """An authority's scan in the run: its status, where it started (else the site listed)
    and where it ended, when, the pages it read and the message it recorded."""

    status: str
    start: str | None
    final: str | None
    started: datetime | None
    finished: datetime | None
    pages: int  # pages read: those that answered, without error (`read_pages`)
    detail: str | None  # the crawl's own message for a site not measured, as recorded

    @property
    def website(self) -> str | None:
        """The address crawled: where it landed, else where it started."""
        return self.final or self.start


@dataclass
class SiteFacts:
    run_id: int
    run_started: datetime
    model: Model
    scope: Scope
    authorities: list[AuthorityFacts]  # the scope's, by id
    scans: dict[int, ScanFacts]  # authority id -> its scan in the run
    # Every authority scored in the run under the model (the scope's and the others, whom
    # the scope's are compared with): authority id -> row with `authority_id`, `code`,
    # `departement_code`, `stratum`, `score`, `axes`, `indicators` and the ranks.
    scores: dict[int, Any]
    duties: dict[tuple[str, str], list[ComplianceRow]]  # (kind, code) -> its checklist
    # authority id -> its social accounts, with what is known of each (unknown and why)
    social: dict[int, list[AccountAudience]]


def read_facts(engine: Engine, run_id: int, model: Model, scope: Scope) -> SiteFacts:
    conditions = scope.conditions()
    with engine.connect() as connection:
        started = connection.execute(
            select(CrawlRun.started_at).where(CrawlRun.id == run_id)
        ).scalar_one()
        authorities = read_authorities(connection, run_id, scope)
        scans = read_scans(connection, run_id, scope)
        scores = connection.execute(
            scored_authorities(
                run_id,
                model.version,
                Score.authority_id,
                Authority.code,
                Authority.departement_code,
                Score.stratum,
                Score.score,
                Score.rank_in_stratum,
                Score.stratum_count,
                Score.rank_low,
                Score.rank_high,
                Score.axes,
                Score.indicators,
            )
        ).all()
    duties: dict[tuple[str, str], list[ComplianceRow]] = defaultdict(list)
    for row in compliance_rows(engine, run_id, conditions=conditions):
        duties[(row.kind, row.code)].append(row)
    return SiteFacts(
        run_id,
        started,
        model,
        scope,
        authorities,
        scans,
        {row.authority_id: row for row in scores},
        dict(duties),
        read_social(engine, run_id, authorities),
    )


def read_authorities(connection: Connection, run_id: int, scope: Scope) -> list[AuthorityFacts]:
    """Every authority of the scope that exists (not retired: a commune merged into another is
    no commune left unmeasured) or that the run scanned, by id."""
    scanned = select(SiteScan.authority_id).where(SiteScan.run_id == run_id)
    rows = connection.execute(
        select(
            Authority.id,
            Authority.kind,
            Authority.code,
            Authority.name,
            Authority.departement_code,
            Authority.region_code,
            Authority.population,
            Authority.stratum,
            Authority.postal_codes,
        )
        .where(*scope.conditions(), or_(ACTIVE, Authority.id.in_(scanned)))
        .order_by(Authority.id)
    )
    return [
        AuthorityFacts(
            row.id,
            row.kind,
            row.code,
            row.name,
            row.departement_code,
            row.region_code or REGION_OF_DEPARTEMENT.get(row.departement_code or ""),
            row.population,
            row.stratum,
            tuple((row.postal_codes or "").split()),
        )
        for row in rows
    ]


def read_scans(connection: Connection, run_id: int, scope: Scope) -> dict[int, ScanFacts]:
    """Each of the scope's authorities scanned in the run -> its scan."""
    rows = connection.execute(
        select(
            SiteScan.authority_id,
            SiteScan.website_id,
            SiteScan.status,
            SiteScan.start_url,
            SiteScan.final_url,
            Website.url,
            SiteScan.started_at,
            SiteScan.finished_at,
            SiteScan.pages_fetched,
            SiteScan.detail,
        )
        .join(Authority, Authority.id == SiteScan.authority_id)
        .outerjoin(Website, Website.id == SiteScan.website_id)
        .where(SiteScan.run_id == run_id, *scope.conditions())
    ).all()
    pages = read_pages(connection, run_id, scope)
    return {
        row.authority_id: ScanFacts(
            row.status,
            row.start_url or row.url,
            row.final_url,
            row.started_at,
            row.finished_at,
            _pages_read(row.status, row.pages_fetched or 0, pages.get(row.website_id)),
            row.detail,
        )
        for row in rows
    }


def read_pages(connection: Connection, run_id: int, scope: Scope) -> dict[int, int]:
    """Website id -> how many of the pages the run stored of it were read: a page record is
    every address the crawl asked for, a failed request too (a DNS failure is one page in
    `pages_fetched`); only those with an HTTP status and no error were read, the not-found
    probe aside (a page that cannot exist, asked to see how the site answers it: no page of
    the site). A website the run stored no page of is absent."""
    answered = (PageRow.http_status.is_not(None)) & (PageRow.error.is_(None)) & ~PROBE_PAGE
    scanned = (
        select(SiteScan.website_id)
        .join(Authority, Authority.id == SiteScan.authority_id)
        .where(SiteScan.run_id == run_id, *scope.conditions())
    )
    rows = connection.execute(
        select(PageRow.website_id, func.sum(case((answered, 1), else_=0)))
        .where(PageRow.run_id == run_id, PageRow.website_id.in_(scanned))
        .group_by(PageRow.website_id)
    )
    return {website: int(read or 0) for website, read in rows}


def _pages_read(status: str, fetched: int, read: int | None) -> int:
    """The pages a scan read; where the run's pages were pruned (`vigie prune`), a measured
    site's count of pages fetched, and none for a site not measured (which of its few
    requests answered is no longer known)."""
    if read is not None:
        return read
    return fetched if status == "ok" else 0


def read_social(
    engine: Engine, run_id: int, authorities: list[AuthorityFacts]
) -> dict[int, list[AccountAudience]]:
    """The social accounts of the scope's authorities (authority id -> accounts), as every
    output reads them (`database.social_audience.run_accounts`): the accounts their sites
    link to and those they declared, each figure observed, declared or unknown with why."""
    scope = {authority.id for authority in authorities}
    accounts: dict[int, list[AccountAudience]] = defaultdict(list)
    for account in run_accounts(engine, run_id):
        if account.authority_id in scope:
            accounts[account.authority_id].append(account)
    return dict(accounts)
