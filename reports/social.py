"""The social networks of a report's scope: per platform, the accounts its crawled sites link
to, how many show their followers and activity (observed by `vigie social` or declared from
the accounts' own statistics), and why the others are unknown, followers and activity apart;
the same over all networks; and each crawled site's two social indicators as the score reads
them (`reports/social_score.py`). The figures come from the one reading the score and every
output share (`database/social_audience.py`); their words from `reports/social_text.py`."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from statistics import median

from sqlalchemy import Engine, select

from database.models import Authority, SocialDeclaration
from database.scope import Scope
from database.social_audience import AccountAudience, run_accounts, run_day
from database.vocabulary import platform_label
from reports.social_score import AudienceStatus, audience_status

# The platform of the all-networks row.
ALL = ""
ALL_LABEL = "Tous réseaux"


@dataclass(frozen=True)
class ScopeAccount:
    """One account of one of the scope's authorities, as the workbook lists it."""

    code: str  # the authority's code
    name: str  # the authority's name
    audience: AccountAudience
    active: bool | None  # posted within the window up to the campaign's day; None: unknown
    declared_on: date | None = None  # the day the declared figures were read, if any
    declared_in: str | None = None  # the file they were imported from


@dataclass(frozen=True)
class AuthoritySocial:
    """One crawled site's authority and its two social indicators, as the score reads them."""

    code: str
    name: str
    status: AudienceStatus


Reasons = tuple[tuple[str, int], ...]  # (why, accounts), the most accounts first


@dataclass(frozen=True)
class NetworkFigures:
    """One platform's accounts linked from the scope's crawled sites (or every platform's:
    `platform` ALL), and what is known of them. Every share and median keeps the count it
    rests on."""

    platform: str
    accounts: int  # accounts found: linked by the scope's crawled sites
    sites: int  # crawled sites linking at least one of them
    declared: int  # ... accounts with a declared figure (followers or activity)
    followers_declared: int  # ... accounts whose follower count is declared
    visible: int  # ... accounts whose follower count is known (observed or declared)
    per_1000_median: float | None  # median followers per 1,000 residents
    per_1000_n: int  # ... the accounts it rests on (followers and population known)
    active: int  # accounts that posted within the window
    activity_known: int  # ... among those whose activity is known (the share's n)
    activity_declared: int  # ... accounts whose activity is known from a declaration
    followers_unknown: Reasons  # accounts whose follower count is unknown, by why
    activity_unknown: Reasons  # accounts whose activity is unknown, by why

    @property
    def label(self) -> str:
        return ALL_LABEL if self.platform == ALL else platform_label(self.platform)

    @property
    def followers_why(self) -> tuple[str, ...]:
        """Why the follower counts not known are unknown, the most frequent reason first."""
        return tuple(why for why, _ in self.followers_unknown)

    @property
    def activity_why(self) -> tuple[str, ...]:
        """Why the activity not known is unknown, the most frequent reason first."""
        return tuple(why for why, _ in self.activity_unknown)


@dataclass(frozen=True)
class SocialFigures:
    """The scope's social figures on the campaign's day."""

    day: date | None = None  # the campaign's day: activity windows end on it
    networks: list[NetworkFigures] = field(default_factory=list)  # most accounts first
    # Every account of the scope's authorities: linked by a crawled site, or only declared
    accounts: list[ScopeAccount] = field(default_factory=list)
    checked: bool = False  # `vigie social` or an import gave a figure for the run
    total: NetworkFigures | None = None  # every network's accounts together
    # Each crawled site's authority with its two social indicators, by name
    authorities: list[AuthoritySocial] = field(default_factory=list)

    @property
    def found(self) -> int:
        """Accounts linked by the scope's crawled sites (the networks' accounts)."""
        return sum(network.accounts for network in self.networks)

    @property
    def sites(self) -> int:
        """Crawled sites linking at least one account."""
        return self.total.sites if self.total else 0

    @property
    def declared(self) -> int:
        """... of which have a declared figure."""
        return sum(network.declared for network in self.networks)

    @property
    def only_declared(self) -> int:
        """Accounts declared that no crawled site of the scope links."""
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
        declarations = {
            (row.authority_id, row.url): (_day(row.as_of), row.source)
            for row in connection.execute(
                select(
                    SocialDeclaration.authority_id,
                    SocialDeclaration.url,
                    SocialDeclaration.as_of,
                    SocialDeclaration.source,
                ).where(SocialDeclaration.run_id == run_id)
            )
        }
    accounts = [
        ScopeAccount(
            *names[account.authority_id],
            account,
            account.active(day),
            *_declared(account, declarations.get((account.authority_id, account.url))),
        )
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
    return SocialFigures(
        day,
        networks,
        accounts,
        any(map(_checked, everything)),
        network(ALL, found),
        _authorities(accounts, [(i, *names[i]) for i in crawled if i in names], day),
    )


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat((text or "")[:10])
    except ValueError:
        return None


def _declared(
    account: AccountAudience, declaration: tuple[date | None, str] | None
) -> tuple[date | None, str | None]:
    """When and from which file the account's figures in use were declared; none when the
    figures in use are all observed."""
    if declaration is None or not (account.followers_declared or account.activity_declared):
        return None, None
    return declaration


def _authorities(
    accounts: list[ScopeAccount], crawled: list[tuple[int, str, str]], day: date
) -> list[AuthoritySocial]:
    """Each crawled site's authority, by name, with its indicators over all its accounts."""
    mine: dict[int, list[AccountAudience]] = {}
    for account in accounts:
        mine.setdefault(account.audience.authority_id, []).append(account.audience)
    return sorted(
        (
            AuthoritySocial(code, name, audience_status(mine.get(authority_id, []), day))
            for authority_id, code, name in crawled
        ),
        key=lambda authority: (authority.name, authority.code),
    )


def _checked(account: AccountAudience) -> bool:
    """Whether anything was read or declared of the account."""
    return (
        account.why_unknown != "not_checked"
        or account.followers_declared
        or account.activity_declared
    )


def network(platform: str, accounts: list[ScopeAccount]) -> NetworkFigures:
    """One platform's figures over its accounts (every platform's: `platform` ALL)."""
    audiences = [account.audience for account in accounts]
    per_1000 = [f for a in audiences if (f := a.followers_per_1000) is not None]
    known = [account.active for account in accounts if account.active is not None]
    return NetworkFigures(
        platform=platform,
        accounts=len(accounts),
        sites=len({a.authority_id for a in audiences}),
        declared=sum(1 for a in audiences if a.followers_declared or a.activity_declared),
        followers_declared=sum(1 for a in audiences if a.followers_declared),
        visible=sum(1 for a in audiences if a.followers is not None),
        per_1000_median=median(per_1000) if per_1000 else None,
        per_1000_n=len(per_1000),
        active=sum(known),
        activity_known=len(known),
        activity_declared=sum(
            1 for a in accounts if a.active is not None and a.audience.activity_declared
        ),
        followers_unknown=_reasons(a for a in audiences if a.followers is None),
        activity_unknown=_reasons(a.audience for a in accounts if a.active is None),
    )


def _reasons(accounts: Iterable[AccountAudience]) -> Reasons:
    """(why, accounts) of the accounts whose figure is unknown, the most frequent first."""
    counts = Counter(account.why_unknown or "not_shown" for account in accounts)
    return tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
