"""The home page's map: drawn only when it shows something, and said in words either way."""

from __future__ import annotations

from reports.thresholds import MIN_TILE
from reports.website.content import Figure, TerritoryPage
from reports.website.home_page import no_map_text, territory_links


def test_a_scope_of_one_departement_has_no_map_and_no_sentence_about_it() -> None:
    assert no_map_text(1) == ""


def test_a_map_with_no_coloured_departement_is_replaced_by_why() -> None:
    said = no_map_text(101)
    assert f"au moins {MIN_TILE} collectivités notées" in said
    assert "n'est pas dessinée" in said


def test_regions_are_listed_by_name_before_the_departements_by_code() -> None:
    def page(kind: str, code: str, name: str) -> TerritoryPage:
        path = f"{'region' if kind == 'Région' else 'departement'}/{code}.html"
        return TerritoryPage(path, kind, code, name, None, [], [], Figure("—", False), [])

    links = territory_links(
        [
            page("Région", "06", "Mayotte"),
            page("Région", "84", "Auvergne-Rhône-Alpes"),
            page("Région", "11", "Île-de-France"),
            page("Département", "15", "Cantal"),
            page("Département", "04", "Alpes-de-Haute-Provence"),
        ]
    )
    assert [link.text for link in links] == [
        "Auvergne-Rhône-Alpes",
        "Île-de-France",
        "Mayotte",
        "Alpes-de-Haute-Provence (04)",
        "Cantal (15)",
    ]
