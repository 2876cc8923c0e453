"""A tile-grid map of the 101 départements: one square each, placed roughly where it lies.

No geography can be downloaded where reports are built, and a tile grid reads better than
shapes at slide size: every département gets the same area, Paris and its ring included.
The grid was laid out once from the prefectures' coordinates (optimal assignment of points
to cells, the Île-de-France ring spread out), then adjusted by hand; overseas départements
sit in a block at the bottom left.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass

# (row, column) of each département's tile.
TILES: dict[str, tuple[int, int]] = {
    # North and Normandy
    "60": (0, 5), "80": (0, 6), "62": (0, 7), "59": (0, 8),
    "14": (1, 3), "76": (1, 4), "78": (1, 5), "95": (1, 6), "93": (1, 7), "02": (1, 8),
    "08": (1, 9), "57": (1, 10),
    "50": (2, 2), "61": (2, 3), "27": (2, 4), "92": (2, 5), "75": (2, 6), "94": (2, 7),
    "51": (2, 8), "55": (2, 9), "54": (2, 10), "67": (2, 11),
    # Brittany to Alsace
    "29": (3, 0), "22": (3, 1), "35": (3, 2), "53": (3, 3), "72": (3, 4), "28": (3, 5),
    "91": (3, 6), "77": (3, 7), "10": (3, 8), "52": (3, 9), "88": (3, 10), "68": (3, 11),
    "56": (4, 1), "44": (4, 2), "49": (4, 3), "37": (4, 4), "41": (4, 5), "45": (4, 6),
    "58": (4, 7), "89": (4, 8), "21": (4, 9), "70": (4, 10), "90": (4, 11),
    # Centre
    "85": (5, 2), "79": (5, 3), "86": (5, 4), "36": (5, 5), "18": (5, 6), "03": (5, 7),
    "71": (5, 8), "39": (5, 9), "25": (5, 10),
    "17": (6, 3), "16": (6, 4), "87": (6, 5), "23": (6, 6), "63": (6, 7), "69": (6, 8),
    "01": (6, 9), "74": (6, 10),
    "33": (7, 3), "24": (7, 4), "19": (7, 5), "15": (7, 6), "43": (7, 7), "42": (7, 8),
    "38": (7, 9), "73": (7, 10),
    # South
    "47": (8, 4), "46": (8, 5), "12": (8, 6), "48": (8, 7), "07": (8, 8), "26": (8, 9),
    "05": (8, 10),
    "40": (9, 3), "32": (9, 4), "82": (9, 5), "81": (9, 6), "34": (9, 7), "30": (9, 8),
    "84": (9, 9), "04": (9, 10), "06": (9, 11),
    "64": (10, 3), "65": (10, 4), "31": (10, 5), "11": (10, 6), "66": (10, 7), "13": (10, 9),
    "83": (10, 10), "2B": (10, 12),
    "09": (11, 5), "2A": (11, 12),
    # Overseas
    "971": (10, 0), "972": (10, 1), "973": (11, 0), "974": (11, 1), "976": (11, 2),
}  # fmt: skip
ROWS = 1 + max(row for row, _ in TILES.values())
COLUMNS = 1 + max(column for _, column in TILES.values())
CLASSES = 5


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


OUT_OF_SCOPE, UNSCORED = "out-of-scope", "unscored"


@dataclass(frozen=True)
class MapShading:
    # département code -> shade step (0 lightest), or UNSCORED, or OUT_OF_SCOPE
    tiles: dict[str, int | str]
    legend: list[tuple[int, str]]  # (shade step, range of mean scores), lightest first


def shade_map(
    mean_scores: dict[str, float], within: set[str] | None, number: Callable[[float], str]
) -> MapShading:
    """How each tile is painted: the départements of the scope by class of mean score."""
    means = {
        code: mean
        for code, mean in mean_scores.items()
        if code in TILES and (within is None or code in within)
    }
    floors = class_floors(list(means.values()))
    steps = shade_steps(len(floors))
    tiles: dict[str, int | str] = {}
    for code in TILES:
        if within is not None and code not in within:
            tiles[code] = OUT_OF_SCOPE
        elif code not in means:
            tiles[code] = UNSCORED
        else:
            tiles[code] = steps[score_class(means[code], floors)]
    labels = class_labels(floors, max(means.values(), default=0.0), number)
    return MapShading(tiles, list(zip(steps, labels, strict=True)))
