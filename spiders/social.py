"""The social spider: visits the accounts a run's sites link to and records their public activity.

Run after the site crawl (`vigie social`). One profile at a time per platform host, a second
apart (custom settings), robots.txt obeyed like everywhere else. A profile check is one to
two requests (`pipelines.extractors.social_activity`); it ends in one `SocialProfileItem`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import scrapy
from scrapy.http import Response
from twisted.python.failure import Failure

from crawler.items import SocialProfileItem
from database import make_engine
from database.repository import ProfileToCheck, pending_profiles
from pipelines.extractors.social_activity import (
    LOGIN_WALLED,
    Activity,
    Step,
    first_step,
    peertube_videos_step,
    read_mastodon,
    read_peertube_account,
    read_peertube_videos,
    read_youtube_feed,
    youtube_feed_step,
)
from spiders.outcomes import http_status_of_failure, status_of_failure


def _now() -> datetime:
    return datetime.now(UTC)


class SocialSpider(scrapy.Spider):
    name = "social"
    custom_settings = {
        "CONCURRENT_REQUESTS_PER_DOMAIN": 1,
        "DOWNLOAD_DELAY": 1.0,
        "AUTOTHROTTLE_START_DELAY": 2.0,
    }

    def __init__(self, run_id: int, database_url: str, origin: str = "", **kwargs: Any):
        super().__init__(**kwargs)
        self.run_id = int(run_id)
        self.database_url = database_url
        # "http://{host}:8000" in farm mode: where a platform's https://host/ really is.
        self.origin = origin

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> SocialSpider:
        kwargs.setdefault("database_url", crawler.settings.get("VIGIE_DATABASE_URL"))
        kwargs.setdefault("origin", crawler.settings.get("VIGIE_PLATFORM_ORIGIN") or "")
        return super().from_crawler(crawler, *args, **kwargs)

    async def start(self) -> AsyncIterator[Any]:
        engine = make_engine(self.database_url)
        profiles = pending_profiles(engine, self.run_id)
        engine.dispose()
        self.logger.info("run %s: %d social profiles to check", self.run_id, len(profiles))
        for profile in profiles:
            yield self._request(profile, first_step(profile.platform, profile.url), Activity())

    def _request(self, profile: ProfileToCheck, step: Step, activity: Activity) -> scrapy.Request:
        return scrapy.Request(
            self._served_at(step.url),
            callback=self.parse_answer,
            errback=self.on_error,
            dont_filter=True,
            meta={"dont_cache": True},
            cb_kwargs={"profile": profile, "step": step, "activity": activity},
        )

    def _served_at(self, url: str) -> str:
        if not self.origin:
            return url
        parts = urlsplit(url)
        origin = urlsplit(self.origin.format(host=parts.hostname))
        return urlunsplit((origin.scheme, origin.netloc, parts.path, parts.query, ""))

    def parse_answer(
        self, response: Response, profile: ProfileToCheck, step: Step, activity: Activity
    ) -> Iterator[Any]:
        body = response.body
        if step.reader == "mastodon":
            activity = read_mastodon(body)
        elif step.reader == "peertube-account":
            following = peertube_videos_step(step)
            yield self._request(profile, following, read_peertube_account(body))
            return
        elif step.reader == "peertube-videos":
            activity = read_peertube_videos(body, activity)
        elif step.reader == "youtube-page":
            feed = youtube_feed_step(body)
            if feed is not None:
                yield self._request(profile, feed, activity)
                return
        elif step.reader == "youtube-feed":
            activity = read_youtube_feed(body)
        yield self._item(profile, True, response.status, step.url, activity)

    def on_error(self, failure: Failure) -> Iterator[Any]:
        request = failure.request  # type: ignore[attr-defined]
        profile: ProfileToCheck = request.cb_kwargs["profile"]
        status, detail = status_of_failure(failure)
        yield self._item(
            profile, False, http_status_of_failure(failure), f"{status}: {detail}", Activity()
        )

    def _item(
        self,
        profile: ProfileToCheck,
        reachable: bool,
        http_status: int | None,
        detail: str,
        activity: Activity,
    ) -> SocialProfileItem:
        return SocialProfileItem(
            run_id=self.run_id,
            authority_id=profile.authority_id,
            platform=profile.platform,
            url=profile.url,
            reachable=reachable,
            checked_at=_now(),
            login_wall=reachable and profile.platform in LOGIN_WALLED,
            followers=activity.followers,
            posts=activity.posts,
            last_activity=activity.last_activity,
            http_status=http_status,
            detail=detail,
        )
