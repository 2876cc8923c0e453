"""Mock social platforms answering like the real public endpoints, for the farm's accounts."""

from __future__ import annotations

import hashlib
import html
import json
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache
from urllib.parse import parse_qs, urlsplit

from farm.catalogue import Farm
from farm.model import FARM_TODAY, SocialLink

MASTODON, PEERTUBE = "social.numerique.gouv.fr", "tube.numerique.gouv.fr"
YOUTUBE, FACEBOOK, INSTAGRAM, X = (
    "www.youtube.com",
    "www.facebook.com",
    "www.instagram.com",
    "x.com",
)
LOGIN_WALLED = {
    FACEBOOK: "Facebook",
    INSTAGRAM: "Instagram",
    X: "X",
    "twitter.com": "X",
    "instagram.com": "Instagram",
    "www.linkedin.com": "LinkedIn",
}
PLATFORM_HOSTS = frozenset({MASTODON, PEERTUBE, YOUTUBE, *LOGIN_WALLED})


@dataclass(frozen=True)
class AccountStats:
    """What the platform says publicly of an account."""

    followers: int
    posts: int
    last_activity: str  # ISO date

    @property
    def channel_id(self) -> str:
        return "UC" + hashlib.sha1(str(self).encode()).hexdigest()[:22]


def account_stats(link: SocialLink) -> AccountStats:
    digest = int(hashlib.sha1(f"{link.platform}:{link.handle}".encode()).hexdigest(), 16)
    last = FARM_TODAY - timedelta(days=digest % 400)
    return AccountStats(
        followers=50 + digest % 20000, posts=digest % 3000, last_activity=last.isoformat()
    )


@lru_cache(maxsize=4)
def accounts(farm: Farm) -> dict[tuple[str, str], SocialLink]:
    """(platform, handle) -> link, for every account of every site of the farm."""
    return {
        (link.platform, link.handle.lower()): link for site in farm.sites() for link in site.socials
    }


def public_profile(link: SocialLink) -> dict[str, object]:
    """What a perfect social spider records for an account (the ground truth)."""
    if link.platform in ("mastodon", "peertube", "youtube"):
        stats = account_stats(link)
        posts = None if link.platform == "youtube" else stats.posts
        followers = None if link.platform == "youtube" else stats.followers
        return {
            "url": link.expected,
            "reachable": True,
            "followers": followers,
            "posts": posts,
            "last_activity": stats.last_activity,
        }
    return {"url": link.expected, "reachable": True, "login_wall": True}


def _json(document: object, status: int = 200) -> tuple[int, str, bytes]:
    return status, "application/json; charset=utf-8", json.dumps(document).encode()


def _mastodon(farm: Farm, path: str, query: dict[str, list[str]]) -> tuple[int, str, bytes]:
    if path != "/api/v1/accounts/lookup":
        return _json({"error": "Not Found"}, 404)
    name = query.get("acct", [""])[0].split("@")[0].lower()
    link = accounts(farm).get(("mastodon", name))
    if link is None:
        return _json({"error": "Record not found"}, 404)
    stats = account_stats(link)
    return _json(
        {
            "id": str(stats.followers),
            "username": link.handle,
            "acct": link.handle,
            "url": link.expected,
            "followers_count": stats.followers,
            "following_count": 12,
            "statuses_count": stats.posts,
            "last_status_at": stats.last_activity,
        }
    )


def _peertube(farm: Farm, path: str) -> tuple[int, str, bytes]:
    parts = path.strip("/").split("/")
    if parts[:3] != ["api", "v1", "accounts"] or len(parts) < 4:
        return _json({"error": "Not Found"}, 404)
    link = accounts(farm).get(("peertube", parts[3].lower()))
    if link is None:
        return _json({"status": 404, "detail": "Account not found"}, 404)
    stats = account_stats(link)
    if parts[4:] == ["videos"]:
        return _json(
            {
                "total": stats.posts,
                "data": [{"publishedAt": f"{stats.last_activity}T10:00:00.000Z"}],
            }
        )
    return _json({"name": link.handle, "url": link.expected, "followersCount": stats.followers})


def _youtube(farm: Farm, path: str, query: dict[str, list[str]]) -> tuple[int, str, bytes]:
    if path == "/feeds/videos.xml":
        wanted = query.get("channel_id", [""])[0]
        for (platform, _), link in accounts(farm).items():
            stats = account_stats(link)
            if platform == "youtube" and stats.channel_id == wanted:
                entry = f"<entry><title>Conseil municipal</title><published>{stats.last_activity}T18:00:00+00:00</published></entry>"
                feed = f'<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>{link.handle}</title>{entry}</feed>'
                return 200, "text/xml; charset=UTF-8", feed.encode()
        return 404, "text/html", b"<h1>404</h1>"
    channel_link = accounts(farm).get(("youtube", path.strip("/").removeprefix("@").lower()))
    if channel_link is None:
        return 404, "text/html", b"<h1>404</h1>"
    link = channel_link
    channel = account_stats(link).channel_id
    page = (
        f'<html><head><title>{link.handle} - YouTube</title><meta itemprop="channelId" content="{channel}">'
        f'<link rel="alternate" type="application/rss+xml" title="RSS" '
        f'href="https://www.youtube.com/feeds/videos.xml?channel_id={channel}"></head><body></body></html>'
    )
    return 200, "text/html; charset=utf-8", page.encode()


def _login_wall(host: str, path: str) -> tuple[int, str, bytes]:
    name = LOGIN_WALLED[host]
    handle = html.escape(path.strip("/").split("/")[0])
    page = (
        f'<html><head><title>{name}</title><meta property="og:title" content="{handle}">'
        f"</head><body><p>Connectez-vous pour voir le contenu de {handle} sur {name}.</p></body></html>"
    )
    return 200, "text/html; charset=utf-8", page.encode()


def respond(farm: Farm, host: str, uri: str) -> tuple[int, str, bytes]:
    """(status, content type, body) of a platform request."""
    parts = urlsplit(uri)
    query = parse_qs(parts.query)
    if host == MASTODON:
        return _mastodon(farm, parts.path, query)
    if host == PEERTUBE:
        return _peertube(farm, parts.path)
    if host == YOUTUBE:
        return _youtube(farm, parts.path, query)
    return _login_wall(host, parts.path)
