"""What the synthesis compares a scope with: its scored sites in this run, the same scope at the
previous finished campaign scored under the same model, and the whole country (its peers)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Engine, func, select

from database.campaigns import read_lineage
from database.models import Authority, CrawlRun, Score, SiteScan
from database.scope import Scope
from reports.scope_ranking import RankedAuthority
from scoring.compliance_run import DutySummary, compliance_rows, summarise
from scoring.history import Mover, movers
from scoring.scored import scored_authorities


@dataclass(frozen=True)
class ScoredSite:
    """One scored authority of a run: its composite, axes and indicators (0–1, None: skipped)."""

    authority_id: int
    code: str
    name: str
    stratum: str
    score: float
    axes: dict[str, float | None]
    indicators: dict[str, float | None]


@dataclass(frozen=True)
class Campaign:
    """A run seen over a scope: its scored sites, scan statuses and legal duties."""

    run_id: int
    started: datetime
    sites: dict[int, ScoredSite]
    statuses: Counter[str] = field(default_factory=Counter)
    compliance: list[DutySummary] = field(default_factory=list)


@dataclass(frozen=True)
class SynthesisFigures:
    current: Campaign
    previous: Campaign | None  # None: first campaign of these authorities under this model
    national: Campaign | None  # None when the scope is the whole country
    # Scan statuses of the scope's authorities in this run, by stratum (coverage by stratum)
    statuses_by_stratum: dict[str, Counter[str]] = field(default_factory=dict)
    # The scope's authorities whose score, status or findings changed since the previous
    # campaign (`vigie movers`), biggest score change first
    movers: list[Mover] = field(default_factory=list)


def scored_sites(
    engine: Engine, run_id: int, model_version: str, scope: Scope
) -> dict[int, ScoredSite]:
    query = scored_authorities(
        run_id,
        model_version,
        Authority.id,
        Authority.code,
        Authority.name,
        Score.stratum,
        Score.score,
        Score.axes,
        Score.indicators,
        conditions=scope.conditions(),
    )
    with engine.connect() as connection:
        rows = connection.execute(query).all()
    return {
        row[0]: ScoredSite(
            row[0],
            row[1],
            row[2],
            row[3] or "inconnue",
            float(row[4]),
            dict(row[5] or {}),
            dict(row[6] or {}),
        )  # fmt: skip
        for row in rows
    }


def sites_of_ranking(
    engine: Engine, run_id: int, model_version: str, scope: Scope, ranked: list[RankedAuthority]
) -> dict[int, ScoredSite]:
    """The scored sites from the ranking already read, with their axes: one light query."""
    query = scored_authorities(
        run_id, model_version, Score.authority_id, Score.axes, conditions=scope.conditions()
    )
    with engine.connect() as connection:
        axes: dict[int, dict[str, float | None] | None] = {
            row[0]: row[1] for row in connection.execute(query)
        }
    return {
        entry.authority_id: ScoredSite(entry.authority_id, entry.code, entry.name, entry.stratum
                                       or "inconnue", entry.score, dict(axes.get(
                                           entry.authority_id) or {}), dict(entry.indicators))
        for entry in ranked
    }  # fmt: skip


def scan_statuses(engine: Engine, run_id: int, scope: Scope) -> dict[str, Counter[str]]:
    """How many of the scope's authorities ended the run in each scan status, by stratum."""
    query = (
        select(Authority.stratum, SiteScan.status, func.count())
        .join(SiteScan, SiteScan.authority_id == Authority.id)
        .where(SiteScan.run_id == run_id, *scope.conditions())
        .group_by(Authority.stratum, SiteScan.status)
    )
    found: dict[str, Counter[str]] = {}
    with engine.connect() as connection:
        for stratum, status, count in connection.execute(query):
            found.setdefault(stratum or "inconnue", Counter())[status] += count
    return found


def previous_run(engine: Engine, run_id: int, model_version: str, scope: Scope) -> int | None:
    """The latest finished run of an earlier campaign in which some of the scope's authorities
    were scored under the same model version: started before this run's campaign (for a
    partial run, before the complete run it corrects, which is no previous campaign)."""
    with engine.connect() as connection:
        started = read_lineage(connection).campaign_start(run_id)
        return connection.execute(
            select(CrawlRun.id)
            .join(Score, Score.run_id == CrawlRun.id)
            .join(Authority, Authority.id == Score.authority_id)
            .where(
                CrawlRun.status == "finished",
                CrawlRun.started_at < started,
                CrawlRun.id != run_id,
                Score.model_version == model_version,
                *scope.conditions(),
            )
            .order_by(CrawlRun.started_at.desc(), CrawlRun.id.desc())
            .limit(1)
        ).scalar_one_or_none()


def campaign(engine: Engine, run_id: int, model_version: str, scope: Scope) -> Campaign:
    """A whole campaign over a scope: scores, statuses and duties."""
    with engine.connect() as connection:
        started = connection.execute(
            select(CrawlRun.started_at).where(CrawlRun.id == run_id)
        ).scalar_one()
    statuses: Counter[str] = Counter()
    for counts in scan_statuses(engine, run_id, scope).values():
        statuses.update(counts)
    return Campaign(
        run_id,
        started,
        scored_sites(engine, run_id, model_version, scope),
        statuses,
        summarise(compliance_rows(engine, run_id, conditions=scope.conditions())),
    )


def load_synthesis(
    engine: Engine,
    run_id: int,
    model_version: str,
    scope: Scope,
    ranked: list[RankedAuthority] | None = None,
) -> SynthesisFigures:
    """The current run's scored sites of the scope (its statuses and duties are ReportData's),
    the previous campaign when there is one, and the country when the scope is narrower."""
    with engine.connect() as connection:
        started = connection.execute(
            select(CrawlRun.started_at).where(CrawlRun.id == run_id)
        ).scalar_one()
    by_stratum = scan_statuses(engine, run_id, scope)
    statuses: Counter[str] = Counter()
    for counts in by_stratum.values():
        statuses.update(counts)
    earlier = previous_run(engine, run_id, model_version, scope)
    sites = (
        scored_sites(engine, run_id, model_version, scope)
        if ranked is None
        else sites_of_ranking(engine, run_id, model_version, scope, ranked)
    )
    current = Campaign(run_id, started, sites, statuses)
    before = campaign(engine, earlier, model_version, scope) if earlier is not None else None
    return SynthesisFigures(
        current=current,
        previous=before,
        national=None
        if scope.is_national
        else campaign(engine, run_id, model_version, Scope("national")),
        statuses_by_stratum=by_stratum,
        movers=_scope_movers(engine, current, before, model_version),
    )


def _scope_movers(
    engine: Engine, current: Campaign, before: Campaign | None, model_version: str
) -> list[Mover]:
    """`vigie movers` between the two campaigns, kept to the authorities scored in either."""
    if before is None:
        return []
    codes = {site.code for site in (*current.sites.values(), *before.sites.values())}
    changed = movers(engine, before.run_id, current.run_id, model_version)
    return [mover for mover in changed if mover.code in codes]
