"""Scores of a run: composite score per crawled authority and its rank within its stratum."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine, delete, insert, select

from crawler.db.models import Authority, Finding, Score, SiteScan
from scoring.model import Model


@dataclass(frozen=True)
class ScoredAuthority:
    authority_id: int
    stratum: str | None
    score: float
    indicators: dict[str, float]


def composite(model: Model, findings: dict[str, set[str]]) -> tuple[float, dict[str, float]]:
    """Weighted mean of the indicators, on 0-100."""
    measured = {indicator.key: indicator.measure_site(findings) for indicator in model.indicators}
    total_weight = sum(indicator.weight for indicator in model.indicators)
    weighted = sum(indicator.weight * measured[indicator.key] for indicator in model.indicators)
    return round(100 * weighted / total_weight, 2), measured


def competition_ranks(scores: list[float]) -> list[int]:
    """Rank 1 for the best; ties share a rank and the next rank skips (1, 2, 2, 4)."""
    ordered = sorted(scores, reverse=True)
    first_place: dict[float, int] = {}
    for position, score in enumerate(ordered, start=1):
        first_place.setdefault(score, position)
    return [first_place[score] for score in scores]


def score_run(engine: Engine, run_id: int, model: Model, now: datetime | None = None) -> int:
    """(Re)compute and store the scores of a run for a model; returns how many were scored.

    Only sites scanned with status "ok" are scored: a site that could not be crawled is
    excluded from the ranks, never scored as zero.
    """
    with engine.connect() as connection:
        crawled = dict(
            connection.execute(
                select(Authority.id, Authority.stratum)
                .join(SiteScan, SiteScan.authority_id == Authority.id)
                .where(SiteScan.run_id == run_id, SiteScan.status == "ok")
            ).all()
        )
        findings: dict[int, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        for authority_id, feature, value in connection.execute(
            select(Finding.authority_id, Finding.feature, Finding.value).where(
                Finding.run_id == run_id
            )
        ):
            findings[authority_id][feature].add(value)
    scored = []
    for authority_id, stratum in crawled.items():
        score, indicators = composite(model, findings[authority_id])
        scored.append(ScoredAuthority(authority_id, stratum, score, indicators))
    by_stratum: dict[str | None, list[ScoredAuthority]] = defaultdict(list)
    for entry in scored:
        by_stratum[entry.stratum].append(entry)
    now = now or datetime.now(UTC)
    rows = []
    for stratum, peers in by_stratum.items():
        ranks = competition_ranks([peer.score for peer in peers])
        for peer, rank in zip(peers, ranks, strict=True):
            rows.append(
                {
                    "run_id": run_id,
                    "authority_id": peer.authority_id,
                    "model_version": model.version,
                    "score": peer.score,
                    "stratum": stratum,
                    "rank_in_stratum": rank,
                    "stratum_count": len(peers),
                    "indicators": peer.indicators,
                    "computed_at": now,
                }
            )
    with engine.begin() as connection:
        connection.execute(
            delete(Score).where(Score.run_id == run_id, Score.model_version == model.version)
        )
        if rows:
            connection.execute(insert(Score), rows)
    return len(rows)
