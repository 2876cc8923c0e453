"""opendata.portal from a URL, trackers without consent, consent managers' vendor names,
embeds and the latest news across pages.

The page-to-findings rules of services and tracking are saved pages in cases/."""

from __future__ import annotations

import pytest

from crawler.items import Finding
from pipelines.extractors import consent_declarations as declared
from pipelines.extractors.aggregate import aggregate_site
from pipelines.extractors.freshness import extract_latest_news
from pipelines.extractors.page import Page
from pipelines.extractors.services import opendata_portal
from pipelines.extractors.tracking import TRACKERS, extract_consent, extract_trackers

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


@pytest.mark.parametrize(
    ("name", "tracker"),
    [
        ("google_analytics", "google-analytics"),  # Axeptio
        ("c:googleana-4TXnJigR", "google-analytics"),  # Didomi's custom vendor
        ("googleAnalytics", "google-analytics"),  # Klaro
        ("google-tag-manager", "google-tag-manager"),  # Orejime
        ("gtm", "google-tag-manager"),
        ("facebook_pixel", "meta-pixel"),
        ("c:hotjar-Xd3kQ7mV", "hotjar"),
        ("at-internet", "at-internet"),  # not cut as if "-internet" were Didomi's suffix
        ("xiti", "at-internet"),
        ("matomo", "matomo"),
        ("piwik-pro", None),  # another product than Matomo
        ("didomi:google", None),  # Google's advertising products, not Analytics
        ("c:youtube-Jq8pW2kL", None),
        ("analytics", None),  # a category names no vendor
    ],
)
def test_vendor_names_of_consent_managers(name: str, tracker: str | None) -> None:
    assert declared.vendor_tracker(name) == tracker


def test_every_declared_tracker_is_one_of_the_vocabulary() -> None:
    declarable = set(declared.TARTEAUCITRON_SERVICES.values())
    declarable |= set(declared.TARTEAUCITRON_SETTINGS.values())
    declarable |= {slug for slug, _ in declared.VENDOR_NAMES}
    assert declarable == {slug for slug, _ in TRACKERS}


@pytest.mark.parametrize(
    ("code", "commented"),
    [
        ("tarteaucitron.job.push('gtag');", False),
        ("var u = 'https://x.fr/'; tarteaucitron.job.push('gtag');", False),
        ("// tarteaucitron.job.push('gtag');", True),
        ("init(); // tarteaucitron.job.push('gtag');", True),
        ("/* old:\n tarteaucitron.job.push('gtag');\n*/", True),
        ("/* note */ tarteaucitron.job.push('gtag');", False),
    ],
)
def test_commented_declarations_are_not_read(code: str, commented: bool) -> None:
    read = declared.without_comments(code)
    assert len(read) == len(code)
    assert ("tarteaucitron.job" not in read) is commented


def test_a_declared_tracker_comes_with_its_manager_so_never_without_consent() -> None:
    declaring = page(
        "<script>tarteaucitron.user.facebookpixelId = '1234';"
        "(tarteaucitron.job = tarteaucitron.job || []).push('facebookpixel');</script>"
    )
    findings = extract_trackers(declaring) + extract_consent(declaring)
    assert {(f.feature, f.value) for f in findings} == {
        ("trackers", "meta-pixel"),
        ("consent.manager", "tarteaucitron"),
    }
    site = aggregate_site([(0, URL, findings)])
    assert not any(f.feature == "trackers.without_consent" for f in site)


def test_embeds_are_frames_and_scripts_by_their_address() -> None:
    embedded = page(
        '<iframe src="https://app.panneaupocket.com/embeded/1?mode=widget#top"></iframe>'
        '<iframe src="about:blank" data-src="/widgets/agenda.html"></iframe>'
        '<script src="javascript:void(0)"></script><script>var inline = 1;</script>'
        '<img src="https://www.illiwap.com/logo.png">'
    )
    assert [link.url for link in embedded.embeds] == [
        "https://app.panneaupocket.com/embeded/1?mode=widget",
        "https://www.saint-exemple.fr/widgets/agenda.html",
    ]
