"""The synthesis in figures: the three priorities (indicators ranked by weight × gap, only those
not met), what one authority should improve first, and the means and gaps they rest on."""

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
    n: int  # sites measured
    short: int = 0  # of them, sites that do not meet it in full

    @property
    def stated(self) -> bool:
        return self.n >= MIN_SITES

    @property
    def urgency(self) -> float:
        return self.weight * self.gap


def values_of(sites: Iterable[ScoredSite], key: str, part: str = "indicators") -> list[float]:
    """The measured values of one indicator (or axis, part="axes") over the sites."""
    found = []
    for site in sites:
        value = getattr(site, part).get(key)
        if value is not None:
            found.append(float(value))
    return found


def indicator_gap(sites: Iterable[ScoredSite], key: str, label: str, weight: float) -> Gap | None:
    values = values_of(sites, key)
    if not values:
        return None
    gap = 1 - sum(values) / len(values)
    return Gap(key, label, weight, gap, len(values), sum(1 for v in values if v < 1))


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
    enough sites to be stated (MIN_SITES)."""
    return [g for g in gaps(sites, labels, weights) if g.stated][:PRIORITIES]


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
