"""legal.notice_url and legal.privacy_url on a commune's page; tech.dsfr on real pages.

The pages written for each rule of legal and cms are in cases/."""

from __future__ import annotations

from pipelines.extractors.cms import extract_dsfr
from pipelines.extractors.legal import extract_legal
from pipelines.extractors.page import Page
from tests.conftest import FILES

URL = "https://www.saint-exemple.fr/"


def test_commune_footer_legal_links() -> None:
    html = (FILES / "commune-wordpress.html").read_text(encoding="utf-8")
    assert {f.feature: f.value for f in extract_legal(Page(URL, html, {}))} == {
        "legal.notice_url": "https://www.saint-exemple.fr/mentions-legales/",
        "legal.privacy_url": "https://www.saint-exemple.fr/donnees-personnelles/",
    }


def test_state_design_system_on_real_pages(corpus) -> None:  # type: ignore[no-untyped-def]
    examples = list((corpus / "dsfr-1.10.2-examples/example").rglob("index.html"))[:20]
    assert examples
    assert all(extract_dsfr(Page(URL, p.read_text("utf-8"), {})) for p in examples)
    for other in (
        "loire-atlantique-templates/variations/page/LA__accueil.html",
        "w3c-bad/after/home.html",
    ):
        assert extract_dsfr(Page(URL, (corpus / other).read_text("utf-8"), {})) == []
