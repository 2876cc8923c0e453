"""The scorecard's chart: the authority's score on each of the six axes beside its peers'
median, as a native (editable) PowerPoint bar chart."""

from __future__ import annotations

from typing import Any

from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.presentation import Presentation as PresentationType
from pptx.util import Emu, Inches, Pt

from reports.layout import CONTENT_TOP, CONTENT_WIDTH, MARGIN, MUTED, SCALE, add_text, titled_slide
from reports.scorecard_figures import Scorecard
from reports.scorecard_source import source

OWN_SERIES = "Votre collectivité"
CHART_HEIGHT = Inches(4.6)


def peers_series_name(card: Scorecard) -> str:
    return f"Médiane de vos pairs ({card.peers.phrase()})"


def axes_chart_slide(presentation: PresentationType, card: Scorecard) -> None:
    slide = titled_slide(
        presentation,
        "Vos six axes face à vos pairs",
        source(card) + " Score de chaque axe, de 0 à 100.",
    )
    axes = card.scores[1:]
    chart_data = CategoryChartData(number_format="0")
    # The axes from the top down, as read: a bar chart draws its first category at the bottom.
    chart_data.categories = [row.label for row in reversed(axes)]
    if card.peers.shown:
        chart_data.add_series(peers_series_name(card), [row.peers for row in reversed(axes)])
    chart_data.add_series(OWN_SERIES, [row.own for row in reversed(axes)])
    # python-pptx annotates add_chart as returning the chart; it returns its graphic frame.
    frame: Any = slide.shapes.add_chart(
        XL_CHART_TYPE.BAR_CLUSTERED,
        MARGIN,
        CONTENT_TOP,
        CONTENT_WIDTH,
        CHART_HEIGHT,
        chart_data,  # type: ignore[arg-type]
    )
    _style(frame.chart)
    note = card.peers.sentence()
    unmeasured = [row.label for row in axes if row.own is None]
    if unmeasured:
        note += f" Non mesuré pour votre site : {', '.join(unmeasured)}."
    add_text(
        slide,
        MARGIN,
        Emu(CONTENT_TOP + CHART_HEIGHT + Inches(0.1)),
        CONTENT_WIDTH,
        Inches(0.9),
        note,
        size=13,
        color=MUTED,
    )


def _style(chart: Any) -> None:
    chart.has_title = False
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    chart.legend.include_in_layout = False
    chart.legend.font.size = Pt(13)
    chart.category_axis.tick_labels.font.size = Pt(14)
    axis = chart.value_axis
    axis.maximum_scale, axis.minimum_scale = 100, 0
    axis.has_major_gridlines = True
    axis.tick_labels.font.size = Pt(12)
    axis.tick_labels.number_format, axis.tick_labels.number_format_is_linked = "0", False
    plot = chart.plots[0]
    plot.gap_width = 60
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.number_format, labels.number_format_is_linked = "0", False
    labels.position = XL_LABEL_POSITION.OUTSIDE_END
    labels.font.size = Pt(12)
    colours = (SCALE[1], SCALE[5]) if len(chart.series) == 2 else (SCALE[5],)
    for series, colour in zip(chart.series, colours, strict=True):
        series.format.fill.solid()
        series.format.fill.fore_color.rgb = colour
