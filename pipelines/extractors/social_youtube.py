"""A YouTube channel page: subscribers and videos from the data embedded in it.

The page carries its data as `var ytInitialData = {...};` in a script. The channel's header
is either the older `c4TabbedHeaderRenderer` (`subscriberCountText`, `videosCountText`) or the
newer `pageHeaderRenderer`, whose metadata rows hold parts such as "@handle",
"12,3 k abonnés", "456 vidéos" (or "25m subscribers", "337 videos" in English). Counts of
1,000 and more are rounded ("12,3 k", "1,2 M d'abonnés"): the value is recorded with
`followers_rounded`. A rounded video count is not recorded (the schema has no mark for it).
A page without that data (a consent page, an error) gives no figures.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal, InvalidOperation

from pipelines.extractors.social_activity import Activity, Step, Window

YOUTUBE_FEED = re.compile(r"https://www\.youtube\.com/feeds/videos\.xml\?channel_id=[\w-]+")
INITIAL_DATA = re.compile(
    r"(?:window\s*\[\s*[\"']ytInitialData[\"']\s*\]|\bytInitialData)\s*=\s*(?=\{)"
)
SPACES = re.compile(r"[\s\u00a0\u202f]+")
COUNT = re.compile(
    r"(?P<number>\d[\d ,.]*?) ?(?P<unit>k|m|md|b|bn)? ?(?:d['’] ?)?"
    r"(?P<noun>abonnés?|subscribers?|vidéos?|videos?)",
    re.IGNORECASE,
)
NONE_OF = re.compile(r"(?:aucun|aucune|no) (?P<noun>abonné|vidéo|subscribers|videos)", re.I)
UNITS = {"k": 1000, "m": 1000_000, "md": 1000_000_000, "b": 1000_000_000, "bn": 1000_000_000}


def initial_data(page: str) -> dict[str, object] | None:
    """The `ytInitialData` object of a YouTube page, or None."""
    found = INITIAL_DATA.search(page)
    if found is None:
        return None
    try:
        data, _ = json.JSONDecoder().raw_decode(page, found.end())
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def parse_count(text: str) -> tuple[str, int, bool] | None:
    """("followers" or "videos", value, rounded) of a count as YouTube writes it, or None."""
    text = SPACES.sub(" ", text).strip()
    nothing = NONE_OF.fullmatch(text)
    if nothing:
        return _kind(nothing.group("noun")), 0, False
    found = COUNT.fullmatch(text)
    if found is None:
        return None
    number, unit = found.group("number").strip(), (found.group("unit") or "").lower()
    if unit:
        try:
            value = Decimal(number.replace(" ", "").replace(",", ".")) * UNITS[unit]
        except InvalidOperation:
            return None
        return _kind(found.group("noun")), int(value), True
    digits = re.sub(r"[ ,.]", "", number)
    return _kind(found.group("noun")), int(digits), False


def _kind(noun: str) -> str:
    return "followers" if noun.lower().startswith(("abonn", "subscriber")) else "videos"


def _text(value: object) -> str | None:
    """The text of a YouTube text object: `simpleText`, or its `runs` joined."""
    if not isinstance(value, dict):
        return None
    if isinstance(value.get("simpleText"), str):
        return str(value["simpleText"])
    runs = value.get("runs")
    if isinstance(runs, list):
        return "".join(str(run.get("text", "")) for run in runs if isinstance(run, dict))
    return None


def _dig(value: object, *keys: str) -> object:
    for key in keys:
        value = value.get(key) if isinstance(value, dict) else None
    return value


def header_texts(data: dict[str, object]) -> list[str]:
    """The count texts of a channel page's header, older and newer forms."""
    header = data.get("header")
    texts = []
    older = _dig(header, "c4TabbedHeaderRenderer")
    for key in ("subscriberCountText", "videosCountText"):
        texts.append(_text(_dig(older, key)))
    rows = _dig(
        header,
        "pageHeaderRenderer",
        "content",
        "pageHeaderViewModel",
        "metadata",
        "contentMetadataViewModel",
        "metadataRows",
    )
    for row in rows if isinstance(rows, list) else []:
        parts = _dig(row, "metadataParts")
        for part in parts if isinstance(parts, list) else []:
            texts.append(_dig(part, "text", "content"))  # type: ignore[arg-type]
    return [text for text in texts if isinstance(text, str)]


def channel_counts(data: dict[str, object]) -> Activity:
    """Subscribers (and whether rounded) and videos shown in a channel page's header."""
    counts: dict[str, tuple[int, bool]] = {}
    for text in header_texts(data):
        parsed = parse_count(text)
        if parsed and parsed[0] not in counts:
            counts[parsed[0]] = parsed[1], parsed[2]
    followers, rounded = counts.get("followers", (None, False))
    videos, videos_rounded = counts.get("videos", (None, False))
    return Activity(
        followers=followers,
        followers_rounded=rounded,
        posts=None if videos_rounded else videos,
    )


def feed_url(page: str, data: dict[str, object] | None) -> str | None:
    """The channel's public Atom feed, as its page links it."""
    found = YOUTUBE_FEED.search(page.replace("&amp;", "&"))
    if found:
        return found.group(0)
    rss = _dig(data, "metadata", "channelMetadataRenderer", "rssUrl")
    return rss if isinstance(rss, str) and YOUTUBE_FEED.fullmatch(rss) else None


def read_youtube_page(
    body: bytes, step: Step, activity: Activity, window: Window
) -> tuple[Activity, Step | None]:
    """Subscribers and videos of the channel page, then its feed for the dates of videos."""
    page = body.decode("utf-8", "replace")
    data = initial_data(page)
    found = channel_counts(data) if data else Activity()
    feed = feed_url(page, data)
    return found, Step(feed, "youtube-feed") if feed else None
