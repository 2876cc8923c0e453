"""`run_accounts`: one reading of a run's social accounts for the score and every output.
An observed figure wins, a declared one fills only what was not observed (and says so),
and what neither gives stays None with its reason, never 0."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, insert

from database.models import (
    Authority,
    CrawlRun,
    FindingRow,
    SiteScan,
    SocialDeclaration,
    SocialProfile,
    Website,
)
from database.social_audience import AccountAudience, run_accounts, run_day, window_start
from database.vocabulary import SOCIAL_WINDOW_DAYS

DAY = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)  # the campaign's day: 20 November 2026
# (kind, code, name, population)
PLACES = [
    ("commune", "44109", "Nantes", 320_000),
    ("commune", "44143", "Rezé", 42_000),
    ("epci", "244400404", "Nantes Métropole", None),
    ("departement", "44", "Loire-Atlantique", 1_450_000),
    ("region", "44", "Grand Est", 5_500_000),
]


def build_run(
    engine: Engine, places: Sequence[tuple[str, str, str, int | None]] = PLACES, run_id: int = 1,
    started: datetime = DAY, crawled: int | None = None,
) -> dict[tuple[str, str], int]:  # fmt: skip
    """Authorities with a website each, and a finished run that crawled the first `crawled`
    of them (all by default): (kind, code) -> authority id."""
    ids: dict[tuple[str, str], int] = {}
    with engine.begin() as connection:
        connection.execute(insert(CrawlRun).values(
            id=run_id, started_at=started, finished_at=started, status="finished", settings={},
            targets_count=len(places)))  # fmt: skip
        for index, (kind, code, name, population) in enumerate(places):
            authority = connection.execute(insert(Authority).values(
                kind=kind, code=code, name=name, population=population, source="test",
                updated_at=started)).inserted_primary_key[0]  # type: ignore[index]  # fmt: skip
            website = connection.execute(insert(Website).values(
                authority_id=authority, url=f"https://{kind}-{code}.fr/",
                host=f"{kind}-{code}.fr", is_primary=True, source="test",
                updated_at=started)).inserted_primary_key[0]  # type: ignore[index]  # fmt: skip
            if crawled is None or index < crawled:
                connection.execute(insert(SiteScan).values(
                    run_id=run_id, authority_id=authority, website_id=website, status="ok",
                    finished_at=started))  # fmt: skip
            ids[(kind, code)] = authority
    return ids


def link(engine: Engine, authority_id: int, platform: str, url: str, run_id: int = 1) -> None:
    """The authority's site links the account (a `social.*` finding)."""
    with engine.begin() as connection:
        website = connection.execute(
            Website.__table__.select().where(Website.authority_id == authority_id)
        ).first()
        assert website is not None
        connection.execute(insert(FindingRow).values(
            run_id=run_id, authority_id=authority_id, website_id=website.id,
            feature=f"social.{platform}", value=url, evidence_url=website.url,
            snippet=f'<a href="{url}">', detector="test"))  # fmt: skip


def observe(engine: Engine, authority_id: int, platform: str, url: str, **seen: Any) -> None:
    """What `vigie social` read of the account."""
    values = {"reachable": True, "login_wall": False, **seen}
    with engine.begin() as connection:
        connection.execute(insert(SocialProfile).values(
            run_id=1, authority_id=authority_id, platform=platform, url=url, checked_at=DAY,
            **values))  # fmt: skip


def declare(engine: Engine, authority_id: int, platform: str, url: str, **figures: Any) -> None:
    """What the account's owner declared (`vigie social import`)."""
    with engine.begin() as connection:
        connection.execute(insert(SocialDeclaration).values(
            run_id=1, authority_id=authority_id, platform=platform, url=url, as_of="2026-11-18",
            source="declared.csv", imported_at=DAY, **figures))  # fmt: skip


NANTES = ("commune", "44109")
FACEBOOK = "https://www.facebook.com/VilleDeNantes"


def only(engine: Engine) -> AccountAudience:
    accounts = run_accounts(engine, 1)
    assert len(accounts) == 1, accounts
    return accounts[0]


def test_an_observed_figure_wins_over_a_declared_one(engine: Engine) -> None:
    nantes = build_run(engine)[NANTES]
    link(engine, nantes, "youtube", "https://www.youtube.com/@nantes")
    observe(engine, nantes, "youtube", "https://www.youtube.com/@nantes", followers=12_300,
            followers_rounded=True, posts_90d=15, posts_90d_partial=True,
            last_activity="2026-11-19")  # fmt: skip
    declare(engine, nantes, "youtube", "https://www.youtube.com/@nantes", followers=99_999,
            posts_90d=40, last_activity="2026-11-18")  # fmt: skip
    account = only(engine)
    assert (account.followers, account.followers_declared, account.followers_rounded) == (
        12_300, False, True)  # fmt: skip
    assert (account.posts_90d, account.posts_90d_partial, account.last_activity) == (
        15, True, "2026-11-19")  # fmt: skip
    assert account.activity_declared is False
    assert account.why_unknown is None
    assert account.linked is True


def test_a_declared_figure_fills_only_what_was_not_observed_and_is_flagged(engine: Engine) -> None:
    nantes = build_run(engine)[NANTES]
    link(engine, nantes, "facebook", FACEBOOK)
    observe(engine, nantes, "facebook", FACEBOOK, login_wall=True, http_status=200)
    declare(engine, nantes, "facebook", FACEBOOK, followers=48_210, posts_90d=61)
    account = only(engine)
    assert (account.followers, account.followers_declared) == (48_210, True)
    assert (account.posts_90d, account.activity_declared) == (61, True)
    assert account.last_activity is None
    assert not account.followers_rounded
    assert not account.posts_90d_partial
    assert account.why_unknown is None
    assert account.linked is True


def test_declared_followers_beside_observed_activity(engine: Engine) -> None:
    nantes = build_run(engine)[NANTES]
    url = "https://www.dailymotion.com/nantes"
    link(engine, nantes, "dailymotion", url)
    observe(engine, nantes, "dailymotion", url, posts_90d=4, last_activity="2026-11-02")
    declare(engine, nantes, "dailymotion", url, followers=800, posts_90d=10)
    account = only(engine)
    assert (account.followers, account.followers_declared) == (800, True)
    assert (account.posts_90d, account.activity_declared) == (4, False)


def test_a_login_wall_without_declaration_stays_unknown(engine: Engine) -> None:
    nantes = build_run(engine)[NANTES]
    link(engine, nantes, "instagram", "https://www.instagram.com/nantes")
    observe(engine, nantes, "instagram", "https://www.instagram.com/nantes", login_wall=True)
    account = only(engine)
    assert account.followers is None
    assert account.posts_90d is None
    assert account.last_activity is None
    assert account.why_unknown == "login_wall"
    assert account.active(DAY.date()) is None
    assert account.followers_per_1000 is None


def test_a_declaration_of_followers_only_keeps_the_reason_of_the_rest(engine: Engine) -> None:
    nantes = build_run(engine)[NANTES]
    link(engine, nantes, "x", "https://x.com/nantes")
    observe(engine, nantes, "x", "https://x.com/nantes", login_wall=True)
    declare(engine, nantes, "x", "https://x.com/nantes", followers=5_000)
    account = only(engine)
    assert (account.followers, account.followers_declared) == (5_000, True)
    assert account.posts_90d is None
    assert account.activity_declared is False
    assert account.why_unknown == "login_wall"  # the activity is still unknown, and why


@pytest.mark.parametrize(
    ("platform", "url", "seen", "why"),
    [
        ("tiktok", "https://www.tiktok.com/@nantes", {}, "not_read"),
        ("youtube", "https://www.youtube.com/@nantes", None, "not_checked"),
        ("mastodon", "https://mastodon.social/@nantes", {"reachable": False}, "unreachable"),
        ("mastodon", "https://mastodon.social/@nantes", {"posts_90d": 2}, "not_shown"),
        # The platform is walled even when the check saw no wall (a redirect it followed).
        ("linkedin", "https://www.linkedin.com/company/nantes", {}, "login_wall"),
        # Forbidden by the platform's robots.txt, first request or a later one: never looked.
        (
            "facebook",
            "https://www.facebook.com/nantes",
            {"reachable": False, "detail": "robots_blocked: Forbidden by robots.txt"},
            "robots",
        ),
        (
            "youtube",
            "https://www.youtube.com/@nantes",
            {
                "detail": "robots_blocked: Forbidden by robots.txt (https://www.youtube.com/feeds/"
                "videos.xml?channel_id=UC1)"
            },
            "robots",
        ),
    ],
)
def test_why_a_figure_is_unknown(
    engine: Engine, platform: str, url: str, seen: dict[str, Any] | None, why: str
) -> None:
    nantes = build_run(engine)[NANTES]
    link(engine, nantes, platform, url)
    if seen is not None:
        observe(engine, nantes, platform, url, **seen)
    account = only(engine)
    assert account.followers is None
    assert account.why_unknown == why


def test_an_account_only_declared_is_not_linked(engine: Engine) -> None:
    ids = build_run(engine)
    link(engine, ids[NANTES], "facebook", FACEBOOK)
    declare(engine, ids[("commune", "44143")], "facebook", "https://www.facebook.com/reze",
            followers=7_000)  # fmt: skip
    accounts = {account.url: account for account in run_accounts(engine, 1)}
    assert accounts[FACEBOOK].linked is True
    declared = accounts["https://www.facebook.com/reze"]
    assert declared.linked is False
    assert (declared.followers, declared.followers_declared) == (7_000, True)
    assert (declared.population, declared.platform) == (42_000, "facebook")
    # No activity declared, and `vigie social` never reads an account no site links.
    assert declared.why_unknown == "not_linked"


def test_a_newest_post_after_the_campaign_says_nothing_of_its_window() -> None:
    later = AccountAudience(1, 1000, "facebook", FACEBOOK, None, False, False, None, False,
                            "2026-12-20", True, None)  # fmt: skip
    assert later.active(date(2026, 11, 20)) is None
    assert replace(later, posts_90d=0).active(date(2026, 11, 20)) is False
    assert replace(later, posts_90d=3).active(date(2026, 11, 20)) is True


def test_accounts_of_another_run_are_not_read(engine: Engine) -> None:
    nantes = build_run(engine)[NANTES]
    link(engine, nantes, "facebook", FACEBOOK)
    with engine.begin() as connection:
        connection.execute(insert(CrawlRun).values(
            id=2, started_at=DAY, finished_at=DAY, status="finished", settings={},
            targets_count=1))  # fmt: skip
    link(engine, nantes, "x", "https://x.com/nantes", run_id=2)
    assert [account.platform for account in run_accounts(engine, 1)] == ["facebook"]
    assert [account.platform for account in run_accounts(engine, 2)] == ["x"]


def account(**figures: Any) -> AccountAudience:
    given: dict[str, Any] = {
        "authority_id": 1, "population": 20_000, "platform": "mastodon",
        "url": "https://mastodon.social/@ville", "followers": None, "followers_rounded": False,
        "followers_declared": False, "posts_90d": None, "posts_90d_partial": False,
        "last_activity": None, "activity_declared": False, "why_unknown": None,
    }  # fmt: skip
    return AccountAudience(**{**given, **figures})


ON = date(2026, 11, 20)
START = ON - timedelta(days=SOCIAL_WINDOW_DAYS)


@pytest.mark.parametrize(
    ("posts_90d", "last_activity", "active"),
    [
        (3, None, True),  # posts in the window
        (1, "2020-01-01", True),  # the count wins over a date read elsewhere
        (0, None, False),  # none in the window
        (None, START.isoformat(), True),  # the window's first day is in it
        (None, (START - timedelta(days=1)).isoformat(), False),
        (None, ON.isoformat(), True),
        (0, (START - timedelta(days=10)).isoformat(), False),
        (None, None, None),  # nothing known: unknown, never inactive
    ],
)
def test_active_on_the_campaigns_day(
    posts_90d: int | None, last_activity: str | None, active: bool | None
) -> None:
    assert window_start(ON) == START
    assert account(posts_90d=posts_90d, last_activity=last_activity).active(ON) is active


@pytest.mark.parametrize(
    ("followers", "population", "per_1000"),
    [
        (5_000, 20_000, 250.0),
        (3, 1_500, 2.0),
        (0, 20_000, 0.0),  # none is a known 0
        (None, 20_000, None),  # unknown stays unknown
        (5_000, None, None),  # an authority without population
        (5_000, 0, None),
    ],
)
def test_followers_per_1000_residents(
    followers: int | None, population: int | None, per_1000: float | None
) -> None:
    assert account(followers=followers, population=population).followers_per_1000 == per_1000


def test_the_campaigns_day_is_the_runs_start(engine: Engine) -> None:
    build_run(engine, started=datetime(2026, 9, 3, 23, 0, tzinfo=UTC))
    assert run_day(engine, 1) == date(2026, 9, 3)
