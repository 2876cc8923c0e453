"""How the map paints each département (its tile): a class of mean score, or why it has none.

A département is coloured only when at least MIN_TILE of its authorities are scored: a mean of
one or two communes is not a département's figure (docs/report.md, "Rules for numbers"). The
classes hold about as many coloured départements each (quantiles of the map's own means).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass

from database.geography import REGION_OF_DEPARTEMENT, departement_of_commune
from database.scope import Scope
from reports.thresholds import MIN_TILE

CLASSES = 5
# What a tile shows when it has no class: outside the deck's scope, no scored authority,
# fewer than MIN_TILE scored authorities.
OUT_OF_SCOPE, UNSCORED, THIN = "out-of-scope", "unscored", "thin"


def class_floors(scores: list[float], classes: int = CLASSES) -> list[float]:
    """Lower bounds of up to `classes` score classes holding about as many départements each
    (quantiles of the map's own scores): a fixed scale would paint a country whose départements
    differ by a few points in one colour."""
    ordered = sorted(scores)
    return (
        sorted({ordered[(k * len(ordered)) // classes] for k in range(classes)}) if scores else []
    )


def shade_steps(classes: int, shades: int = CLASSES) -> list[int]:
    """Which of the scale's shades (0 lightest) paints each class: spread from light to dark."""
    if classes <= 1:
        return [shades // 2] * classes
    return [round(i * (shades - 1) / (classes - 1)) for i in range(classes)]


def score_class(score: float, floors: list[float]) -> int:
    """Index of the class a score falls in (0 for the lowest)."""
    return max(bisect_right(floors, score) - 1, 0)


def class_labels(floors: list[float], top: float, number: Callable[[float], str]) -> list[str]:
    """ "44,1 à 46" for each class, the last one up to the highest score."""
    if not floors:
        return []
    uppers = [*floors[1:], top]
    return [
        number(low) if number(low) == number(high) else f"{number(low)} à {number(high)}"
        for low, high in zip(floors, uppers, strict=True)
    ]


@dataclass(frozen=True)
class MapShading:
    # département code -> shade step (0 lightest), or OUT_OF_SCOPE, UNSCORED or THIN
    tiles: dict[str, int | str]
    legend: list[tuple[int, str]]  # (shade step, range of mean scores), lightest first
    # The départements the deck is about, None for the whole country.
    within: frozenset[str] | None

    @property
    def coloured(self) -> int:
        return sum(isinstance(shade, int) for shade in self.tiles.values())

    @property
    def in_scope(self) -> int:
        return sum(shade != OUT_OF_SCOPE for shade in self.tiles.values())

    def count(self, state: str) -> int:
        return sum(shade == state for shade in self.tiles.values())


def map_scope(scope: Scope, scores: dict[str, tuple[float, int]]) -> frozenset[str] | None:
    """The départements a deck's map is about: a région's, a département, or for a list those
    of its communes (by INSEE code) and of its scored authorities; the others are outside the
    list, not "unscored"."""
    if scope.kind == "list":
        return frozenset(scores) | {code for code in map(listed_departement, scope.codes) if code}
    departements = scope.departements
    return None if departements is None else frozenset(departements)


def listed_departement(code: str) -> str | None:
    """The département of a listed authority when its code tells it: a commune's INSEE code,
    a département's own code; None for an EPCI's SIREN and the like."""
    if len(code) == 5:
        code = departement_of_commune(code)
    return code if code in REGION_OF_DEPARTEMENT else None


def shade_map(
    scores: dict[str, tuple[float, int]], scope: Scope, number: Callable[[float], str]
) -> MapShading:
    """How each tile is painted, from the (mean score, scored authorities) of each
    département: the scope's départements with at least MIN_TILE scored by class of mean."""
    within = map_scope(scope, scores)
    means = {
        code: mean
        for code, (mean, count) in scores.items()
        if code in REGION_OF_DEPARTEMENT
        and count >= MIN_TILE
        and (within is None or code in within)
    }
    floors = class_floors(list(means.values()))
    steps = shade_steps(len(floors))
    tiles: dict[str, int | str] = {}
    for code in REGION_OF_DEPARTEMENT:
        if within is not None and code not in within:
            tiles[code] = OUT_OF_SCOPE
        elif code in means:
            tiles[code] = steps[score_class(means[code], floors)]
        else:
            tiles[code] = THIN if scores.get(code, (0.0, 0))[1] else UNSCORED
    labels = class_labels(floors, max(means.values(), default=0.0), number)
    return MapShading(tiles, list(zip(steps, labels, strict=True)), within)
