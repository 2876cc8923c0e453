"""The départements' outlines (the package's simplified IGN copy, reports/geodata/) and where
each is drawn: métropole in Lambert-93, the overseas départements and Paris with its ring as
insets, or a région's (a list's) départements zoomed.

Coordinates come out in kilometres of the map's plane; a frame places one group of
départements (métropole, an inset) in that plane.
"""

from __future__ import annotations

import json
import math
import textwrap
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from database.geography import REGION_OF_DEPARTEMENT

GEODATA = Path(__file__).parent / "geodata" / "departements.geojson"
CREDIT = "Contours\u00a0: IGN ADMIN EXPRESS, Licence Ouverte (Etalab)"
Point = tuple[float, float]
Array = NDArray[np.float64]

# Insets of the national map, in the order they are stacked: (name, départements).
OVERSEAS = {"971": "Guadeloupe", "972": "Martinique", "973": "Guyane", "974": "La Réunion",
            "976": "Mayotte"}  # fmt: skip
PARIS = ("75", "92", "93", "94")
INSETS: tuple[tuple[str, tuple[str, ...]], ...] = (
    *((name, (code,)) for code, name in OVERSEAS.items()),
    ("Paris et petite couronne", PARIS),
)
# The national map's plane (km): métropole spans about x 95..1245, y 6040..7115; the insets
# stand in two columns of three boxes at its left, their names on top (lines of TITLE_LINE km).
INSET_SIDE, INSET_GAP, INSET_RIGHT = 200.0, 18.0, 40.0
INSET_TITLE_WIDTH, TITLE_LINE = 16, 28.0


@dataclass(frozen=True)
class Outline:
    code: str
    name: str
    polygons: tuple[tuple[tuple[Point, ...], ...], ...]  # lon/lat rings, outer first, unclosed


@dataclass(frozen=True)
class Frame:
    """A group of départements drawn together, and the function placing lon/lat on the map."""

    codes: tuple[str, ...]
    place: Callable[[Array], Array]
    title: str | None = None  # an inset's name
    box: tuple[float, float, float, float] | None = None  # an inset's x, y, width, height


@dataclass(frozen=True)
class Layout:
    frames: tuple[Frame, ...]
    extent: tuple[float, float, float, float]  # x min, x max, y min, y max of the view
    focus: frozenset[str]  # the scope's départements on a zoomed map, outlined and named


@lru_cache(maxsize=1)
def outlines() -> dict[str, Outline]:
    """Every département's outline, by code, from the package's GeoJSON."""
    collection = json.loads(GEODATA.read_text(encoding="utf-8"))
    return {
        feature["properties"]["code"]: Outline(
            feature["properties"]["code"],
            feature["properties"]["nom"],
            tuple(
                tuple(tuple((x, y) for x, y in ring[:-1]) for ring in polygon)
                for polygon in feature["geometry"]["coordinates"]
            ),
        )
        for feature in collection["features"]
    }


def lambert93(points: Array) -> Array:
    """Lon/lat (degrees, GRS80) to Lambert-93, in km: France's official plane projection."""
    e, a = 0.0818191910428158, 6378.137

    def m(phi: Array | float) -> Array | float:
        return np.cos(phi) / np.sqrt(1 - (e * np.sin(phi)) ** 2)

    def t(phi: Array | float) -> Array | float:
        s = e * np.sin(phi)
        return np.tan(np.pi / 4 - phi / 2) / ((1 - s) / (1 + s)) ** (e / 2)

    phi1, phi2, phi0 = (math.radians(value) for value in (44.0, 49.0, 46.5))
    n = math.log(m(phi1) / m(phi2)) / math.log(t(phi1) / t(phi2))
    f = m(phi1) / (n * t(phi1) ** n)
    rho0 = a * f * t(phi0) ** n
    rho = a * f * t(np.radians(points[:, 1])) ** n
    theta = n * np.radians(points[:, 0] - 3.0)
    return np.column_stack((700 + rho * np.sin(theta), 6600 + rho0 - rho * np.cos(theta)))


def local_plane(centre_latitude: float) -> Callable[[Array], Array]:
    """An equirectangular plane for a small territory far from métropole, in km."""
    squeeze = math.cos(math.radians(centre_latitude))
    return lambda points: np.column_stack((points[:, 0] * squeeze, points[:, 1])) * 111.2


def rings_of(codes: Iterable[str]) -> list[Array]:
    return [
        np.array(ring)
        for code in codes
        for polygon in outlines()[code].polygons
        for ring in polygon
    ]


def bounds(points: list[Array]) -> tuple[float, float, float, float]:
    stacked = np.vstack(points)
    return (float(stacked[:, 0].min()), float(stacked[:, 0].max()),
            float(stacked[:, 1].min()), float(stacked[:, 1].max()))  # fmt: skip


def fitted(
    codes: tuple[str, ...],
    project: Callable[[Array], Array],
    box: tuple[float, float, float, float],
) -> Callable[[Array], Array]:
    """`project`, then scaled and moved to fill the box (x, y, width, height), centred."""
    x_min, x_max, y_min, y_max = bounds([project(ring) for ring in rings_of(codes)])
    left, bottom, width, height = box
    scale = min(width / (x_max - x_min), height / (y_max - y_min))
    shift = np.array(
        (
            left + (width - scale * (x_max - x_min)) / 2 - scale * x_min,
            bottom + (height - scale * (y_max - y_min)) / 2 - scale * y_min,
        )
    )
    return lambda points: project(points) * scale + shift


def metropole() -> tuple[str, ...]:
    return tuple(code for code in outlines() if code not in OVERSEAS)


def national_layout() -> Layout:
    """Métropole in Lambert-93, the insets in two columns of three boxes at its left."""
    main = Frame(metropole(), lambert93)
    x_min, x_max, y_min, y_max = bounds([lambert93(ring) for ring in rings_of(main.codes)])
    frames = [main]
    for index, (name, codes) in enumerate(INSETS):
        column, row = divmod(index, 3)
        left = x_min - INSET_RIGHT + INSET_GAP - (2 - column) * (INSET_SIDE + INSET_GAP)
        top = y_max - row * (INSET_SIDE + INSET_GAP)
        title = textwrap.fill(name, INSET_TITLE_WIDTH)
        room = TITLE_LINE * (title.count("\n") + 1) + 8
        inner = (left + 8, top - INSET_SIDE + 8, INSET_SIDE - 16, INSET_SIDE - room - 12)
        project = lambert93 if codes == PARIS else local_plane(first_latitude(codes[0]))
        box = (left, top - INSET_SIDE, INSET_SIDE, INSET_SIDE)
        frames.append(Frame(codes, fitted(codes, project, inner), title, box))
    left_edge = x_min - INSET_RIGHT - 2 * INSET_SIDE - INSET_GAP
    return Layout(tuple(frames), (left_edge - 5, x_max + 5, y_min - 5, y_max + 5), frozenset())


def first_latitude(code: str) -> float:
    return outlines()[code].polygons[0][0][0][1]


def zoomed_layout(within: frozenset[str]) -> Layout:
    """The scope's départements filling the view, métropole's others around them for context;
    an overseas territory alone."""
    overseas = within & set(OVERSEAS)
    if overseas:
        code = next(iter(overseas))
        project = local_plane(first_latitude(code))
        frame = Frame((code,), project)
        view = bounds([project(ring) for ring in rings_of((code,))])
    else:
        frame = Frame(metropole(), lambert93)
        view = bounds([lambert93(ring) for ring in rings_of(sorted(within))])
    x_min, x_max, y_min, y_max = view
    margin = 0.06 * max(x_max - x_min, y_max - y_min)
    extent = (x_min - margin, x_max + margin, y_min - margin, y_max + margin)
    return Layout((frame,), extent, within)


def layout_for(within: frozenset[str] | None) -> Layout:
    """The national map, or the scope's départements zoomed when they lie in métropole or in
    one overseas territory (a list spread over métropole and overseas keeps the national map)."""
    if within is None or not within:
        return national_layout()
    overseas = within & set(OVERSEAS)
    if overseas and (len(overseas) > 1 or within - overseas):
        return national_layout()
    return zoomed_layout(within)


def borders(codes: Iterable[str]) -> dict[str, list[tuple[Point, Point]]]:
    """The segments of the départements' outlines, each once, by kind: "departement" between
    two départements of one région, "region" between régions, "edge" where only one of
    `codes` lies (coast, frontier, the edge of an inset)."""
    owners: dict[tuple[Point, Point], list[str]] = {}
    for code in codes:
        for polygon in outlines()[code].polygons:
            for ring in polygon:
                for start, end in zip(ring, ring[1:] + ring[:1], strict=True):
                    owners.setdefault((min(start, end), max(start, end)), []).append(code)
    kinds: dict[str, list[tuple[Point, Point]]] = {"departement": [], "region": [], "edge": []}
    for segment, sharing in owners.items():
        regions = Counter(REGION_OF_DEPARTEMENT.get(code) for code in sharing)
        kind = "edge" if len(sharing) < 2 else "region" if len(regions) > 1 else "departement"
        kinds[kind].append(segment)
    return kinds
