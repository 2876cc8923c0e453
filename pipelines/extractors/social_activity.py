"""What platforms say publicly of an account, read from their public endpoints (no login).

Pure functions over URLs and bodies: which endpoint to ask first for a profile, and what an
answer tells (followers, posts, date of the newest post). The endpoints are those of
`../shared/domain/signals.md`: Mastodon's account lookup, PeerTube's account and videos,
YouTube's channel feed; Facebook, Instagram, X and LinkedIn show a login wall, so only their
reachability is recorded.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from lxml import etree

from pipelines.extractors.freshness import parse_date

DETECTOR = "social-activity/1"
LOGIN_WALLED = frozenset({"facebook", "instagram", "x", "linkedin"})
YOUTUBE_FEED = re.compile(r"https://www\.youtube\.com/feeds/videos\.xml\?channel_id=[\w-]+")
ATOM = "{http://www.w3.org/2005/Atom}"


@dataclass(frozen=True)
class Step:
    """One request of a profile check: the URL and which reader reads the answer."""

    url: str
    reader: str  # "mastodon", "peertube-account", "peertube-videos", "youtube-page",
    # "youtube-feed" or "page"


@dataclass
class Activity:
    followers: int | None = None
    posts: int | None = None
    last_activity: str | None = None


def first_step(platform: str, url: str) -> Step:
    parts = urlsplit(url)
    origin = f"{parts.scheme}://{parts.netloc}"
    segments = [segment for segment in parts.path.split("/") if segment]
    if platform == "mastodon" and segments and segments[0].startswith("@"):
        account = quote(segments[0][1:])
        return Step(f"{origin}/api/v1/accounts/lookup?acct={account}", "mastodon")
    if platform == "peertube" and len(segments) >= 2 and segments[0] in ("a", "accounts"):
        return Step(f"{origin}/api/v1/accounts/{quote(segments[1])}", "peertube-account")
    if platform == "youtube":
        return Step(url, "youtube-page")
    return Step(url, "page")


def _json(body: bytes) -> dict[str, object]:
    try:
        document = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return {}
    return document if isinstance(document, dict) else {}


def _count(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _day(value: object) -> str | None:
    day = parse_date(value) if isinstance(value, str) else None
    return day.isoformat() if day else None


def read_mastodon(body: bytes) -> Activity:
    account = _json(body)
    return Activity(
        followers=_count(account.get("followers_count")),
        posts=_count(account.get("statuses_count")),
        last_activity=_day(account.get("last_status_at")),
    )


def read_peertube_account(body: bytes) -> Activity:
    return Activity(followers=_count(_json(body).get("followersCount")))


def peertube_videos_step(account_step: Step) -> Step:
    return Step(f"{account_step.url}/videos?sort=-publishedAt&count=1", "peertube-videos")


def read_peertube_videos(body: bytes, activity: Activity) -> Activity:
    videos = _json(body)
    data = videos.get("data")
    newest = data[0] if isinstance(data, list) and data and isinstance(data[0], dict) else {}
    return Activity(
        followers=activity.followers,
        posts=_count(videos.get("total")),
        last_activity=_day(newest.get("publishedAt")),
    )


def youtube_feed_step(page: bytes) -> Step | None:
    """The channel's public Atom feed, as its page links it."""
    found = YOUTUBE_FEED.search(page.decode("utf-8", "replace").replace("&amp;", "&"))
    return Step(found.group(0), "youtube-feed") if found else None


def read_youtube_feed(body: bytes) -> Activity:
    """The date of the newest video; the feed says nothing of subscribers."""
    try:
        root = etree.fromstring(body, parser=etree.XMLParser(resolve_entities=False))
    except etree.XMLSyntaxError:
        return Activity()
    dates = [_day(element.text or "") for element in root.iter(f"{ATOM}published")]
    known = [day for day in dates if day]
    return Activity(last_activity=max(known) if known else None)
