"""The statistics of a validation by hand (docs/validation.md): Wilson's interval for a
proportion, and Cohen's κ between two coders. Pure functions of counts."""

from __future__ import annotations

from dataclasses import dataclass

from survey.intervals import wilson

Z_95 = 1.959963984540054  # the standard normal's 97.5th percentile: a two-sided 95 % interval


def wilson_interval(successes: int, n: int, z: float = Z_95) -> tuple[float, float] | None:
    """Wilson's score interval for `successes` out of `n`; None when n is 0.

    centre = (p + z²/2n) / (1 + z²/n), half-width = z / (1 + z²/n) × √(p(1 − p)/n + z²/4n²),
    with p = successes / n. Unlike p ± z√(p(1 − p)/n), it stays within [0, 1] and does not
    shrink to a point when p is 0 or 1 (10 out of 10 gives 0.722–1)."""
    if not 0 <= successes <= n:
        raise ValueError(f"{successes} successes out of {n}")
    if n == 0:
        return None
    low, high = wilson(successes / n, n, z)  # the survey's shares use the same interval
    # At p = 0 or 1 a bound is exactly 0 or 1 (centre ∓ half-width, rounded otherwise).
    return (0.0 if successes == 0 else low), (1.0 if successes == n else high)


@dataclass(frozen=True)
class Agreement:
    """Two coders' answers on the same rows, as a 2×2 table of counts (yes, no)."""

    both_yes: int = 0
    both_no: int = 0
    first_yes_second_no: int = 0
    first_no_second_yes: int = 0

    @property
    def n(self) -> int:
        return self.both_yes + self.both_no + self.first_yes_second_no + self.first_no_second_yes

    @property
    def agreements(self) -> int:
        return self.both_yes + self.both_no

    @property
    def kappa(self) -> float | None:
        """Cohen's κ = (pₒ − pₑ) / (1 − pₑ): pₒ the share of rows the coders agree on, pₑ the
        share they would agree on by chance, Σ over the answers of the product of each coder's
        share of that answer. None when n is 0, or when pₑ is 1 (both coders gave one same
        answer to every row: there is no disagreement to beat chance on)."""
        n = self.n
        if n == 0:
            return None
        first_yes = (self.both_yes + self.first_yes_second_no) / n
        second_yes = (self.both_yes + self.first_no_second_yes) / n
        expected = first_yes * second_yes + (1 - first_yes) * (1 - second_yes)
        if expected >= 1:
            return None
        observed = self.agreements / n
        return (observed - expected) / (1 - expected)

    def add(self, first: bool, second: bool) -> Agreement:
        """This table with one more row coded `first` by one coder and `second` by the other."""
        return Agreement(
            self.both_yes + (first and second),
            self.both_no + (not first and not second),
            self.first_yes_second_no + (first and not second),
            self.first_no_second_yes + (not first and second),
        )
