"""Importance–performance analysis: each service placed by its mean importance and mean
satisfaction against the means of all services (the quadrants observatories of public
services use)."""

from __future__ import annotations

PRIORITY = "Priorité : important, peu satisfaisant"
QUADRANTS = {
    (True, False): PRIORITY,
    (True, True): "Atout à préserver",
    (False, False): "Secondaire",
    (False, True): "Effort peut-être excessif",
}


def quadrants(means: dict[str, tuple[float, float]]) -> dict[str, str]:
    """Service key -> its quadrant, from (importance, satisfaction) means on the 1–5 scale."""
    if not means:
        return {}
    importance = sum(i for i, _ in means.values()) / len(means)
    satisfaction = sum(s for _, s in means.values()) / len(means)
    return {key: QUADRANTS[(i >= importance, s >= satisfaction)] for key, (i, s) in means.items()}


def thresholds(means: dict[str, tuple[float, float]]) -> tuple[float, float]:
    """The (importance, satisfaction) means that split the quadrants."""
    return (
        sum(i for i, _ in means.values()) / len(means),
        sum(s for _, s in means.values()) / len(means),
    )
