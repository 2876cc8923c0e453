"""French as the report writes it, and the rule that keeps thin figures from reading as fact."""

from datetime import date

import pytest

from reports.french import (
    NARROW_NBSP,
    counted,
    french_count,
    french_fixed,
    french_number,
    french_percent,
    long_date,
    plural,
    short_date,
)
from reports.thresholds import INSUFFICIENT, MIN_SITES, Rate, n_label


@pytest.mark.parametrize(
    ("value", "digits", "text"),
    [
        (80.5, 1, "80,5"),
        (80.0, 1, "80"),
        (0.25, 2, "0,25"),  # a weight of 0.25 is not "0,2"
        (12345.67, 1, "12\u202f345,7"),
        (-0.01, 1, "0"),
        (100, 0, "100"),
    ],
)
def test_numbers_are_set_the_french_way(value: float, digits: int, text: str) -> None:
    assert french_number(value, digits) == text


def test_counts_group_thousands_and_percent_carries_its_sign() -> None:
    assert french_count(36000) == "36\u202f000"
    assert french_percent(42.4) == "42\u202f%"
    assert french_percent(7.5, 1) == "7,5\u202f%"


@pytest.mark.parametrize(
    ("count", "text"),
    [(0, "0 collectivité"), (1, "1 collectivité"), (2, "2 collectivités")],
)
def test_a_noun_agrees_with_its_count(count: int, text: str) -> None:
    assert counted(count, "collectivité") == text


def test_irregular_plurals_are_given() -> None:
    assert plural(3, "réseau", "réseaux") == "réseaux"
    assert plural(1, "réseau", "réseaux") == "réseau"


def test_dates_read_as_words() -> None:
    assert long_date(date(2026, 11, 29)) == "29 novembre 2026"
    assert long_date(date(2026, 8, 1)) == "1er août 2026"
    assert short_date(date(2026, 3, 4)) == "04/03/2026"


def test_a_rate_shows_its_n() -> None:
    assert Rate(21, 50).text() == "42\u202f% (21 sur 50 sites)"
    assert n_label(1) == "n = 1 site"


def test_a_rate_below_the_threshold_is_not_stated() -> None:
    thin = Rate(2, MIN_SITES - 1)
    assert not thin.shown
    assert thin.percent is None
    assert thin.text() == f"{INSUFFICIENT} (4 sites)"
    assert Rate(0, 0).percent is None


def test_a_column_of_scores_keeps_its_decimal() -> None:
    assert french_fixed(56.0) == "56,0"
    assert french_fixed(64.46) == "64,5"
    assert french_fixed(-0.04) == "0,0"
    assert french_fixed(-1.26) == "-1,3"


def test_a_half_is_rounded_away_from_zero_as_people_round() -> None:
    """5 of 8 and 3 of 8 must not read 62 % and 38 % (they sum to 100 %)."""
    assert french_percent(62.5) == f"63{NARROW_NBSP}%"
    assert french_percent(37.5) == f"38{NARROW_NBSP}%"
    assert french_number(0.25, 1) == "0,3"
    assert french_fixed(2.675, 2) == "2,68"  # as written, not as the binary float holds it
    assert french_number(-0.04) == "0"
