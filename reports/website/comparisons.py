"""Whom each authority's page compares it with, computed once for the whole run: the scorecard's
peers (its stratum, widened along the communes' sizes while thin: `stratum_peers`) and its
département, never itself. The scorecard takes the median of the others one authority at a
time; for 36,000 pages that is quadratic, so each group's values are sorted once here and the
median of "the group but one" is read from the sorted values by position."""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from reports.french import french_count, french_fixed
from reports.scorecard_peers import members, members_of, stratum_peers
from reports.thresholds import INSUFFICIENT, MIN_SITES
from reports.website.content import Figure, ScoreLine
from reports.website.wording import NOT_MEASURED, insufficient, n_text, score_figure
from scoring.model import Model

SCORE = "score"  # the global score, beside the axes' keys
NO_PEERS = Figure("pas de comparaison (strate inconnue)", stated=False)
NO_DEPARTEMENT = Figure("sans objet (pas de département)", stated=False)
# What a median of others reads where there is no other at all (not "n = 0").
NO_OTHER_PEER = "aucune autre collectivité notée parmi ses pairs"
NO_OTHER_IN_DEPARTEMENT = "aucune autre collectivité notée dans le département"


def median_without(values: Sequence[float], own: float | None) -> tuple[float | None, int]:
    """The median of sorted `values` less one occurrence of `own` (None: nothing left out),
    rounded as the scorecard's `median_of`; and how many values it rests on."""
    if own is None:
        skip, count = len(values), len(values)
    else:
        skip, count = bisect_left(values, own), len(values) - 1

    def at(index: int) -> float:
        return values[index if index < skip else index + 1]

    if count <= 0:
        return None, 0
    middle = count // 2
    if count % 2:
        return round(at(middle), 1), count
    return round((at(middle - 1) + at(middle)) / 2, 1), count


def figure_of(row: Any, key: str) -> float | None:
    """A scored row's global score or one of its axes (None where not measured)."""
    if key == SCORE:
        return float(row.score)
    value = (row.axes or {}).get(key)
    return None if value is None else float(value)


@dataclass(frozen=True)
class Pool:
    """Scored authorities some are compared with, the compared one among them: the sorted
    measured values of each figure, and how many meet each indicator in full."""

    size: int
    values: dict[str, list[float]]
    meeting: Counter[str]
    nobody: str  # what its median reads when the compared one is alone in it

    @classmethod
    def of(cls, rows: Sequence[Any], keys: Iterable[str], nobody: str) -> Pool:
        values = {
            key: sorted(v for row in rows if (v := figure_of(row, key)) is not None) for key in keys
        }
        meeting: Counter[str] = Counter(
            key for row in rows for key, value in (row.indicators or {}).items() if value == 1.0
        )
        return cls(len(rows), values, meeting, nobody)

    @property
    def others(self) -> int:
        return self.size - 1

    @property
    def shown(self) -> bool:
        return self.others >= MIN_SITES

    def median(self, own: Any, key: str) -> Figure:
        """The others' median of a figure with its n, or why it is not stated."""
        if not self.shown:
            return insufficient(self.others, self.nobody)
        value, n = median_without(self.values[key], figure_of(own, key))
        if value is None:
            return NOT_MEASURED
        return Figure(f"{french_fixed(value)} ({n_text(n)})")


@dataclass(frozen=True)
class PeerPool:
    """The peers of every scored authority of one stratum: the strata they come from, how
    many others the stratum alone has, and the pool (the stratum's members among it)."""

    own_stratum: str
    strata: tuple[str, ...]
    in_own_stratum: int
    pool: Pool

    def sentence(self) -> str:
        """Who the peers are: 'Comparée aux collectivités notées de sa strate : 41 communes de
        1 000 à 3 499 habitants.'"""
        group = members(self.pool.others, self.strata)
        if self.strata == (self.own_stratum,):
            said = f"Comparée aux collectivités notées de sa strate : {group}"
        else:
            said = (
                "Comparée aux collectivités notées de sa strate et des strates voisines :"
                f" {group} (sa strate, {members_of(self.own_stratum)},"
                f" {_others(self.in_own_stratum)})"
            )
        if not self.pool.shown:
            said += f" ; {INSUFFICIENT} pour une médiane (il en faut {MIN_SITES})"
        return said + "."


def _others(count: int) -> str:
    """How many others a stratum of communes has, agreed."""
    if count == 0:
        return "n'en compte aucune autre"
    if count == 1:
        return "n'en compte qu'une autre"
    return f"n'en compte que {french_count(count)} autres"


class Comparisons:
    """The peer pool of each stratum and the pool of each département, for the whole run."""

    def __init__(self, scored: Sequence[Any], model: Model) -> None:
        self.keys = [SCORE, *(axis.key for axis in model.axes)]
        self.labels = {SCORE: "Score global", **{axis.key: axis.label for axis in model.axes}}
        self.peers = _peer_pools(scored, self.keys)
        by_departement: dict[str, list[Any]] = defaultdict(list)
        for row in scored:
            if row.departement_code:
                by_departement[row.departement_code].append(row)
        self.departements = {
            code: Pool.of(rows, self.keys, NO_OTHER_IN_DEPARTEMENT)
            for code, rows in by_departement.items()
        }

    def peer_pool(self, own: Any) -> PeerPool | None:
        return self.peers.get(own.stratum) if own.stratum else None

    def score_lines(self, own: Any) -> list[ScoreLine]:
        """The global score then each axis: own, the peers' median, the département's."""
        peers = self.peer_pool(own)
        departement = self.departements.get(own.departement_code or "")

        def median(pool: Pool | None, key: str, missing: Figure) -> Figure:
            return pool.median(own, key) if pool is not None else missing

        return [
            ScoreLine(
                self.labels[key],
                score_figure(figure_of(own, key)),
                median(peers.pool if peers else None, key, NO_PEERS),
                median(
                    departement,
                    key,
                    NO_DEPARTEMENT
                    if not own.departement_code
                    else insufficient(0, NO_OTHER_IN_DEPARTEMENT),
                ),
            )
            for key in self.keys
        ]

    def peers_sentence(self, own: Any) -> str:
        peers = self.peer_pool(own)
        if peers is None:
            return "Strate inconnue (population non renseignée) : pas de comparaison possible."
        return peers.sentence()

    def peers_meeting(self, own: Any) -> Callable[[str], int]:
        """Indicator key -> the peers that meet it in full (the own authority left out where
        it meets it too)."""
        peers = self.peer_pool(own)
        meeting = peers.pool.meeting if peers else Counter[str]()
        indicators = own.indicators or {}
        return lambda key: meeting[key] - (1 if indicators.get(key) == 1.0 else 0)


def _peer_pools(scored: Sequence[Any], keys: list[str]) -> dict[str, PeerPool]:
    """Each stratum's peers, chosen once by `stratum_peers` for one of its members: every
    member leaves out only itself, so the strata chosen are the same for all of them."""
    by_stratum: dict[str, list[Any]] = defaultdict(list)
    for row in scored:
        if row.stratum:
            by_stratum[row.stratum].append(row)
    pools = {}
    for stratum, rows in by_stratum.items():
        group = stratum_peers(rows[0].code, stratum, scored)
        chosen = set(group.strata)
        pool = [row for row in scored if row.stratum in chosen]
        pools[stratum] = PeerPool(
            stratum, group.strata, group.in_own_stratum, Pool.of(pool, keys, NO_OTHER_PEER)
        )
    return pools
