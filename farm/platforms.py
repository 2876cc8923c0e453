"""Mock social platforms answering like the real public endpoints, for the farm's accounts.

Under the real host names: Mastodon and PeerTube (the State's instances), YouTube (channel
page and feed, `farm/youtube.py`), Bluesky's public AppView, Dailymotion's public API, and
the login walls of Facebook, Instagram, X and LinkedIn. Each read platform serves a
robots.txt like the real one; YouTube's, like the real one since 2025, disallows its feeds,
so a spider that obeys it reads no YouTube dates. Figures and post dates come from
`farm/social_accounts.py`; `public_profile` is their ground truth for a run's day.
"""

from __future__ import annotations

import bisect
import hashlib
import html
import json
from datetime import date
from functools import lru_cache
from urllib.parse import parse_qs, urlsplit

from farm import youtube
from farm.catalogue import Farm
from farm.model import SocialLink
from farm.social_accounts import (
    AccountStats,
    account_stats,
    recorded_profile,
    timeline,
)

MASTODON, PEERTUBE = "social.numerique.gouv.fr", "tube.numerique.gouv.fr"
YOUTUBE, FACEBOOK, INSTAGRAM, X = (
    "www.youtube.com",
    "www.facebook.com",
    "www.instagram.com",
    "x.com",
)
BLUESKY, DAILYMOTION = "public.api.bsky.app", "api.dailymotion.com"
LOGIN_WALLED = {
    FACEBOOK: "Facebook",
    INSTAGRAM: "Instagram",
    X: "X",
    "twitter.com": "X",
    "instagram.com": "Instagram",
    "www.linkedin.com": "LinkedIn",
}
# Paths robots.txt disallows to every crawler, by host: Mastodon's and PeerTube's defaults,
# YouTube's (a shortened copy: what matters is /feeds/videos.xml), Bluesky's and
# Dailymotion's API (nothing).
DISALLOWED = {
    MASTODON: ("/media_proxy/", "/interact/"),
    PEERTUBE: (),
    YOUTUBE: (
        "/api/",
        "/comment",
        "/feeds/videos.xml",
        "/get_video",
        "/live_chat",
        "/login",
        "/results",
        "/signup",
        "/youtubei/",
    ),
    BLUESKY: (),
    DAILYMOTION: (),
}
PLATFORM_HOSTS = frozenset({*DISALLOWED, *LOGIN_WALLED})
Answer = tuple[int, str, bytes]
REPOSTED_AT = "2020-01-01T08:00:00.000Z"  # when the posts Bluesky accounts repost were written

__all__ = ["AccountStats", "PLATFORM_HOSTS", "account_stats", "public_profile", "respond"]


def robots_txt(host: str) -> str:
    rules = "".join(f"Disallow: {path}\n" for path in DISALLOWED[host]) or "Disallow:\n"
    return f"User-agent: *\n{rules}"


def allowed(host: str, path: str) -> bool:
    """Whether the host's robots.txt lets any crawler fetch `path`."""
    return not any(path.startswith(prefix) for prefix in DISALLOWED.get(host, ()))


def public_profile(link: SocialLink, on: date) -> dict[str, object]:
    """What a perfect social spider records for an account when the run's day is `on` (the
    ground truth): it obeys robots.txt, so it reads no YouTube feed."""
    return recorded_profile(link, on, youtube_feed=allowed(YOUTUBE, "/feeds/videos.xml"))


@lru_cache(maxsize=4)
def accounts(farm: Farm) -> dict[tuple[str, str], SocialLink]:
    """(platform, handle in lower case) -> link, for every account of every site."""
    return {
        (link.platform, link.handle.lower()): link for site in farm.sites() for link in site.socials
    }


def account_id(link: SocialLink) -> str:
    """The numeric id Mastodon gives an account."""
    return str(int(hashlib.sha1(f"id:{link.handle}".encode()).hexdigest()[:14], 16))


@lru_cache(maxsize=4)
def _by_id(farm: Farm) -> dict[str, SocialLink]:
    return {
        account_id(link): link
        for (platform, _), link in accounts(farm).items()
        if platform == "mastodon"
    }


def _json(document: object, status: int = 200) -> Answer:
    return status, "application/json; charset=utf-8", json.dumps(document).encode()


def _number(query: dict[str, list[str]], name: str, default: int, most: int) -> int:
    try:
        return max(0, min(most, int(query.get(name, [str(default)])[0])))
    except ValueError:
        return default


def _zulu(link: SocialLink, index: int) -> str:
    return timeline(link).moment(index).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def _status_id(link: SocialLink, index: int) -> int:
    """Mastodon's ids grow with time: milliseconds since 1970, shifted, and a sequence."""
    return timeline(link).moments[index] * 1000 << 16 | index & 0xFFFF


def _mastodon(farm: Farm, path: str, query: dict[str, list[str]]) -> Answer:
    parts = path.strip("/").split("/")
    if parts[:3] == ["api", "v1", "accounts"] and parts[4:] == ["statuses"]:
        link = _by_id(farm).get(parts[3])
        if link is None:
            return _json({"error": "Record not found"}, 404)
        return _json(_statuses(link, query))
    if path != "/api/v1/accounts/lookup":
        return _json({"error": "Not Found"}, 404)
    name = query.get("acct", [""])[0].split("@")[0].lower()
    link = accounts(farm).get(("mastodon", name))
    if link is None:
        return _json({"error": "Record not found"}, 404)
    stats = account_stats(link)
    return _json(
        {
            "id": account_id(link),
            "username": link.handle,
            "acct": link.handle,
            "url": link.expected,
            "followers_count": stats.followers,
            "following_count": 12,
            "statuses_count": stats.posts,
            "last_status_at": stats.last_activity,
        }
    )


def _statuses(link: SocialLink, query: dict[str, list[str]]) -> list[dict[str, object]]:
    """A page of the account's statuses, newest first, older than `max_id` when given."""
    limit = _number(query, "limit", 20, 40)
    listed = timeline(link)
    ids = [-_status_id(link, index) for index in range(len(listed))]  # ascending
    max_id = query.get("max_id", [""])[0]
    first = bisect.bisect_right(ids, -int(max_id)) if max_id.isdigit() else 0
    return [
        {
            "id": str(_status_id(link, index)),
            "created_at": _zulu(link, index),
            "in_reply_to_id": None,
            "reblog": None,
            "visibility": "public",
            "url": f"{link.expected}/{_status_id(link, index)}",
            "content": "<p>Conseil municipal ce soir à 20 h.</p>",
        }
        for index in range(first, min(first + limit, len(listed)))
    ]


def _peertube(farm: Farm, path: str, query: dict[str, list[str]]) -> Answer:
    parts = path.strip("/").split("/")
    if parts[:2] != ["api", "v1"] or parts[2:3] not in (["accounts"], ["video-channels"]):
        return _json({"error": "Not Found"}, 404)
    link = accounts(farm).get(("peertube", parts[3].lower())) if len(parts) > 3 else None
    if link is None:
        return _json({"status": 404, "detail": "Account not found"}, 404)
    stats = account_stats(link)
    if parts[4:] == ["videos"]:
        start, count = _number(query, "start", 0, 10**9), _number(query, "count", 15, 100)
        shown = range(start, min(start + count, len(timeline(link))))
        data = [{"id": i + 1, "name": "Séance", "publishedAt": _zulu(link, i)} for i in shown]
        return _json({"total": stats.posts, "data": data})
    return _json({"name": link.handle, "url": link.expected, "followersCount": stats.followers})


def _did(link: SocialLink) -> str:
    letters = "abcdefghijklmnopqrstuvwxyz234567"
    digest = int(hashlib.sha1(f"did:{link.handle}".encode()).hexdigest(), 16)
    return "did:plc:" + "".join(letters[digest >> (5 * i) & 31] for i in range(24))


def _bluesky(farm: Farm, path: str, query: dict[str, list[str]]) -> Answer:
    actor = query.get("actor", [""])[0].lower()
    link = accounts(farm).get(("bluesky", actor))
    if path not in ("/xrpc/app.bsky.actor.getProfile", "/xrpc/app.bsky.feed.getAuthorFeed"):
        return _json({"error": "MethodNotImplemented", "message": "Method Not Implemented"}, 501)
    if link is None:
        return _json({"error": "InvalidRequest", "message": "Profile not found"}, 400)
    stats, author = account_stats(link), {"did": _did(link), "handle": link.handle}
    if path.endswith("getProfile"):
        return _json(
            {
                **author,
                "displayName": link.handle.split(".")[0],
                "followersCount": stats.followers,
                "followsCount": 41,
                "postsCount": stats.posts,
                "indexedAt": "2024-11-12T09:00:00.000Z",
                "labels": [],
            }
        )
    cursor = query.get("cursor", [""])[0]
    start = int(cursor) if cursor.isdigit() else 0
    limit = _number(query, "limit", 50, 100)
    listed = timeline(link)
    shown = range(start, min(start + limit, len(listed)))
    feed = [_feed_item(link, author, index) for index in shown]
    more = start + limit < len(listed)
    return _json({"feed": feed, **({"cursor": str(start + limit)} if more else {})})


def _feed_item(link: SocialLink, author: dict[str, str], index: int) -> dict[str, object]:
    """An item of an author feed: the author's post, or a repost of someone else's."""
    moment = _zulu(link, index)
    if index not in timeline(link).reposts:
        record = {"$type": "app.bsky.feed.post", "text": "Conseil municipal", "createdAt": moment}
        post = {"uri": f"at://{author['did']}/app.bsky.feed.post/3k{index}", "author": author}
        return {"post": {**post, "record": record, "replyCount": 0, "indexedAt": moment}}
    other = {"did": "did:plc:prefectureexampleaaaaaaaa", "handle": "prefecture.bsky.social"}
    record = {"$type": "app.bsky.feed.post", "text": "Alerte météo", "createdAt": REPOSTED_AT}
    post = {"uri": f"at://{other['did']}/app.bsky.feed.post/3j{index}", "author": other}
    reason = {"$type": "app.bsky.feed.defs#reasonRepost", "by": author, "indexedAt": moment}
    return {"post": {**post, "record": record, "indexedAt": moment}, "reason": reason}


def _dailymotion(farm: Farm, path: str, query: dict[str, list[str]]) -> Answer:
    parts = path.strip("/").split("/")
    link = accounts(farm).get(("dailymotion", parts[1].lower())) if len(parts) > 1 else None
    if parts[0] != "user" or link is None or parts[2:] not in ([], ["videos"]):
        gone = "This user does not exist or has been deleted."
        return _json({"error": {"code": 404, "message": gone, "type": "not_found"}}, 404)
    stats = account_stats(link)
    if not parts[2:]:
        return _json({"followers_total": stats.followers, "videos_total": stats.posts})
    page, limit = max(1, _number(query, "page", 1, 100)), _number(query, "limit", 10, 100)
    listed = timeline(link)
    shown = range((page - 1) * limit, min(page * limit, len(listed)))
    return _json(
        {
            "page": page,
            "limit": limit,
            "explicit": False,
            "total": stats.posts,
            "has_more": page * limit < len(listed),
            "list": [{"created_time": listed.moments[index]} for index in shown],
        }
    )


def _youtube(farm: Farm, path: str, query: dict[str, list[str]]) -> Answer:
    if path == "/feeds/videos.xml":
        wanted = query.get("channel_id", [""])[0]
        for (platform, _), link in accounts(farm).items():
            if platform == "youtube" and account_stats(link).channel_id == wanted:
                return 200, "text/xml; charset=UTF-8", youtube.feed(link)
        return 404, "text/html", b"<h1>404</h1>"
    channel = accounts(farm).get(("youtube", path.strip("/").removeprefix("@").lower()))
    if channel is None:
        return 404, "text/html", b"<h1>404</h1>"
    return 200, "text/html; charset=utf-8", youtube.channel_page(channel)


def _login_wall(host: str, path: str) -> Answer:
    name = LOGIN_WALLED[host]
    handle = html.escape(path.strip("/").split("/")[0])
    page = (
        f'<html><head><title>{name}</title><meta property="og:title" content="{handle}">'
        f"</head><body><p>Connectez-vous pour voir le contenu de {handle} sur {name}.</p></body></html>"
    )
    return 200, "text/html; charset=utf-8", page.encode()


def respond(farm: Farm, host: str, uri: str) -> Answer:
    """(status, content type, body) of a platform request."""
    parts = urlsplit(uri)
    query = parse_qs(parts.query)
    if host in DISALLOWED and parts.path == "/robots.txt":
        return 200, "text/plain; charset=utf-8", robots_txt(host).encode()
    answer = {
        MASTODON: _mastodon,
        PEERTUBE: _peertube,
        YOUTUBE: _youtube,
        BLUESKY: _bluesky,
        DAILYMOTION: _dailymotion,
    }.get(host)
    if answer is None:
        return _login_wall(host, parts.path)
    return answer(farm, parts.path, query)
