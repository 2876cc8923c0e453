"""Two runs compared: who moved, by how much, and which findings appeared or disappeared."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import Engine, select

from database.models import Authority, FindingRow, Score, SiteScan
from scoring.scored import scored_authorities


@dataclass(frozen=True)
class Mover:
    code: str
    name: str
    status_before: str | None
    status_after: str | None
    score_before: float | None
    score_after: float | None
    appeared: list[tuple[str, str]]
    disappeared: list[tuple[str, str]]

    @property
    def delta(self) -> float | None:
        if self.score_before is None or self.score_after is None:
            return None
        return round(self.score_after - self.score_before, 2)


def _run_state(
    engine: Engine, run_id: int, model_version: str
) -> tuple[dict[int, str], dict[int, float], dict[int, set[tuple[str, str]]]]:
    with engine.connect() as connection:
        statuses = dict(
            connection.execute(
                select(SiteScan.authority_id, SiteScan.status).where(SiteScan.run_id == run_id)
            ).all()
        )
        scores: dict[int, float] = dict(
            connection.execute(
                scored_authorities(run_id, model_version, Score.authority_id, Score.score)
            ).all()
        )
        findings: dict[int, set[tuple[str, str]]] = defaultdict(set)
        for authority_id, feature, value in connection.execute(
            select(FindingRow.authority_id, FindingRow.feature, FindingRow.value).where(
                FindingRow.run_id == run_id
            )
        ):
            findings[authority_id].add((feature, value))
    return statuses, scores, findings


def movers(engine: Engine, before: int, after: int, model_version: str) -> list[Mover]:
    """Every authority of either run whose status, score or findings changed, biggest score
    change first (then those whose site came or went, which have no change to measure).
    Findings that appeared or disappeared are listed only for sites explored in both runs."""
    status_a, score_a, found_a = _run_state(engine, before, model_version)
    status_b, score_b, found_b = _run_state(engine, after, model_version)
    with engine.connect() as connection:
        names = {
            row.id: (row.code, row.name)
            for row in connection.execute(select(Authority.id, Authority.code, Authority.name))
        }
    changed = []
    for authority_id in sorted(set(status_a) | set(status_b)):
        # Findings are compared only between two looks at the site: one not measured (its
        # browser failed) or not crawled has none, and its findings did not "disappear".
        compared = status_a.get(authority_id) == status_b.get(authority_id) == "ok"
        later, earlier = (
            (found_b[authority_id], found_a[authority_id]) if compared else (set(), set())
        )
        appeared, disappeared = sorted(later - earlier), sorted(earlier - later)
        mover = Mover(
            *names[authority_id],
            status_a.get(authority_id),
            status_b.get(authority_id),
            score_a.get(authority_id),
            score_b.get(authority_id),
            appeared,
            disappeared,
        )
        if appeared or disappeared or mover.status_before != mover.status_after or mover.delta:
            changed.append(mover)
    return sorted(
        changed,
        key=lambda m: (m.delta is None, -abs(m.delta or 0.0), m.code),
    )
