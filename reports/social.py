"""The social networks of a report's scope: per platform, the accounts its crawled sites link
to, how many show their followers and activity (observed by `vigie social` or declared by
their owners), and why the others are unknown. The figures come from the one reading the
score and every output share (`database/social_audience.py`); their words from
`reports/social_text.py`."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from statistics import median

from sqlalchemy import Engine, select

from database.models import Authority
from database.scope import Scope
from database.social_audience import AccountAudience, run_accounts, run_day
from database.vocabulary import platform_label


@dataclass(frozen=True)
class ScopeAccount:
    """One account of one of the scope's authorities, as the workbook lists it."""

    code: str  # the authority's code
    name: str  # the authority's name
    audience: AccountAudience
    active: bool | None  # posted within the window up to the campaign's day; None: unknown


@dataclass(frozen=True)
class NetworkFigures:
    """One platform's accounts linked from the scope's crawled sites, and what is known of
    them. Every share and median keeps the count it rests on."""

    platform: str
    accounts: int  # accounts found: linked by the scope's crawled sites
    sites: int  # crawled sites linking at least one of them
    declared: int  # ... accounts with a figure declared by their owner
    visible: int  # ... accounts whose follower count is known (observed or declared)
    per_1000_median: float | None  # median followers per 1,000 residents
    per_1000_n: int  # ... the accounts it rests on (followers and population known)
    active: int  # accounts that posted within the window
    activity_known: int  # ... among those whose activity is known (the share's n)
    unknown: tuple[tuple[str, int], ...]  # (why, accounts) with a figure unknown, most first
    followers_why: tuple[str, ...]  # why the follower counts not known are unknown
    activity_why: tuple[str, ...]  # why the activity not known is unknown

    @property
    def label(self) -> str:
        return platform_label(self.platform)


@dataclass(frozen=True)
class SocialFigures:
    """The scope's social figures on the campaign's day."""

    day: date | None = None  # the campaign's day: activity windows end on it
    networks: list[NetworkFigures] = field(default_factory=list)  # most accounts first
    # Every account of the scope's authorities: linked by a crawled site, or only declared
    accounts: list[ScopeAccount] = field(default_factory=list)
    checked: bool = False  # `vigie social` or an import gave a figure for the run

    @property
    def found(self) -> int:
        """Accounts linked by the scope's crawled sites (the networks' accounts)."""
        return sum(network.accounts for network in self.networks)

    @property
    def declared(self) -> int:
        """... of which have a figure declared by their owner."""
        return sum(network.declared for network in self.networks)

    @property
    def only_declared(self) -> int:
        """Accounts their owner declared that no crawled site of the scope links."""
        return sum(1 for account in self.accounts if not account.audience.linked)


def social_figures(
    engine: Engine, run_id: int, scope: Scope, ok_sites: list[tuple[int, str]]
) -> SocialFigures:
    """The scope's accounts and, per platform, the figures of those its crawled sites link."""
    day = run_day(engine, run_id)
    everything = run_accounts(engine, run_id)
    with engine.connect() as connection:
        names = {
            row.id: (row.code, row.name)
            for row in connection.execute(
                select(Authority.id, Authority.code, Authority.name).where(*scope.conditions())
            )
        }
    accounts = [
        ScopeAccount(*names[account.authority_id], account, account.active(day))
        for account in everything
        if account.authority_id in names
    ]
    crawled = {authority_id for authority_id, _ in ok_sites}
    found = [a for a in accounts if a.audience.linked and a.audience.authority_id in crawled]
    by_platform: dict[str, list[ScopeAccount]] = {}
    for account in found:
        by_platform.setdefault(account.audience.platform, []).append(account)
    networks = sorted(
        (network(platform, mine) for platform, mine in by_platform.items()),
        key=lambda n: (-n.accounts, n.label),
    )
    return SocialFigures(day, networks, accounts, any(map(_checked, everything)))


def _checked(account: AccountAudience) -> bool:
    """Whether anything was read or declared of the account."""
    return (
        account.why_unknown != "not_checked"
        or account.followers_declared
        or account.activity_declared
    )


def network(platform: str, accounts: list[ScopeAccount]) -> NetworkFigures:
    """One platform's figures over its accounts."""
    audiences = [account.audience for account in accounts]
    per_1000 = [f for a in audiences if (f := a.followers_per_1000) is not None]
    known = [account.active for account in accounts if account.active is not None]
    unknown = Counter(a.why_unknown for a in audiences if a.why_unknown)
    return NetworkFigures(
        platform=platform,
        accounts=len(accounts),
        sites=len({a.authority_id for a in audiences}),
        declared=sum(1 for a in audiences if a.followers_declared or a.activity_declared),
        visible=sum(1 for a in audiences if a.followers is not None),
        per_1000_median=median(per_1000) if per_1000 else None,
        per_1000_n=len(per_1000),
        active=sum(known),
        activity_known=len(known),
        unknown=tuple(sorted(unknown.items(), key=lambda item: (-item[1], item[0]))),
        followers_why=_reasons(a for a in audiences if a.followers is None),
        activity_why=_reasons(a.audience for a in accounts if a.active is None),
    )


def _reasons(accounts: Iterable[AccountAudience]) -> tuple[str, ...]:
    """Why the accounts' figure is unknown, the most frequent reason first."""
    counts = Counter(account.why_unknown or "not_shown" for account in accounts)
    return tuple(why for why, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0])))
