"""The importance × satisfaction matrix: services named on their points, labels set where they
overlap least, the quadrants' thresholds (survey/ipa.py) drawn as lines whose values are
written the French way, and the quadrants named in their corners."""

from __future__ import annotations

from typing import Any

from pptx.enum.chart import XL_LABEL_POSITION
from pptx.util import Emu, Inches

from reports.french import french_number
from reports.layout import new_presentation
from reports.survey_matrix import (
    SERVICES,
    _overlap,
    add_matrix,
    bounds,
    place_labels,
    place_shaped,
    two_lines,
)
from survey.families import FAMILIES
from survey.ipa import thresholds

MEANS = {"demarches": (3.46, 3.12), "paiement": (3.92, 3.6), "alertes": (3.48, 3.14),
         "contact": (2.9, 3.7)}  # fmt: skip
NAMES = {"demarches": "Démarches", "paiement": "Paiement", "alertes": "Alertes",
         "contact": "Contact"}  # fmt: skip


def chart() -> Any:
    presentation = new_presentation()
    slide = presentation.slides.add_slide(presentation.slide_layouts[6])
    frame = (Emu(0), Emu(0), Inches(5.4), Inches(5.3))
    return add_matrix(slide, frame, MEANS, NAMES, thresholds(MEANS))


def test_points_carry_the_services_names() -> None:
    [services] = [s for s in chart().plots[0].series if s.name == SERVICES]
    assert list(services.values) == [round(i, 2) for i, _ in MEANS.values()]
    labels = [services.points[i].data_label.text_frame.text for i in range(len(MEANS))]
    assert labels == list(NAMES.values())


def test_the_quadrant_thresholds_are_lines_with_french_values() -> None:
    importance, satisfaction = thresholds(MEANS)
    series = {s.name: s for s in chart().plots[0].series}
    across, up = series["Seuil de satisfaction"], series["Seuil d'importance"]
    low, high = bounds(MEANS)
    assert list(across.values) == [low, high]  # vertical: satisfaction fixed, full height
    assert set(up.values) == {round(importance, 2)}  # horizontal: importance fixed
    said = across.points[1].data_label.text_frame.text
    assert said == f"moyenne {french_number(round(satisfaction, 1))}"
    assert "." not in said  # "3,4", never "3.4"
    corners = series["Quadrants"]
    names = [corners.points[i].data_label.text_frame.text for i in range(4)]
    assert names == ["Priorité", "Atout à préserver", "Secondaire", "Effort peut-être excessif"]


def test_axes_have_whole_number_ticks_only() -> None:
    found = chart()
    for axis in (found.category_axis, found.value_axis):
        assert axis.major_unit == 1
        assert axis.tick_labels.number_format == "0"


def test_labels_of_close_points_go_where_they_do_not_overlap() -> None:
    points = [(1.0, 1.0), (1.05, 1.02), (3.0, 3.0)]
    widths = [0.8, 0.8, 0.8]
    sides = place_labels(points, widths, (4.0, 4.0))
    assert sides[0] != sides[1]  # two nearly equal points: their labels take different sides
    boxes = []
    for (x, y), side, width in zip(points, sides, widths, strict=True):
        left = {XL_LABEL_POSITION.RIGHT: x + 0.08, XL_LABEL_POSITION.LEFT: x - 0.08 - width}
        top = {XL_LABEL_POSITION.ABOVE: y + 0.27, XL_LABEL_POSITION.BELOW: y - 0.08}
        x0 = left.get(side, x - width / 2)
        y1 = top.get(side, y + 0.095)
        boxes.append((x0, y1 - 0.19, x0 + width, y1))
    assert _overlap(boxes[0], boxes[1]) == 0
    # a label near the plot's right edge goes left rather than out of the plot
    assert place_labels([(3.9, 2.0)], [1.0], (4.0, 4.0)) == [XL_LABEL_POSITION.LEFT]


def test_a_long_label_near_the_right_edge_breaks_in_two_rather_than_leave_the_plot() -> None:
    """ "Lettre d'information" to the right of a point near the edge would be cut by the
    chart's frame ("Lettre d'informatio"); with the left and above taken, it goes on two
    lines, at the space nearest its middle."""
    assert two_lines("Lettre d'information") == "Lettre\nd'information"
    assert two_lines("Contact") is None
    one, two = 0.075 * len("Lettre d'information"), 0.075 * len("d'information")
    taken = [(1.5, 1.7, 3.4, 2.5)]  # other labels, left of and above the point
    assert place_shaped([(3.0, 2.0)], [[(one, 1), (two, 2)]], (4.1, 4.0), taken) == [
        (XL_LABEL_POSITION.RIGHT, 1)
    ]
    # Where it fits on one line, it stays on one.
    assert place_shaped([(1.0, 2.0)], [[(one, 1), (two, 2)]], (4.1, 4.0)) == [
        (XL_LABEL_POSITION.RIGHT, 0)
    ]
    # The demo's services: the newsletter, the most satisfying, sits near the right edge.
    means = {"demarches": (4.009, 2.429), "paiement": (3.685, 3.389), "rendez_vous": (4.131, 3.015),
             "alertes": (4.024, 2.215), "lettre": (3.072, 3.831), "reseaux": (2.47, 2.418),
             "conseil": (3.239, 2.715), "participation": (2.879, 3.33), "contact": (2.594, 2.549),
             "aide": (3.039, 3.324)}  # fmt: skip
    names = {family.key: family.short for family in FAMILIES}
    presentation = new_presentation()
    slide = presentation.slides.add_slide(presentation.slide_layouts[6])
    frame = (Emu(0), Emu(0), Inches(5.4), Inches(5.3))
    matrix = add_matrix(slide, frame, means, names, thresholds(means))
    labels = [point.data_label.text_frame.text for point in matrix.plots[0].series[0].points]
    assert labels[list(means).index("lettre")] == "Lettre\nd'information"
    assert labels[list(means).index("paiement")] == "Paiement"
