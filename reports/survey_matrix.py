"""The importance × satisfaction matrix as a native scatter chart: the services as points named
by their short names (each label put where it overlaps least), the two thresholds that split
the quadrants (survey/ipa.py) as dashed lines with their value in French ("moyenne 3,4"), and
the quadrants' names in their corners. Whole-number ticks: no decimal separator is left to
the viewer's locale."""

from __future__ import annotations

import math
from typing import Any

from pptx.chart.data import XyChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_MARKER_STYLE
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.slide import Slide
from pptx.util import Emu, Length, Pt

from reports.french import french_number
from reports.layout import MUTED, SCALE
from survey.ipa import QUADRANTS

SERVICES = "Services"
LABEL_PT = 10
# Approximate geometry of a label, in inches, to choose where it overlaps least.
CHAR_WIDTH, LINE_HEIGHT, GAP = 0.075, 0.19, 0.08
# What breaking a label in two costs, in the units of _cost (square inches of overlap): a
# label on one line wherever it fits, on two rather than cut by the chart's frame.
WRAP_COST = 0.01
# Room the axes' titles and ticks take in the chart frame, in inches (left, bottom).
AXES_ROOM = (1.3, 1.0)
Box = tuple[float, float, float, float]  # left, bottom, right, top, in inches
# The quadrants' short names, top left, top right, bottom left, bottom right, and their sides.
CORNER_NAMES = [QUADRANTS[key].split(" :")[0] for key in
                ((True, False), (True, True), (False, False), (False, True))]  # fmt: skip
CORNER_SIDES = [XL_LABEL_POSITION.RIGHT, XL_LABEL_POSITION.LEFT] * 2


def bounds(means: dict[str, tuple[float, float]]) -> tuple[int, int]:
    """Whole-number bounds of both axes, within the 1–5 scale."""
    values = [value for pair in means.values() for value in pair]
    return max(math.floor(min(values) - 0.25), 1), min(math.ceil(max(values) + 0.25), 5)


def _candidates(
    x: float, y: float, width: float, lines: int = 1
) -> list[tuple[XL_LABEL_POSITION, Box]]:
    tall = LINE_HEIGHT * lines
    half = tall / 2
    return [
        (XL_LABEL_POSITION.RIGHT, (x + GAP, y - half, x + GAP + width, y + half)),
        (XL_LABEL_POSITION.LEFT, (x - GAP - width, y - half, x - GAP, y + half)),
        (XL_LABEL_POSITION.ABOVE, (x - width / 2, y + GAP, x + width / 2, y + GAP + tall)),
        (XL_LABEL_POSITION.BELOW, (x - width / 2, y - GAP - tall, x + width / 2, y - GAP)),
    ]


def two_lines(label: str) -> str | None:
    """The label broken at the space nearest its middle ("Lettre\nd'information"), for a
    point whose one-line label would leave the plot (and be cut by the chart's frame)."""
    spaces = [i for i, char in enumerate(label) if char == " "]
    if not spaces:
        return None
    cut = min(spaces, key=lambda i: abs(len(label) - 2 * i))
    return f"{label[:cut]}\n{label[cut + 1 :]}"


def _width(text: str) -> float:
    return CHAR_WIDTH * max(len(line) for line in text.split("\n"))


def _overlap(a: Box, b: Box) -> float:
    return max(0.0, min(a[2], b[2]) - max(a[0], b[0])) * max(0.0, min(a[3], b[3]) - max(a[1], b[1]))


def _cost(box: Box, obstacles: list[Box], plot: tuple[float, float]) -> float:
    """How much a label's box overlaps the obstacles, and (doubled) lies outside the plot."""
    inside = (max(box[0], 0), max(box[1], 0), min(box[2], plot[0]), min(box[3], plot[1]))
    area = (box[2] - box[0]) * (box[3] - box[1])
    outside = area - _overlap(box, inside) if inside[0] < inside[2] else area
    return sum(_overlap(box, other) for other in obstacles) + 2 * outside


def place_labels(
    points: list[tuple[float, float]],
    widths: list[float],
    plot: tuple[float, float],
    fixed: list[Box] | None = None,
) -> list[XL_LABEL_POSITION]:
    """For points in inches within a plot of (width, height), the side of each label that
    overlaps least the labels already placed, the `fixed` ones (thresholds, quadrants), the
    points and the plot's edges (greedy, the most crowded points first)."""
    shapes = [[(width, 1)] for width in widths]
    return [side for side, _ in place_shaped(points, shapes, plot, fixed)]


def place_shaped(
    points: list[tuple[float, float]],
    shapes: list[list[tuple[float, int]]],
    plot: tuple[float, float],
    fixed: list[Box] | None = None,
) -> list[tuple[XL_LABEL_POSITION, int]]:
    """As place_labels, each label given as its variants' (width, lines), the first preferred
    (the others cost WRAP_COST more): the side and the variant of each."""
    markers = [(x - 0.06, y - 0.06, x + 0.06, y + 0.06) for x, y in points]
    crowd = [sum(math.dist(p, q) < 1.0 for q in points) for p in points]
    placed: dict[int, tuple[float, XL_LABEL_POSITION, Box, int]] = {}
    for index in sorted(range(len(points)), key=lambda i: (-crowd[i], i)):
        obstacles = [*(fixed or []), *(box for _, _, box, _ in placed.values())]
        obstacles += [m for j, m in enumerate(markers) if j != index]
        x, y = points[index]
        placed[index] = min(
            (
                (_cost(box, obstacles, plot) + WRAP_COST * variant, side, box, variant)
                for variant, (width, lines) in enumerate(shapes[index])
                for side, box in _candidates(x, y, width, lines)
            ),
            key=lambda candidate: candidate[0],  # the first of equals, as listed
        )
    return [(placed[i][1], placed[i][3]) for i in range(len(points))]


def add_matrix(
    slide: Slide,
    frame: tuple[Length, Length, Length, Length],
    means: dict[str, tuple[float, float]],
    names: dict[str, str],
    cut: tuple[float, float],
) -> Any:
    """The chart in `frame` (left, top, width, height): `means` key -> (importance,
    satisfaction), `names` key -> label, `cut` the (importance, satisfaction) thresholds."""
    low, high = bounds(means)
    data = XyChartData()
    services = data.add_series(SERVICES)
    for importance, satisfaction in means.values():
        services.add_data_point(round(satisfaction, 2), round(importance, 2))
    across = data.add_series("Seuil de satisfaction")
    for y in (low, high):
        across.add_data_point(round(cut[1], 2), y)
    up = data.add_series("Seuil d'importance")
    # A point on the line near its right end carries its value, above it and inside the plot.
    for along in (low, high - 0.35 * (high - low), high):
        up.add_data_point(along, round(cut[0], 2))
    corners = data.add_series("Quadrants")
    inset = 0.06 * (high - low)  # the names inside the plot, clear of its edges
    corner_points = [(low, high - inset), (high, high - inset), (low, low + inset),
                     (high, low + inset)]  # fmt: skip
    for corner_x, corner_y in corner_points:
        corners.add_data_point(corner_x, corner_y)
    left, top, width, height = frame
    shape: Any = slide.shapes.add_chart(XL_CHART_TYPE.XY_SCATTER, left, top, width, height,
                                        data)  # type: ignore[arg-type]  # fmt: skip
    chart = shape.chart
    chart.has_legend = False
    for axis, title in ((chart.category_axis, "Satisfaction"), (chart.value_axis, "Importance")):
        axis.minimum_scale, axis.maximum_scale, axis.major_unit = low, high, 1
        axis.has_title = True
        axis.axis_title.text_frame.text = f"{title} (moyenne, de 1 à 5)"
        axis.axis_title.text_frame.paragraphs[0].runs[0].font.size = Pt(12)
        axis.tick_labels.font.size = Pt(12)
        axis.tick_labels.number_format, axis.tick_labels.number_format_is_linked = "0", False
        axis.has_major_gridlines = False
    plotted = chart.plots[0].series
    across_text = f"moyenne {french_number(round(cut[1], 1))}"
    up_text = f"moyenne {french_number(round(cut[0], 1))}"
    _style_line(plotted[1], across_text, 1, XL_LABEL_POSITION.RIGHT)
    _style_line(plotted[2], up_text, 1, XL_LABEL_POSITION.ABOVE)
    _style_corners(plotted[3])
    fixed = [  # what the services' labels should not cover: (x, y, text, side)
        (cut[1], float(high), across_text, XL_LABEL_POSITION.RIGHT),
        (high - 0.35 * (high - low), cut[0], up_text, XL_LABEL_POSITION.ABOVE),
        *((x, y, name, side) for (x, y), name, side in zip(corner_points, CORNER_NAMES,
                                                            CORNER_SIDES, strict=True)),
    ]  # fmt: skip
    _style_services(plotted[0], means, names, (low, high), (width, height), fixed)
    return chart


def _style_services(
    series: Any,
    means: dict[str, tuple[float, float]],
    names: dict[str, str],
    span: tuple[int, int],
    size: tuple[Length, Length],
    fixed: list[tuple[float, float, str, XL_LABEL_POSITION]],
) -> None:
    series.marker.style = XL_MARKER_STYLE.CIRCLE
    series.marker.size = 9
    series.marker.format.fill.solid()
    series.marker.format.fill.fore_color.rgb = SCALE[4]
    series.format.line.fill.background()
    plot = (Emu(size[0]).inches - AXES_ROOM[0], Emu(size[1]).inches - AXES_ROOM[1])
    per_unit = (plot[0] / (span[1] - span[0]), plot[1] / (span[1] - span[0]))

    def inches(x: float, y: float) -> tuple[float, float]:
        return (x - span[0]) * per_unit[0], (y - span[0]) * per_unit[1]

    points = [inches(s, i) for i, s in means.values()]
    taken = [dict(_candidates(*inches(x, y), CHAR_WIDTH * len(text)))[side]
             for x, y, text, side in fixed]  # fmt: skip
    variants = [[names[key], *filter(None, [two_lines(names[key])])] for key in means]
    shapes = [[(_width(text), text.count("\n") + 1) for text in texts] for texts in variants]
    placed = place_shaped(points, shapes, plot, taken)
    for index, (side, variant) in enumerate(placed):
        _label(series.points[index].data_label, variants[index][variant], side, bold=False)


def _style_line(series: Any, text: str, end: int, side: XL_LABEL_POSITION) -> None:
    """A threshold: a dashed grey line without markers, its value at its point `end`."""
    series.marker.style = XL_MARKER_STYLE.NONE
    line = series.format.line
    line.color.rgb = MUTED
    line.width = Pt(1.25)
    line.dash_style = MSO_LINE_DASH_STYLE.DASH
    series.smooth = False
    _label(series.points[end].data_label, text, side, color=MUTED)


def _style_corners(series: Any) -> None:
    """The quadrants' names at the plot's corners; the points themselves are not drawn."""
    series.marker.style = XL_MARKER_STYLE.NONE
    series.format.line.fill.background()
    for index, (name, side) in enumerate(zip(CORNER_NAMES, CORNER_SIDES, strict=True)):
        _label(series.points[index].data_label, name, side, color=MUTED, italic=True)


def _label(
    label: Any,
    text: str,
    side: XL_LABEL_POSITION,
    bold: bool = False,
    color: RGBColor | None = None,
    italic: bool = False,
) -> None:
    label.has_text_frame = True
    label.text_frame.text = text
    for paragraph in label.text_frame.paragraphs:  # a label broken in two has two
        font = paragraph.runs[0].font
        font.size, font.bold, font.italic = Pt(LABEL_PT), bold, italic
        if color is not None:
            font.color.rgb = color
    label.position = side
