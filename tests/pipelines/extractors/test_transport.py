"""security.https, security.hsts and security.header from a page's URL and response headers."""

from __future__ import annotations

from pipelines.extractors.page import Page
from pipelines.extractors.transport import extract_transport


def found(url: str, headers: dict[str, str]) -> set[tuple[str, str]]:
    return {(f.feature, f.value) for f in extract_transport(Page(url, "<html></html>", headers))}


def test_plain_http_shows_nothing() -> None:
    assert found("http://x.fr/", {"strict-transport-security": "max-age=1"}) == set()


def test_https_with_protective_headers() -> None:
    headers = {
        "strict-transport-security": "max-age=31536000",
        "x-content-type-options": "nosniff",
        "referrer-policy": "no-referrer",
        "server": "nginx",
    }
    assert found("https://x.fr/", headers) == {
        ("security.https", "true"),
        ("security.hsts", "true"),
        ("security.header", "x-content-type-options"),
        ("security.header", "referrer-policy"),
    }


def test_https_without_headers() -> None:
    assert found("https://x.fr/", {}) == {("security.https", "true")}
