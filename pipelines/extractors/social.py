"""Social profiles linked from a page (`social.<platform>`): profiles, never share buttons."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

from crawler.items import Finding

from pipelines.extractors.page import Link, Page, on_hosts
from pipelines.extractors.social_ownership import (
    anchors_of,
    not_the_authority,
    personal_or_group,
    site_names,
)

DETECTOR = "social/2"

# First path segments that share, embed, log in or point at one post: never an account.
NOT_A_PROFILE = frozenset(
    [
        "sharer",
        "sharer.php",
        "share",
        "sharearticle",
        "sharing",
        "intent",
        "dialog",
        "plugins",
        "embed",
        "login",
        "signup",
        "home",
        "search",
        "hashtag",
        "explore",
        "watch",
        "p",
        "reel",
        "reels",
        "pin",
        "video",
        "videos",
        "status",
        "tr",
        "i",
        "privacy",
        "legal",
        "policies",
        "help",
        "about",
        "terms",
        "send",
    ]
)
YOUTUBE_TABS = r"(?:/(?:videos|featured|streams|shorts|playlists|about|community))?"
HANDLE = r"[A-Za-z0-9_.\-%]+"


def _path(url: str) -> str:
    return urlsplit(url).path.rstrip("/")


def _facebook(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.path.rstrip("/").lower() == "/profile.php":
        profile_id = parse_qs(parts.query).get("id", [""])[0]
        return (
            f"https://www.facebook.com/profile.php?id={profile_id}"
            if profile_id.isdigit()
            else None
        )
    match = re.fullmatch(rf"/((?:pages/|people/|groups/)?{HANDLE}(?:/\d+)?)", _path(url))
    return f"https://www.facebook.com/{match.group(1)}" if match else None


def _by_pattern(pattern: str, canonical: str) -> Callable[[str], str | None]:
    def normalise(url: str) -> str | None:
        match = re.fullmatch(pattern, _path(url))
        return canonical.format(*match.groups()) if match else None

    return normalise


# Host suffix -> (platform, path normaliser returning the canonical URL or None)
PLATFORMS: dict[str, tuple[str, Callable[[str], str | None]]] = {
    "facebook.com": ("facebook", _facebook),
    "fb.com": ("facebook", _facebook),
    "twitter.com": ("x", _by_pattern(rf"/({HANDLE})", "https://x.com/{}")),
    "x.com": ("x", _by_pattern(rf"/({HANDLE})", "https://x.com/{}")),
    "instagram.com": ("instagram", _by_pattern(rf"/({HANDLE})", "https://www.instagram.com/{}")),
    "linkedin.com": (
        "linkedin",
        _by_pattern(rf"/(company|showcase|school|in)/({HANDLE})", "https://www.linkedin.com/{}/{}"),
    ),
    "youtube.com": (
        "youtube",
        _by_pattern(
            rf"/(@{HANDLE}|(?:channel|c|user)/{HANDLE}){YOUTUBE_TABS}", "https://www.youtube.com/{}"
        ),
    ),
    "tiktok.com": ("tiktok", _by_pattern(rf"/(@{HANDLE})", "https://www.tiktok.com/{}")),
    "bsky.app": ("bluesky", _by_pattern(rf"/profile/({HANDLE})", "https://bsky.app/profile/{}")),
    "threads.net": ("threads", _by_pattern(rf"/(@{HANDLE})", "https://www.threads.net/{}")),
    "threads.com": ("threads", _by_pattern(rf"/(@{HANDLE})", "https://www.threads.net/{}")),
    "dailymotion.com": (
        "dailymotion",
        _by_pattern(rf"/({HANDLE})", "https://www.dailymotion.com/{}"),
    ),
    "vimeo.com": ("vimeo", _by_pattern(r"/([A-Za-z][A-Za-z0-9_.\-]*)", "https://vimeo.com/{}")),
    "flickr.com": (
        "flickr",
        _by_pattern(rf"/(?:photos|people)/({HANDLE})", "https://www.flickr.com/photos/{}"),
    ),
    "pinterest.com": ("pinterest", _by_pattern(rf"/({HANDLE})", "https://www.pinterest.com/{}")),
    "pinterest.fr": ("pinterest", _by_pattern(rf"/({HANDLE})", "https://www.pinterest.com/{}")),
    "whatsapp.com": (
        "whatsapp",
        _by_pattern(rf"/channel/({HANDLE})", "https://www.whatsapp.com/channel/{}"),
    ),
    "t.me": ("telegram", _by_pattern(rf"/({HANDLE})", "https://t.me/{}")),
}
FEDIVERSE_PROFILE = re.compile(rf"/(@{HANDLE})")
PEERTUBE_PROFILE = re.compile(rf"/(?:a|c|accounts|video-channels)/({HANDLE})")


def _fediverse(link: Link, host: str) -> tuple[str, str] | None:
    """Mastodon and PeerTube run on any host: trust rel="me" or the software's name in the host."""
    path = _path(link.url)
    mastodon = FEDIVERSE_PROFILE.fullmatch(path)
    if mastodon and ("me" in link.rel.split() or "mastodon" in host or host.startswith("social.")):
        return "mastodon", f"https://{host}/{mastodon.group(1)}"
    peertube = PEERTUBE_PROFILE.fullmatch(path)
    if peertube and ("peertube" in host or "tube" in host.split(".")[0]):
        return "peertube", f"https://{host}{path}"
    return None


def profile_of(link: Link) -> tuple[str, str] | None:
    """(platform, canonical profile URL) for a link to a social account, else None."""
    parts = link.parts  # urlsplit(link.url), kept on the link
    host = (parts.hostname or "").lower()
    first_segment = parts.path.strip("/").split("/", 1)[0].lower()
    if first_segment in NOT_A_PROFILE or "share" in parts.query.lower():
        return None
    known = on_hosts(link, PLATFORMS)  # by_host_suffix(host, PLATFORMS)
    if known is None:
        return _fediverse(link, host)
    platform, normalise = known
    canonical = normalise(link.url)
    return (platform, canonical) if canonical else None


# Link texts that name someone else's account: the tourist office, the web agency's credit,
# the intercommunality. Known limit: an EPCI's own link worded this way is missed.
THIRD_PARTY = re.compile(
    r"office\s+(de|du|intercommunal\s+de)\s+tourisme|r[ée]alis(ation|[ée]\s+par)|\bagence\b"
    r"|communaut[ée]\s+de\s+communes|communaut[ée]\s+d.agglom[ée]ration|intercommunalit",
    re.IGNORECASE,
)
# Words (as `fold` writes them) one of which each match of THIRD_PARTY holds: a link whose text
# and address hold none is not searched.
THIRD_PARTY_WORDS = ("tourisme", "alis", "agence", "communaut", "intercommunalit")


def extract_social(page: Page) -> list[Finding]:
    """The authority's accounts: profiles linked to another site, except people's profiles,
    groups, and links whose own text or surroundings name someone else (social_ownership)."""
    candidates: list[tuple[Link, tuple[str, str]]] = []
    for link, line in zip(page.links, page.folded_link_lines, strict=True):
        if page.is_same_site(link.url):
            continue
        if any(word in line for word in THIRD_PARTY_WORDS) and THIRD_PARTY.search(link.text):
            continue
        profile = profile_of(link)
        if profile and not personal_or_group(*profile):
            candidates.append((link, profile))
    if not candidates:
        return []
    anchors = anchors_of(page, [link for link, _ in candidates])
    names = site_names(page)
    findings: dict[tuple[str, str], Finding] = {}
    for (link, profile), anchor in zip(candidates, anchors, strict=True):
        if profile in findings or (anchor is not None and not_the_authority(anchor, names)):
            continue
        platform, url = profile
        findings[profile] = Finding(f"social.{platform}", url, page.url, link.snippet, DETECTOR)
    return list(findings.values())
