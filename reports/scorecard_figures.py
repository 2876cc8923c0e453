"""What one authority's scorecard says: its scores against the medians of its peers (its
stratum, widened when thin: `scorecard_peers`) and of its département, what it meets in full,
its rank, and its actions (`scorecard_actions`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from reports.audience_figures import AudienceFigure, is_derived
from reports.french import counted, french_count
from reports.relays_card import RelaysCard
from reports.scorecard_actions import Action
from reports.scorecard_peers import PeerGroup, median_of, members_of
from reports.thresholds import INSUFFICIENT, MIN_SITES
from scoring.compliance_run import ComplianceRow
from scoring.layers import ResidentServices
from scoring.model import Model

# The members of a stratum, agreed: (singular, plural).
NOTED = {
    "commune": ("commune notée", "communes notées"),
    "epci": ("intercommunalité notée", "intercommunalités notées"),
    "departement": ("département noté", "départements notés"),
    "region": ("région notée", "régions notées"),
}


@dataclass(frozen=True)
class Strength:
    """An indicator the authority meets in full, with the page that shows it; or, for one
    derived from its social accounts (no page shows it), its figure and the account."""

    label: str
    weight: float
    evidence_url: str | None
    figure: str | None = None


@dataclass(frozen=True)
class ScoreRow:
    """The global score or one axis: the authority's, its peers' median, its département's
    median (None where not measured or not stated)."""

    label: str
    own: float | None
    peers: float | None
    departement: float | None


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
    peers: PeerGroup
    departement_count: int  # the other scored authorities of its département
    scores: list[ScoreRow]  # the global score first, then each axis
    duties: list[ComplianceRow]
    strengths: list[Strength]
    actions: list[Action]  # every indicator not met in full, the most points first
    # Indicators derived from its social accounts that are unknown (left out of the score),
    # each with what is known of its accounts and why the rest is not
    unknown: list[Strength] = field(default_factory=list)
    # A commune's: what its residents can do online across its four layers (scoring/layers.py)
    residents: ResidentServices | None = None
    # Whom its site links to and who links to it (reports/relays_card.py)
    relays: RelaysCard | None = None

    @property
    def departement_shown(self) -> bool:
        return self.departement_count >= MIN_SITES


def score_rows(
    model: Model, own: Any, peers: PeerGroup, departement: Sequence[Any]
) -> list[ScoreRow]:
    """The composite, then each axis: own, peers' median, département's median. `own` and the
    peers carry `score` and `axes`."""
    in_departement = len(departement) >= MIN_SITES

    def departement_median(value_of: Any) -> float | None:
        return median_of([value_of(row) for row in departement]) if in_departement else None

    rows = [
        ScoreRow(
            "Score global",
            own.score,
            peers.median(lambda row: row.score),
            departement_median(lambda row: row.score),
        )
    ]
    for axis in model.axes:

        def value_of(row: Any, key: str = axis.key) -> float | None:
            return (row.axes or {}).get(key)

        rows.append(
            ScoreRow(
                axis.label, value_of(own), peers.median(value_of), departement_median(value_of)
            )
        )
    return rows


def strengths(
    model: Model,
    own: Any,
    evidence: dict[str, str],
    derived: Mapping[str, AudienceFigure] | None = None,
) -> list[Strength]:
    """The weighing indicators the authority meets in full, the heaviest first; one derived
    from the social accounts with its figure (`derived`, by feature), never its absence."""
    found = []
    for indicator in model.indicators:
        if (own.indicators or {}).get(indicator.key) != 1.0 or indicator.weight <= 0:
            continue
        figure = (derived or {}).get(indicator.feature)
        if figure is not None:
            found.append(Strength(indicator.label, indicator.weight, figure.url, figure.text))
        elif is_derived(indicator.feature):  # its accounts were not read: no page to show
            found.append(Strength(indicator.label, indicator.weight, None, "atteint"))
        else:
            url = _evidence_for(indicator.feature, evidence)
            found.append(Strength(indicator.label, indicator.weight, url))
    return sorted(found, key=lambda s: (-s.weight, s.label))


def unknown_derived(
    model: Model, own: Any, derived: Mapping[str, AudienceFigure]
) -> list[Strength]:
    """The weighing indicators derived from the social accounts that are unknown (None: left
    out of the score), with what is known of the accounts and why the rest is not."""
    return [
        Strength(indicator.label, indicator.weight, figure.url, figure.text)
        for indicator in model.indicators
        if indicator.weight > 0
        and (own.indicators or {}).get(indicator.key) is None
        and (figure := derived.get(indicator.feature)) is not None
    ]


def ordinal(rank: int) -> str:
    return "1er" if rank == 1 else f"{french_count(rank)}e"


def rank_text(own: Any, peers: PeerGroup) -> str:
    """The rank in the stratum (its interval when the weights' draws move it) when the stratum
    has enough others; else the place among the widened peers, or nothing stated."""
    if own.stratum is None:
        return "Rang : strate inconnue (population non renseignée)."
    stratum = f"Rang dans votre strate ({members_of(own.stratum)})"
    if own.stratum_count - 1 >= MIN_SITES:
        low, high = own.rank_low, own.rank_high
        if low is None or low == high:
            rank = ordinal(own.rank_in_stratum)
        else:
            rank = f"entre le {ordinal(low)} et le {ordinal(high)}"
        return (
            f"{stratum} : {rank} sur {french_count(own.stratum_count)} (l'intervalle donne les"
            " rangs possibles quand les pondérations du score varient)."
        )
    noted = counted(own.stratum_count, *NOTED.get(own.stratum, NOTED["commune"]))
    said = f"{stratum} : {INSUFFICIENT} ({noted})."
    if peers.shown:
        place = 1 + sum(1 for row in peers.peers if row.score > own.score)
        said += (
            f" Parmi les {french_count(peers.n + 1)} collectivités comparées (la vôtre comprise),"
            f" votre score global est au {ordinal(place)} rang."
        )
    return said


def _evidence_for(feature: str, evidence: dict[str, str]) -> str | None:
    """The first evidence of an indicator's feature, or of its family's (prefix ending in ".");
    None for an absence that scores (no tracker without consent shows on no page)."""
    if feature.endswith("."):
        return next((url for key, url in evidence.items() if key.startswith(feature)), None)
    return evidence.get(feature)
