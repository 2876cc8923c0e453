"""The peers' sentence of a national deck: the strata's ends with their n, ties said once,
and the strata too thin to compare counted, never silently dropped."""

from __future__ import annotations

from reports.french import french_percent
from reports.strata_range import StratumValue, strata_range
from reports.thresholds import INSUFFICIENT, MIN_SITES

SMALL = StratumValue(42.0, "Communes de moins de 500 habitants", 12)
DEPARTEMENTS = StratumValue(61.0, "Départements", 7)


def test_the_ends_carry_their_n() -> None:
    assert strata_range([DEPARTEMENTS, SMALL], french_percent) == (
        "Selon la strate : de 42\u202f% (Communes de moins de 500 habitants, 12 sites)"
        " à 61\u202f% (Départements, 7 sites)."
    )


def test_strata_too_thin_are_counted_in_agreement() -> None:
    one = strata_range([SMALL, DEPARTEMENTS], french_percent, left_out=1)
    assert one.endswith(f" 1 strate de moins de {MIN_SITES} sites non comparée.")
    two = strata_range([SMALL, DEPARTEMENTS], french_percent, left_out=2)
    assert two.endswith(f" 2 strates de moins de {MIN_SITES} sites non comparées.")


def test_a_tie_as_printed_is_one_value_not_a_range() -> None:
    tied = [StratumValue(83.2, "Régions", 6), StratumValue(82.9, "Départements", 9)]
    said = strata_range(tied, french_percent, noun=("collectivité", "collectivités"))
    assert said == (
        "Selon la strate : 83\u202f% dans chacune des 2 strates comparées (15 collectivités)."
    )
    assert " à " not in said


def test_fewer_than_two_strata_is_not_a_comparison() -> None:
    said = strata_range([SMALL], french_percent, left_out=3)
    assert said.startswith(f"Selon la strate : {INSUFFICIENT} (moins de deux strates")
    assert said.endswith("3 strates de moins de 5 sites non comparées.")
