"""social.<platform>: links to the authority's accounts, normalised; never share buttons."""

from __future__ import annotations

import pytest

from pipelines.extractors.page import Link, Page
from pipelines.extractors.social import extract_social, profile_of
from tests.conftest import FILES

PAGE_URL = "https://www.saint-exemple.fr/"


def link(url: str, rel: str = "") -> Link:
    return Link(url=url, text="", rel=rel, snippet="")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://fr-fr.facebook.com/MairieX/?ref=page_internal",
            ("facebook", "https://www.facebook.com/MairieX"),
        ),
        (
            "https://m.facebook.com/profile.php?id=1000123",
            ("facebook", "https://www.facebook.com/profile.php?id=1000123"),
        ),
        ("https://twitter.com/VilleX?lang=fr", ("x", "https://x.com/VilleX")),
        ("https://x.com/VilleX/", ("x", "https://x.com/VilleX")),
        ("https://instagram.com/ville_x/", ("instagram", "https://www.instagram.com/ville_x")),
        (
            "https://fr.linkedin.com/company/ville-x/",
            ("linkedin", "https://www.linkedin.com/company/ville-x"),
        ),
        ("https://www.youtube.com/@VilleX/videos", ("youtube", "https://www.youtube.com/@VilleX")),
        ("https://www.youtube.com/@VilleX", ("youtube", "https://www.youtube.com/@VilleX")),
        ("https://www.youtube.com/c/VilleX", ("youtube", "https://www.youtube.com/c/VilleX")),
        ("https://www.tiktok.com/@villex", ("tiktok", "https://www.tiktok.com/@villex")),
        (
            "https://bsky.app/profile/villex.bsky.social",
            ("bluesky", "https://bsky.app/profile/villex.bsky.social"),
        ),
        ("https://www.threads.net/@villex", ("threads", "https://www.threads.net/@villex")),
        ("https://vimeo.com/villex", ("vimeo", "https://vimeo.com/villex")),
        ("https://vimeo.com/123456", None),
        (
            "https://www.flickr.com/photos/villex/",
            ("flickr", "https://www.flickr.com/photos/villex"),
        ),
        ("https://t.me/villex", ("telegram", "https://t.me/villex")),
        (
            "https://www.whatsapp.com/channel/0029Va",
            ("whatsapp", "https://www.whatsapp.com/channel/0029Va"),
        ),
        (
            "https://tube.numerique.gouv.fr/a/villex",
            ("peertube", "https://tube.numerique.gouv.fr/a/villex"),
        ),
        (
            "https://social.numerique.gouv.fr/@villex",
            ("mastodon", "https://social.numerique.gouv.fr/@villex"),
        ),
        ("https://www.facebook.com/sharer/sharer.php?u=x", None),
        ("https://www.facebook.com/dialog/share?href=x", None),
        ("https://twitter.com/intent/tweet?url=x", None),
        ("https://twitter.com/share?url=x", None),
        ("https://www.linkedin.com/shareArticle?mini=true", None),
        ("https://www.instagram.com/p/Cx1234/", None),
        ("https://www.youtube.com/watch?v=abc", None),
        ("https://www.youtube.com/embed/abc", None),
        ("https://www.facebook.com/", None),
        ("https://example.org/@someone", None),
        ("https://www.facebook.com/MairieX/posts/123", None),
        ("https://www.linkedin.com/sharing/share-offsite/?url=x", None),
    ],
)
def test_profile_or_not(url: str, expected: tuple[str, str] | None) -> None:
    assert profile_of(link(url)) == expected


def test_mastodon_on_any_instance_needs_rel_me() -> None:
    assert profile_of(link("https://piaille.fr/@villex")) is None
    assert profile_of(link("https://piaille.fr/@villex", rel="me")) == (
        "mastodon",
        "https://piaille.fr/@villex",
    )


def test_a_commune_page_gives_its_profiles_and_not_its_share_buttons() -> None:
    html = (FILES / "commune-wordpress.html").read_text(encoding="utf-8")
    findings = extract_social(Page(PAGE_URL, html, {}))
    assert sorted((f.feature, f.value) for f in findings) == [
        ("social.facebook", "https://www.facebook.com/MairieSaintExemple"),
        ("social.facebook", "https://www.facebook.com/profile.php?id=100064123456789"),
        ("social.instagram", "https://www.instagram.com/saint_exemple"),
        ("social.mastodon", "https://mastodon.social/@saintexemple"),
        ("social.x", "https://x.com/StExemple"),
        ("social.youtube", "https://www.youtube.com/channel/UC1234567890abcdef"),
    ]
    assert all(f.evidence_url == PAGE_URL and f.detector == "social/1" for f in findings)
    facebook = next(f for f in findings if f.value.endswith("MairieSaintExemple"))
    assert (
        'href="https://fr-fr.facebook.com/MairieSaintExemple/?ref=page_internal"'
        in facebook.snippet
    )


def test_placeholder_follow_links_and_share_links_of_loire_atlantique_give_nothing(corpus) -> None:  # type: ignore[no-untyped-def]
    for name in ("LA__accueil.html", "LA__article.html", "LA__contact.html"):
        html = (corpus / "loire-atlantique-templates/variations/page" / name).read_text(
            encoding="utf-8"
        )
        assert extract_social(Page("https://www.loire-atlantique.fr/44/", html, {})) == []
