"""The social spider against the farm's mock platforms, and its readers on platform answers.

The bodies below have the shapes of the platforms' real public answers (Mastodon's Account
and Status entities, PeerTube's video list, Bluesky's lexicons app.bsky.actor.getProfile and
app.bsky.feed.getAuthorFeed, Dailymotion's Data API lists, YouTube's Atom feed and the
`ytInitialData` of channel pages as NewPipeExtractor's recorded answers show them), cut down
to the fields read, and the shapes of the answers that go wrong (consent and rate-limit
pages, errors).
"""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from scrapy.exceptions import IgnoreRequest
from sqlalchemy import select, update
from twisted.python.failure import Failure

from database import make_engine
from database.models import CrawlRun, SocialProfile
from database.repository import ProfileToCheck, pending_profiles
from evaluation.truth import evaluate_profiles
from pipelines.extractors.social_activity import (
    LISTINGS,
    YOUTUBE_CONSENT,
    Activity,
    Step,
    Window,
    count_page,
    first_step,
)
from pipelines.extractors.social_platforms import advance
from spiders.social import SocialSpider
from tests.conftest import CrawledFarm

WINDOW = Window(date(2026, 8, 2), date(2026, 10, 31))  # 90 days up to the run's day
CONSENT_PAGE = b'<html><form action="https://consent.youtube.com/save">Tout refuser</form></html>'
RATE_LIMITED = b"<html><body><h1>429 Too Many Requests</h1></body></html>"


NOTHING = Activity()


def read(step: Step, body: object, activity: Activity = NOTHING) -> tuple[Activity, Step | None]:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return advance(step, raw, activity, WINDOW)


# The farm, end to end


def test_every_profile_is_recorded_as_its_platform_shows_it(crawled_farm: CrawledFarm) -> None:
    result = evaluate_profiles(crawled_farm.engine, crawled_farm.run_id, crawled_farm.truth)
    platforms = {
        profile["url"].split("/")[2]
        for site in crawled_farm.truth["sites"]
        for profile in site["social_profiles"]
    }
    assert {
        "social.numerique.gouv.fr",
        "tube.numerique.gouv.fr",
        "www.youtube.com",
        "bsky.app",
        "www.dailymotion.com",
        "www.facebook.com",
    } <= platforms
    assert result.expected > 0
    assert result.mismatches == []
    assert result.agreements == result.expected


def test_each_read_platform_gave_its_figures_and_a_login_wall_none(
    crawled_farm: CrawledFarm,
) -> None:
    with crawled_farm.engine.connect() as connection:
        rows = connection.execute(
            select(SocialProfile).where(SocialProfile.run_id == crawled_farm.run_id)
        ).all()
    by_platform: dict[str, list[Any]] = {}
    for row in rows:
        by_platform.setdefault(row.platform, []).append(row)
    for platform in ("mastodon", "peertube", "bluesky", "dailymotion"):
        assert any(row.posts_90d is not None for row in by_platform[platform]), platform
        assert all(row.followers is not None for row in by_platform[platform]), platform
    youtube = by_platform["youtube"]
    assert all(row.followers is not None for row in youtube)
    # YouTube's robots.txt disallows its feeds: no dates, and the detail says why.
    assert all(row.posts_90d is None and row.last_activity is None for row in youtube)
    assert all("robots" in row.detail for row in youtube)
    walled = [row for row in rows if row.platform in ("facebook", "instagram", "x", "linkedin")]
    assert walled
    for row in walled:
        assert row.reachable
        assert row.login_wall
        assert (row.followers, row.posts, row.last_activity, row.posts_90d) == (None,) * 4


def test_the_window_ends_on_the_runs_day_not_on_the_day_of_the_check(
    crawled_farm: CrawledFarm, tmp_path: Path
) -> None:
    copy = tmp_path / "vigie.db"
    source = Path(crawled_farm.database_url.removeprefix("sqlite:///"))
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{source}{suffix}").exists():
            shutil.copy(f"{source}{suffix}", f"{copy}{suffix}")
    engine = make_engine(f"sqlite:///{copy}")
    with engine.begin() as connection:
        connection.execute(
            update(CrawlRun)
            .where(CrawlRun.id == crawled_farm.run_id)
            .values(started_at=datetime(2026, 5, 1, tzinfo=UTC))
        )
    moved = evaluate_profiles(engine, crawled_farm.run_id, crawled_farm.truth)
    engine.dispose()
    # The same records, judged for another run's day: only counts in the window differ.
    assert moved.mismatches
    assert all("posts_90d" in differences for _, _, differences in moved.mismatches)
    assert not any("followers" in differences for _, _, differences in moved.mismatches)


def test_a_second_social_pass_has_nothing_left_to_check(crawled_farm: CrawledFarm) -> None:
    assert pending_profiles(crawled_farm.engine, crawled_farm.run_id) == []


# Steps


def test_each_platform_is_asked_at_its_public_endpoint() -> None:
    assert first_step("mastodon", "https://social.numerique.gouv.fr/@mairie") == Step(
        "https://social.numerique.gouv.fr/api/v1/accounts/lookup?acct=mairie", "mastodon"
    )
    assert first_step("peertube", "https://tube.numerique.gouv.fr/a/ville") == Step(
        "https://tube.numerique.gouv.fr/api/v1/accounts/ville", "peertube-account"
    )
    assert first_step("peertube", "https://tube.numerique.gouv.fr/c/conseil").url.endswith(
        "/api/v1/video-channels/conseil"
    )
    assert first_step("youtube", "https://www.youtube.com/@Ville") == Step(
        "https://www.youtube.com/@Ville", "youtube-page", headers=YOUTUBE_CONSENT
    )
    assert first_step("bluesky", "https://bsky.app/profile/ville-x.fr") == Step(
        "https://public.api.bsky.app/xrpc/app.bsky.actor.getProfile?actor=ville-x.fr",
        "bluesky-profile",
    )
    assert first_step("dailymotion", "https://www.dailymotion.com/VilleX") == Step(
        "https://api.dailymotion.com/user/VilleX?fields=followers_total,videos_total",
        "dailymotion-user",
    )
    for platform, url in (
        ("facebook", "https://www.facebook.com/Ville"),
        ("flickr", "https://www.flickr.com/photos/ville"),
    ):
        step = first_step(platform, url)
        assert step == Step(url, "page")
        assert read(step, b"<html>Connectez-vous</html>") == (Activity(), None)


# The window and its pages


def test_a_page_counts_the_posts_in_the_window_bounds_included() -> None:
    step = Step("https://x.test/list?page=1", "dailymotion-videos")
    days = [date(2026, 11, 3), date(2026, 10, 31), date(2026, 9, 1), date(2026, 8, 2)]
    activity, following = count_page(Activity(), step, WINDOW, days, True, "https://x.test/2")
    # A post after the run's day is not counted (the check ran later) but is the newest.
    assert activity == Activity(last_activity="2026-11-03", posts_90d=3)
    assert following == Step("https://x.test/2", "dailymotion-videos", 1)
    activity, following = count_page(
        activity, following, WINDOW, [date(2026, 8, 1)], True, "https://x.test/3"
    )
    assert (activity.posts_90d, activity.posts_90d_partial, following) == (3, False, None)


def test_the_cap_of_pages_gives_a_lower_bound_and_the_end_of_the_list_does_not() -> None:
    last_page = LISTINGS["bluesky-feed"].pages - 1
    step = Step("https://x.test/feed", "bluesky-feed", last_page)
    before = Activity(last_activity="2026-10-30", posts_90d=400)
    full, following = count_page(before, step, WINDOW, [date(2026, 9, 9)] * 100, True, "u")
    assert (full.posts_90d, full.posts_90d_partial, following) == (500, True, None)
    ended, _ = count_page(before, step, WINDOW, [date(2026, 9, 9)] * 10, False, None)
    assert (ended.posts_90d, ended.posts_90d_partial) == (410, False)
    nothing, _ = count_page(
        Activity(followers=3), Step("u", "bluesky-feed"), WINDOW, [], False, None
    )
    assert nothing == Activity(followers=3, posts_90d=0)  # an empty list: no posts, known


# Mastodon

ACCOUNT = {
    "id": "109302431276043478",
    "username": "villex",
    "acct": "villex",
    "followers_count": 1234,
    "following_count": 12,
    "statuses_count": 567,
    "last_status_at": "2026-10-30",
}


def status(number: int, created: str, **extra: object) -> dict[str, object]:
    return {
        "id": str(number),
        "created_at": created,
        "in_reply_to_id": None,
        "reblog": None,
        **extra,
    }


def test_mastodon_account_then_statuses_paged_back_with_max_id() -> None:
    lookup = first_step("mastodon", "https://social.numerique.gouv.fr/@villex")
    activity, statuses = read(lookup, ACCOUNT)
    assert activity == Activity(followers=1234, posts=567, last_activity="2026-10-30")
    assert statuses == Step(
        "https://social.numerique.gouv.fr/api/v1/accounts/109302431276043478/statuses"
        "?limit=40&exclude_replies=true&exclude_reblogs=true",
        "mastodon-statuses",
    )
    page = [status(900 - i, f"2026-10-{30 - i % 28:02d}T09:00:00.000Z") for i in range(40)]
    activity, following = read(statuses, page, activity)
    assert activity.posts_90d == 40
    assert following is not None
    assert following.url.endswith("&max_id=861")
    assert following.page == 1
    older = [status(800, "2026-08-03T09:00:00.000Z"), status(799, "2026-07-01T09:00:00.000Z")]
    activity, following = read(following, older, activity)
    assert (activity.posts_90d, activity.posts_90d_partial, following) == (41, False, None)
    assert activity.last_activity == "2026-10-30"


def test_mastodon_answers_that_are_not_what_they_should_be_give_no_figures() -> None:
    lookup = first_step("mastodon", "https://social.numerique.gouv.fr/@villex")
    assert read(lookup, RATE_LIMITED) == (Activity(), None)
    assert read(lookup, {"followers_count": "12", "last_status_at": "hier"}) == (Activity(), None)
    statuses = Step("https://m.test/api/v1/accounts/1/statuses?limit=40", "mastodon-statuses")
    known = Activity(followers=5, posts=9, last_activity="2026-10-01")
    assert read(statuses, {"error": "Too many requests"}, known) == (known, None)
    assert read(statuses, [status(1, "not a date")], known) == (known, None)


def test_a_short_mastodon_page_ends_the_list_and_a_boost_is_not_counted() -> None:
    statuses = Step("https://m.test/api/v1/accounts/1/statuses?limit=40", "mastodon-statuses")
    page = [
        status(3, "2026-10-20T10:00:00.000Z"),
        status(2, "2026-10-19T10:00:00.000Z", reblog={"id": "7"}),
        status(1, "2026-09-01T10:00:00.000Z"),
    ]
    activity, following = read(statuses, page)
    assert (activity.posts_90d, activity.posts_90d_partial, following) == (2, False, None)


# PeerTube


def test_peertube_account_then_videos_paged_with_start() -> None:
    account = first_step("peertube", "https://tube.numerique.gouv.fr/a/ville")
    activity, videos = read(account, {"name": "ville", "followersCount": 42})
    assert activity == Activity(followers=42)
    assert videos is not None
    assert videos.url.endswith("/videos?sort=-publishedAt&count=100&start=0")
    data = [{"publishedAt": "2026-10-15T18:00:00.000Z"}] * 100
    activity, following = read(videos, {"total": 130, "data": data}, activity)
    assert activity == Activity(followers=42, posts=130, last_activity="2026-10-15", posts_90d=100)
    assert following is not None
    assert following.url.endswith("start=100")
    rest = [{"publishedAt": "2026-09-15T18:00:00.000Z"}] * 30
    activity, following = read(following, {"total": 130, "data": rest}, activity)
    assert (activity.posts, activity.posts_90d, following) == (130, 130, None)


def test_peertube_answers_that_are_not_what_they_should_be() -> None:
    videos = Step("https://t.test/api/v1/accounts/v/videos?start=0", "peertube-videos")
    assert read(videos, {"total": 3, "data": []}, Activity(followers=5)) == (
        Activity(followers=5, posts=3, posts_90d=0),
        None,
    )
    assert read(videos, b"<html>502 Bad Gateway</html>", Activity(followers=5)) == (
        Activity(followers=5),
        None,
    )


# YouTube


def youtube_page(header: dict[str, object], feed: bool = True) -> bytes:
    data = {"responseContext": {}, "header": header}
    link = (
        '<link rel="alternate" type="application/rss+xml" title="RSS" '
        'href="https://www.youtube.com/feeds/videos.xml?channel_id=UCsXVk37bltHxD1rDPwtNM8Q">'
        if feed
        else ""
    )
    return (
        f'<html><head>{link}</head><body><script nonce="x">var ytInitialData = '
        f"{json.dumps(data, ensure_ascii=False)};</script></body></html>"
    ).encode()


def page_header(*parts: str) -> dict[str, object]:
    rows = [{"metadataParts": [{"text": {"content": "@villex"}}]}]
    rows.append({"metadataParts": [{"text": {"content": part}} for part in parts]})
    metadata = {"contentMetadataViewModel": {"metadataRows": rows, "delimiter": "•"}}
    view = {"metadata": metadata}
    return {"pageHeaderRenderer": {"content": {"pageHeaderViewModel": view}}}


def c4_header(subscribers: str, videos: list[str]) -> dict[str, object]:
    return {
        "c4TabbedHeaderRenderer": {
            "subscriberCountText": {"simpleText": subscribers},
            "videosCountText": {"runs": [{"text": text} for text in videos]},
        }
    }


def channel(body: bytes) -> tuple[int | None, bool, int | None]:
    activity, _ = read(first_step("youtube", "https://www.youtube.com/@villex"), body)
    return activity.followers, activity.followers_rounded, activity.posts


def test_youtube_counts_in_the_newer_and_the_older_header_in_french_and_english() -> None:
    assert channel(youtube_page(page_header("12,3\u00a0k\u00a0abonnés", "456\u00a0vidéos"))) == (
        12300,
        True,
        456,
    )
    assert channel(youtube_page(page_header("1,2\u00a0M\u00a0d’abonnés", "1\u00a0vidéo"))) == (
        1_200_000,
        True,
        1,
    )
    assert channel(youtube_page(page_header("850 abonnés", "12 vidéos"))) == (850, False, 12)
    assert channel(youtube_page(page_header("12\u202f345 abonnés"))) == (12345, False, None)
    assert channel(youtube_page(page_header("25m subscribers", "337 videos"))) == (
        25_000_000,
        True,
        337,
    )
    assert channel(youtube_page(c4_header("21.5M subscribers", ["200", " videos"]))) == (
        21_500_000,
        True,
        200,
    )
    assert channel(youtube_page(c4_header("1.23K subscribers", ["1,234", " videos"]))) == (
        1230,
        True,
        1234,
    )
    # A rounded video count is not a count of videos; a hidden subscriber count is unknown.
    assert channel(youtube_page(c4_header("9.41M subscribers", ["58K", " videos"]))) == (
        9_410_000,
        True,
        None,
    )
    assert channel(youtube_page(page_header("337 videos"))) == (None, False, 337)


def test_a_youtube_page_without_its_data_gives_no_figures() -> None:
    step = first_step("youtube", "https://www.youtube.com/@villex")
    assert read(step, CONSENT_PAGE) == (Activity(), None)
    assert read(step, b"<script>var ytInitialData = {broken</script>") == (Activity(), None)
    _, feed = read(step, youtube_page(page_header("3 abonnés")))
    assert feed == Step(
        "https://www.youtube.com/feeds/videos.xml?channel_id=UCsXVk37bltHxD1rDPwtNM8Q",
        "youtube-feed",
    )


def atom(*published: str) -> bytes:
    entries = "".join(f"<entry><published>{day}</published></entry>" for day in published)
    return (
        '<?xml version="1.0" encoding="UTF-8"?><feed xmlns:yt="http://www.youtube.com/xml/'
        'schemas/2015" xmlns="http://www.w3.org/2005/Atom"><title>Ville X</title>'
        f"<published>2011-03-01T10:00:00+00:00</published>{entries}</feed>"
    ).encode()


def test_youtube_feed_dates_and_its_fifteen_entries_as_a_lower_bound() -> None:
    feed = Step("https://www.youtube.com/feeds/videos.xml?channel_id=UC1", "youtube-feed")
    known = Activity(followers=850, posts=40)
    activity, following = read(
        feed, atom("2026-10-28T18:00:00+00:00", "2026-03-01T18:00:00+00:00"), known
    )
    assert following is None
    assert activity == replace(known, last_activity="2026-10-28", posts_90d=1)
    fifteen = atom(*[f"2026-10-{day:02d}T18:00:00+00:00" for day in range(1, 16)])
    activity, _ = read(feed, fifteen, known)
    assert (activity.posts_90d, activity.posts_90d_partial) == (15, True)
    assert read(feed, CONSENT_PAGE, known) == (known, None)


# Bluesky


def feed_item(created: str | None, indexed: str, repost: bool = False) -> dict[str, object]:
    record = {"$type": "app.bsky.feed.post", "text": "Conseil municipal"}
    if created:
        record["createdAt"] = created
    item: dict[str, object] = {
        "post": {
            "uri": "at://did:plc:abc/app.bsky.feed.post/3kabc",
            "cid": "bafyreia",
            "author": {"did": "did:plc:abc", "handle": "ville-x.fr"},
            "record": record,
            "indexedAt": indexed,
        }
    }
    if repost:
        reason = {"$type": "app.bsky.feed.defs#reasonRepost", "indexedAt": indexed}
        item["reason"] = {**reason, "by": {"did": "did:plc:abc", "handle": "ville-x.fr"}}
    return item


def test_bluesky_profile_then_author_feed_without_reposts_paged_with_its_cursor() -> None:
    profile = first_step("bluesky", "https://bsky.app/profile/ville-x.fr")
    answer = {"did": "did:plc:abc", "handle": "ville-x.fr", "followersCount": 321, "postsCount": 87}
    activity, feed = read(profile, answer)
    assert activity == Activity(followers=321, posts=87)
    assert feed == Step(
        "https://public.api.bsky.app/xrpc/app.bsky.feed.getAuthorFeed"
        "?actor=ville-x.fr&limit=100&filter=posts_no_replies",
        "bluesky-feed",
    )
    items = [
        feed_item("2020-01-01T08:00:00.000Z", "2026-10-29T10:00:00.000Z", repost=True),
        feed_item("2026-10-20T10:00:00.000Z", "2026-10-20T10:00:01.000Z"),
        feed_item(None, "2026-10-10T10:00:01.000Z"),  # no createdAt: when it was indexed
    ]
    activity, following = read(
        feed, {"feed": items, "cursor": "2026-10-10T10:00:01.000Z"}, activity
    )
    assert activity == Activity(followers=321, posts=87, last_activity="2026-10-20", posts_90d=2)
    assert following is not None
    assert "cursor=2026-10-10T10%3A00%3A01.000Z" in following.url
    activity, following = read(following, {"feed": []}, activity)
    assert (activity.posts_90d, activity.posts_90d_partial, following) == (2, False, None)


def test_bluesky_answers_that_are_not_what_they_should_be() -> None:
    profile = first_step("bluesky", "https://bsky.app/profile/ville-x.fr")
    assert read(profile, {"error": "InvalidRequest", "message": "Profile not found"}) == (
        Activity(),
        None,
    )
    feed = Step(
        "https://public.api.bsky.app/xrpc/app.bsky.feed.getAuthorFeed?actor=a", "bluesky-feed"
    )
    assert read(feed, RATE_LIMITED, Activity(followers=1)) == (Activity(followers=1), None)


# Dailymotion


def test_dailymotion_user_then_videos_paged_while_it_has_more() -> None:
    user = first_step("dailymotion", "https://www.dailymotion.com/VilleX")
    activity, videos = read(user, {"followers_total": 77, "videos_total": 140})
    assert activity == Activity(followers=77, posts=140)
    assert videos == Step(
        "https://api.dailymotion.com/user/VilleX/videos"
        "?fields=created_time&sort=recent&limit=100&page=1",
        "dailymotion-videos",
    )
    october = int(datetime(2026, 10, 5, 12, tzinfo=UTC).timestamp())
    page = {
        "page": 1,
        "limit": 100,
        "total": 140,
        "has_more": True,
        "list": [{"created_time": october}] * 100,
    }
    activity, following = read(videos, page, activity)
    assert (activity.last_activity, activity.posts_90d) == ("2026-10-05", 100)
    assert following is not None
    assert following.url.endswith("page=2")
    march = int(datetime(2026, 3, 5, 12, tzinfo=UTC).timestamp())
    rest = {"page": 2, "limit": 100, "has_more": False, "list": [{"created_time": march}] * 40}
    activity, following = read(following, rest, activity)
    assert (activity.posts_90d, activity.posts_90d_partial, following) == (100, False, None)


def test_dailymotion_answers_that_are_not_what_they_should_be() -> None:
    user = first_step("dailymotion", "https://www.dailymotion.com/VilleX")
    error = {"error": {"code": 403, "message": "Forbidden", "type": "access_forbidden"}}
    assert read(user, error) == (Activity(), None)
    videos = Step("https://api.dailymotion.com/user/V/videos?page=1", "dailymotion-videos")
    assert read(videos, {"list": [{"created_time": "hier"}], "has_more": False}) == (
        Activity(),
        None,
    )


# The spider's failures


def test_a_later_request_that_fails_keeps_what_the_earlier_answers_gave() -> None:
    spider = SocialSpider(run_id=1, database_url="sqlite://")
    profile = ProfileToCheck(7, "youtube", "https://www.youtube.com/@villex")
    feed = Step("https://www.youtube.com/feeds/videos.xml?channel_id=UC1", "youtube-feed")
    known = Activity(followers=12300, followers_rounded=True, posts=456, posts_90d=3)
    failure = Failure(IgnoreRequest("Forbidden by robots.txt"))
    failure.request = spider._request(profile, feed, known, 200)  # type: ignore[attr-defined]
    (item,) = list(spider.on_error(failure))
    assert item.reachable
    assert item.http_status == 200
    assert (item.followers, item.followers_rounded, item.posts) == (12300, True, 456)
    assert item.posts_90d is None
    assert "robots" in (item.detail or "")
    first = first_step("youtube", profile.url)
    failure = Failure(IgnoreRequest("Forbidden by robots.txt"))
    failure.request = spider._request(profile, first, Activity())  # type: ignore[attr-defined]
    (item,) = list(spider.on_error(failure))
    assert not item.reachable
    assert item.followers is None
