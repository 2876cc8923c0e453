"""The mock social platforms answer like the real public endpoints, and their truth is what
the readers find in those answers on any run's day."""

from __future__ import annotations

import json
from dataclasses import asdict, replace
from datetime import date, timedelta
from urllib.parse import urlsplit

import pytest

import farm.generation
from database.social_audience import window_start
from database.vocabulary import SOCIAL_LOGIN_WALLED, SOCIAL_READ_PLATFORMS, SOCIAL_WINDOW_DAYS
from farm import social_accounts
from farm.catalogue import Farm
from farm.model import FARM_TODAY, SocialLink
from farm.platforms import DISALLOWED, PLATFORM_HOSTS, allowed, public_profile, respond
from farm.social_accounts import account_stats, timeline, window_figures
from pipelines.extractors import social_activity
from pipelines.extractors.social_activity import Activity, Step, Window, first_step, interrupted
from pipelines.extractors.social_platforms import advance
from pipelines.extractors.social_youtube import initial_data
from tests.conftest import FARM_SEED, FARM_SITES

FARM = Farm(FARM_SITES, FARM_SEED, 8000)
LARGE = Farm(3000, 1, 8000)
READ = ("mastodon", "peertube", "youtube", "bluesky", "dailymotion")
FIGURES = (
    "followers",
    "followers_rounded",
    "posts",
    "last_activity",
    "posts_90d",
    "posts_90d_partial",
)


def read_accounts(farm: Farm) -> list[SocialLink]:
    return [link for site in farm.sites() for link in site.socials if link.platform in READ]


def get(farm: Farm, url: str) -> tuple[int, str, bytes]:
    parts = urlsplit(url)
    return respond(farm, parts.hostname or "", f"{parts.path}?{parts.query}")


def checked(farm: Farm, link: SocialLink, on: date) -> dict[str, object]:
    """What the readers make of the mock's answers, a robots.txt obeyed."""
    window = Window(window_start(on), on)
    step: Step | None = first_step(link.platform, link.expected)
    activity = Activity()
    while step is not None:
        parts = urlsplit(step.url)
        if not allowed(parts.hostname or "", parts.path):
            activity = interrupted(activity)
            break
        status, _, body = get(farm, step.url)
        assert status == 200, step.url
        activity, step = advance(step, body, activity, window)
    found = asdict(activity)
    return {name: found[name] for name in FIGURES}


def truth(link: SocialLink, on: date) -> dict[str, object]:
    profile = public_profile(link, on)
    return {name: profile[name] for name in FIGURES}


@pytest.mark.parametrize("on", [FARM_TODAY, FARM_TODAY + timedelta(days=29), date(2026, 6, 15)])
def test_the_readers_find_in_the_mocks_what_the_truth_says(on: date) -> None:
    accounts = read_accounts(FARM)
    assert {link.platform for link in accounts} == set(READ)
    for link in accounts:
        assert checked(FARM, link, on) == truth(link, on), link.expected


def test_prolific_accounts_stop_at_the_cap_of_pages_and_say_so() -> None:
    prolific = []
    for link in read_accounts(LARGE):
        if link.platform == "youtube":
            continue
        stats = account_stats(link)
        on = date.fromisoformat(stats.last_activity)
        if window_figures(link, on)[1]:
            prolific.append((link, on))
    assert {link.platform for link, _ in prolific} >= {"mastodon", "bluesky"}
    for link, on in prolific[:12]:
        found = checked(LARGE, link, on)
        assert found == truth(link, on)
        assert found["posts_90d_partial"] is True


def test_mastodon_statuses_page_back_through_the_whole_timeline() -> None:
    link = next(link for link in read_accounts(LARGE) if link.platform == "mastodon")
    _, _, body = get(LARGE, first_step("mastodon", link.expected).url)
    account = json.loads(body)
    seen: list[str] = []
    url = f"https://social.numerique.gouv.fr/api/v1/accounts/{account['id']}/statuses?limit=40"
    while True:
        status, _, body = get(LARGE, url + (f"&max_id={seen[-1]}" if seen else ""))
        page = json.loads(body)
        assert status == 200
        if not page:
            break
        seen += [status["id"] for status in page]
    assert len(seen) == len(set(seen)) == account["statuses_count"]
    assert [int(i) for i in seen] == sorted((int(i) for i in seen), reverse=True)
    newest = timeline(link).moment(0).date().isoformat()
    assert account["last_status_at"] == newest


def test_bluesky_lists_reposts_with_a_reason_and_pages_with_a_cursor() -> None:
    link = next(link for link in read_accounts(LARGE) if link.platform == "bluesky")
    handle = link.handle
    _, _, body = get(
        LARGE, f"https://public.api.bsky.app/xrpc/app.bsky.actor.getProfile?actor={handle}"
    )
    profile = json.loads(body)
    assert profile["handle"] == handle
    assert profile["did"].startswith("did:plc:")
    items, cursor = [], None
    while True:
        query = f"actor={handle}&limit=100" + (f"&cursor={cursor}" if cursor else "")
        _, _, body = get(
            LARGE, f"https://public.api.bsky.app/xrpc/app.bsky.feed.getAuthorFeed?{query}"
        )
        page = json.loads(body)
        items += page["feed"]
        cursor = page.get("cursor")
        if not cursor:
            break
    own = [item for item in items if "reason" not in item]
    assert len(own) == profile["postsCount"]
    assert all(
        item["reason"]["$type"].endswith("#reasonRepost") for item in items if "reason" in item
    )


def test_dailymotion_lists_videos_by_page_while_it_has_more() -> None:
    link = next(link for link in read_accounts(LARGE) if link.platform == "dailymotion")
    base = f"https://api.dailymotion.com/user/{link.handle}"
    _, _, body = get(LARGE, f"{base}?fields=followers_total,videos_total")
    assert json.loads(body) == {
        "followers_total": account_stats(link).followers,
        "videos_total": account_stats(link).posts,
    }
    listed, page = [], 1
    while True:
        _, _, body = get(
            LARGE, f"{base}/videos?fields=created_time&sort=recent&limit=100&page={page}"
        )
        answer = json.loads(body)
        listed += [video["created_time"] for video in answer["list"]]
        if not answer["has_more"]:
            break
        page += 1
    assert len(listed) == account_stats(link).posts
    assert listed == sorted(listed, reverse=True)


def test_unknown_accounts_get_each_platforms_error() -> None:
    answers = {
        "https://social.numerique.gouv.fr/api/v1/accounts/lookup?acct=nobody": 404,
        "https://tube.numerique.gouv.fr/api/v1/accounts/nobody/videos": 404,
        "https://public.api.bsky.app/xrpc/app.bsky.actor.getProfile?actor=nobody.bsky.social": 400,
        "https://api.dailymotion.com/user/Nobody?fields=followers_total": 404,
        "https://www.youtube.com/@Nobody": 404,
    }
    for url, expected in answers.items():
        assert get(LARGE, url)[0] == expected, url
    _, _, body = get(LARGE, "https://public.api.bsky.app/xrpc/app.bsky.actor.getProfile?actor=x")
    assert json.loads(body) == {"error": "InvalidRequest", "message": "Profile not found"}


def test_youtube_pages_embed_their_data_in_each_header_form() -> None:
    styles: dict[str, SocialLink] = {}
    for link in read_accounts(LARGE):
        if link.platform == "youtube":
            styles.setdefault(social_accounts.youtube_style(link), link)
    assert set(styles) == {"new-fr", "old-fr", "new-en"}
    for style, link in styles.items():
        status, content_type, body = get(LARGE, link.expected)
        assert (status, content_type) == (200, "text/html; charset=utf-8")
        data = initial_data(body.decode())
        assert data is not None
        header = data["header"]
        assert isinstance(header, dict)
        assert ("c4TabbedHeaderRenderer" in header) == style.startswith("old"), style


def test_youtube_counts_are_written_as_the_channel_page_writes_them() -> None:
    text = social_accounts.youtube_count_text
    assert text(12345, "subscribers", "new-fr") == "12,3\u00a0k\u00a0abonnés"
    assert text(1234, "subscribers", "old-fr") == "1,23\u00a0k\u00a0abonnés"
    assert text(1_250_000, "subscribers", "new-fr") == "1,25\u00a0M\u00a0d’abonnés"
    assert text(1, "videos", "new-fr") == "1\u00a0vidéo"
    assert text(120_400, "subscribers", "new-en") == "120k subscribers"
    assert text(1200, "subscribers", "old-en") == "1.2K subscribers"
    assert text(456, "videos", "new-en") == "456 videos"


def test_robots_txt_is_served_for_every_read_platform() -> None:
    for host in DISALLOWED:
        status, content_type, body = respond(LARGE, host, "/robots.txt")
        assert (status, content_type) == (200, "text/plain; charset=utf-8")
        assert body.decode().startswith("User-agent: *\n")
    youtube = respond(LARGE, "www.youtube.com", "/robots.txt")[2].decode()
    assert "Disallow: /feeds/videos.xml\n" in youtube
    assert not allowed("www.youtube.com", "/feeds/videos.xml")
    assert allowed("www.youtube.com", "/@VilleX")
    assert allowed("public.api.bsky.app", "/xrpc/app.bsky.feed.getAuthorFeed")
    assert {"public.api.bsky.app", "api.dailymotion.com"} <= PLATFORM_HOSTS


def test_the_farms_copies_of_the_reading_rules_are_the_crawlers() -> None:
    assert social_accounts.WINDOW_DAYS == SOCIAL_WINDOW_DAYS
    assert social_accounts.READ_PLATFORMS == SOCIAL_READ_PLATFORMS
    assert social_accounts.LOGIN_WALLED_PLATFORMS == SOCIAL_LOGIN_WALLED
    readers = {
        "mastodon": "mastodon-statuses",
        "peertube": "peertube-videos",
        "bluesky": "bluesky-feed",
        "dailymotion": "dailymotion-videos",
        "youtube": "youtube-feed",
    }
    for platform, listing in social_accounts.LISTINGS.items():
        crawler = social_activity.LISTINGS[readers[platform]]
        assert (listing.size, listing.pages) == (crawler.size, crawler.pages), platform


def test_the_late_accounts_changed_no_other_draw(monkeypatch: pytest.MonkeyPatch) -> None:
    with_late = Farm(FARM_SITES, FARM_SEED, 8000).sites()
    monkeypatch.setattr(farm.generation, "draw_late_socials", lambda *args: None)
    without = Farm(FARM_SITES, FARM_SEED, 8000).sites()
    late = ("bluesky", "dailymotion")
    assert any(link.platform in late for site in with_late for link in site.socials)
    for site, before in zip(with_late, without, strict=True):
        kept = [link for link in site.socials if link.platform not in late]
        assert replace(site, socials=kept) == before
