"""The farm's social accounts: their figures, their dated posts, and what a perfect social
spider records of them on a given day (the ground truth of the mock platforms).

Everything is derived from a hash of (platform, handle), never from the clock: followers and
posts from `account_stats`, the dates of the posts from `timeline` (the newest on the
account's `last_activity`, relative to FARM_TODAY). The farm keeps its own copy of the
reading rules it predicts (the window, the pages a reader lists): it imports nothing of the
crawler, and tests/farm compares the copies.
"""

from __future__ import annotations

import hashlib
import random
from array import array
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_FLOOR, Decimal
from functools import lru_cache

from farm.model import FARM_TODAY, SocialLink

WINDOW_DAYS = 90  # posts dated from the run's day minus this many days to the run's day
LOGIN_WALLED_PLATFORMS = frozenset({"facebook", "instagram", "x", "linkedin"})
READ_PLATFORMS = frozenset({"mastodon", "peertube", "youtube", "bluesky", "dailymotion"})


@dataclass(frozen=True)
class Listing:
    """How a platform lists an account's posts to a perfect reader."""

    size: int  # posts (or feed items) a page lists, as the reader asks
    pages: int  # pages the reader reads at most
    ends_known: bool  # the platform says when the list ends; else only a short page says it


LISTINGS = {
    "mastodon": Listing(40, 10, False),
    "peertube": Listing(100, 5, True),
    "bluesky": Listing(100, 5, True),
    "dailymotion": Listing(100, 5, True),
    "youtube": Listing(15, 1, False),  # the feed: the 15 newest videos
}


@dataclass(frozen=True)
class AccountStats:
    """What the platform says publicly of an account."""

    followers: int
    posts: int
    last_activity: str  # ISO date

    @property
    def channel_id(self) -> str:
        return "UC" + hashlib.sha1(str(self).encode()).hexdigest()[:22]


@dataclass(frozen=True)
class Timeline:
    """An account's listing, newest first: when each item was posted (UTC, seconds since
    1970), and which items (Bluesky) are reposts of another account's post."""

    moments: array[int]
    reposts: frozenset[int]

    def __len__(self) -> int:
        return len(self.moments)

    def moment(self, index: int) -> datetime:
        return datetime.fromtimestamp(self.moments[index], UTC)

    def own_days(self, stop: int | None = None) -> list[date]:
        """The days of the account's own posts among the first `stop` items."""
        count = len(self.moments) if stop is None else min(stop, len(self.moments))
        return [self.moment(i).date() for i in range(count) if i not in self.reposts]


def _digest(link: SocialLink, salt: str = "") -> int:
    return int(hashlib.sha1(f"{link.platform}:{link.handle}{salt}".encode()).hexdigest(), 16)


def account_stats(link: SocialLink) -> AccountStats:
    digest = _digest(link)
    last = FARM_TODAY - timedelta(days=digest % 400)
    # Channels hold fewer videos than accounts posts; a sixth of them past 1,000, a count
    # YouTube shows rounded.
    posts = digest % (1200 if link.platform == "youtube" else 3000)
    return AccountStats(followers=50 + digest % 20000, posts=posts, last_activity=last.isoformat())


def timeline(link: SocialLink) -> Timeline:
    """The account's listing, newest first: `posts` posts of its own, the newest on its
    `last_activity`, spread over one to eight years; on Bluesky, reposts between them."""
    return _timeline(link.platform, link.handle)


@lru_cache(maxsize=512)
def _timeline(platform: str, handle: str) -> Timeline:
    stats = account_stats(SocialLink(platform, "", "", "", handle))
    rng = random.Random(f"{platform}:{handle}:timeline")
    years = 1 + rng.randrange(8)
    mean_seconds = years * 365 * 86400 / max(stats.posts, 1)
    newest = datetime.combine(date.fromisoformat(stats.last_activity), time(17, 0), UTC)
    moment = int(newest.timestamp())
    moments, reposts = array("q"), set()
    own = 0
    while own < stats.posts:
        if platform == "bluesky" and moments and rng.random() < 0.1:
            reposts.add(len(moments))
        else:
            own += 1
        moments.append(moment)
        moment -= max(60, int(rng.expovariate(1 / mean_seconds)))
    return Timeline(moments, frozenset(reposts))


def window_figures(link: SocialLink, on: date) -> tuple[int, bool]:
    """(posts in the window ending on `on`, whether that is a lower bound) as a reader that
    pages back through the listing finds them (`LISTINGS`)."""
    listing = LISTINGS[link.platform]
    items = timeline(link)
    most = listing.size * listing.pages
    days = items.own_days(most)
    start = on - timedelta(days=WINDOW_DAYS)
    count = sum(1 for day in days if start <= day <= on)
    older = any(day < start for day in days)
    beyond = len(items) > most if listing.ends_known else len(items) >= most
    return count, beyond and not older


def _shown(value: int) -> tuple[Decimal, str]:
    """A count as YouTube abbreviates it: three significant digits, rounded down."""
    for unit, size in (("M", 1_000_000), ("k", 1000)):
        if value >= size:
            scaled = Decimal(value) / size
            places = max(0, 3 - len(str(int(scaled))))
            step = Decimal(1).scaleb(-places)
            return scaled.quantize(step, rounding=ROUND_FLOOR).normalize(), unit
    return Decimal(value), ""


def youtube_style(link: SocialLink) -> str:
    """Which page a channel gets: the newer header in French or English, or the older one."""
    return ("new-fr", "old-fr", "new-en")[_digest(link, ":style") % 3]


def youtube_count_text(value: int, noun: str, style: str) -> str:
    """ "12,3 k abonnés", "456 vidéos", "1.23K subscribers"... as the channel's page shows."""
    shown, unit = _shown(value)
    french = style.endswith("fr")
    words = {
        ("subscribers", True): ("abonné", "abonnés"),
        ("videos", True): ("vidéo", "vidéos"),
        ("subscribers", False): ("subscriber", "subscribers"),
        ("videos", False): ("video", "videos"),
    }[noun, french]
    word = words[0] if value == 1 else words[1]
    if french:
        number = f"{shown:f}".replace(".", ",")
        of = ("d’" if word[0] in "aeiouéè" else "de ") if unit == "M" else ""
        return f"{number}\u00a0{unit}\u00a0{of}{word}" if unit else f"{number}\u00a0{word}"
    if unit:
        unit = unit.upper() if style.startswith("old") else unit.lower()
    return f"{shown:f}{unit} {word}"


def youtube_counts(link: SocialLink) -> tuple[int, bool, int | None]:
    """(subscribers as shown, whether rounded, videos as shown exactly or None) of a channel:
    no video count is shown for an empty channel, and a rounded one says no exact number."""
    stats = account_stats(link)
    shown, unit = _shown(stats.followers)
    followers = int(shown * {"": 1, "k": 1000, "M": 1_000_000}[unit])
    videos = stats.posts if 0 < stats.posts < 1000 else None
    return followers, bool(unit), videos


def recorded_profile(link: SocialLink, on: date, youtube_feed: bool) -> dict[str, object]:
    """What a perfect social spider records for an account when the run's day is `on`.

    `youtube_feed`: whether robots.txt lets it read YouTube's feed (the farm's, like the
    real one, does not: farm.platforms)."""
    profile: dict[str, object] = {"url": link.expected, "reachable": True}
    if link.platform in LOGIN_WALLED_PLATFORMS:
        return {**profile, "login_wall": True}
    if link.platform not in READ_PLATFORMS:
        return profile  # reachability only: its figures need a key or a login
    stats = account_stats(link)
    listed = timeline(link)
    newest = listed.moment(0).date().isoformat() if len(listed) else None
    in_window, partial = window_figures(link, on)
    figures: dict[str, object] = {
        "followers": stats.followers,
        "posts": stats.posts,
        "last_activity": stats.last_activity if link.platform == "mastodon" else newest,
        "posts_90d": in_window,
        "posts_90d_partial": partial,
        "followers_rounded": False,
    }
    if link.platform == "youtube":
        followers, rounded, videos = youtube_counts(link)
        figures.update(followers=followers, followers_rounded=rounded, posts=videos)
        if not youtube_feed:
            figures.update(last_activity=None, posts_90d=None, posts_90d_partial=False)
    return {**profile, **figures}
