"""The levers of action, grouped by axis: for each axis the levers that close the widest
weighted gaps on the scope's scored sites, with their effort, horizon and who acts."""

from __future__ import annotations

from pptx.presentation import Presentation as PresentationType
from pptx.util import Inches

from reports.data import ReportData
from reports.deck_source import source
from reports.french import french_count, french_percent, plural
from reports.layout import CONTENT_TOP, CONTENT_WIDTH, MARGIN, add_table, add_text, titled_slide
from reports.levers import LeverGap, lever_gaps
from reports.thresholds import INSUFFICIENT, MIN_SITES

AXES_PER_SLIDE, LEVERS_PER_AXIS = 3, 3
HEADER = ["Axe", "Levier", "Écart à l'objectif", "Effort", "Horizon", "Qui agit"]


# The rule of the levers' figures (docs/report.md), said under their table in the deck and in
# the study document alike.
LEVER_RULE = (
    "Écart : celui de l'indicateur principal du levier, sur les sites où il est connu (un"
    " indicateur connu sur moins de la moitié des sites notés n'est pas retenu) ; rang : poids"
    " × écart."
)


def gap_text(found: LeverGap, named: bool = False) -> str:
    """'61 % (n = 23)', '58 % (n = 12 ; 11 inconnus)': the figure of one indicator with its
    own n; `named`: with that indicator's label when the lever moves several (the study
    document, which has the room)."""
    n = f"n = {french_count(found.n)}"
    if found.unknown:
        n += f" ; {french_count(found.unknown)} {plural(found.unknown, 'inconnu')}"
    gap = INSUFFICIENT if found.n < MIN_SITES else french_percent(100 * found.gap)
    said = f"{gap} ({n})"
    return f"{said}\n{found.label}" if named and found.label else said


def lever_rows(data: ReportData) -> list[list[list[str]]]:
    """Per axis of the model, the rows of its levers (the axis named on the first)."""
    sites = [] if data.synthesis is None else list(data.synthesis.current.sites.values())
    groups = []
    for axis, label in data.axis_labels.items():
        found = lever_gaps(axis, sites, data.indicator_weights, data.indicator_labels)
        found = found[:LEVERS_PER_AXIS]
        groups.append(
            [
                [
                    label if index == 0 else "",
                    g.lever.action,
                    gap_text(g),
                    g.lever.effort,
                    g.lever.horizon,
                    ", ".join(g.lever.actors),
                ]
                for index, g in enumerate(found)
            ]  # fmt: skip
            or [[label, "Aucun écart mesuré sur cet axe", "", "", "", ""]]
        )
    return groups


def lever_slides(presentation: PresentationType, data: ReportData) -> None:
    groups = lever_rows(data)
    pages = [groups[i : i + AXES_PER_SLIDE] for i in range(0, len(groups), AXES_PER_SLIDE)]
    for number, page in enumerate(pages, start=1):
        slide = titled_slide(
            presentation,
            f"Leviers d'action par axe ({number}/{len(pages)})",
            f"{source(data)} {LEVER_RULE}",
        )
        rows = [row for group in page for row in group]
        add_table(slide, MARGIN, CONTENT_TOP, CONTENT_WIDTH, HEADER, rows,
                  (0.13, 0.33, 0.12, 0.1, 0.13, 0.19), size=12)  # fmt: skip
        if not rows:
            add_text(slide, MARGIN, CONTENT_TOP, CONTENT_WIDTH, Inches(1), "Aucun axe.", size=18)
