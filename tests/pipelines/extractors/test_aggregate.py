"""The site rule for links to the statement, the notice and the privacy policy: a link counts
when its target is that page, checked when the crawl read the target (docs/features.md).

Pages are given as the spider gives them: (depth, final URL, findings), and where each
requested address led."""

from __future__ import annotations

from crawler.items import Finding
from pipelines.extractors.aggregate import aggregate_site
from pipelines.extractors.documents import page_from_bytes
from pipelines.extractors.legal import extract_legal

HOME = "https://www.saint-exemple.fr/"
INFOS = "https://www.saint-exemple.fr/infos"
NOTICE = "https://www.saint-exemple.fr/mentions-legales"
Pages = list[tuple[int, str, list[Finding]]]


def link(feature: str, target: str, on: str) -> Finding:
    """A page's claim, from a link on it, that `target` is the statement (notice, policy)."""
    return Finding(feature, target, on, f'<a href="{target}">…</a>', "test/1")


def named(feature: str, page: str, title: str) -> Finding:
    """A page's own finding that it is the statement (notice, policy), from its title."""
    return Finding(feature, page, page, title, "test/1")


def site(pages: Pages, redirects: dict[str, str] | None = None) -> dict[str, tuple[str, str]]:
    found = aggregate_site(pages, redirects)
    assert found == aggregate_site(list(reversed(pages)), redirects)  # order of arrival
    return {f.feature: (f.value, f.evidence_url) for f in found if f.feature in FEATURES}


FEATURES = {"legal.notice_url", "legal.privacy_url", "a11y.statement_url"}


def read(url: str, html: str) -> tuple[str, list[Finding]]:
    """A page of the site read by the legal extractor, as the crawl reads it."""
    page = page_from_bytes(url, html.encode(), "text/html", {})
    return url, extract_legal(page)


CONTACT_PAGE = (
    "<!DOCTYPE html><html lang='fr'><head><title>Contact - Mairie de Saint-Exemple</title>"
    "</head><body><h1>Nous contacter</h1><form method='post'><textarea name='message'>"
    "</textarea></form><footer><a href='/infos'>Mentions légales</a></footer></body></html>"
)
NOTICE_PAGE = (
    "<!DOCTYPE html><html lang='fr'><head><title>Mairie de Saint-Exemple</title></head><body>"
    "<h1>Mentions légales</h1><p>Directeur de la publication : le maire.</p>"
    "<footer><a href='/infos'>Mentions légales</a></footer></body></html>"
)


def test_a_notice_link_whose_crawled_target_is_the_contact_page_is_dropped() -> None:
    infos, contact_claims = read(INFOS, CONTACT_PAGE)
    assert contact_claims == []  # the contact page links to itself: no claim of its own
    pages = [(0, HOME, [link("legal.notice_url", INFOS, HOME)]), (1, infos, contact_claims)]
    assert site(pages) == {}


def test_another_page_s_candidate_takes_the_place_of_a_dropped_one() -> None:
    services = "https://www.saint-exemple.fr/services"
    pages = [
        (0, HOME, [link("legal.notice_url", INFOS, HOME)]),
        (1, INFOS, []),  # read, and not the notice
        (1, services, [link("legal.notice_url", NOTICE, services)]),  # not read: its word
    ]
    assert site(pages) == {"legal.notice_url": (NOTICE, services)}


def test_a_crawled_target_that_names_itself_the_notice_keeps_the_link() -> None:
    infos, own = read(INFOS, NOTICE_PAGE)
    # Its title is the site's name; its heading says what it is.
    assert [(f.feature, f.value, f.snippet) for f in own] == [
        ("legal.notice_url", INFOS, "Mentions légales")
    ]
    pages = [(0, HOME, [link("legal.notice_url", INFOS, HOME)]), (1, infos, own)]
    assert site(pages) == {"legal.notice_url": (INFOS, HOME)}  # the home page's evidence


def test_a_target_the_crawl_did_not_read_keeps_the_link_s_claim() -> None:
    # Beyond the page budget, or its download failed: what the linking page says stands.
    pages = [(0, HOME, [link("legal.notice_url", INFOS, HOME)])]
    assert site(pages) == {"legal.notice_url": (INFOS, HOME)}


def test_a_crawled_target_whose_address_names_the_page_counts() -> None:
    statement = "https://www.saint-exemple.fr/accessibilite"
    pages = [
        (
            0,
            HOME,
            [link("a11y.statement_url", statement, HOME), link("legal.notice_url", NOTICE, HOME)],
        ),
        (1, statement, []),
        (1, NOTICE, []),
    ]
    assert site(pages) == {
        "a11y.statement_url": (statement, HOME),
        "legal.notice_url": (NOTICE, HOME),
    }


def test_a_target_reached_through_a_redirect_is_judged_by_the_page_it_led_to() -> None:
    final = "https://www.saint-exemple.fr/contact/"
    pages = [(0, HOME, [link("legal.notice_url", "http://www.saint-exemple.fr/infos", HOME)])]
    pages.append((1, final, []))
    assert site(pages, {"http://www.saint-exemple.fr/infos": final}) == {}
    pages[1] = (1, INFOS + "/", [named("legal.notice_url", INFOS + "/", "Mentions légales")])
    assert site(pages, {"http://www.saint-exemple.fr/infos": INFOS + "/"}) == {
        "legal.notice_url": ("http://www.saint-exemple.fr/infos", HOME)
    }


def test_an_address_written_unencoded_matches_the_page_the_crawl_requested_encoded() -> None:
    written = "https://www.saint-exemple.fr/accessibilité-numérique"
    requested = "https://www.saint-exemple.fr/accessibilit%C3%A9-num%C3%A9rique"
    contact = "https://www.saint-exemple.fr/page/12"
    pages = [(0, HOME, [link("a11y.statement_url", written, HOME)]), (1, requested, [])]
    assert site(pages) == {"a11y.statement_url": (written, HOME)}  # its address names it
    pages = [(0, HOME, [link("a11y.statement_url", written, HOME)]), (1, contact, [])]
    assert site(pages, {requested: contact}) == {}


def test_the_notice_page_holds_the_privacy_policy_and_the_statement() -> None:
    # "Données personnelles" and "Accessibilité" leading to sections of the legal notice.
    pages = [
        (
            0,
            HOME,
            [link("legal.privacy_url", INFOS, HOME), link("a11y.statement_url", INFOS, HOME)],
        ),
        (1, INFOS, [named("legal.notice_url", INFOS, "Mentions légales")]),
    ]
    assert site(pages) == {
        "legal.privacy_url": (INFOS, HOME),
        "a11y.statement_url": (INFOS, HOME),
        "legal.notice_url": (INFOS, INFOS),
    }


def test_a_page_that_names_itself_stands_when_the_home_page_s_link_is_dropped() -> None:
    contact = "https://www.saint-exemple.fr/contact"
    statement = "https://www.saint-exemple.fr/page/7"
    pages = [
        (0, HOME, [link("a11y.statement_url", contact, HOME)]),
        (1, contact, []),
        (2, statement, [named("a11y.statement_url", statement, "Déclaration d'accessibilité")]),
    ]
    assert site(pages) == {"a11y.statement_url": (statement, statement)}


def test_other_single_valued_features_are_not_checked_against_pages() -> None:
    mention = Finding("a11y.mention", "non", HOME, "Accessibilité : non conforme", "a11y/1")
    pages = [(0, HOME, [mention]), (1, INFOS, [])]
    assert [(f.feature, f.value) for f in aggregate_site(pages)] == [("a11y.mention", "non")]
