"""Make the package's outlines (departements.geojson) from the full IGN-derived GeoJSON.

A development tool, run once when the source changes (not installed, not run by reports):

    .venv/bin/python reports/geodata/simplify.py \
        ../shared/data/france-geojson/departements-avec-outre-mer.geojson \
        reports/geodata/departements.geojson

Neighbouring départements share their border's vertices in the source. Each border is
simplified once (Douglas–Peucker between the points where the set of départements owning the
vertices changes) and given to both sides, so the simplified outlines still meet without gaps
or overlaps and a région's outline is the union of its départements' borders. Islets smaller
than ISLET_KM2 are dropped (never a département's largest piece), and the holes they leave in
a neighbour; coordinates are rounded to DIGITS decimals (about 100 m).
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Any

Point = tuple[float, float]
Ring = list[Point]

TOLERANCE = 0.005  # degrees of latitude, about 550 m: smooth on a région zoomed to a slide
# Territories drawn zoomed (overseas insets, Paris and its ring) keep finer outlines.
FINE = {"971", "972", "974", "976", "75", "92", "93", "94"}
FINE_TOLERANCE = 0.0015
ISLET_KM2 = 4.0
DIGITS = 3


def ring_area_km2(ring: Ring) -> float:
    """Area of a ring in km² (shoelace in degrees, scaled at the ring's latitude)."""
    twice = sum(
        x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True)
    )
    scale = 111.2 * 111.2 * math.cos(math.radians(ring[0][1]))
    return abs(twice) / 2 * scale


def douglas_peucker(points: Ring, tolerance: float) -> Ring:
    """The points of a polyline kept by Douglas–Peucker (its ends always kept), measured in a
    plane where a degree of longitude is shortened by the cosine of the latitude."""
    if len(points) < 3:
        return list(points)
    squeeze = math.cos(math.radians(points[0][1]))
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        dx, dy = (bx - ax) * squeeze, by - ay
        length = math.hypot(dx, dy)
        farthest, distance = first, 0.0
        for index in range(first + 1, last):
            px, py = (points[index][0] - ax) * squeeze, points[index][1] - ay
            gap = abs(dx * py - dy * px) / length if length else math.hypot(px, py)
            if gap > distance:
                farthest, distance = index, gap
        if distance > tolerance:
            keep[farthest] = True
            stack += [(first, farthest), (farthest, last)]
    return [point for point, kept in zip(points, keep, strict=True) if kept]


class Simplifier:
    """Simplifies each shared border once, whichever side asks first."""

    def __init__(self, owners: dict[Point, set[str]]) -> None:
        self.owners = owners
        self.done: dict[tuple[Point, ...], Ring] = {}

    def arc(self, points: Ring) -> Ring:
        forward, backward = tuple(points), tuple(reversed(points))
        key = min(forward, backward)
        if key not in self.done:
            codes = set().union(*(self.owners[point] for point in points))
            tolerance = FINE_TOLERANCE if codes & FINE else TOLERANCE
            self.done[key] = douglas_peucker(list(key), tolerance)
        kept = self.done[key]
        return kept if key == forward else list(reversed(kept))

    def ring(self, ring: Ring) -> Ring:
        """A closed ring (without its closing point), simplified border by border."""
        size = len(ring)
        owners = [frozenset(self.owners[point]) for point in ring]
        fixed = [
            index
            for index in range(size)
            if len(owners[index]) > 2
            or owners[index] != owners[index - 1]
            or owners[index] != owners[(index + 1) % size]
        ]
        if not fixed:  # an island, or an enclave: one closed border, from its smallest point
            start = ring.index(min(ring))
            fixed = [start]
        simplified: Ring = []
        for number, start in enumerate(fixed):
            end = fixed[(number + 1) % len(fixed)]
            span = (end - start) % size or size
            points = [ring[(start + step) % size] for step in range(span + 1)]
            simplified += self.arc(points)[:-1]
        return simplified


def polygons(geometry: dict[str, Any]) -> list[list[Ring]]:
    coordinates = geometry["coordinates"]
    shapes = coordinates if geometry["type"] == "MultiPolygon" else [coordinates]
    return [[[(float(x), float(y)) for x, y in ring[:-1]] for ring in shape] for shape in shapes]


def without_islets(shapes: list[list[Ring]]) -> list[list[Ring]]:
    """The pieces of ISLET_KM2 or more (the largest always), and their holes of that size: a
    hole left by a neighbour's dropped islet would show as a speck."""
    largest = max(shapes, key=lambda shape: ring_area_km2(shape[0]))
    return [
        [shape[0], *(hole for hole in shape[1:] if ring_area_km2(hole) >= ISLET_KM2)]
        for shape in shapes
        if shape is largest or ring_area_km2(shape[0]) >= ISLET_KM2
    ]


def rounded(ring: Ring) -> list[list[float]]:
    points: list[list[float]] = []
    for x, y in ring:
        point = [round(x, DIGITS), round(y, DIGITS)]
        if not points or point != points[-1]:
            points.append(point)
    if len(points) > 1 and points[-1] == points[0]:
        points.pop()
    return points + points[:1]


def simplify(source: dict[str, Any]) -> dict[str, Any]:
    kept = {
        str(feature["properties"]["code"]): (
            str(feature["properties"]["nom"]),
            without_islets(polygons(feature["geometry"])),
        )
        for feature in source["features"]
    }
    owners: dict[Point, set[str]] = {}
    for code, (_, shapes) in kept.items():
        for shape in shapes:
            for ring in shape:
                for point in ring:
                    owners.setdefault(point, set()).add(code)
    simplifier = Simplifier(owners)
    out = []
    for code, (name, shapes) in sorted(kept.items()):
        rings = [[rounded(simplifier.ring(ring)) for ring in shape] for shape in shapes]
        rings = [[ring for ring in shape if len(ring) >= 4] for shape in rings]
        geometry = {"type": "MultiPolygon", "coordinates": [shape for shape in rings if shape]}
        out.append({"type": "Feature", "properties": {"code": code, "nom": name},
                    "geometry": geometry})  # fmt: skip
    return {"type": "FeatureCollection", "features": out}


if __name__ == "__main__":
    source_path, out_path = (Path(argument) for argument in sys.argv[1:3])
    result = simplify(json.loads(source_path.read_text(encoding="utf-8")))
    text = json.dumps(result, ensure_ascii=False, separators=(",", ":"))
    out_path.write_text(text + "\n", encoding="utf-8")
    print(f"{out_path}: {len(text) // 1024} KB, {len(result['features'])} départements")
