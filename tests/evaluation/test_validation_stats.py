"""The validation's statistics against published values, and the sample's allocation."""

from __future__ import annotations

import pytest

from evaluation.validation_sample import allocate
from evaluation.validation_stats import Agreement, wilson_interval


@pytest.mark.parametrize(
    ("successes", "n", "low", "high"),
    [
        # Newcombe (1998), Statistics in Medicine 17:857-872, table I, method 3 (Wilson).
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0, 0.1611),
        (1, 29, 0.0061, 0.1718),
    ],
)
def test_wilson_interval_is_newcombes(successes: int, n: int, low: float, high: float) -> None:
    interval = wilson_interval(successes, n)
    assert interval is not None
    assert interval[0] == pytest.approx(low, abs=5e-5)
    assert interval[1] == pytest.approx(high, abs=5e-5)


def test_wilson_interval_of_all_or_nothing_is_not_a_point() -> None:
    # 10 out of 10: p̂ = 1, yet the interval reaches down to z²/(n + z²) below 1.
    low, high = wilson_interval(10, 10) or (0.0, 0.0)
    z2 = 1.959963984540054**2
    assert high == 1.0
    assert low == pytest.approx(10 / (10 + z2))
    assert wilson_interval(0, 0) is None
    with pytest.raises(ValueError, match="11 successes out of 10"):
        wilson_interval(11, 10)


def test_cohens_kappa_of_known_tables() -> None:
    # Wikipedia's examples (Cohen's kappa): 50 proposals read by two readers.
    assert Agreement(20, 15, 5, 10).kappa == pytest.approx(0.4)
    assert Agreement(45, 15, 15, 25).kappa == pytest.approx(0.1304, abs=5e-5)
    perfect = Agreement(12, 30, 0, 0)
    assert perfect.kappa == 1.0
    assert perfect.agreements == perfect.n == 42
    # Both coders said "oui" to every row: chance agreement is 1, κ is not defined.
    assert Agreement(9, 0, 0, 0).kappa is None
    assert Agreement().kappa is None


def test_agreement_counts_rows_one_by_one() -> None:
    table = Agreement()
    for first, second in [(True, True), (True, False), (False, True), (False, False), (True, True)]:
        table = table.add(first, second)
    assert table == Agreement(both_yes=2, both_no=1, first_yes_second_no=1, first_no_second_yes=1)


def test_allocation_is_proportional_with_every_stratum_drawn() -> None:
    sizes = {"0-499": 60, "500-1999": 30, "epci": 9, "region": 1}
    assert allocate(sizes, 10) == {"0-499": 5, "500-1999": 3, "epci": 1, "region": 1}
    # 12, 6, 1.8 and 0.2: epci gets the largest remainder, region its one site from 0-499.
    assert allocate(sizes, 20) == {"0-499": 11, "500-1999": 6, "epci": 2, "region": 1}
    assert sum(allocate(sizes, 37).values()) == 37
    assert allocate(sizes, 500) == sizes
    # Fewer sites than strata: the largest remainders, some strata left out.
    assert allocate(sizes, 2) == {"0-499": 1, "500-1999": 1, "epci": 0, "region": 0}
