"""Whom a scorecard compares an authority with: the other scored authorities of its stratum,
widened to the neighbouring strata (one step each side, then two...) while fewer than
MIN_SITES; and the other scored authorities of its département. Never the authority itself."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from statistics import median
from typing import Any

from database.geography import COMMUNE_STRATA
from reports.french import counted, french_count, french_fixed
from reports.thresholds import INSUFFICIENT, MIN_SITES

LADDER = tuple(label for label, _, _ in COMMUNE_STRATA)
# The other peer groups, which have no neighbours: (singular, plural) of their members.
KIND_NOUNS = {
    "epci": ("intercommunalité", "intercommunalités"),
    "departement": ("département", "départements"),
    "region": ("région", "régions"),
}


@dataclass(frozen=True)
class PeerGroup:
    """The authorities a scorecard compares one with (rows carrying `score`, `axes`,
    `indicators`), the strata they come from, and how many the own stratum alone had."""

    peers: Sequence[Any]
    strata: tuple[str, ...]
    own_stratum: str | None
    in_own_stratum: int

    @property
    def n(self) -> int:
        return len(self.peers)

    @property
    def shown(self) -> bool:
        """Enough peers for a median or a share to be stated."""
        return self.n >= MIN_SITES

    @property
    def widened(self) -> bool:
        return self.strata != (self.own_stratum,)

    def phrase(self) -> str:
        """'14 communes de 2 000 à 9 999 habitants', '4 intercommunalités'."""
        return members(self.n, self.strata)

    def sentence(self) -> str:
        """Which peers the figures come from, and why when the stratum was widened."""
        if self.own_stratum is None:
            return "Strate inconnue (population non renseignée) : pas de comparaison possible."
        said = f"Votre collectivité est comparée à {self.phrase()}"
        if self.widened:
            said += (
                f" : votre strate ({members_of(self.own_stratum)}) {_others(self.in_own_stratum)},"
                " les strates voisines sont ajoutées"
            )
        if not self.shown:
            said += f" ; {INSUFFICIENT} pour une médiane (il en faut {MIN_SITES})"
        return said + "."

    def median(self, value_of: Any) -> float | None:
        """The peers' median of `value_of(peer)` (None values left out), or None when the
        group is too small or nothing was measured."""
        return median_of([value_of(peer) for peer in self.peers]) if self.shown else None


def _others(count: int) -> str:
    if count == 0:
        return "n'en compte aucune autre notée"
    if count == 1:
        return "n'en compte qu'une autre notée"
    return f"n'en compte que {french_count(count)} autres notées"


def median_of(values: Sequence[float | None]) -> float | None:
    measured = [value for value in values if value is not None]
    return round(median(measured), 1) if measured else None


def stratum_peers(own_code: str, own_stratum: str | None, scored: Sequence[Any]) -> PeerGroup:
    """The other scored authorities (rows with `code` and `stratum`) of the stratum, widened
    along the communes' size ladder while fewer than MIN_SITES."""
    others = [row for row in scored if row.code != own_code]
    if own_stratum is None:
        return PeerGroup([], (), None, 0)
    in_own = sum(1 for row in others if row.stratum == own_stratum)
    if own_stratum not in LADDER:
        return PeerGroup(
            [row for row in others if row.stratum == own_stratum],
            (own_stratum,),
            own_stratum,
            in_own,
        )
    place = LADDER.index(own_stratum)
    for step in range(len(LADDER)):
        chosen = LADDER[max(0, place - step) : place + step + 1]
        peers = [row for row in others if row.stratum in chosen]
        if len(peers) >= MIN_SITES:
            break
    return PeerGroup(peers, _trimmed(chosen, peers, own_stratum), own_stratum, in_own)


def _trimmed(chosen: tuple[str, ...], peers: Sequence[Any], own: str) -> tuple[str, ...]:
    """The chosen strata without empty ones at either end, so that '2 000 à 9 999 habitants'
    says where the peers come from (the own stratum always stays)."""
    present = {row.stratum for row in peers} | {own}
    kept = [index for index, stratum in enumerate(chosen) if stratum in present]
    return chosen[kept[0] : kept[-1] + 1]


def departement_peers(own_code: str, departement: str | None, scored: Sequence[Any]) -> list[Any]:
    """The other scored authorities of the département (rows with `departement_code`)."""
    if not departement:
        return []
    return [row for row in scored if row.departement_code == departement and row.code != own_code]


def members(count: int, strata: tuple[str, ...]) -> str:
    """'14 communes de 2 000 à 9 999 habitants', '1 commune de moins de 500 habitants'."""
    if len(strata) == 1 and strata[0] in KIND_NOUNS:
        singular, plural_form = KIND_NOUNS[strata[0]]
        return counted(count, singular, plural_form)
    return f"{counted(count, 'commune')} {_sizes(strata)}"


def members_of(stratum: str) -> str:
    """The stratum itself, without a count: 'communes de 10 000 à 49 999 habitants'."""
    if stratum in KIND_NOUNS:
        return KIND_NOUNS[stratum][1]
    return f"communes {_sizes((stratum,))}"


def _sizes(strata: tuple[str, ...]) -> str:
    bounds = {label: (low, high) for label, low, high in COMMUNE_STRATA}
    low, high = bounds[strata[0]][0], bounds[strata[-1]][1]
    if low == 0 and high is None:
        return "de toutes tailles"
    if low == 0:
        return f"de moins de {french_count(high + 1 if high is not None else 0)} habitants"
    if high is None:
        return f"de {french_count(low)} habitants et plus"
    return f"de {french_count(low)} à {french_count(high)} habitants"


def median_text(value: float | None, group_shown: bool) -> str:
    """A median as a table cell: '55,3', 'non mesuré', or 'effectif insuffisant'."""
    if not group_shown:
        return INSUFFICIENT
    return "non mesuré" if value is None else french_fixed(value)
