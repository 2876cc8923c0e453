"""The extractors' one entry point: what a fetched response is, what it shows, and what
navigation needs from it."""

from __future__ import annotations

import pytest

from crawler.items import Finding
from pipelines.extractors import reading
from pipelines.extractors.reading import Fetched, PageKind, read_response

HOME = "https://www.mairie-exemple.fr/"
PAGE = (
    b"<html><body><h1>Mairie</h1><p>" + b"Bienvenue sur le site de la commune. " * 10 + b"</p>"
    b'<a href="/mentions-legales">Mentions l\xc3\xa9gales</a>'
    b'<a href="https://www.facebook.com/mairie.exemple">Facebook</a></body></html>'
)
SITEMAP = (
    b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
    b"<url><loc>https://www.mairie-exemple.fr/contact</loc><lastmod>2026-03-01</lastmod></url>"
    b"</urlset>"
)
SHELL = b'<html><body><div id="app"></div><script src="/app.js"></script></body></html>'
PARKED = b'<html><body><p>Ce domaine est \xc3\xa0 vendre.</p><script src="https://sedo.com/x.js"></script></body></html>'


def fetched(body: bytes, content_type: str | None = "text/html; charset=utf-8") -> Fetched:
    return Fetched(HOME, body, content_type, {"content-type": content_type or ""})


def test_an_html_page_gives_its_findings_and_its_links() -> None:
    result = read_response(fetched(PAGE), home=True)
    assert result.kind is PageKind.HTML
    assert "social.facebook" in {finding.feature for finding in result.findings}
    assert [link.url for link in result.links] == [
        "https://www.mairie-exemple.fr/mentions-legales",
        "https://www.facebook.com/mairie.exemple",
    ]
    assert result.error is None


def test_a_sitemap_gives_its_pages_and_its_date() -> None:
    result = read_response(fetched(SITEMAP, "application/xml"), home=False, sitemap=True)
    assert result.kind is PageKind.SITEMAP
    assert result.sitemap_pages == ["https://www.mairie-exemple.fr/contact"]
    assert [(f.feature, f.value) for f in result.findings] == [
        ("freshness.sitemap_lastmod", "2026-03-01")
    ]


def test_a_home_page_that_is_not_html_is_not_a_page_even_listed_as_a_sitemap() -> None:
    for sitemap in (False, True):
        result = read_response(fetched(SITEMAP, "application/xml"), home=True, sitemap=sitemap)
        assert result.kind is PageKind.NOT_A_PAGE


def test_a_pdf_is_read_below_the_home_page_only() -> None:
    pdf = fetched(b"%PDF-1.4 not really", "application/pdf")
    assert read_response(pdf, home=False).kind is PageKind.PDF
    assert read_response(pdf, home=True).kind is PageKind.NOT_A_PAGE
    assert read_response(fetched(b"\x89PNG", "image/png"), home=False).kind is PageKind.NOT_A_PAGE


def test_a_parked_home_page_gives_its_evidence_and_nothing_else() -> None:
    result = read_response(fetched(PARKED), home=True)
    assert (result.kind, result.findings, result.links) == (PageKind.PARKED, [], [])
    assert (result.evidence or "").startswith("Sedo")
    assert read_response(fetched(PARKED), home=False).kind is PageKind.HTML  # home only


def test_a_javascript_shell_is_reported_only_when_it_may_be_rendered() -> None:
    shell = read_response(fetched(SHELL), home=True, may_render=True)
    assert (shell.kind, shell.findings) == (PageKind.JAVASCRIPT_SHELL, [])
    assert read_response(fetched(SHELL), home=True).kind is PageKind.HTML


def test_an_absent_content_type_is_read_as_html() -> None:
    assert read_response(fetched(PAGE, None), home=True).kind is PageKind.HTML


def test_what_axe_core_answered_joins_the_findings() -> None:
    report = [{"id": "image-alt", "html": "<img src=a.png>"}]
    page = Fetched(HOME, PAGE, "text/html", {}, axe_report=report)
    features = [finding.feature for finding in read_response(page, home=True).findings]
    assert features[-1] == "a11y.axe_violation"


def test_a_page_that_breaks_an_extractor_gives_an_error_not_an_exception(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def explode(page: object) -> list[Finding]:
        raise RecursionError("hostile markup")

    monkeypatch.setattr(reading, "extract_page", explode)
    result = read_response(fetched(PAGE), home=False)
    assert (result.kind, result.findings) == (PageKind.HTML, [])
    assert result.error == "extraction failed: RecursionError: hostile markup"
    assert isinstance(result.failure, RecursionError)
