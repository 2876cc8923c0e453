"""The mock YouTube: a channel's page with its data embedded as the real one embeds it, and the
channel's Atom feed.

The page carries `var ytInitialData = {...};` in a script, with the channel's header in one of
the two forms YouTube has served: the newer `pageHeaderRenderer` (metadata rows of parts:
"@handle", "12,3 k abonnés", "456 vidéos") and the older `c4TabbedHeaderRenderer`
(`subscriberCountText`, `videosCountText`), as recorded in NewPipeExtractor's test mocks.
The feed lists the channel's 15 newest videos.
"""

from __future__ import annotations

import html
import json
from datetime import UTC, date, datetime, time, timedelta

from farm.model import SocialLink
from farm.social_accounts import (
    account_stats,
    timeline,
    youtube_count_text,
    youtube_style,
)

FEED = "https://www.youtube.com/feeds/videos.xml?channel_id={}"
FEED_ENTRIES = 15


def _text(content: str) -> dict[str, object]:
    return {"text": {"content": content}}


def _header(link: SocialLink, style: str) -> dict[str, object]:
    stats = account_stats(link)
    channel = stats.channel_id
    subscribers = youtube_count_text(stats.followers, "subscribers", style)
    videos = youtube_count_text(stats.posts, "videos", style) if stats.posts else None
    if style.startswith("old"):
        older: dict[str, object] = {
            "channelId": channel,
            "title": link.handle,
            "subscriberCountText": {
                "accessibility": {"accessibilityData": {"label": subscribers}},
                "simpleText": subscribers,
            },
            "channelHandleText": {"runs": [{"text": f"@{link.handle}"}]},
        }
        if videos:
            number, word = videos.split("\u00a0", 1) if "\u00a0" in videos else videos.split(" ", 1)
            older["videosCountText"] = {"runs": [{"text": number}, {"text": f" {word}"}]}
        return {"c4TabbedHeaderRenderer": older}
    counts = [{**_text(subscribers), "accessibilityLabel": subscribers}]
    counts += [_text(videos)] if videos else []
    rows = [{"metadataParts": [_text(f"@{link.handle}")]}, {"metadataParts": counts}]
    view = {
        "title": {"dynamicTextViewModel": {"text": {"content": link.handle}}},
        "metadata": {"contentMetadataViewModel": {"metadataRows": rows, "delimiter": "•"}},
    }
    return {
        "pageHeaderRenderer": {"pageTitle": link.handle, "content": {"pageHeaderViewModel": view}}
    }


def channel_page(link: SocialLink) -> bytes:
    channel = account_stats(link).channel_id
    style = youtube_style(link)
    data = {
        "responseContext": {"serviceTrackingParams": [{"service": "GFEEDBACK", "params": []}]},
        "contents": {"twoColumnBrowseResultsRenderer": {"tabs": []}},
        "header": _header(link, style),
        "metadata": {
            "channelMetadataRenderer": {
                "title": link.handle,
                "externalId": channel,
                "rssUrl": FEED.format(channel),
                "vanityChannelUrl": f"http://www.youtube.com/@{link.handle}",
            }
        },
    }
    script = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    language = "fr-FR" if style.endswith("fr") else "en-GB"
    title = html.escape(link.handle)
    page = (
        f'<!DOCTYPE html><html lang="{language}"><head><title>{title} - YouTube</title>'
        f'<link rel="canonical" href="https://www.youtube.com/channel/{channel}">'
        f'<link rel="alternate" type="application/rss+xml" title="RSS" href="{FEED.format(channel)}">'
        f'<meta property="og:title" content="{title}"></head><body>'
        f'<script nonce="farm">var ytInitialData = {script};</script></body></html>'
    )
    return page.encode()


def feed(link: SocialLink) -> bytes:
    """The Atom feed: the channel's own `published` (the day it was created), then an entry
    per video, newest first."""
    stats = account_stats(link)
    listed = timeline(link)
    first = (
        listed.moment(len(listed) - 1)
        if len(listed)
        else datetime.combine(date.fromisoformat(stats.last_activity), time(), UTC)
    )
    created = (first - timedelta(days=30)).isoformat()
    entries = "".join(
        "<entry>"
        f"<id>yt:video:{stats.channel_id[2:13]}{index}</id>"
        f"<yt:channelId>{stats.channel_id}</yt:channelId><title>Conseil municipal</title>"
        f"<published>{listed.moment(index).isoformat()}</published>"
        f"<updated>{listed.moment(index).isoformat()}</updated></entry>"
        for index in range(min(FEED_ENTRIES, len(listed)))
    )
    document = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<feed xmlns:yt="http://www.youtube.com/xml/schemas/2015" '
        'xmlns:media="http://search.yahoo.com/mrss/" xmlns="http://www.w3.org/2005/Atom">'
        f"<id>yt:channel:{stats.channel_id[2:]}</id><yt:channelId>{stats.channel_id}</yt:channelId>"
        f"<title>{html.escape(link.handle)}</title><published>{created}</published>{entries}</feed>"
    )
    return document.encode()
