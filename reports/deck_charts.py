"""The chart slides: adoption of features by stratum, and the six axes by stratum."""

from __future__ import annotations

from typing import Any

from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.presentation import Presentation as PresentationType
from pptx.slide import Slide
from pptx.util import Emu, Inches, Pt

from reports.data import ReportData
from reports.deck_source import source
from reports.labels import STRATUM_LABELS, french_count
from reports.layout import CONTENT_TOP, CONTENT_WIDTH, MARGIN, SCALE, SLIDE_HEIGHT, titled_slide


def _sites(count: int) -> str:
    return f"{count} site" if count == 1 else f"{french_count(count)} sites"


def _series_name(data: ReportData, stratum: str) -> str:
    """A stratum's series as the legend names it: its label and its crawled sites."""
    return f"{STRATUM_LABELS.get(stratum, stratum)} ({_sites(data.ok_by_stratum[stratum])})"


def overview_slide(
    presentation: PresentationType,
    data: ReportData,
    title: str,
    features: tuple[tuple[str, str], ...],
) -> None:
    slide = titled_slide(
        presentation, title, source(data) + " Part des sites explorés de chaque strate, en %."
    )
    chart_data = CategoryChartData(number_format='0"%"')
    chart_data.categories = [label for _, label in features]
    for stratum in data.strata:
        chart_data.add_series(
            _series_name(data, stratum), [data.adoption[key][stratum] for key, _ in features]
        )
    _clustered_chart(slide, chart_data, '0"%"', maximum=100)


def _clustered_chart(
    slide: Slide, chart_data: CategoryChartData, number_format: str, maximum: float = 100
) -> None:
    """A native clustered column chart over the content area, in the deck's colour scale."""
    # python-pptx annotates add_chart as returning the chart; it returns its graphic frame.
    frame: Any = slide.shapes.add_chart(
        XL_CHART_TYPE.COLUMN_CLUSTERED,
        MARGIN,
        CONTENT_TOP,
        CONTENT_WIDTH,
        Emu(SLIDE_HEIGHT - CONTENT_TOP - Inches(0.7)),
        chart_data,  # type: ignore[arg-type]
    )
    chart = frame.chart
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    chart.legend.include_in_layout = False
    chart.legend.font.size = Pt(12)
    chart.category_axis.tick_labels.font.size = Pt(13)
    axis = chart.value_axis
    axis.maximum_scale, axis.minimum_scale = maximum, 0
    axis.tick_labels.font.size = Pt(12)
    axis.tick_labels.number_format, axis.tick_labels.number_format_is_linked = number_format, False
    for index, series in enumerate(chart.series):
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = SCALE[index % len(SCALE)]


def axes_slide(presentation: PresentationType, data: ReportData) -> None:
    slide = titled_slide(
        presentation,
        "Les six axes du score, par strate",
        source(data) + " Score moyen de chaque axe (0 à 100) des sites explorés de la strate.",
    )
    chart_data = CategoryChartData(number_format="0")
    chart_data.categories = [data.axis_labels[key] for key in data.axes_by_stratum]
    for stratum in data.strata:
        chart_data.add_series(
            _series_name(data, stratum),
            [data.axes_by_stratum[key].get(stratum, 0.0) for key in data.axes_by_stratum],
        )
    _clustered_chart(slide, chart_data, "0")
