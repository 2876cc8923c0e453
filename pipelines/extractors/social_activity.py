"""What platforms say publicly of an account, read from their public endpoints (no login).

Pure functions over URLs and bodies. A profile check is a chain of steps: `first_step` names
the first request for a profile, and `social_platforms.advance` reads each answer with its
step's reader, giving what is known so far and the next step, until none is left. The
endpoints: Mastodon's account lookup and statuses, PeerTube's account and videos, YouTube's
channel page and feed, Bluesky's public AppView, Dailymotion's public API. Facebook,
Instagram, X and LinkedIn show a login wall, and the other platforms need a key or a login
for their figures: only their reachability is recorded.

The rhythm is the number of posts dated within a window of days that ends on the run's day
(`Window`), read from listings that give the newest posts first: pages are read back until a
post older than the window, the end of the list, or a cap of pages (`LISTINGS`); a check the
cap stopped gives a lower bound (`posts_90d_partial`). Anything unexpected in an answer (an
HTML consent page, a rate-limit page, bad JSON) gives None, never 0.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

from pipelines.extractors.freshness import parse_date

DETECTOR = "social-activity/2"
LOGIN_WALLED = frozenset({"facebook", "instagram", "x", "linkedin"})
BLUESKY_APPVIEW = "https://public.api.bsky.app"
DAILYMOTION_API = "https://api.dailymotion.com"
# Declines YouTube's cookie consent (what "Reject all" sets): without it, a visitor from the
# EU is sent to consent.youtube.com instead of the channel page.
YOUTUBE_CONSENT = (("Cookie", "SOCS=CAE="),)
# PeerTube's profile paths -> the API's collection (an account, or one of its channels).
PEERTUBE_KINDS = {
    "a": "accounts",
    "accounts": "accounts",
    "c": "video-channels",
    "video-channels": "video-channels",
}


@dataclass(frozen=True)
class Window:
    """The days a post counts in `posts_90d`: `start` to `end` (the run's day), both included."""

    start: date
    end: date

    def holds(self, day: date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class Step:
    """One request of a profile check: the URL, which reader reads the answer, and for a
    listing how many of its pages were read before this one."""

    url: str
    reader: str  # a key of social_platforms.READERS, or "page" (reachability only)
    page: int = 0
    headers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Activity:
    """What a profile's platform shows, as far as the check has read; None is unknown."""

    followers: int | None = None
    posts: int | None = None
    last_activity: str | None = None  # ISO date of the newest post
    posts_90d: int | None = None  # posts in the window (a running count while paging)
    posts_90d_partial: bool = False  # the cap of pages stopped the count: a lower bound
    followers_rounded: bool = False  # the platform shows a rounded count ("12,3 k")


@dataclass(frozen=True)
class Listing:
    size: int  # posts a page lists (what the reader asks for)
    pages: int  # pages read at most, so that a huge account cannot keep the check going


# Listing readers -> their pages. YouTube's feed holds the 15 newest videos and has no pages.
LISTINGS = {
    "mastodon-statuses": Listing(40, 10),
    "peertube-videos": Listing(100, 5),
    "bluesky-feed": Listing(100, 5),
    "dailymotion-videos": Listing(100, 5),
    "youtube-feed": Listing(15, 1),
}


def first_step(platform: str, url: str) -> Step:
    """The first request of a check of the profile at `url` (its canonical URL)."""
    parts = urlsplit(url)
    origin = f"{parts.scheme}://{parts.netloc}"
    segments = [segment for segment in parts.path.split("/") if segment]
    if platform == "mastodon" and segments and segments[0].startswith("@"):
        account = quote(segments[0][1:])
        return Step(f"{origin}/api/v1/accounts/lookup?acct={account}", "mastodon")
    if platform == "peertube" and len(segments) >= 2:
        kind = PEERTUBE_KINDS.get(segments[0])
        if kind:
            return Step(f"{origin}/api/v1/{kind}/{quote(segments[1])}", "peertube-account")
    if platform == "youtube":
        return Step(url, "youtube-page", headers=YOUTUBE_CONSENT)
    if platform == "bluesky" and len(segments) == 2 and segments[0] == "profile":
        actor = quote(segments[1])
        return Step(
            f"{BLUESKY_APPVIEW}/xrpc/app.bsky.actor.getProfile?actor={actor}", "bluesky-profile"
        )
    if platform == "dailymotion" and len(segments) == 1:
        user = quote(segments[0])
        return Step(
            f"{DAILYMOTION_API}/user/{user}?fields=followers_total,videos_total", "dailymotion-user"
        )
    return Step(url, "page")


def interrupted(activity: Activity) -> Activity:
    """What a check that could not read the whole window knows: not the count in it."""
    return replace(activity, posts_90d=None, posts_90d_partial=False)


def count_page(
    activity: Activity,
    step: Step,
    window: Window,
    days: Sequence[date] | None,
    more: bool,
    next_url: str | None,
) -> tuple[Activity, Step | None]:
    """One page of a listing, newest first: the days of its posts (None: not a listing),
    whether the platform says more follow, and the URL of the next page.

    Counts the posts in the window, keeps the newest day seen, and asks for the next page
    unless a post older than the window was listed, the list ended, or the cap is reached
    (then the count is a lower bound)."""
    if days is None:
        return interrupted(activity), None
    counted = (activity.posts_90d or 0) if step.page else 0
    counted += sum(1 for day in days if window.holds(day))
    newest = max(days).isoformat() if days else None
    last = activity.last_activity
    if newest and (last is None or newest > last):
        last = newest
    activity = replace(activity, last_activity=last, posts_90d=counted, posts_90d_partial=False)
    if not more or any(day < window.start for day in days):
        return activity, None
    if next_url is None or step.page + 1 >= LISTINGS[step.reader].pages:
        return replace(activity, posts_90d_partial=True), None
    return activity, Step(next_url, step.reader, step.page + 1, step.headers)


def json_document(body: bytes) -> object:
    """The JSON value of a body; None when it is not JSON (an HTML error or consent page)."""
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None


def json_object(body: bytes) -> dict[str, object]:
    document = json_document(body)
    return document if isinstance(document, dict) else {}


def count_of(value: object) -> int | None:
    """A count the platform gives as a JSON integer, else None (never a guess)."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    return None


def day_of(value: object) -> date | None:
    return parse_date(value) if isinstance(value, str) else None


def iso_day(value: object) -> str | None:
    day = day_of(value)
    return day.isoformat() if day else None


def with_query(url: str, **values: object) -> str:
    """`url` with these query parameters set (replaced when present)."""
    parts = urlsplit(url)
    query = [(name, value) for name, value in parse_qsl(parts.query) if name not in values]
    query += [(name, str(value)) for name, value in values.items()]
    return urlunsplit(parts._replace(query=urlencode(query)))


def query_value(url: str, name: str) -> str | None:
    return dict(parse_qsl(urlsplit(url).query)).get(name)


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
