"""The peers of a figure in a national deck: its lowest and highest value among the strata,
each with its n, and how many strata were too thin to compare (docs/report.md, "Rules for
numbers"). A range that only names its ends would hide that two strata were left out, and a
tie would read "de 83 % à 83 %"."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reports.french import counted, french_count, plural
from reports.thresholds import INSUFFICIENT, MIN_SITES


@dataclass(frozen=True)
class StratumValue:
    value: float
    label: str  # the stratum's French name
    n: int  # the sites (or authorities) the value rests on


def strata_range(
    measured: Sequence[StratumValue],
    shown: Callable[[float], str],
    left_out: int = 0,
    noun: tuple[str, str] = ("site", "sites"),
) -> str:
    """'Selon la strate : de 42 % (Communes ..., 12 sites) à 61 % (Départements, 7 sites).'

    `measured` holds the strata with at least MIN_SITES; `left_out` counts the others that
    had sites but too few to be compared."""
    thin = (
        f" {french_count(left_out)} {plural(left_out, 'strate')} de moins de {MIN_SITES}"
        f" {noun[1]} non {plural(left_out, 'comparée')}."
        if left_out
        else ""
    )
    if len(measured) < 2:
        return f"Selon la strate : {INSUFFICIENT} (moins de deux strates de {MIN_SITES} {noun[1]}).{thin}"

    def named(stratum: StratumValue) -> str:
        return f"{stratum.label}, {counted(stratum.n, *noun)}"

    low = min(measured, key=lambda s: (s.value, s.label))
    high = max(measured, key=lambda s: (s.value, s.label))
    if shown(low.value) == shown(high.value):
        # Equal as printed: one value, stated once, with every stratum's n.
        total = sum(stratum.n for stratum in measured)
        return (
            f"Selon la strate : {shown(low.value)} dans chacune des"
            f" {french_count(len(measured))} strates comparées ({counted(total, *noun)}).{thin}"
        )
    return f"Selon la strate : de {shown(low.value)} ({named(low)}) à {shown(high.value)} ({named(high)}).{thin}"
