"""What the crawl measures of a site's server: how it answers the not-found probe (a missing
page said missing, or shown as found) and the home page's load time (its plain fetch, timed,
never a page from the HTTP cache)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from crawler.items import PageRecord
from pipelines.extractors.site_measures import (
    NOT_FOUND,
    SOFT_NOT_FOUND,
    load_time_finding,
    not_found_finding,
)

HOME = "https://www.ville.fr/"
PROBE = "https://www.ville.fr/vigie-page-inexistante-0a1b2c3d"
HTML = "text/html; charset=utf-8"
HOME_PAGE = b"<!DOCTYPE html><html><head><title>Accueil - Ville</title></head><body></body></html>"


@pytest.mark.parametrize("status", [404, 410])
def test_a_missing_page_said_missing_is_correct(status: int) -> None:
    finding = not_found_finding(PROBE, status, HTML, b"<h1>Introuvable</h1>", PROBE, HOME)
    assert finding is not None
    assert (finding.feature, finding.value) == ("quality.not_found", NOT_FOUND)
    assert (finding.evidence_url, finding.snippet) == (PROBE, f"HTTP {status}")


def test_a_missing_page_answered_200_looks_found() -> None:
    page = b"<html><head><title>Page introuvable</title></head><body>Oups</body></html>"
    finding = not_found_finding(PROBE, 200, HTML, page, PROBE, HOME)
    assert finding is not None
    assert (finding.value, finding.evidence_url) == (SOFT_NOT_FOUND, PROBE)
    assert finding.snippet == "HTTP 200 <title>Page introuvable</title>"


def test_a_missing_page_redirected_to_the_home_page_looks_found() -> None:
    finding = not_found_finding(PROBE, 200, HTML, HOME_PAGE, HOME, HOME)
    assert finding is not None
    assert finding.value == SOFT_NOT_FOUND
    assert finding.snippet == f"HTTP 200 → {HOME} (page d'accueil) <title>Accueil - Ville</title>"


def test_an_html_page_without_a_content_type_is_read_by_its_start() -> None:
    finding = not_found_finding(PROBE, 200, None, HOME_PAGE, PROBE, HOME)
    assert finding is not None
    assert finding.value == SOFT_NOT_FOUND


@pytest.mark.parametrize(
    ("status", "content_type", "body"),
    [
        (500, HTML, b"<h1>Erreur</h1>"),  # the server failed: nothing said of a missing page
        (503, HTML, b""),
        (403, HTML, b"<h1>Interdit</h1>"),
        (200, "text/plain", b"Not found"),  # a 200 that is no page
        (200, None, b"Not found"),
        (200, "image/png", b"\x89PNG"),
    ],
)
def test_any_other_answer_tells_nothing(status: int, content_type: str | None, body: bytes) -> None:
    assert not_found_finding(PROBE, status, content_type, body, PROBE, HOME) is None


def page(
    depth: int = 0,
    duration_ms: float | None = 641.5,
    status: int | None = 200,
    error: str | None = None,
    from_cache: bool = False,
    rendered: bool = False,
) -> PageRecord:
    return PageRecord(
        requested_url="http://ville.fr/" if depth == 0 else "https://www.ville.fr/contact",
        final_url=HOME if depth == 0 else "https://www.ville.fr/contact",
        http_status=status,
        content_type=HTML,
        bytes=1000,
        fetched_at=datetime(2026, 11, 1, tzinfo=UTC),
        duration_ms=duration_ms,
        content_hash="0" * 64,
        depth=depth,
        error=error,
        from_cache=from_cache,
        rendered=rendered,
    )


def test_the_load_time_is_the_home_page_s_plain_fetch_in_whole_milliseconds() -> None:
    pages = [page(), page(rendered=True, duration_ms=4000.0), page(depth=1, duration_ms=9.0)]
    finding = load_time_finding(pages)
    assert finding is not None
    assert (finding.feature, finding.value) == ("quality.load_time", "642")  # 641.5 half up
    assert finding.evidence_url == HOME  # the address the home page answered at
    assert load_time_finding([page(duration_ms=2999.4)]).value == "2999"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "home",
    [
        page(from_cache=True),  # revalidated from the HTTP cache: no download was timed
        page(status=None, error="TimeoutError: took longer than 30 seconds", duration_ms=None),
        page(status=500, error="HTTP 500", duration_ms=None),
        page(duration_ms=None),
    ],
)
def test_no_load_time_without_a_timed_download_of_the_home_page(home: PageRecord) -> None:
    assert load_time_finding([home, page(depth=1)]) is None


def test_no_load_time_without_a_home_page_record() -> None:
    assert load_time_finding([page(depth=1)]) is None
