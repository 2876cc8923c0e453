"""The names on a zoomed map: each inside its département where it fits, else beside it with a
leader line; never over another name."""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.path import Path as MplPath
from matplotlib.patheffects import withStroke
from matplotlib.text import Annotation, Text
from matplotlib.transforms import Bbox

from reports.map_outlines import Array

INK, DARK_HALO = "#222222", "#08306B"
# Where a name that does not fit is tried, in points from its département: rings of 8
# directions, the nearest ring first and, on a ring, the direction away from the map's centre.
RADII, ANGLES = (36.0, 56.0, 80.0, 105.0), (0, 45, 90, 135, 180, 225, 270, 315)


def offsets(outward: tuple[float, float]) -> list[tuple[float, float]]:
    """The places tried for a name beside its département, best first."""
    norm = math.hypot(*outward) or 1.0
    ux, uy = outward[0] / norm, outward[1] / norm
    tried = [
        (radius, -(math.cos(math.radians(a)) * ux + math.sin(math.radians(a)) * uy), a)
        for radius in RADII
        for a in ANGLES
    ]
    return [
        (radius * math.cos(math.radians(a)), radius * math.sin(math.radians(a)))
        for radius, _, a in sorted(tried)
    ]


@dataclass(frozen=True)
class Name:
    text: str
    ring: Array  # the outline of the département's largest piece, in the map's plane
    dark: bool  # on a dark fill: white letters


def label_point(ring: Array, steps: int = 25) -> tuple[float, float]:
    """The point of a grid over the ring farthest from its edge (inside it): a name set there
    stays inside a crescent or a long département, where the centroid may not."""
    (x_min, y_min), (x_max, y_max) = ring.min(axis=0), ring.max(axis=0)
    grid = np.array(np.meshgrid(np.linspace(x_min, x_max, steps),
                                np.linspace(y_min, y_max, steps))).reshape(2, -1).T  # fmt: skip
    inside = grid[MplPath(ring).contains_points(grid)]
    if not len(inside):
        return float(ring[:, 0].mean()), float(ring[:, 1].mean())
    starts, ends = ring, np.roll(ring, -1, axis=0)
    along = ends - starts
    length = np.maximum((along**2).sum(axis=1), 1e-12)
    share = np.clip(((inside[:, None, :] - starts) * along).sum(axis=2) / length, 0, 1)
    nearest = starts + share[..., None] * along
    distance = np.sqrt(((inside[:, None, :] - nearest) ** 2).sum(axis=2)).min(axis=1)
    x, y = inside[int(distance.argmax())]
    return float(x), float(y)


def area(ring: Array) -> float:
    x, y = ring[:, 0], ring[:, 1]
    return abs(float(np.dot(x, np.roll(y, -1)) - np.dot(np.roll(x, -1), y))) / 2


def place_names(axes: Axes, renderer: RendererBase, names: list[Name]) -> None:
    """The largest départements are named first, inside; a name that would spill over its
    border or over a placed name goes beside, joined to its département by a thin line."""
    placed: list[Bbox] = []
    frame = axes.get_window_extent(renderer)
    points = {name.text: label_point(name.ring) for name in names}
    centre = np.mean(list(points.values()), axis=0)
    for name in sorted(names, key=lambda name: -area(name.ring)):
        point = points[name.text]
        text = _text(axes, name, point, name.dark)
        box = Text.get_window_extent(text, renderer)
        if _inside(axes, box, name.ring) and not _overlaps(box, placed):
            placed.append(box)
            continue
        text.remove()
        outward = (point[0] - float(centre[0]), point[1] - float(centre[1]))
        for offset in offsets(outward):
            text = _text(axes, name, point, False, offset)
            box = _extent(text, renderer)
            if (
                not _overlaps(box, placed)
                and frame.contains(box.x0, box.y0)
                and frame.contains(box.x1, box.y1)
            ):
                break
            text.remove()
        else:
            text = _text(axes, name, point, name.dark)
            box = Text.get_window_extent(text, renderer)
        placed.append(box)


def _extent(text: Text, renderer: RendererBase) -> Bbox:
    """The box of a name's letters (an annotation's leader line left out)."""
    if isinstance(text, Annotation):
        text.update_positions(renderer)
    return Text.get_window_extent(text, renderer)


def _text(
    axes: Axes,
    name: Name,
    point: tuple[float, float],
    dark: bool,
    offset: tuple[float, float] | None = None,
) -> Text:
    style = {
        "ha": "center", "va": "center", "fontsize": 10, "linespacing": 1.0,
        "color": "white" if dark else INK,
        "path_effects": [withStroke(linewidth=2.4, foreground=DARK_HALO if dark else "white",
                                    alpha=0.7 if dark else 0.85)],
    }  # fmt: skip
    text = textwrap.fill(name.text, 14)
    if offset is None:
        return axes.text(*point, text, **style)  # type: ignore[arg-type]
    return axes.annotate(
        text, point, xytext=offset, textcoords="offset points",
        arrowprops={"arrowstyle": "-", "color": INK, "linewidth": 0.7, "shrinkA": 2, "shrinkB": 0},
        **style,  # type: ignore[arg-type]
    )  # fmt: skip


def _inside(axes: Axes, box: Bbox, ring: Array) -> bool:
    """Whether the name's box, corners and mid-sides, lies within the département."""
    xs, ys = (box.x0, (box.x0 + box.x1) / 2, box.x1), (box.y0, (box.y0 + box.y1) / 2, box.y1)
    points = np.array([(x, y) for x in xs for y in ys])
    return bool(MplPath(axes.transData.transform(ring)).contains_points(points).all())


def _overlaps(box: Bbox, placed: list[Bbox]) -> bool:
    padded = box.padded(2)
    return any(padded.overlaps(other) for other in placed)
