"""Services per resident as the deck states them: every share with its n, nothing stated under
MIN_SITES communes, a share some unread site could raise shown as a minimum."""

from __future__ import annotations

from database.layers import CommuneLayers
from database.scope import Scope
from reports.residents import (
    FLOOR,
    OTHERS,
    UNDETERMINED,
    by_stratum,
    by_territory,
    elsewhere_only,
    group_row,
    unread_sentence,
)
from reports.thresholds import INSUFFICIENT, MIN_SITES
from scoring.layers import (
    FAMILIES,
    NOT_A_TARGET,
    NOT_OFFERED,
    OFFERED,
    UNKNOWN,
    FamilyReach,
    Provider,
    ResidentServices,
    Unread,
)


def commune(
    code: str,
    stratum: str = "0-499",
    region: str = "24",
    offered: tuple[str, ...] = ("payment",),
    by: str = "epci",
    read_all: bool = False,
) -> ResidentServices:
    layers = CommuneLayers(code, f"Commune {code}", stratum, "244500468", code[:2], region)
    families = tuple(
        FamilyReach(f, OFFERED, (Provider(by, "x", "X", "https://x.fr/p"),))
        if f in offered
        else FamilyReach(f, NOT_OFFERED if read_all else UNKNOWN)
        for f in FAMILIES
    )
    unread = () if read_all else (Unread("departement", code[:2], NOT_A_TARGET),)
    return ResidentServices(layers, families, unread, "CC des Loges")


def test_a_group_under_the_threshold_states_no_share() -> None:
    row = group_row("≥ 100 000", [commune(f"4500{i}") for i in range(MIN_SITES - 1)])
    cells = row.cells()
    assert cells[1] == str(MIN_SITES - 1)
    assert cells[2:-1] == ["–"] * len(FAMILIES)
    assert cells[-1] == INSUFFICIENT


def test_a_share_resting_on_unread_sites_is_a_minimum_and_a_known_one_is_not() -> None:
    residents = [commune(f"4500{i}") for i in range(MIN_SITES - 1)]
    unread = group_row("g", [*residents, commune("45009", offered=())])
    assert unread.families["payment"].text() == f"{FLOOR}80\u202f%"  # 4 of 5, the 5th unread
    assert group_row("g", residents + residents[:1]).families["payment"].text() == "100\u202f%"
    assert unread.families["appointment"].text() == UNDETERMINED  # none known, the rest unread
    read = group_row("g", [commune(f"4500{i}", read_all=True) for i in range(MIN_SITES)])
    assert read.families["payment"].text() == "100\u202f%"
    assert read.families["appointment"].text() == "0\u202f%"  # all four sites read: a fact
    assert read.mean.percent == 100 / len(FAMILIES)


def test_strata_are_merged_where_thin_and_territories_below_the_threshold_grouped() -> None:
    residents = [commune(f"450{i:02d}", region="24") for i in range(MIN_SITES)]
    residents += [commune(f"451{i:02d}", stratum="500-1999", region="24") for i in range(MIN_SITES)]
    residents += [commune("75001", stratum="100000+", region="11")]
    strata = by_stratum(residents)
    # The large commune alone would be too few: merged with the stratum below it.
    assert [(row.label, row.n) for row in strata] == [
        ("< 500 hab.", MIN_SITES),
        ("≥ 500", MIN_SITES + 1),
        ("Ensemble", 2 * MIN_SITES + 1),
    ]
    assert [row.label for row in by_stratum(residents[:2])] == ["Ensemble"]
    territories = by_territory(residents, Scope("national"))
    assert [(row.label, row.n) for row in territories] == [
        ("Centre-Val de Loire", 2 * MIN_SITES),
        (OTHERS, 1),
        ("Ensemble", 2 * MIN_SITES + 1),
    ]


def test_the_notes_say_what_only_another_site_offers_and_which_sites_were_not_read() -> None:
    residents = [commune("45001"), commune("45002", by="commune")]
    assert elsewhere_only(residents)["payment"] == 1
    assert unread_sentence(residents) == (
        "Sites non lus : département pour 2 communes (site du département non retenu dans l'étude)."
    )
    assert unread_sentence([commune("45001", read_all=True)]) is None
