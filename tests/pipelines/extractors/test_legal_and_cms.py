"""legal.notice_url and legal.privacy_url on a commune's page; tech.dsfr on real pages.

The pages written for each rule of legal and cms are in cases/."""

from __future__ import annotations

import pytest

from pipelines.extractors.cms import extract_cms, extract_dsfr
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


@pytest.mark.parametrize(
    ("href", "kept"),
    [
        ("/contact", False),  # a notice link whose target is the contact form
        ("/fr/contactez-nous.html", False),
        ("/plan-du-site", False),
        ("/recherche", False),
        ("/accueil", False),
        ("javascript:void(0)", False),
        ("/vie-municipale", False),  # the page itself
        ("/contact-et-mentions-legales", True),  # an address that names the notice counts
        ("/infos-editeur", True),  # an address that says nothing: the text is taken
    ],
)
def test_a_notice_link_whose_target_is_another_page_is_not_taken(href: str, kept: bool) -> None:
    url = "https://www.saint-exemple.fr/vie-municipale"
    html = f'<html><body><a href="{href}">Mentions légales</a></body></html>'
    found = extract_legal(Page(url, html, {}))
    assert [f.value for f in found] == (["https://www.saint-exemple.fr" + href] if kept else [])


@pytest.mark.parametrize(
    ("head", "features"),
    [
        ("<title>Mentions légales - Saint-Exemple</title>", {"legal.notice_url"}),
        (
            "<title>Saint-Exemple</title><h1>Politique de confidentialité</h1>",
            {"legal.privacy_url"},
        ),
        (
            "<title>Mentions légales et données personnelles | Saint-Exemple</title>",
            {"legal.notice_url", "legal.privacy_url"},
        ),
        ("<title>Contact - Saint-Exemple</title><h2>Mentions légales</h2>", set()),
    ],
)
def test_a_page_whose_title_or_heading_names_it_is_that_page(head: str, features: set[str]) -> None:
    url = "https://www.saint-exemple.fr/page/3"
    found = extract_legal(Page(url, f"<html><head>{head}</head><body></body></html>", {}))
    assert {f.feature for f in found} == features
    assert all((f.value, f.evidence_url) == (url, url) for f in found)


def test_state_design_system_on_real_pages(corpus) -> None:  # type: ignore[no-untyped-def]
    examples = list((corpus / "dsfr-1.10.2-examples/example").rglob("index.html"))[:20]
    assert examples
    assert all(extract_dsfr(Page(URL, p.read_text("utf-8"), {})) for p in examples)
    for other in (
        "loire-atlantique-templates/variations/page/LA__accueil.html",
        "w3c-bad/after/home.html",
    ):
        assert extract_dsfr(Page(URL, (corpus / other).read_text("utf-8"), {})) == []


# tech.cms: the forms in which an asset's address is written (each rule's realistic pages are
# in cases/cms/). The address decides: the page's own site, or a host of that system.
CMS_URL_FORMS = [
    # JSON inside an attribute, its quotes as entities and its slashes escaped
    (
        '<div data-logo="{&quot;src&quot;:&quot;https:\\/\\/www.autre-exemple.fr\\/wp-content\\/uploads\\/logo.png&quot;}"></div>',
        [],
    ),
    (
        '<div data-logo="{&quot;src&quot;:&quot;https:\\/\\/www.saint-exemple.fr\\/wp-content\\/uploads\\/logo.png&quot;}"></div>',
        ["wordpress"],
    ),
    # an image proxy fetching another site's file: the last host in the address is the origin
    (
        '<img src="https://res.cloudinary.com/demo/image/fetch/w_300,h_200/https://www.autre-exemple.fr/wp-content/uploads/logo.png">',
        [],
    ),
    ('<link rel="stylesheet" href="//www.autre-exemple.fr/wp-content/themes/x/style.css">', []),
    (
        '<link rel="stylesheet" href="https://static.saint-exemple.fr/wp-content/themes/x/style.css">',
        ["wordpress"],
    ),
    ('<div style="background: url(/wp-content/uploads/bandeau.jpg)"></div>', ["wordpress"]),
    (
        '<img srcset="/images/a.jpg 1x, /wp-content/uploads/a-2x.jpg 2x" src="/images/a.jpg" alt="">',
        ["wordpress"],
    ),
    # a comment names a path and loads nothing; an IE conditional comment loads its script
    ("<!-- theme files under /wp-content/themes/ -->", []),
    (
        '<!--[if lt IE 9]><script src="/wp-content/themes/x/js/html5.js"></script><![endif]-->',
        ["wordpress"],
    ),
    ('<a href="https://www.autre-exemple.fr/spip.php?article12">Un article</a>', []),
    ('<a href="spip.php?article12">Un article</a>', ["spip"]),
    # a builder's host counts for its scripts and stylesheets, not for its pictures
    ('<img src="https://static.parastorage.com/services/x/logo.png" alt="">', []),
    ('<script src="https://static.parastorage.com/services/x/main.js"></script>', ["wix"]),
    # credits: words in the link outside the main content, or the footer, on the builder's site
    (
        '<div class="bandeau"><a href="https://www.jimdo.com/">Propulsé par Jimdo</a></div>',
        ["jimdo"],
    ),
    ('<main><p><a href="https://www.jimdo.com/">Propulsé par Jimdo</a></p></main>', []),
    (
        '<div id="pied-de-page"><a href="https://www.campagnol.fr/"><img src="/logo-campagnol.png" alt="Campagnol"></a></div>',
        ["campagnol"],
    ),
    ('<footer>Site du club : <a href="https://club-exemple.e-monsite.com/">club</a></footer>', []),
]


@pytest.mark.parametrize(("markup", "expected"), CMS_URL_FORMS)
def test_cms_reads_where_an_asset_is_served_from(markup: str, expected: list[str]) -> None:
    html = f'<!DOCTYPE html><html lang="fr"><head><title>Mairie</title></head><body>{markup}</body></html>'
    assert [f.value for f in extract_cms(Page(URL, html, {}))] == expected
