"""The social networks the scope's crawled sites link to, and what `vigie social` could read
of the accounts."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from statistics import median

from sqlalchemy import Engine, select

from database.models import Authority, FindingRow, SocialProfile
from database.scope import Scope

# An account that posted within this many days before the crawl counts as active.
ACTIVE_DAYS = 90


@dataclass(frozen=True)
class SocialPlatform:
    """One platform's accounts linked from the scope's crawled sites, and what `vigie social`
    could read of them."""

    platform: str
    sites: int  # crawled sites linking an account on the platform
    checked: int  # accounts looked at by `vigie social`
    login_wall: int  # ... of which show nothing without logging in
    dated: int  # ... of which show the date of their latest post
    active: int  # ... of which posted within ACTIVE_DAYS before the crawl
    followers_median: float | None
    followers_known: int = 0  # accounts whose follower count is public (the median's n)


def social_platforms(
    engine: Engine,
    run_id: int,
    scope: Scope,
    run_started: datetime,
    ok_sites: list[tuple[int, str]],
) -> tuple[list[SocialPlatform], bool]:
    """Per platform: crawled sites linking an account, and the accounts' public activity."""
    crawled = {authority_id for authority_id, _ in ok_sites}
    conditions = scope.conditions()
    with engine.connect() as connection:
        linked = connection.execute(
            select(FindingRow.feature, FindingRow.authority_id)
            .distinct()
            .join(Authority, Authority.id == FindingRow.authority_id)
            .where(FindingRow.run_id == run_id, FindingRow.feature.like("social.%"), *conditions)
        ).all()
        profiles = connection.execute(
            select(
                SocialProfile.platform,
                SocialProfile.login_wall,
                SocialProfile.followers,
                SocialProfile.last_activity,
            )
            .join(Authority, Authority.id == SocialProfile.authority_id)
            .where(SocialProfile.run_id == run_id, *conditions)
        ).all()
        checked_anywhere = connection.execute(
            select(SocialProfile.id).where(SocialProfile.run_id == run_id).limit(1)
        ).first()
    sites = Counter(
        feature.removeprefix("social.")
        for feature, authority_id in linked
        if authority_id in crawled
    )
    since = (run_started - timedelta(days=ACTIVE_DAYS)).date().isoformat()
    platforms = []
    for platform, count in sorted(sites.items(), key=lambda item: (-item[1], item[0])):
        mine = [row for row in profiles if row.platform == platform]
        followers = [row.followers for row in mine if row.followers is not None]
        platforms.append(
            SocialPlatform(
                platform,
                count,
                len(mine),
                sum(1 for row in mine if row.login_wall),
                sum(1 for row in mine if row.last_activity),
                sum(1 for row in mine if row.last_activity and row.last_activity >= since),
                round(median(followers), 1) if followers else None,
                len(followers),
            )
        )
    return platforms, checked_anywhere is not None
