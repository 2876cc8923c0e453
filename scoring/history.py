"""Two runs compared: who moved, by how much, which findings appeared or disappeared, and how
the followers of each social account changed."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import Engine, select

from database.models import Authority, FindingRow, Score, SiteScan
from database.social_audience import AccountAudience, run_accounts
from scoring.scored import scored_authorities

# Measurements whose value differs at every run by nature (a clock reading): a new value is
# not a finding that appeared, nor the old one one that disappeared.
NOT_COMPARED = frozenset({"quality.load_time"})


@dataclass(frozen=True)
class FollowerChange:
    """One account's followers in both runs, each observed or declared by its owner."""

    platform: str
    url: str
    before: int
    after: int
    declared_before: bool
    declared_after: bool
    rounded_before: bool  # the platform showed a rounded count
    rounded_after: bool

    @property
    def delta(self) -> int:
        return self.after - self.before


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
    followers: list[FollowerChange] = field(default_factory=list)

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
                FindingRow.run_id == run_id, FindingRow.feature.not_in(NOT_COMPARED)
            )
        ):
            findings[authority_id].add((feature, value))
    return statuses, scores, findings


def follower_changes(
    earlier: list[AccountAudience], later: list[AccountAudience]
) -> dict[int, list[FollowerChange]]:
    """Per authority, the accounts whose followers are known in both runs and differ; an
    account unknown in either (behind a login wall, not checked) has no change to show."""
    known = {(a.authority_id, a.url): a for a in earlier if a.followers is not None}
    changes: dict[int, list[FollowerChange]] = defaultdict(list)
    for account in later:
        previous = known.get((account.authority_id, account.url))
        if previous is None or account.followers is None or previous.followers is None:
            continue
        if account.followers != previous.followers:
            changes[account.authority_id].append(
                FollowerChange(
                    account.platform,
                    account.url,
                    previous.followers,
                    account.followers,
                    previous.followers_declared,
                    account.followers_declared,
                    previous.followers_rounded,
                    account.followers_rounded,
                )
            )
    return changes


def movers(engine: Engine, before: int, after: int, model_version: str) -> list[Mover]:
    """Every authority of either run whose status, score, findings or followers changed,
    biggest score change first (then those whose site came or went, which have no change to
    measure). Findings that appeared or disappeared are listed only for sites explored in
    both runs; followers for accounts whose count is known in both (docs/method.md § 7)."""
    status_a, score_a, found_a = _run_state(engine, before, model_version)
    status_b, score_b, found_b = _run_state(engine, after, model_version)
    followers = follower_changes(run_accounts(engine, before), run_accounts(engine, after))
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
            followers.get(authority_id, []),
        )
        if (
            appeared
            or disappeared
            or mover.followers
            or mover.status_before != mover.status_after
            or mover.delta
        ):
            changed.append(mover)
    return sorted(
        changed,
        key=lambda m: (m.delta is None, -abs(m.delta or 0.0), m.code),
    )
