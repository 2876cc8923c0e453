"""An authority's two social indicators as the score reads them: whether it posted on a
social network within the activity window, and its largest audience per 1,000 residents.
Derived by `scoring.audience.authority_findings`, the function the score itself calls, so
that the workbook and the public site say what the score counted; with, where a figure is
unknown, why (the reasons of the accounts that make it unknown), and with "aucun compte
lié" where the authority has no account at all (measured: 0, not unknown)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from database.social_audience import AccountAudience
from scoring.audience import ACTIVE, FOLLOWERS_PER_1000, YES, authority_findings

# A number the score reads, with an optional prefix that marks it as only a floor (another
# account's count is unknown: scoring/audience.py).
NUMBER = re.compile(r"(?P<floor>[^\d.]*)(?P<value>\d+(?:\.\d+)?)")
# Why an account's audience per 1,000 residents is unknown although its followers are known.
NO_POPULATION = "population"


@dataclass(frozen=True)
class AudienceStatus:
    """One authority's social indicators, as the score reads them."""

    accounts: int  # its accounts: linked by its site, or only declared
    active: bool | None  # None: unknown (an account whose activity is unknown may be active)
    active_why: tuple[str, ...]  # why unknown: the accounts' reasons, most frequent first
    per_1000: float | None  # the largest known audience per 1,000 residents; 0: no account
    floor: bool  # per_1000 is only a floor: another account's audience is unknown
    platform: str | None  # the network of the account with the largest known audience
    declared: bool  # ... whose follower count is declared
    per_1000_why: tuple[str, ...]  # why unknown (or why the floor is one), most frequent first


def _reasons(reasons: list[str]) -> tuple[str, ...]:
    counts: dict[str, int] = {}
    for why in reasons:
        counts[why] = counts.get(why, 0) + 1
    return tuple(sorted(counts, key=lambda why: (-counts[why], why)))


def _audience_why(account: AccountAudience) -> str:
    if account.followers is not None:
        return NO_POPULATION
    return account.why_unknown or "not_shown"


def audience_status(accounts: list[AccountAudience], on: date) -> AudienceStatus:
    """The authority's indicators from all its accounts, on the campaign's day `on`."""
    findings = authority_findings(accounts, on)
    said = findings.get(ACTIVE)
    active = None if not said else YES in said
    per_1000: float | None = None
    floor = False
    for text in findings.get(FOLLOWERS_PER_1000, set()):
        if found := NUMBER.fullmatch(text):
            per_1000, floor = float(found["value"]), bool(found["floor"])
    known = [a for a in accounts if a.followers_per_1000 is not None]
    largest = max(known, key=lambda a: a.followers_per_1000 or 0.0, default=None)
    return AudienceStatus(
        accounts=len(accounts),
        active=active,
        active_why=_reasons(
            [a.why_unknown or "not_shown" for a in accounts if a.active(on) is None]
        )
        if active is None
        else (),
        per_1000=per_1000,
        floor=floor,
        platform=largest.platform if largest is not None else None,
        declared=largest is not None and largest.followers_declared,
        per_1000_why=_reasons([_audience_why(a) for a in accounts if a.followers_per_1000 is None])
        if per_1000 is None or floor
        else (),
    )
