"""URL normalisation of targets and the registered-domain rule."""

from __future__ import annotations

import pytest

from crawler.urls import InvalidUrl, by_host_suffix, normalize_url, registered_domain


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("www.sandillon.fr", "http://www.sandillon.fr/"),
        ("  HTTPS://WWW.Murol.FR/Accueil  ", "https://www.murol.fr/Accueil"),
        ("http://www.château-thierry.fr/", "http://www.xn--chteau-thierry-chb.fr/"),
        ("https://x.fr/page?utm_source=a&id=3&fbclid=zz#haut", "https://x.fr/page?id=3"),
        ("https://x.fr:443/", "https://x.fr/"),
        ("http://farm.test:8123/", "http://farm.test:8123/"),
        ("//mairie-murol.fr", "http://mairie-murol.fr/"),
    ],
)
def test_normalised_urls(raw: str, expected: str) -> None:
    assert normalize_url(raw) == expected


@pytest.mark.parametrize(
    "raw", ["", "ftp://x.fr", "http://localhost", "mailto:maire@x.fr", "http://a b.fr"]
)
def test_what_cannot_be_a_website_is_refused(raw: str) -> None:
    with pytest.raises(InvalidUrl):
        normalize_url(raw)


@pytest.mark.parametrize(
    ("host", "domain"),
    [
        ("www.mairie.saint-denis.re", "saint-denis.re"),
        ("ville-x.fr", "ville-x.fr"),
        ("lorr.e-monsite.com", "lorr.e-monsite.com"),
        ("www.nantes.gouv.fr", "nantes.gouv.fr"),
    ],
)
def test_registered_domain_uses_the_public_suffix_list(host: str, domain: str) -> None:
    assert registered_domain(host) == domain


def test_lookup_by_host_or_its_parent_domains() -> None:
    table = {"facebook.com": "facebook", "gouv.fr": "state", "ants.gouv.fr": "ants"}
    assert by_host_suffix("fr-fr.facebook.com", table) == "facebook"
    assert by_host_suffix("rendezvouspasseport.ants.gouv.fr", table) == "ants"  # nearest wins
    assert by_host_suffix("WWW.Facebook.COM", table) == "facebook"
    assert by_host_suffix("notfacebook.com", table) is None
    assert by_host_suffix("com", table) is None
