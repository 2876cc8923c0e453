"""The survey slide "Ce que disent les habitants": the themes of the open comments of the
scope's respondents (bars: share of those who commented, with the count and n), and short
anonymised quotes of the leading themes and of the residents of the "Priorité" quadrant.
Below MIN_RESPONDENTS comments the themes are listed without shares, as examples only."""

from __future__ import annotations

from typing import Any

from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION
from pptx.presentation import Presentation as PresentationType
from pptx.slide import Slide
from pptx.util import Emu, Inches, Pt

from reports.deck_survey import TOP, scope_line
from reports.french import french_count
from reports.layout import CONTENT_WIDTH, INK, MARGIN, MUTED, NAVY, SERIES, add_text, titled_slide
from reports.survey_comments import (
    NOT_JOINED,
    CommentFigures,
    commenters,
    comments_note,
    quote_blocks,
    theme_shares,
    themes_met,
)
from reports.survey_summary import SurveySummary
from reports.thresholds import INSUFFICIENT, MIN_RESPONDENTS

TITLE = "Ce que disent les habitants"
CHART_WIDTH = Inches(6.9)
QUOTE_LEFT = Emu(MARGIN + CHART_WIDTH + Inches(0.3))
QUOTE_WIDTH = Emu(CONTENT_WIDTH - CHART_WIDTH - Inches(0.3))
NOTE_TOP = Inches(6.35)


def comments_slide(presentation: PresentationType, source: str, survey: SurveySummary) -> None:
    """The slide, when the analysis coded comments for the scope (nothing otherwise);
    `source`: the survey slides' source line."""
    figures = survey.comments
    if figures is None:
        return
    slide = titled_slide(
        presentation,
        TITLE,
        source + " Commentaires libres classés par thème selon une grille de codage.",
    )
    add_text(slide, MARGIN, Inches(1.08), CONTENT_WIDTH, Inches(0.3), scope_line(survey),
             size=12, color=NAVY)  # fmt: skip
    if figures.commented >= MIN_RESPONDENTS:
        _chart(slide, figures)
    else:
        _too_few(slide, figures)
    _quotes(slide, figures)
    add_text(slide, MARGIN, NOTE_TOP, CONTENT_WIDTH, Inches(0.5), comments_note(figures), size=12,
             color=MUTED)  # fmt: skip


def _chart(slide: Slide, figures: CommentFigures) -> None:
    """Horizontal bars: each leading theme's share of the comments, its count in the label."""
    shown = theme_shares(figures)
    add_text(slide, MARGIN, TOP, CHART_WIDTH, Inches(0.6),
             f"Thèmes les plus cités, en part des commentaires\n{commenters(figures)}", size=13,
             bold=True, color=NAVY)  # fmt: skip
    if not shown:
        add_text(slide, MARGIN, Emu(TOP + Inches(0.5)), CHART_WIDTH, Inches(0.6),
                 "Aucun commentaire ne relève d'un thème de la grille de codage.", size=14)  # fmt: skip
        return
    chart_data = CategoryChartData(number_format='0"\u202f%"')
    # A bar chart draws its first category at the bottom: the most cited goes last.
    ordered = list(reversed(shown))
    chart_data.categories = [f"{label} ({french_count(count)})" for label, count, _ in ordered]
    chart_data.add_series("Part des commentaires", [share for _, _, share in ordered])
    frame: Any = slide.shapes.add_chart(
        XL_CHART_TYPE.BAR_CLUSTERED,
        MARGIN,
        Emu(TOP + Inches(0.65)),
        CHART_WIDTH,
        Emu(NOTE_TOP - TOP - Inches(0.7)),
        chart_data,  # type: ignore[arg-type]
    )
    chart = frame.chart
    chart.has_title = chart.has_legend = False
    chart.category_axis.tick_labels.font.size = Pt(12)
    axis = chart.value_axis
    axis.visible = False
    axis.has_major_gridlines = False
    axis.minimum_scale = 0
    plot = chart.plots[0]
    plot.gap_width = 50
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.number_format, labels.number_format_is_linked = '0"\u202f%"', False
    labels.position = XL_LABEL_POSITION.OUTSIDE_END
    labels.font.size = Pt(12)
    series = plot.series[0]
    series.format.fill.solid()
    series.format.fill.fore_color.rgb = SERIES[0]


def _too_few(slide: Slide, figures: CommentFigures) -> None:
    """Fewer comments than the threshold: the themes named, no share stated."""
    add_text(
        slide,
        MARGIN,
        TOP,
        CHART_WIDTH,
        Inches(3),
        f"{INSUFFICIENT.capitalize()} ({commenters(figures)}) : moins de {MIN_RESPONDENTS}"
        " commentaires, les thèmes ne sont pas chiffrés et ne décrivent pas les habitants du"
        f" périmètre.\n\nThèmes rencontrés : {themes_met(figures)}.",
        size=15,
    )


def _quotes(slide: Slide, figures: CommentFigures) -> None:
    """One quote for each of the three leading themes, one of the "Priorité" quadrant."""
    top = TOP
    heading = "Ce qu'ils écrivent"
    if figures.commented < MIN_RESPONDENTS:
        heading += " (exemples, non représentatifs)"
    add_text(slide, QUOTE_LEFT, top, QUOTE_WIDTH, Inches(0.35), heading, size=13, bold=True,
             color=NAVY)  # fmt: skip
    if figures.quotes is None:
        add_text(slide, QUOTE_LEFT, Emu(top + Inches(0.45)), QUOTE_WIDTH, Inches(1.2),
                 NOT_JOINED, size=12, color=MUTED)  # fmt: skip
        return
    top = Emu(top + Inches(0.45))
    for heading, quote in quote_blocks(figures):
        add_text(slide, QUOTE_LEFT, top, QUOTE_WIDTH, Inches(0.3), heading, size=12, bold=True,
                 color=INK)  # fmt: skip
        add_text(slide, QUOTE_LEFT, Emu(top + Inches(0.3)), QUOTE_WIDTH, Inches(0.8),
                 f"« {quote} »", size=12, color=MUTED)  # fmt: skip
        top = Emu(top + Inches(1.2))
