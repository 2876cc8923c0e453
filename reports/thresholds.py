"""The rule for numbers (docs/report.md, "Rules for numbers"): every rate shows its n, and
below a threshold it is not stated as fact but shown as "effectif insuffisant"."""

from __future__ import annotations

from dataclasses import dataclass

from reports.french import counted, french_count, french_percent

# Fewest sites a rate, a mean or a stratum may rest on to be stated.
MIN_SITES = 5
# Fewest respondents a survey cell may rest on.
MIN_RESPONDENTS = 30
# Fewest scored authorities a map tile (a département) may be coloured by.
MIN_TILE = 3
INSUFFICIENT = "effectif insuffisant"


@dataclass(frozen=True)
class Rate:
    """`count` of `n` (sites, authorities, respondents...), stated only when n ≥ minimum."""

    count: int
    n: int
    minimum: int = MIN_SITES

    @property
    def shown(self) -> bool:
        return self.n >= self.minimum and self.n > 0

    @property
    def percent(self) -> float | None:
        """0–100, or None when the rate is not stated."""
        return 100 * self.count / self.n if self.shown else None

    def text(self, noun: str = "site", plural_form: str | None = None) -> str:
        """'42 % (21 sur 50 sites)', or 'effectif insuffisant (2 sites)'."""
        of = counted(self.n, noun, plural_form)
        if not self.shown:
            return f"{INSUFFICIENT} ({of})"
        return f"{french_percent(100 * self.count / self.n)} ({french_count(self.count)} sur {of})"


def n_label(n: int, noun: str = "site", plural_form: str | None = None) -> str:
    """The n a figure rests on, as printed beside it: 'n = 50 sites'."""
    return f"n = {counted(n, noun, plural_form)}"
