"""The synthesis in figures: the three priorities (indicators ranked by weight × gap, only those
not met, only those known on at least half the scope's scored sites), what one authority
should improve first, and the means and gaps they rest on.

An indicator may be skipped on a site (None: unknown, such as an account behind a login
wall). Its gap rests on the sites where it is known, never counting an unknown as unmet; and
an indicator known on fewer than half the scored sites is not promoted (a priority, a lever's
figure): its gap would describe the few sites where it could be read, not the scope."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from reports.synthesis_data import Campaign, ScoredSite
from reports.thresholds import MIN_SITES

PRIORITIES = 3


@dataclass(frozen=True)
class Gap:
    """How far a scope's sites are from meeting an indicator (or an axis) in full."""

    key: str
    label: str
    weight: float
    gap: float  # 1 - mean value over the sites measured, 0–1
    n: int  # sites measured (the indicator is known)
    short: int = 0  # of them, sites that do not meet it in full
    unknown: int = 0  # scored sites where it is unknown (skipped), not counted in n

    @property
    def stated(self) -> bool:
        return self.n >= MIN_SITES

    @property
    def promoted(self) -> bool:
        """Known on enough sites, and on at least half the scored sites, to be a priority or a
        lever's figure."""
        return self.stated and known_enough(self.n, self.n + self.unknown)

    @property
    def urgency(self) -> float:
        return self.weight * self.gap


def known_enough(known: int, scored: int) -> bool:
    """The rule of promotion: an indicator known on at least half the scored sites."""
    return 2 * known >= scored


def values_of(sites: Iterable[ScoredSite], key: str, part: str = "indicators") -> list[float]:
    """The measured values of one indicator (or axis, part="axes") over the sites."""
    found = []
    for site in sites:
        value = getattr(site, part).get(key)
        if value is not None:
            found.append(float(value))
    return found


def indicator_gap(sites: Iterable[ScoredSite], key: str, label: str, weight: float) -> Gap | None:
    """The gap over the sites where the indicator is known; those where it is not, counted
    apart (`unknown`)."""
    chosen = list(sites)
    values = values_of(chosen, key)
    if not values:
        return None
    gap = 1 - sum(values) / len(values)
    short = sum(1 for v in values if v < 1)
    return Gap(key, label, weight, gap, len(values), short, len(chosen) - len(values))


def gaps(
    sites: Iterable[ScoredSite], labels: Mapping[str, str], weights: Mapping[str, float]
) -> list[Gap]:
    """Every indicator not met in full on average, most urgent (weight × gap) first."""
    chosen = list(sites)
    found = [indicator_gap(chosen, key, labels[key], weights.get(key, 0.0)) for key in labels]
    unmet = [g for g in found if g is not None and g.gap > 0 and g.weight > 0]
    return sorted(unmet, key=lambda g: (-g.urgency, g.label))


def priorities(
    sites: Iterable[ScoredSite], labels: Mapping[str, str], weights: Mapping[str, float]
) -> list[Gap]:
    """The three priorities: the indicators of widest weight × gap among those measured on
    enough sites to be stated (MIN_SITES) and known on at least half the scored sites."""
    return [g for g in gaps(sites, labels, weights) if g.promoted][:PRIORITIES]


def improvements(
    indicators: Mapping[str, float | None],
    weights: Mapping[str, float],
    labels: Mapping[str, str],
) -> list[Gap]:
    """What one authority should improve first: only the indicators it does not meet in full
    (value < 1; one not measured is left out), by weight × (1 - value), heaviest first."""
    found = [
        Gap(key, labels.get(key, key), weights.get(key, 0.0), 1 - float(value), 1, 1)
        for key, value in indicators.items()
        if value is not None and value < 1 and weights.get(key, 0.0) > 0
    ]
    return sorted(found, key=lambda g: (-g.urgency, g.label))


def mean_of(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def paired(current: Campaign, previous: Campaign) -> tuple[list[ScoredSite], list[ScoredSite]]:
    """The sites scored in both campaigns, in the same order: the change is measured on them."""
    both = sorted(set(current.sites) & set(previous.sites))
    return [previous.sites[i] for i in both], [current.sites[i] for i in both]
