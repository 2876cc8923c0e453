"""opendata.portal from a URL, trackers without consent and the latest news across pages.

The page-to-findings rules of services and tracking are saved pages in cases/."""

from __future__ import annotations

import pytest

from crawler.items import Finding
from pipelines.extractors.aggregate import aggregate_site
from pipelines.extractors.freshness import extract_latest_news
from pipelines.extractors.page import Page
from pipelines.extractors.services import opendata_portal

URL = "https://www.saint-exemple.fr/demarches"


def page(body: str) -> Page:
    return Page(URL, f"<html><body>{body}</body></html>", {})


@pytest.mark.parametrize(
    ("url", "portal"),
    [
        (
            "https://www.data.gouv.fr/fr/organizations/commune-d-exemple/",
            "https://www.data.gouv.fr/fr/organizations/commune-d-exemple",
        ),
        (
            "https://www.data.gouv.fr/fr/organizations/x/datasets?page=2",
            "https://www.data.gouv.fr/fr/organizations/x",
        ),
        ("https://data.exemple.fr/explore/dataset/budget/", "https://data.exemple.fr/explore"),
        (
            "https://opendata.exemple.fr/dataset/deliberations",
            "https://opendata.exemple.fr/dataset",
        ),
        ("https://www.data.gouv.fr/fr/", None),
        ("https://data.exemple.fr/", None),
    ],
)
def test_open_data_portals(url: str, portal: str | None) -> None:
    assert opendata_portal(url) == portal


def test_trackers_without_consent_is_a_site_rule() -> None:
    tracker = Finding("trackers", "meta-pixel", "http://x.fr/", "fbevents.js", "tracking/1")
    consent = Finding("consent.manager", "axeptio", "http://x.fr/aide", "axept.io", "tracking/1")
    alone = aggregate_site([(0, "http://x.fr/", [tracker])])
    assert ("trackers.without_consent", "meta-pixel") in {(f.feature, f.value) for f in alone}
    managed = aggregate_site([(0, "http://x.fr/", [tracker]), (1, "http://x.fr/aide", [consent])])
    assert not any(f.feature == "trackers.without_consent" for f in managed)


def test_latest_news_is_the_newest_dated_article_across_pages() -> None:
    news = page(
        '<article><time datetime="2026-03-02">2 mars</time></article>'
        '<article><time datetime="2026-10-12T09:00">12 octobre</time></article>'
        '<footer><time datetime="2027-01-01">agenda</time></footer>'
    )
    [finding] = extract_latest_news(news)
    assert finding.value == "2026-10-12"
    older = Finding("freshness.latest_news", "2025-01-01", "http://x.fr/", "<time>", "freshness/1")
    site = aggregate_site([(0, "http://x.fr/", [older]), (1, URL, [finding])])
    assert [f.value for f in site if f.feature == "freshness.latest_news"] == ["2026-10-12"]
