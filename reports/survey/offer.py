"""Which service families each authority's site offers, read from a crawl run's findings."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import ColumnElement, Engine, select

from crawler.db.models import Authority, Finding, SiteScan
from reports.survey.families import FAMILIES


def offers_by_authority(
    engine: Engine, run_id: int, conditions: Sequence[ColumnElement[bool]]
) -> dict[int, frozenset[str]]:
    """Authority id -> the families its site offers, for the authorities meeting `conditions`
    whose site the run crawled (the others are absent: what they offer is unknown)."""
    with engine.connect() as connection:
        crawled = set(
            connection.execute(
                select(SiteScan.authority_id)
                .join(Authority, Authority.id == SiteScan.authority_id)
                .where(SiteScan.run_id == run_id, SiteScan.status == "ok", *conditions)
            ).scalars()
        )
        findings: dict[int, set[tuple[str, str]]] = defaultdict(set)
        for authority_id, feature, value in connection.execute(
            select(Finding.authority_id, Finding.feature, Finding.value)
            .join(Authority, Authority.id == Finding.authority_id)
            .where(Finding.run_id == run_id, *conditions)
        ):
            findings[authority_id].add((feature, value))
    return {
        authority_id: frozenset(f.key for f in FAMILIES if f.offered(findings[authority_id]))
        for authority_id in crawled
    }
