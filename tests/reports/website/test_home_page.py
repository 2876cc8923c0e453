"""The home page's map: drawn only when it shows something, and said in words either way."""

from __future__ import annotations

from reports.thresholds import MIN_TILE
from reports.website.home_page import no_map_text


def test_a_scope_of_one_departement_has_no_map_and_no_sentence_about_it() -> None:
    assert no_map_text(1) == ""


def test_a_map_with_no_coloured_departement_is_replaced_by_why() -> None:
    said = no_map_text(101)
    assert f"au moins {MIN_TILE} collectivités notées" in said
    assert "n'est pas dessinée" in said
