"""legal.notice_url, legal.privacy_url and tech.cms on pages written for each rule."""

from __future__ import annotations

import pytest

from pipelines.extractors.cms import extract_cms, extract_dsfr
from pipelines.extractors.legal import extract_legal
from pipelines.extractors.page import Page
from tests.conftest import FILES

URL = "https://www.saint-exemple.fr/"


def legal(body: str) -> dict[str, str]:
    page = Page(URL, f"<html><body>{body}</body></html>", {})
    return {finding.feature: finding.value for finding in extract_legal(page)}


def test_commune_footer_legal_links() -> None:
    html = (FILES / "commune-wordpress.html").read_text(encoding="utf-8")
    assert {f.feature: f.value for f in extract_legal(Page(URL, html, {}))} == {
        "legal.notice_url": "https://www.saint-exemple.fr/mentions-legales/",
        "legal.privacy_url": "https://www.saint-exemple.fr/donnees-personnelles/",
    }


def test_link_text_wins_over_address() -> None:
    body = '<a href="/mentions.html">Plan</a><a href="/infos">Mentions légales</a>'
    assert legal(body) == {"legal.notice_url": "https://www.saint-exemple.fr/infos"}


def test_address_alone_is_enough() -> None:
    assert legal('<a href="/politique-de-confidentialite"><img alt=""></a>') == {
        "legal.privacy_url": "https://www.saint-exemple.fr/politique-de-confidentialite"
    }


@pytest.mark.parametrize(
    "body",
    [
        '<a href="#">Mentions légales</a>',
        '<a href="javascript:;">Mentions légales</a>',
        '<a href="https://www.cnil.fr/fr/mentions-legales">Mentions légales de la CNIL</a>',
    ],
)
def test_placeholders_and_other_sites_are_not_legal_pages(body: str) -> None:
    assert legal(body) == {}


@pytest.mark.parametrize(
    ("head", "cms"),
    [
        ('<meta name="generator" content="WordPress 6.4.2">', "wordpress"),
        ('<meta name="Generator" content="SPIP 4.2.8 GPL">', "spip"),
        ('<meta name="Generator" content="Drupal 10 (https://www.drupal.org)">', "drupal"),
        ('<meta name="generator" content="Joomla! - Open Source Content Management">', "joomla"),
        ('<link rel="stylesheet" href="/wp-content/themes/x/style.css">', "wordpress"),
        ('<script src="/squelettes-dist/javascript/x.js"></script>', "spip"),
        ('<link href="/sites/default/files/css/x.css" rel="stylesheet">', "drupal"),
        ('<script src="/media/jui/js/jquery.min.js"></script>', "joomla"),
    ],
)
def test_cms_by_generator_or_assets(head: str, cms: str) -> None:
    [finding] = extract_cms(Page(URL, f"<html><head>{head}</head><body></body></html>", {}))
    assert (finding.feature, finding.value) == ("tech.cms", cms)


def test_campagnol_by_its_credit_link() -> None:
    html = '<footer>Site réalisé avec <a href="https://www.campagnol.fr/">Campagnol</a></footer>'
    [finding] = extract_cms(Page(URL, html, {}))
    assert (finding.value, finding.snippet) == (
        "campagnol",
        '<a href="https://www.campagnol.fr/">Campagnol</a>',
    )


def test_no_cms_guessed_from_generic_paths() -> None:
    html = '<html><head><link href="/templates/site/css/x.css"><link href="/css/site.css"></head></html>'
    assert extract_cms(Page(URL, html, {})) == []


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ('<link rel="stylesheet" href="/static/dsfr/dsfr.min.css">', True),
        ('<html data-fr-scheme="system"><body></body></html>', True),
        (
            '<div class="fr-container"><header class="fr-header"></header><a class="fr-btn">x</a></div>',
            True,
        ),
        (
            '<div class="fr-container"><footer class="fr-footer"></footer></div>',
            False,
        ),  # two are not enough
        ('<div class="front-page"><a class="free">x</a></div>', False),
    ],
)
def test_state_design_system(html: str, expected: bool) -> None:
    assert bool(extract_dsfr(Page(URL, html, {}))) is expected


def test_state_design_system_on_real_pages(corpus) -> None:  # type: ignore[no-untyped-def]
    examples = list((corpus / "dsfr-1.10.2-examples/example").rglob("index.html"))[:20]
    assert examples
    assert all(extract_dsfr(Page(URL, p.read_text("utf-8"), {})) for p in examples)
    for other in (
        "loire-atlantique-templates/variations/page/LA__accueil.html",
        "w3c-bad/after/home.html",
    ):
        assert extract_dsfr(Page(URL, (corpus / other).read_text("utf-8"), {})) == []
