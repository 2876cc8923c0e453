"""The readers of each platform's public answers, and `advance`, which runs a check's steps.

Each reader takes (body, step, activity so far, window) and gives (activity, next step or
None). The shapes are the platforms' documented public answers:
- Mastodon: `GET /api/v1/accounts/lookup?acct=` (an Account: `id`, `followers_count`,
  `statuses_count`, `last_status_at`), then `GET /api/v1/accounts/:id/statuses` (a list of
  Statuses, `created_at`; older pages with `max_id`, the last id listed; a page shorter
  than asked is the last).
- PeerTube: `GET /api/v1/accounts/NAME` (`followersCount`), then
  `/api/v1/accounts/NAME/videos?sort=-publishedAt` (`total`, `data[].publishedAt`; pages
  with `start`). Channels (`/c/NAME`) the same under `/api/v1/video-channels/`.
- YouTube: the channel page (`social_youtube`), then its Atom feed (15 newest entries).
- Bluesky: the public AppView's `app.bsky.actor.getProfile` (`followersCount`,
  `postsCount`) and `app.bsky.feed.getAuthorFeed` (`feed[].post.record.createdAt`, or
  `post.indexedAt`; an item with a `reason` is a repost and is skipped; pages with `cursor`).
- Dailymotion: `GET /user/NAME?fields=followers_total,videos_total`, then
  `/user/NAME/videos?fields=created_time&sort=recent` (`list[].created_time` in seconds since
  1970, `has_more`, `page`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime

from lxml import etree

from pipelines.extractors.social_activity import (
    LISTINGS,
    Activity,
    Step,
    Window,
    count_of,
    count_page,
    day_of,
    iso_day,
    json_document,
    json_object,
    origin_of,
    query_value,
    with_query,
)
from pipelines.extractors.social_youtube import read_youtube_page

ATOM = "{http://www.w3.org/2005/Atom}"
Reader = Callable[[bytes, Step, Activity, Window], tuple[Activity, Step | None]]


def read_mastodon(
    body: bytes, step: Step, activity: Activity, window: Window
) -> tuple[Activity, Step | None]:
    account = json_object(body)
    found = Activity(
        followers=count_of(account.get("followers_count")),
        posts=count_of(account.get("statuses_count")),
        last_activity=iso_day(account.get("last_status_at")),
    )
    account_id = account.get("id")
    if not isinstance(account_id, str) or not account_id.isdigit():
        return found, None
    size = LISTINGS["mastodon-statuses"].size
    statuses = (
        f"{origin_of(step.url)}/api/v1/accounts/{account_id}/statuses"
        f"?limit={size}&exclude_replies=true&exclude_reblogs=true"
    )
    return found, Step(statuses, "mastodon-statuses")


def read_mastodon_statuses(
    body: bytes, step: Step, activity: Activity, window: Window
) -> tuple[Activity, Step | None]:
    statuses = json_document(body)
    if not isinstance(statuses, list) or not all(isinstance(s, dict) for s in statuses):
        return count_page(activity, step, window, None, False, None)
    own = [status for status in statuses if not status.get("reblog")]
    days = [day_of(status.get("created_at")) for status in own]
    last_id = statuses[-1].get("id") if statuses else None
    next_url = with_query(step.url, max_id=last_id) if isinstance(last_id, str) else None
    listed = None if None in days else [day for day in days if day]
    full = len(statuses) >= LISTINGS["mastodon-statuses"].size  # a short page is the last
    return count_page(activity, step, window, listed, full, next_url)


def read_peertube_account(
    body: bytes, step: Step, activity: Activity, window: Window
) -> tuple[Activity, Step | None]:
    account = json_object(body)
    found = Activity(followers=count_of(account.get("followersCount")))
    if not account:
        return found, None
    size = LISTINGS["peertube-videos"].size
    videos = f"{step.url}/videos?sort=-publishedAt&count={size}&start=0"
    return found, Step(videos, "peertube-videos")


def read_peertube_videos(
    body: bytes, step: Step, activity: Activity, window: Window
) -> tuple[Activity, Step | None]:
    answer = json_object(body)
    videos, total = answer.get("data"), count_of(answer.get("total"))
    if step.page == 0:
        activity = replace(activity, posts=total)
    if not isinstance(videos, list) or not all(isinstance(v, dict) for v in videos):
        return count_page(activity, step, window, None, False, None)
    days = [day_of(video.get("publishedAt")) for video in videos]
    start = int(query_value(step.url, "start") or 0) + len(videos)
    more = bool(videos) and total is not None and start < total
    listed = None if None in days else [day for day in days if day]
    return count_page(activity, step, window, listed, more, with_query(step.url, start=start))


def read_youtube_feed(
    body: bytes, step: Step, activity: Activity, window: Window
) -> tuple[Activity, Step | None]:
    """The dates of the feed's entries (the 15 newest videos); not the channel's own
    `published`, which is the day it was created."""
    try:
        root = etree.fromstring(body, parser=etree.XMLParser(resolve_entities=False))
    except etree.XMLSyntaxError:
        return count_page(activity, step, window, None, False, None)
    if root.tag != f"{ATOM}feed":
        return count_page(activity, step, window, None, False, None)
    entries = root.findall(f"{ATOM}entry")
    days = [day_of(entry.findtext(f"{ATOM}published") or "") for entry in entries]
    listed = None if None in days else [day for day in days if day]
    full = len(entries) >= LISTINGS["youtube-feed"].size
    return count_page(activity, step, window, listed, full, None)


def read_bluesky_profile(
    body: bytes, step: Step, activity: Activity, window: Window
) -> tuple[Activity, Step | None]:
    profile = json_object(body)
    found = Activity(
        followers=count_of(profile.get("followersCount")),
        posts=count_of(profile.get("postsCount")),
    )
    actor = query_value(step.url, "actor")
    if not isinstance(profile.get("did"), str) or not actor:
        return found, None  # not a profile: an error, a page
    feed = with_query(
        f"{origin_of(step.url)}/xrpc/app.bsky.feed.getAuthorFeed",
        actor=actor,
        limit=LISTINGS["bluesky-feed"].size,
        filter="posts_no_replies",
    )
    return found, Step(feed, "bluesky-feed")


def _bluesky_day(item: object) -> date | None:
    post = item.get("post") if isinstance(item, dict) else None
    if not isinstance(post, dict):
        return None
    record = post.get("record")
    created = record.get("createdAt") if isinstance(record, dict) else None
    return day_of(created) or day_of(post.get("indexedAt"))


def read_bluesky_feed(
    body: bytes, step: Step, activity: Activity, window: Window
) -> tuple[Activity, Step | None]:
    answer = json_object(body)
    feed, cursor = answer.get("feed"), answer.get("cursor")
    if not isinstance(feed, list) or not all(isinstance(item, dict) for item in feed):
        return count_page(activity, step, window, None, False, None)
    days = [_bluesky_day(item) for item in feed if not item.get("reason")]
    listed = None if None in days else [day for day in days if day]
    more = bool(feed) and isinstance(cursor, str) and bool(cursor)
    next_url = with_query(step.url, cursor=cursor) if more else None
    return count_page(activity, step, window, listed, more, next_url)


def read_dailymotion_user(
    body: bytes, step: Step, activity: Activity, window: Window
) -> tuple[Activity, Step | None]:
    user = json_object(body)
    found = Activity(
        followers=count_of(user.get("followers_total")),
        posts=count_of(user.get("videos_total")),
    )
    if not user or "error" in user:
        return found, None
    base = step.url.split("?", 1)[0]
    size = LISTINGS["dailymotion-videos"].size
    videos = f"{base}/videos?fields=created_time&sort=recent&limit={size}&page=1"
    return found, Step(videos, "dailymotion-videos")


def _epoch_day(value: object) -> date | None:
    if not isinstance(value, int) or isinstance(value, bool):
        return None
    try:
        return datetime.fromtimestamp(value, UTC).date()
    except (OverflowError, OSError, ValueError):
        return None


def read_dailymotion_videos(
    body: bytes, step: Step, activity: Activity, window: Window
) -> tuple[Activity, Step | None]:
    answer = json_object(body)
    videos, page = answer.get("list"), count_of(answer.get("page"))
    if not isinstance(videos, list) or not all(isinstance(v, dict) for v in videos):
        return count_page(activity, step, window, None, False, None)
    days = [_epoch_day(video.get("created_time")) for video in videos]
    listed = None if None in days else [day for day in days if day]
    more = bool(videos) and answer.get("has_more") is True and page is not None
    next_url = with_query(step.url, page=(page or 0) + 1) if more else None
    return count_page(activity, step, window, listed, more, next_url)


READERS: dict[str, Reader] = {
    "mastodon": read_mastodon,
    "mastodon-statuses": read_mastodon_statuses,
    "peertube-account": read_peertube_account,
    "peertube-videos": read_peertube_videos,
    "youtube-page": read_youtube_page,
    "youtube-feed": read_youtube_feed,
    "bluesky-profile": read_bluesky_profile,
    "bluesky-feed": read_bluesky_feed,
    "dailymotion-user": read_dailymotion_user,
    "dailymotion-videos": read_dailymotion_videos,
}


def advance(
    step: Step, body: bytes, activity: Activity, window: Window
) -> tuple[Activity, Step | None]:
    """What an answer to `step` adds to the check, and the next request (None: done).

    A "page" step (a login wall, a platform not read) only says the profile answered."""
    reader = READERS.get(step.reader)
    if reader is None:
        return activity, None
    return reader(body, step, activity, window)
