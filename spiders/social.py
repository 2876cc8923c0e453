"""The social spider: visits the accounts a run's sites link to and records their public activity.

Run after the site crawl (`vigie social`). One profile at a time per platform host, a second
apart (custom settings), robots.txt obeyed like everywhere else. A profile check is a chain
of requests whose order and reading are pure functions (`first_step` and `advance` in
`pipelines.extractors`): the spider only sends them, and ends each check in one
`SocialProfileItem`. Posts are counted in the window that ends on the run's day (the day the
crawl started, not the day `vigie social` runs), read once at the start.
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
from database.social_audience import run_day, window_start
from pipelines.extractors.social_activity import (
    LOGIN_WALLED,
    Activity,
    Step,
    Window,
    first_step,
    interrupted,
)
from pipelines.extractors.social_platforms import advance
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
        day = run_day(engine, self.run_id)
        engine.dispose()
        self.window = Window(window_start(day), day)
        self.logger.info("run %s: %d social profiles to check", self.run_id, len(profiles))
        for profile in profiles:
            yield self._request(profile, first_step(profile.platform, profile.url), Activity())

    def _request(
        self,
        profile: ProfileToCheck,
        step: Step,
        activity: Activity,
        answered: int | None = None,
    ) -> scrapy.Request:
        """The request of `step`; `answered` is the status of the check's last answer."""
        return scrapy.Request(
            self._served_at(step.url),
            headers=dict(step.headers),
            callback=self.parse_answer,
            errback=self.on_error,
            dont_filter=True,
            meta={"dont_cache": True},
            cb_kwargs={
                "profile": profile,
                "step": step,
                "activity": activity,
                "answered": answered,
            },
        )

    def _served_at(self, url: str) -> str:
        if not self.origin:
            return url
        parts = urlsplit(url)
        origin = urlsplit(self.origin.format(host=parts.hostname))
        return urlunsplit((origin.scheme, origin.netloc, parts.path, parts.query, ""))

    def parse_answer(
        self,
        response: Response,
        profile: ProfileToCheck,
        step: Step,
        activity: Activity,
        answered: int | None,
    ) -> Iterator[Any]:
        activity, following = advance(step, response.body, activity, self.window)
        if following is not None:
            yield self._request(profile, following, activity, response.status)
            return
        yield self._item(profile, True, response.status, step.url, activity)

    def on_error(self, failure: Failure) -> Iterator[Any]:
        """A first request that failed: the profile did not answer. A later one (a page of
        posts refused by robots.txt, a 429): what the earlier answers gave is kept, but not a
        count of posts the check could not finish; the detail says what failed."""
        request = failure.request  # type: ignore[attr-defined]
        profile: ProfileToCheck = request.cb_kwargs["profile"]
        step: Step = request.cb_kwargs["step"]
        status, detail = status_of_failure(failure)
        http_status = http_status_of_failure(failure)
        if step == first_step(profile.platform, profile.url):
            yield self._item(profile, False, http_status, f"{status}: {detail}", Activity())
            return
        yield self._item(
            profile,
            True,
            http_status or request.cb_kwargs["answered"],
            f"{status}: {detail} ({step.url})",
            interrupted(request.cb_kwargs["activity"]),
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
            posts_90d=activity.posts_90d,
            posts_90d_partial=activity.posts_90d_partial,
            followers_rounded=activity.followers_rounded,
            http_status=http_status,
            detail=detail,
        )
