"""An authority's social audience as findings the scoring model can read: whether it posted
on a social network within the activity window, and its largest audience per 1,000
residents. Derived from `database.social_audience.run_accounts`, never stored as findings.

Pure: a list of accounts in, per-authority findings out, so that the model stays
declarative (docs/method.md § 2) and `vigie score --model FILE` re-scores without crawling.
What is not known gives no finding (an indicator with `missing = "skip"` leaves it out of
its axis), never a 0; an authority with no account at all (none linked by its site, none
declared by its owner) is measured: no presence, 0.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from database.social_audience import AccountAudience

# Derived feature keys: a family of their own ("audience."), so that no extractor's key
# ("social." is the accounts a site links) can collide with them.
ACTIVE = "audience.active"  # "yes" or "no"; absent when unknown
FOLLOWERS_PER_1000 = "audience.followers_per_1000"  # a number; absent when unknown
DERIVED_FEATURES = frozenset({ACTIVE, FOLLOWERS_PER_1000})
YES, NO = "yes", "no"
# Prefix of a number that is only a floor (another account's count is unknown); the model's
# `number` measure credits it only where it already earns full marks (scoring/model.py).
AT_LEAST = ">="

Findings = dict[str, set[str]]


def active(accounts: list[AccountAudience], on: date) -> bool | None:
    """True when any account posted within the window ending on `on`; False when there is no
    account, or every account's activity is known and none posted; None otherwise (an
    account behind a login wall may be the active one)."""
    states = [account.active(on) for account in accounts]
    if any(state is True for state in states):
        return True
    if all(state is False for state in states):  # also True for no account at all
        return False
    return None


def followers_per_1000(accounts: list[AccountAudience]) -> tuple[float, bool] | None:
    """(The largest audience per 1,000 residents among the accounts whose followers and
    population are known, whether it is only a floor); (0, False) for no account; None when
    no account's audience is known.

    The largest, not the sum: the same residents follow several accounts of their
    authority (a sum would count them twice). When another account's count is unknown (a
    login wall), the largest known is only a floor: the unknown one may be bigger."""
    if not accounts:
        return 0.0, False
    known = [a.followers_per_1000 for a in accounts if a.followers_per_1000 is not None]
    if not known:
        return None
    return max(known), len(known) < len(accounts)


def authority_findings(accounts: list[AccountAudience], on: date) -> Findings:
    """One authority's derived findings; a figure not known gives no entry, a floor is
    written with AT_LEAST (the model credits it only where it already earns full marks)."""
    findings: Findings = {}
    state = active(accounts, on)
    if state is not None:
        findings[ACTIVE] = {YES if state else NO}
    audience = followers_per_1000(accounts)
    if audience is not None:
        value, floor = audience
        findings[FOLLOWERS_PER_1000] = {f"{AT_LEAST if floor else ''}{value:.4f}"}
    return findings


def derived_findings(
    accounts: Iterable[AccountAudience], authority_ids: Iterable[int], on: date
) -> dict[int, Findings]:
    """The derived findings of each of `authority_ids` (those scored), from every account of
    the run (linked by the site or only declared); one with no account gets "no" and 0."""
    by_authority: dict[int, list[AccountAudience]] = defaultdict(list)
    for account in accounts:
        by_authority[account.authority_id].append(account)
    return {
        authority_id: authority_findings(by_authority.get(authority_id, []), on)
        for authority_id in authority_ids
    }
