"""The tile-grid map: one tile per département, and classes of equal size painted light to dark."""

from __future__ import annotations

from database.geography import REGION_OF_DEPARTEMENT
from reports.labels import french_count, french_number
from reports.tilemap import OUT_OF_SCOPE, TILES, UNSCORED, class_floors, shade_map


def test_every_departement_has_one_tile_and_no_two_share_a_cell() -> None:
    assert set(TILES) == set(REGION_OF_DEPARTEMENT)
    assert len(set(TILES.values())) == len(TILES) == 101


def test_neighbours_stay_neighbours() -> None:
    def distance(a: str, b: str) -> int:
        (row_a, column_a), (row_b, column_b) = TILES[a], TILES[b]
        return max(abs(row_a - row_b), abs(column_a - column_b))

    for a, b in [("75", "92"), ("75", "93"), ("75", "94"), ("29", "22"), ("13", "83"),
                 ("67", "68"), ("2A", "2B"), ("59", "62"), ("33", "24"), ("69", "42")]:  # fmt: skip
        assert distance(a, b) == 1, (a, b)
    assert TILES["59"][0] < TILES["75"][0] < TILES["13"][0]  # north to south
    assert TILES["29"][1] < TILES["75"][1] < TILES["67"][1]  # west to east


def test_classes_hold_as_many_departements_each() -> None:
    scores = [float(score) for score in range(40, 50)]
    floors = class_floors(scores)
    assert floors == [40.0, 42.0, 44.0, 46.0, 48.0]
    shading = shade_map(dict(zip(["01", "02", "03", "04", "05", "06", "07", "08", "09", "10"],
                                 scores, strict=True)), None, french_number)  # fmt: skip
    assert [shading.tiles[code] for code in ("01", "02", "03", "05", "10")] == [0, 0, 1, 2, 4]
    assert shading.tiles["75"] == UNSCORED
    assert [label for _, label in shading.legend] == [
        "40 à 42", "42 à 44", "44 à 46", "46 à 48", "48 à 49"
    ]  # fmt: skip


def test_a_scope_paints_only_its_departements_and_few_scores_few_classes() -> None:
    shading = shade_map({"44": 51.5, "49": 51.5, "75": 70.0}, {"44", "49", "85"}, french_number)
    assert shading.tiles["75"] == OUT_OF_SCOPE
    assert shading.tiles["85"] == UNSCORED
    assert shading.tiles["44"] == shading.tiles["49"]  # one class: the middle shade
    assert shading.legend == [(2, "51,5")]


def test_counts_are_grouped_by_thousands() -> None:
    assert french_count(36000) == "36\u202f000"
    assert french_count(999) == "999"
