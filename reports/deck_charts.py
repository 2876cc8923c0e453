"""The chart slides: adoption of features by stratum, and the six axes by stratum. Each stratum
is a category with its n; thin strata are merged, and a category still under the threshold
is named "effectif insuffisant" and not drawn (reports/stratum_groups.py)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.presentation import Presentation as PresentationType
from pptx.slide import Slide
from pptx.util import Emu, Inches, Pt

from reports.adoption import ADOPTION_GROUPS
from reports.data import ReportData
from reports.deck_source import source
from reports.french import NARROW_NBSP, counted, french_count, plural
from reports.layout import (
    CONTENT_TOP,
    CONTENT_WIDTH,
    MARGIN,
    MUTED,
    SERIES,
    SLIDE_HEIGHT,
    add_text,
    titled_slide,
)
from reports.stratum_groups import StratumGroup, group_label, merge_note
from reports.thresholds import INSUFFICIENT, MIN_SITES

PERCENT_FORMAT = f'0"{NARROW_NBSP}%"'
NOTE_HEIGHT = Inches(0.55)
Value = Callable[[StratumGroup], float | None]


def stratum_chart_slides(presentation: PresentationType, data: ReportData) -> None:
    """The adoption charts and the axes chart; when no stratum, even merged, reaches the
    threshold, one slide saying so instead of four empty charts."""
    figures = data.by_group
    if not any(group.shown for group in figures.groups):
        insufficient_slide(presentation, data)
        return
    for title, features in ADOPTION_GROUPS:
        overview_slide(presentation, data, title, features)
    axes_slide(presentation, data)


def overview_slide(
    presentation: PresentationType,
    data: ReportData,
    title: str,
    features: tuple[tuple[str, str], ...],
) -> None:
    figures = data.by_group
    slide = titled_slide(
        presentation, title, source(data) + " Part des sites explorés de chaque strate, en %."
    )
    series: list[tuple[str, Value]] = [
        (label, partial(figures.adoption_value, key)) for key, label in features
    ]
    _draw(slide, figures.groups, lambda group: group.n, series, PERCENT_FORMAT)


def axes_slide(presentation: PresentationType, data: ReportData) -> None:
    figures = data.by_group
    slide = titled_slide(
        presentation,
        "Les six axes du score, par strate",
        source(data) + " Sites notés de chaque strate.",
    )
    series: list[tuple[str, Value]] = [
        (data.axis_labels[key], partial(figures.axis_value, key)) for key in data.axis_labels
    ]
    _draw(slide, figures.groups, lambda group: figures.scored[group.key], series, "0")


def insufficient_slide(presentation: PresentationType, data: ReportData) -> None:
    """Why the deck has no chart by stratum: each stratum's n, under the threshold."""
    groups = data.by_group.groups
    slide = titled_slide(presentation, "Adoption et axes du score, par strate", source(data))
    strata = ", ".join(
        f"{group_label([stratum])} (n = {french_count(size)})"
        for group in groups
        for stratum, size in zip(group.strata, group.sizes, strict=True)
    )
    add_text(
        slide,
        MARGIN,
        CONTENT_TOP,
        CONTENT_WIDTH,
        Inches(3),
        f"{INSUFFICIENT.capitalize()} : {counted(data.crawled, 'site')}"
        f" {plural(data.crawled, 'exploré')} dans le périmètre, soit {strata}. Même en réunissant"
        f" les strates voisines, aucune n'atteint {MIN_SITES} sites : les taux d'adoption et"
        " les scores moyens par strate ne sont pas donnés. Les fiches des collectivités et le"
        " classement national de leur strate restent valables.",
        size=18,
    )


def _draw(
    slide: Slide,
    groups: list[StratumGroup],
    n_of: Callable[[StratumGroup], int],
    series: list[tuple[str, Value]],
    number_format: str,
) -> None:
    """The chart of `series` over the groups, a group under the threshold named but not drawn;
    the note under it names the strata merged and those left undrawn."""
    chart_data = CategoryChartData(number_format="0")
    chart_data.categories = [group.category(n_of(group)) for group in groups]
    for name, value in series:
        chart_data.add_series(
            name, [value(group) if n_of(group) >= group.minimum else None for group in groups]
        )
    _clustered_chart(slide, chart_data, number_format)
    note = merge_note(groups, n_of)
    if note:
        top = Emu(SLIDE_HEIGHT - Inches(0.45) - NOTE_HEIGHT)
        add_text(slide, MARGIN, top, CONTENT_WIDTH, NOTE_HEIGHT, note, size=12, color=MUTED)


def _clustered_chart(slide: Slide, chart_data: CategoryChartData, number_format: str) -> None:
    """A native clustered column chart over the content area, one distinct colour a series."""
    # python-pptx annotates add_chart as returning the chart; it returns its graphic frame.
    frame: Any = slide.shapes.add_chart(
        XL_CHART_TYPE.COLUMN_CLUSTERED,
        MARGIN,
        CONTENT_TOP,
        CONTENT_WIDTH,
        Emu(SLIDE_HEIGHT - CONTENT_TOP - Inches(0.5) - NOTE_HEIGHT),
        chart_data,  # type: ignore[arg-type]
    )
    chart = frame.chart
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    chart.legend.include_in_layout = False
    chart.legend.font.size = Pt(13)
    chart.category_axis.tick_labels.font.size = Pt(13)
    axis = chart.value_axis
    axis.maximum_scale, axis.minimum_scale = 100, 0
    axis.tick_labels.font.size = Pt(12)
    axis.tick_labels.number_format, axis.tick_labels.number_format_is_linked = number_format, False
    if number_format == "0":  # a score: say 'sur 100', a bare 100 reads as a percentage
        axis.has_title = True
        axis.axis_title.text_frame.text = "Score moyen, sur 100"
        axis.axis_title.text_frame.paragraphs[0].runs[0].font.size = Pt(12)
    for index, series in enumerate(chart.series):
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = SERIES[index % len(SERIES)]
