"""Where a listed address leads: the authority's new domain, someone else's, or a parked one."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from farm.assets import parking_page
from farm.catalogue import Farm
from pipelines.extractors.documents import page_from_bytes
from pipelines.extractors.page import Page
from pipelines.extractors.parking import parking_evidence
from spiders.moves import is_own_domain


@pytest.mark.parametrize(
    ("name", "domain"),
    [
        ("Saint-Martin-du-Lac", "ville-saintmartindulac.fr"),
        ("Saint-Martin-du-Lac", "mairie-saint-martin-du-lac.fr"),
        ("Communauté de communes du Pays de Craon", "cc-pays-de-craon.fr"),
        ("Brie-du-Lac", "brie-du-lac.e-monsite.com"),
    ],
)
def test_a_domain_naming_every_distinctive_word_is_the_authoritys(name: str, domain: str) -> None:
    assert is_own_domain(name, domain)


@pytest.mark.parametrize(
    ("name", "domain"),
    [
        ("Saint-Martin-du-Lac", "communes-de-france.fr"),
        ("Saint-Martin-du-Lac", "cc-du-lac.fr"),  # the intercommunality, not the commune
        ("Communauté de communes", "communaute-de-communes.fr"),  # generic words own nothing
    ],
)
def test_any_other_domain_is_another_organisations(name: str, domain: str) -> None:
    assert not is_own_domain(name, domain)


def test_both_families_of_parking_pages_are_recognised() -> None:
    site = next(site for site in Farm(60, 949).sites() if site.host)
    evidences = []
    for index in (0, 1):  # the family is chosen by the index's parity
        html = parking_page(replace(site, index=index)).encode()
        evidences.append(parking_evidence(page_from_bytes(f"http://{site.host}/", html)))
    assert evidences[0] == "Votre nom de domaine a bien été créé"
    assert evidences[1] is not None
    assert evidences[1].startswith("Sedo: https://img.sedoparking.com/")


def test_a_commune_page_that_sells_a_domain_of_land_is_not_parked() -> None:
    page = Page(
        "https://ville-x.fr/",
        "<html><body><h1>Ville X</h1><p>Le domaine de la Pinède est à vendre : "
        "le conseil municipal en a décidé ainsi.</p></body></html>",
        {},
    )
    assert parking_evidence(page) is None


def test_no_page_of_the_corpus_is_taken_for_a_parked_domain(corpus: Path) -> None:
    pages = sorted(corpus.rglob("*.htm*"))
    assert pages
    for path in pages:
        page = page_from_bytes(f"https://example.fr/{path.name}", path.read_bytes(), "text/html")
        assert parking_evidence(page) is None, path
