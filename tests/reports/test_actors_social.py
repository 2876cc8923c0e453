"""Whose social account it is, for the actors' graph's social channel: the declarer, else the
one site that shows it, else the site whose name the account's address carries."""

from __future__ import annotations

from reports.actors_social import account_owners, folded

NANTES = ("commune", "44109", "Nantes")
REZE = ("commune", "44143", "Rezé")
METROPOLE = ("epci", "244400404", "Nantes Métropole")
AUB = ("commune", "70001", "Aub")
AUB_SUR_LOIRE = ("commune", "56001", "Aub-sur-Loire")

NANTES_FB = "https://www.facebook.com/villedenantes"
METROPOLE_X = "https://x.com/nantesmetropole"


def test_an_account_one_site_shows_is_that_sites() -> None:
    assert account_owners({NANTES_FB: {NANTES}}, {}) == {NANTES_FB: NANTES}


def test_of_several_sites_the_one_whose_name_the_address_carries_owns_it() -> None:
    assert account_owners({NANTES_FB: {NANTES, REZE}}, {}) == {NANTES_FB: NANTES}
    # The longest name carried wins: "Aub-sur-Loire" before "Aub", "Nantes Métropole"
    # before "Nantes".
    aub = "https://www.facebook.com/villeaubsurloire"
    assert account_owners({aub: {AUB, AUB_SUR_LOIRE}}, {}) == {aub: AUB_SUR_LOIRE}
    assert account_owners({METROPOLE_X: {NANTES, METROPOLE}}, {}) == {METROPOLE_X: METROPOLE}


def test_no_name_carried_leaves_the_owner_unknown() -> None:
    page = "https://www.facebook.com/lesamisdelaloire"
    assert account_owners({page: {NANTES, REZE}}, {}) == {}


def test_a_declaration_names_the_owner_whoever_shows_it() -> None:
    assert account_owners({METROPOLE_X: {NANTES, REZE}}, {METROPOLE_X: {METROPOLE}}) == {
        METROPOLE_X: METROPOLE
    }
    # Declared by its owner and shown by no site: still its owner's.
    assert account_owners({}, {METROPOLE_X: {METROPOLE}}) == {METROPOLE_X: METROPOLE}
    # Two authorities declaring one account: whose it is stays unknown.
    assert account_owners({NANTES_FB: {NANTES}}, {NANTES_FB: {NANTES, METROPOLE}}) == {}


def test_names_and_handles_fold_alike() -> None:
    assert folded("Le Vern-le-Château") == folded("VilleLeVernLeChateau")[5:] == "levernlechateau"
