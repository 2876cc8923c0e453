"""What is known of each social account a run's sites link to: observed by `vigie social`,
declared by its owner (`vigie social import`), or unknown and why.

One reading shared by the score (`scoring`) and every output (`reports`), so that an account
behind a login wall is unknown in all of them, never 0 in one. The rule, in docs/social.md:
an observed figure wins; a declared one fills only what was not observed, marked as
declared; what neither gives stays None with the reason of the account (`why_unknown`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Engine, select

from database.models import Authority, CrawlRun, FindingRow, SocialDeclaration, SocialProfile
from database.vocabulary import SOCIAL_LOGIN_WALLED, SOCIAL_READ_PLATFORMS, SOCIAL_WINDOW_DAYS

# Why a figure of an account is unknown, with what readers are shown (always "inconnu").
UNKNOWN_LABELS = {
    "not_checked": "inconnu (compte non vérifié)",
    "unreachable": "inconnu (compte injoignable)",
    "robots": "inconnu (le réseau interdit la lecture automatique)",
    "login_wall": "inconnu (connexion exigée)",
    "not_read": "inconnu (plateforme non lue)",
    "not_shown": "inconnu (non affiché)",
    # An account only declared, linked by no site: `vigie social` never reads it.
    "not_linked": "inconnu (non déclaré ; compte sans lien depuis le site)",
}


@dataclass(frozen=True)
class AccountAudience:
    """One account linked by one authority's site in a run, and its figures."""

    authority_id: int
    population: int | None  # the authority's residents, for the audience per 1,000
    platform: str
    url: str
    followers: int | None
    followers_rounded: bool  # the platform shows a rounded count
    followers_declared: bool  # followers come from the owner's declaration
    posts_90d: int | None
    posts_90d_partial: bool  # a lower bound: the platform listed only its newest posts
    last_activity: str | None  # ISO date of the newest post
    activity_declared: bool  # posts_90d and last_activity come from the owner's declaration
    why_unknown: str | None  # a key of UNKNOWN_LABELS when a figure is None
    linked: bool = True  # the site links it; False: only its owner declared it

    @property
    def followers_per_1000(self) -> float | None:
        """Followers per 1,000 residents; None when either is unknown."""
        if self.followers is None or not self.population:
            return None
        return 1000 * self.followers / self.population

    def active(self, on: date) -> bool | None:
        """Posted within SOCIAL_WINDOW_DAYS up to `on`; None when no date or count is known."""
        if self.posts_90d:
            return True
        if self.last_activity:
            if self.last_activity > on.isoformat():
                # The newest post came after the campaign's day (read or declared later):
                # it says nothing of the window, unless posts were counted in it.
                return False if self.posts_90d == 0 else None
            return self.last_activity >= window_start(on).isoformat()
        if self.posts_90d == 0:
            return False
        return None


def window_start(on: date) -> date:
    """The first day of the activity window that ends on `on` (the campaign's day)."""
    return on - timedelta(days=SOCIAL_WINDOW_DAYS)


def run_day(engine: Engine, run_id: int) -> date:
    """The campaign's day: activity windows end on it, whatever day `vigie social` ran."""
    with engine.connect() as connection:
        started = connection.execute(
            select(CrawlRun.started_at).where(CrawlRun.id == run_id)
        ).scalar_one()
    return started.date()


def _why_unknown(profile: Any, platform: str) -> str:
    if profile is None:
        return "not_checked"
    # The platform's robots.txt forbids the page or API that shows the figure (YouTube's feed
    # since 2025): Vigie obeys it, so the figure is unknown, whatever the account does.
    if (profile.detail or "").startswith("robots_blocked"):
        return "robots"
    if not profile.reachable:
        return "unreachable"
    if profile.login_wall or platform in SOCIAL_LOGIN_WALLED:
        return "login_wall"
    if platform not in SOCIAL_READ_PLATFORMS:
        return "not_read"
    return "not_shown"


def _account(
    authority_id: int,
    population: int | None,
    platform: str,
    url: str,
    profile: Any,  # a social_profiles row, or None when the account was not checked
    declared: Any,  # a social_declarations row, or None
) -> AccountAudience:
    seen_followers = profile.followers if profile else None
    seen_posts = profile.posts_90d if profile else None
    seen_last = profile.last_activity if profile else None
    use_declared_followers = seen_followers is None and declared is not None
    use_declared_activity = (
        seen_posts is None
        and seen_last is None
        and declared is not None
        and (declared.posts_90d is not None or declared.last_activity is not None)
    )
    followers = declared.followers if use_declared_followers and declared else seen_followers
    if use_declared_activity and declared:
        posts_90d, last_activity = declared.posts_90d, declared.last_activity
    else:
        posts_90d, last_activity = seen_posts, seen_last
    complete = followers is not None and (posts_90d is not None or last_activity is not None)
    return AccountAudience(
        authority_id=authority_id,
        population=population,
        platform=platform,
        url=url,
        followers=followers,
        followers_rounded=bool(
            profile and profile.followers_rounded and not use_declared_followers
        ),
        followers_declared=use_declared_followers and followers is not None,
        posts_90d=posts_90d,
        posts_90d_partial=bool(profile and profile.posts_90d_partial and not use_declared_activity),
        last_activity=last_activity,
        activity_declared=use_declared_activity,
        why_unknown=None if complete else _why_unknown(profile, platform),
    )


def run_accounts(engine: Engine, run_id: int) -> list[AccountAudience]:
    """Every account the run's sites link to (`social.*` findings), with what is known of it;
    by authority, then platform and URL."""
    with engine.connect() as connection:
        linked = connection.execute(
            select(
                FindingRow.authority_id, FindingRow.feature, FindingRow.value, Authority.population
            )
            .join(Authority, Authority.id == FindingRow.authority_id)
            .where(FindingRow.run_id == run_id, FindingRow.feature.like("social.%"))
            .distinct()
        ).all()
        profiles = {
            (row.authority_id, row.url): row
            for row in connection.execute(
                select(SocialProfile.__table__).where(SocialProfile.run_id == run_id)
            )
        }
        declarations = {
            (row.authority_id, row.url): row
            for row in connection.execute(
                select(SocialDeclaration.__table__, Authority.population)
                .join(Authority, Authority.id == SocialDeclaration.authority_id)
                .where(SocialDeclaration.run_id == run_id)
            )
        }
    accounts = [
        _account(
            authority_id,
            population,
            feature.removeprefix("social."),
            url,
            profiles.get((authority_id, url)),
            declarations.get((authority_id, url)),
        )
        for authority_id, feature, url, population in linked
    ]
    found = {(account.authority_id, account.url) for account in accounts}
    for (authority_id, url), declared in declarations.items():
        if (authority_id, url) not in found:
            only_declared = _account(
                authority_id, declared.population, declared.platform, url, None, declared
            )
            why = only_declared.why_unknown and "not_linked"
            accounts.append(replace(only_declared, linked=False, why_unknown=why))
    return sorted(accounts, key=lambda a: (a.authority_id, a.platform, a.url))
