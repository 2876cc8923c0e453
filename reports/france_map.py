"""The map of mean scores by département, drawn once with matplotlib: the slide carries this
PNG and `--png` writes the same bytes (docs/report.md, "Map").

Métropole in Lambert-93 with the overseas départements and Paris with its ring as insets; a
région's (a list's) départements zoomed and named, the others pale around them. The legend
stands beside the map, never over it, and says how many départements are coloured.
"""

from __future__ import annotations

import textwrap
from io import BytesIO
from typing import Any

import matplotlib

matplotlib.use("Agg")  # no screen where reports are built

import numpy as np  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.collections import LineCollection, PatchCollection  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import PathPatch, Rectangle  # noqa: E402
from matplotlib.path import Path as MplPath  # noqa: E402

from reports.data import ReportData  # noqa: E402
from reports.french import counted, french_number  # noqa: E402
from reports.map_labels import Name, place_names  # noqa: E402
from reports.map_outlines import (  # noqa: E402
    CREDIT,
    Array,
    Frame,
    Layout,
    borders,
    bounds,
    layout_for,
    rings_of,
)
from reports.map_outlines import outlines as all_outlines  # noqa: E402
from reports.thresholds import INSUFFICIENT, MIN_TILE  # noqa: E402
from reports.tilemap import OUT_OF_SCOPE, THIN, UNSCORED, MapShading  # noqa: E402

# Five blues, each step about twice as dark as the one before (luminance), so that neighbouring
# classes are told apart on a projector, not only the extremes.
CLASS_COLOURS = ("#C6DBEF", "#6BAED6", "#2B7BBA", "#0B4A8F", "#061F45")
NO_SCORE, THIN_FILL, THIN_HATCH, OUTSIDE = "#D4D4D4", "#F2F2F2", "#9A9A9A", "#F4F4F4"
INK, MUTED, EDGE = "#222222", "#6B7280", "#7F8A99"
# The drawing is the slide's picture at its size: a point in the figure is a point on the
# slide. FIGURE is the content area under the title band, above the source line.
FIGURE, LEGEND_WIDTH, GAP, DPI = (12.1, 5.6), 3.75, 0.2, 200
BEST = 6
# A zoomed map names its départements when there are no more than this.
MAX_NAMED = 15


def fill_of(shade: int | str) -> dict[str, Any]:
    """Face, hatch and hatch colour of a département's patch."""
    if isinstance(shade, int):
        return {"facecolor": CLASS_COLOURS[shade]}
    if shade == THIN:
        return {"facecolor": THIN_FILL, "hatch": "////", "hatchcolor": THIN_HATCH}
    return {"facecolor": NO_SCORE if shade == UNSCORED else OUTSIDE}


def map_png(data: ReportData) -> bytes:
    """The map of the deck's scope as a PNG, legend included: the slide's picture and the
    `--png` file."""
    out = BytesIO()
    map_figure(data).savefig(out, format="png", dpi=DPI, metadata={"Software": None})
    return out.getvalue()


def map_figure(data: ReportData) -> Figure:
    """The map (left) and its legend (right, beside it, never over it)."""
    shading = data.map_shading()
    layout = layout_for(shading.within)
    figure = Figure(figsize=FIGURE)
    map_width = FIGURE[0] - LEGEND_WIDTH
    axes = figure.add_axes((0.0, 0.0, (map_width - GAP) / FIGURE[0], 1.0))
    for frame in layout.frames:
        _draw_frame(axes, frame, shading, zoomed=bool(layout.focus))
    x_min, x_max, y_min, y_max = widened(layout.extent, (map_width - GAP) / FIGURE[1])
    axes.set_xlim(x_min, x_max)
    axes.set_ylim(y_min, y_max)
    axes.set_aspect("equal")
    axes.axis("off")
    if layout.focus:
        _outline_scope(axes, layout)
        _name_departements(axes, layout, shading)
    legend = figure.add_axes((map_width / FIGURE[0], 0.0, LEGEND_WIDTH / FIGURE[0], 1.0))
    legend.axis("off")
    view = (x_min, x_max, y_min, y_max)
    drawn = {shading.tiles[code] for code in visible(layout, view)}
    _legend(legend, data, shading, drawn, insets=len(layout.frames) > 1)
    return figure


def visible(layout: Layout, view: tuple[float, float, float, float]) -> set[str]:
    """The départements of which some part lies in the view."""
    x_min, x_max, y_min, y_max = view
    seen = set()
    for frame in layout.frames:
        for code in frame.codes:
            left, right, bottom, top = bounds([frame.place(ring) for ring in rings_of([code])])
            if left < x_max and right > x_min and bottom < y_max and top > y_min:
                seen.add(code)
    return seen


def widened(
    extent: tuple[float, float, float, float], aspect: float
) -> tuple[float, float, float, float]:
    """The view grown around its centre to the map's shape (width / height): a zoomed scope
    keeps its neighbours around it rather than white bands."""
    x_min, x_max, y_min, y_max = extent
    width, height = (
        max(x_max - x_min, aspect * (y_max - y_min)),
        max(y_max - y_min, (x_max - x_min) / aspect),
    )
    x, y = (x_min + x_max) / 2, (y_min + y_max) / 2
    return x - width / 2, x + width / 2, y - height / 2, y + height / 2


def _path(rings: list[Array]) -> MplPath:
    """One compound path, outer rings counter-clockwise and holes clockwise, so that a hole
    (the Drôme around the Enclave des Papes) stays empty."""
    vertices, codes = [], []
    for index, ring in enumerate(rings):
        x, y = ring[:, 0], ring[:, 1]
        clockwise = float(np.dot(x, np.roll(y, -1)) - np.dot(np.roll(x, -1), y)) < 0
        if clockwise != (index > 0):
            ring = ring[::-1]
        vertices += [ring, ring[:1]]
        codes += [MplPath.MOVETO] + [MplPath.LINETO] * (len(ring) - 1) + [MplPath.CLOSEPOLY]
    return MplPath(np.vstack(vertices), codes)


def _draw_frame(axes: Axes, frame: Frame, shading: MapShading, zoomed: bool) -> None:
    """The frame's départements filled by their shade, then their borders: thin white between
    départements, darker between régions and along the coast."""
    if frame.box is not None:
        axes.add_patch(Rectangle(frame.box[:2], frame.box[2], frame.box[3], facecolor="none",
                                 edgecolor="#B8BEC8", linewidth=0.6))  # fmt: skip
        left, bottom, width, height = frame.box
        axes.text(left + width * 0.04, bottom + height * 0.97, frame.title or "", ha="left",
                  va="top", fontsize=9, color=INK, linespacing=1.1)  # fmt: skip
    # One collection per kind of fill (a patch each is slow to add): solid, then hatched.
    patches: dict[bool, list[PathPatch]] = {False: [], True: []}
    faces: dict[bool, list[object]] = {False: [], True: []}
    for code in frame.codes:
        fill = fill_of(shading.tiles[code])
        for polygon in all_outlines()[code].polygons:
            rings = [frame.place(np.array(ring)) for ring in polygon]
            patches["hatch" in fill].append(PathPatch(_path(rings)))
            faces["hatch" in fill].append(fill["facecolor"])
    for hatched, group in patches.items():
        style = fill_of(THIN) if hatched else {}
        style.pop("facecolor", None)
        axes.add_collection(PatchCollection(group, facecolors=faces[hatched], linewidths=0,
                                            **style))  # fmt: skip
    inner = 1.2 if zoomed else 0.5  # white between départements, wider where they are large
    styles = {"departement": ("white", inner), "region": ("#4B5563", 0.9), "edge": (EDGE, 0.6)}
    for kind, segments in borders(frame.codes).items():
        if segments:
            placed = frame.place(np.array(segments).reshape(-1, 2)).reshape(-1, 2, 2)
            colour, width = styles[kind]
            axes.add_collection(LineCollection(list(placed), colors=colour, linewidths=width))


def _outline_scope(axes: Axes, layout: Layout) -> None:
    """The edge of a zoomed scope, dark, so that it stands out of the pale départements around."""
    frame = layout.frames[0]
    edge = borders(sorted(layout.focus))["edge"]
    placed = frame.place(np.array(edge).reshape(-1, 2)).reshape(-1, 2, 2)
    axes.add_collection(LineCollection(list(placed), colors=INK, linewidths=1.1))


def _name_departements(axes: Axes, layout: Layout, shading: MapShading) -> None:
    """A zoomed map names its départements (up to MAX_NAMED), each in its largest piece."""
    if len(layout.focus) > MAX_NAMED:
        return
    frame = layout.frames[0]
    names = []
    for code in sorted(layout.focus):
        outline = all_outlines()[code]
        ring = frame.place(np.array(max(outline.polygons, key=lambda p: len(p[0]))[0]))
        shade = shading.tiles[code]
        names.append(Name(outline.name, ring, isinstance(shade, int) and shade >= 2))
    figure = axes.get_figure()
    assert isinstance(figure, Figure)
    place_names(axes, FigureCanvasAgg(figure).get_renderer(), names)


def _legend(
    axes: Axes, data: ReportData, shading: MapShading, drawn: set[int | str], insets: bool
) -> None:
    """Classes, the tiles drawn without a class, how many départements are coloured, the best
    means by name, and the credit of the outlines; top to bottom in points."""
    cursor = _Cursor(axes)
    cursor.line("Score moyen des collectivités notées du département", size=13, bold=True)
    cursor.line(f"Campagne n° {data.run_id}, {data.scope.label}", size=10, color=MUTED)
    cursor.skip(6)
    for step, label in shading.legend:
        cursor.swatch(
            fill_of(step), f"de {label} sur 100" if " à " in label else f"{label} sur 100"
        )
    others = {
        THIN: f"{INSUFFICIENT.capitalize()} (moins de {MIN_TILE} collectivités notées)",
        UNSCORED: "Aucune collectivité notée",
        OUT_OF_SCOPE: "Hors de la liste" if data.scope.kind == "list" else "Hors du périmètre",
    }
    for state, label in others.items():
        if state in drawn:
            cursor.swatch(fill_of(state), label)
    cursor.skip(4)
    coloured = counted(shading.coloured, "département coloré", "départements colorés")
    cursor.line(f"{coloured} sur {shading.in_scope}", size=12, bold=True)
    _best_means(cursor, data, shading)
    scales = " Outre-mer et Paris à d'autres échelles." if insets else ""
    note = f"Classes de tailles égales (quantiles des départements colorés).{scales} {CREDIT}."
    axes.text(0.0, 0.015, textwrap.fill(note, 58), transform=axes.transAxes, fontsize=8,
              color=MUTED, va="bottom")  # fmt: skip


def _best_means(cursor: _Cursor, data: ReportData, shading: MapShading) -> None:
    best = sorted(
        (
            (mean, count, code)
            for code, (mean, count) in data.departement_scores.items()
            if isinstance(shading.tiles.get(code), int)
        ),
        key=lambda item: (-item[0], item[2]),
    )[:BEST]
    if not best:
        return
    cursor.skip(10)
    cursor.line("Meilleures moyennes", size=12, bold=True)
    for mean, count, code in best:
        name = all_outlines()[code].name
        cursor.line(f"{name} : {french_number(mean)} sur 100 ({counted(count, 'notée')})", 11)


class _Cursor:
    """Writes the legend's lines downwards from the top, in points."""

    def __init__(self, axes: Axes) -> None:
        self.axes = axes
        self.height = axes.get_position().height * FIGURE[1] * 72  # points
        self.y = self.height - 14.0

    def skip(self, points: float) -> None:
        self.y -= points

    def _at(self, x: float) -> tuple[float, float]:
        return x / (LEGEND_WIDTH * 72), self.y / self.height

    def line(self, text: str, size: float, bold: bool = False, color: str = INK,
             indent: float = 0.0) -> None:  # fmt: skip
        wrapped = textwrap.wrap(
            text, int((LEGEND_WIDTH * 72 - indent) / (size * (0.62 if bold else 0.53)))
        )
        for part in wrapped:
            self.axes.text(*self._at(indent), part, transform=self.axes.transAxes, fontsize=size,
                           fontweight="bold" if bold else "normal", color=color, va="top")  # fmt: skip
            self.y -= size * 1.3

    def swatch(self, fill: dict[str, Any], label: str) -> None:
        x, y = self._at(0.0)
        width, height = 20 / (LEGEND_WIDTH * 72), 13 / self.height
        self.axes.add_patch(Rectangle((x, y - height), width, height, transform=self.axes.transAxes,
                                      edgecolor="#B8BEC8", linewidth=0.5, **fill))  # fmt: skip
        self.line(label, 11, indent=28.0)
        self.y -= 4
