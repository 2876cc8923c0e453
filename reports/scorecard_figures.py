"""What one authority's scorecard says: its scores against the medians of its stratum and its
département, what its peers have that it lacks, what it meets in full, and its three actions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from statistics import median
from typing import Any

from reports.key_messages import DUTY_ACTIONS
from reports.labels import french_count
from scoring.compliance_run import ComplianceRow
from scoring.model import Model

# A peer share above which a missing indicator is "what your peers have".
PEERS_HAVE = 0.5


@dataclass(frozen=True)
class Gap:
    """An indicator the authority lacks, with the share of its stratum's peers that have it."""

    label: str
    feature: str
    weight: float
    peer_share: float


@dataclass(frozen=True)
class Strength:
    """An indicator the authority meets in full, with the page that shows it."""

    label: str
    weight: float
    evidence_url: str | None


@dataclass(frozen=True)
class Scorecard:
    code: str
    name: str
    stratum: str | None
    departement: str | None
    run_id: int
    run_started: datetime
    model_version: str
    score: float
    rank_text: str
    # (label, own score, stratum median, département median), composite first
    scores: list[tuple[str, float | None, float | None, float | None]]
    gaps: list[Gap]
    duties: list[ComplianceRow]
    strengths: list[Strength]

    def actions(self) -> list[str]:
        """Three actions: unmet legal duties first, then what most peers have, by weight."""
        found = [
            f"{DUTY_ACTIONS.get(row.duty, f'Mettre en place : {row.label}')}"
            f" (obligation : {row.source})."
            for row in self.duties
            if row.status == "unmet"
        ]
        # A gap that is already an unmet duty's is not said twice.
        said = {row.feature for row in self.duties if row.status == "unmet"}
        found += [
            f"{gap.label} : {round(100 * gap.peer_share)} % des collectivités de votre strate "
            "l'ont, pas votre site."
            for gap in sorted(self.gaps, key=lambda g: (-g.peer_share * g.weight, g.label))
            if gap.peer_share >= PEERS_HAVE and gap.feature not in said
        ]
        return found[:3]


def _median(values: list[float]) -> float | None:
    return round(median(values), 1) if values else None


def score_rows(
    model: Model, own: Any, same_stratum: list[Any], same_departement: list[Any]
) -> list[tuple[str, float | None, float | None, float | None]]:
    """(label, own score, stratum median, département median): the composite, then each axis.
    `own` and the peers carry `score` and `axes`."""
    rows = [
        (
            "Score global",
            own.score,
            _median([p.score for p in same_stratum]),
            _median([p.score for p in same_departement]),
        )
    ]
    for axis in model.axes:
        rows.append(
            (
                axis.label,
                (own.axes or {}).get(axis.key),
                _axis_median(same_stratum, axis.key),
                _axis_median(same_departement, axis.key),
            )
        )
    return rows


def _axis_median(peers: list[Any], key: str) -> float | None:
    return _median([v for p in peers if (v := (p.axes or {}).get(key)) is not None])


def gaps(model: Model, own: Any, same_stratum: list[Any]) -> list[Gap]:
    """The weighing indicators the authority does not meet in full, with the share of its
    stratum that does."""
    found = []
    for indicator in model.indicators:
        mine = (own.indicators or {}).get(indicator.key)
        if mine is None or mine >= 1.0 or indicator.weight == 0:
            continue
        having = [p for p in same_stratum if (p.indicators or {}).get(indicator.key) == 1.0]
        share = len(having) / len(same_stratum)
        found.append(Gap(indicator.label, indicator.feature, indicator.weight, share))
    return found


def strengths(model: Model, own: Any, evidence: dict[str, str]) -> list[Strength]:
    """The weighing indicators the authority meets in full, the heaviest first."""
    found = [
        Strength(indicator.label, indicator.weight, _evidence_for(indicator.feature, evidence))
        for indicator in model.indicators
        if (own.indicators or {}).get(indicator.key) == 1.0 and indicator.weight > 0
    ]
    return sorted(found, key=lambda s: (-s.weight, s.label))


def rank_text(own: Any) -> str:
    """The rank in the stratum, as its interval when the weights' draws move it."""
    low, high = own.rank_low, own.rank_high
    if low is None or low == high:
        return f"{french_count(own.rank_in_stratum)} sur {french_count(own.stratum_count)}"
    return f"{french_count(low)} à {french_count(high)} sur {french_count(own.stratum_count)}"


def _evidence_for(feature: str, evidence: dict[str, str]) -> str | None:
    """The first evidence of an indicator's feature, or of its family's (prefix ending in ".");
    None for an absence that scores (no tracker without consent shows on no page)."""
    if feature.endswith("."):
        return next((url for key, url in evidence.items() if key.startswith(feature)), None)
    return evidence.get(feature)
