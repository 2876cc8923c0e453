"""The social spider against the farm's mock platforms, and its readers on platform answers."""

from __future__ import annotations

from database.repository import pending_profiles
from evaluation.truth import evaluate_profiles
from pipelines.extractors.social_activity import (
    Activity,
    Step,
    first_step,
    read_mastodon,
    read_peertube_videos,
    read_youtube_feed,
    youtube_feed_step,
)
from tests.conftest import CrawledFarm


def test_every_profile_is_recorded_as_its_platform_shows_it(crawled_farm: CrawledFarm) -> None:
    result = evaluate_profiles(crawled_farm.engine, crawled_farm.run_id, crawled_farm.truth)
    platforms = {
        profile["url"].split("/")[2]
        for site in crawled_farm.truth["sites"]
        for profile in site["social_profiles"]
    }
    assert {"social.numerique.gouv.fr", "tube.numerique.gouv.fr", "www.youtube.com"} <= platforms
    assert result.expected > 0
    assert result.mismatches == []
    assert result.agreements == result.expected


def test_a_second_social_pass_has_nothing_left_to_check(crawled_farm: CrawledFarm) -> None:
    assert pending_profiles(crawled_farm.engine, crawled_farm.run_id) == []


def test_each_platform_is_asked_at_its_public_endpoint() -> None:
    assert first_step("mastodon", "https://social.numerique.gouv.fr/@mairie") == Step(
        "https://social.numerique.gouv.fr/api/v1/accounts/lookup?acct=mairie", "mastodon"
    )
    assert first_step("peertube", "https://tube.numerique.gouv.fr/a/ville") == Step(
        "https://tube.numerique.gouv.fr/api/v1/accounts/ville", "peertube-account"
    )
    assert first_step("facebook", "https://www.facebook.com/Ville").reader == "page"


def test_answers_that_are_not_what_they_should_be_give_no_figures() -> None:
    assert read_mastodon(b"<html>Too many requests</html>") == Activity()
    assert read_mastodon(b'{"followers_count": "12", "last_status_at": "hier"}') == Activity()
    assert read_peertube_videos(b'{"total": 3, "data": []}', Activity(followers=5)) == Activity(
        followers=5, posts=3
    )
    assert read_youtube_feed(b"<!DOCTYPE html><p>consent</p>") == Activity()
    assert youtube_feed_step(b"<html>no feed link</html>") is None
