"""One page per authority of the scope, produced one at a time: its findings are streamed from
the database ordered by authority, beside the authorities in the same order, so that 36,000
pages never sit in memory together. A site not measured (or not scanned) gets a page that
says why, with no score and no evidence: never a page of zeros."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import groupby
from operator import attrgetter
from typing import Any

from sqlalchemy import Engine, select

from database.models import Authority, FindingRow
from reports.french import french_count, long_date
from reports.website.comparisons import Comparisons
from reports.website.content import AuthorityLine, AuthorityPage, Figure
from reports.website.duties import by_feature, duty_line, gaps
from reports.website.evidence import evidence_groups, social_accounts, social_indicators
from reports.website.facts import AuthorityFacts, ScanFacts, SiteFacts
from reports.website.wording import (
    NOT_MEASURED,
    attempt_time,
    authority_path,
    departement_link,
    kind_label,
    no_score_reason,
    rank_figure,
    region_link,
    scan_status,
    score_figure,
    stratum_label,
)

# Findings fetched from the database at a time while streaming.
BATCH = 2000


def is_measured(facts: SiteFacts, authority: AuthorityFacts) -> bool:
    """Scored in the run under the model, its site explored: else no score is shown."""
    scan = facts.scans.get(authority.id)
    return authority.id in facts.scores and scan is not None and scan.status == "ok"


def status_of(facts: SiteFacts, authority: AuthorityFacts) -> tuple[str, str]:
    """The French status of the authority's site in the run, and the sentence explaining it."""
    scan = facts.scans.get(authority.id)
    status = scan_status(scan.status if scan else None, authority.id in facts.scores)
    return status.label, status.meaning


def rank_of(score: Any) -> Figure:
    return rank_figure(
        score.stratum, score.rank_in_stratum, score.stratum_count, score.rank_low, score.rank_high
    )


def authority_line(facts: SiteFacts, authority: AuthorityFacts) -> AuthorityLine:
    """The authority in a list and in the search index."""
    measured = is_measured(facts, authority)
    score = facts.scores.get(authority.id)
    return AuthorityLine(
        authority.code,
        authority.name,
        kind_label(authority.kind),
        authority_path(authority.kind, authority.code),
        authority.postal_codes,
        authority.departement or "",
        status_of(facts, authority)[0],
        score_figure(score.score) if measured and score is not None else NOT_MEASURED,
        rank_of(score) if measured and score is not None else NOT_MEASURED,
        stratum_label(score.stratum if score is not None else authority.stratum),
    )


def authority_pages(
    engine: Engine, facts: SiteFacts, history: dict[int, Any]
) -> Iterator[AuthorityPage]:
    """Every authority's page, in id order, its findings read as it comes."""
    comparisons = Comparisons(list(facts.scores.values()), facts.model)
    with engine.connect() as connection:
        rows = connection.execute(
            select(
                FindingRow.authority_id,
                FindingRow.feature,
                FindingRow.value,
                FindingRow.evidence_url,
                FindingRow.snippet,
                FindingRow.detector,
            )
            .join(Authority, Authority.id == FindingRow.authority_id)
            .where(FindingRow.run_id == facts.run_id, *facts.scope.conditions())
            .order_by(FindingRow.authority_id, FindingRow.feature, FindingRow.value)
            .execution_options(yield_per=BATCH)
        )
        groups = groupby(rows, key=attrgetter("authority_id"))
        pending = next(groups, None)
        for authority in facts.authorities:
            while pending is not None and pending[0] < authority.id:
                pending = next(groups, None)
            found: list[Any] = []
            if pending is not None and pending[0] == authority.id:
                found = list(pending[1])
                pending = next(groups, None)
            yield authority_page(facts, comparisons, authority, found, history.get(authority.id))


def authority_page(
    facts: SiteFacts,
    comparisons: Comparisons,
    authority: AuthorityFacts,
    findings: Sequence[Any],
    history: list[Any] | None,
) -> AuthorityPage:
    scan = facts.scans.get(authority.id)
    measured = is_measured(facts, authority)
    score = facts.scores.get(authority.id) if measured else None
    label, meaning = status_of(facts, authority)
    duties = facts.duties.get((authority.kind, authority.code), [])
    seen = by_feature(findings)
    pages_read = scan.pages if scan else 0
    tried = None if measured else scan
    return AuthorityPage(
        path=authority_path(authority.kind, authority.code),
        code=authority.code,
        name=authority.name,
        kind=kind_label(authority.kind),
        population=french_count(authority.population) if authority.population is not None else "",
        stratum=stratum_label(score.stratum if score is not None else authority.stratum),
        departement=departement_link(authority.departement),
        region=region_link(authority.region),
        website=(scan.website if measured else scan.start) if scan else None,
        measured=measured,
        status=label,
        status_meaning=meaning,
        crawled_on=long_date(scan.finished) if scan and scan.finished else "",
        pages_read=pages_read,
        score=score_figure(score.score) if score is not None else NOT_MEASURED,
        rank=rank_of(score) if score is not None else NOT_MEASURED,
        peers=comparisons.peers_sentence(score) if score is not None else "",
        scores=comparisons.score_lines(score) if score is not None else [],
        evidence=evidence_groups(findings) if measured else [],
        gaps=gaps(facts.model, score.indicators or {}, duties, comparisons.peers_meeting(score))
        if score is not None
        else [],
        duties=[duty_line(row, seen, pages_read) for row in duties],
        history=list(history or []),
        social=social_accounts(facts.social.get(authority.id, [])) if measured else [],
        attempted=attempted(tried),
        final_address=final_address(tried),
        status_detail=(tried.detail or "") if tried else "",
        no_score_reason=no_score_reason(scan.status if scan else None),
        social_indicators=social_indicators(
            facts.model, facts.social.get(authority.id, []), facts.run_started.date()
        )
        if measured
        else [],
    )


def attempted(scan: ScanFacts | None) -> str:
    """When the crawl tried a site it could not measure; '' where it did not try (no site
    listed, or no scan)."""
    if scan is None or scan.status == "no_website":
        return ""
    moment = scan.started or scan.finished
    return attempt_time(moment) if moment else ""


def final_address(scan: ScanFacts | None) -> str | None:
    """Where the crawl of a site not measured ended, when not where it started."""
    if scan is None or not scan.final:
        return None
    return scan.final if scan.final.rstrip("/") != (scan.start or "").rstrip("/") else None
