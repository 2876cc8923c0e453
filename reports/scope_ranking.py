"""The ranking the report shows: the scope's scored authorities, best first, with their
national rank in the stratum and their rank among the scope's authorities of the stratum."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, replace

from sqlalchemy import Engine

from database.models import Authority, Score
from database.scope import Scope
from reports.french import counted, french_count
from reports.thresholds import INSUFFICIENT, MIN_SITES
from scoring.scored import scored_authorities


@dataclass(frozen=True)
class RankedAuthority:
    authority_id: int
    name: str
    code: str
    departement: str | None
    stratum: str
    population: int | None
    score: float
    rank_in_stratum: int
    stratum_count: int
    indicators: dict[str, float]
    rank_low: int | None = None
    rank_high: int | None = None
    # Rank among the scope's authorities of the same stratum (ties share the better rank).
    scope_rank: int = 0
    scope_count: int = 0

    @property
    def rank_text(self) -> str:
        """The national rank in the stratum as its interval when the draws move it
        ("2–5 / 12"), so that authorities whose intervals overlap are not shown as different;
        in a stratum of fewer than MIN_SITES scored authorities, no rank is stated."""
        if self.stratum_count < MIN_SITES:
            return f"{INSUFFICIENT} ({counted(self.stratum_count, 'collectivité notée', 'collectivités notées')})"
        low, high = self.rank_low, self.rank_high
        if low is None or high is None or low == high:
            return f"{french_count(self.rank_in_stratum)} / {french_count(self.stratum_count)}"
        return f"{french_count(low)}–{french_count(high)} / {french_count(self.stratum_count)}"


def ranking(
    engine: Engine,
    run_id: int,
    model_version: str,
    scope: Scope | None = None,
    limit: int | None = None,
) -> list[RankedAuthority]:
    """Scored authorities of a run and scope, best score first (ties by name)."""
    query = scored_authorities(
        run_id,
        model_version,
        Authority.id,
        Authority.name,
        Authority.code,
        Authority.departement_code,
        Score.stratum,
        Authority.population,
        Score.score,
        Score.rank_in_stratum,
        Score.stratum_count,
        Score.indicators,
        Score.rank_low,
        Score.rank_high,
        conditions=(scope or Scope("national")).conditions(),
    )
    with engine.connect() as connection:
        rows = connection.execute(query).all()
    # Rows come best first, ties adjacent: a tie shares the rank of its first.
    placed: Counter[str] = Counter()
    previous: dict[str, tuple[float, int]] = {}
    ranked = []
    for row in rows:
        entry = RankedAuthority(*row)
        before = previous.get(entry.stratum)
        rank = before[1] if before and before[0] == entry.score else placed[entry.stratum] + 1
        placed[entry.stratum] += 1
        previous[entry.stratum] = (entry.score, rank)
        ranked.append(replace(entry, scope_rank=rank))
    ranked = [replace(entry, scope_count=placed[entry.stratum]) for entry in ranked]
    return ranked[:limit] if limit is not None else ranked


def departement_scores(ranked: list[RankedAuthority]) -> dict[str, tuple[float, int]]:
    """Mean score of each département's scored authorities (communes, EPCI, the département)."""
    scores: dict[str, list[float]] = defaultdict(list)
    for entry in ranked:
        if entry.departement:
            scores[entry.departement].append(entry.score)
    return {
        departement: (round(sum(values) / len(values), 1), len(values))
        for departement, values in scores.items()
    }
