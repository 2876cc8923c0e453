"""Vigie's slide template: 16:9, a title band, readable type, source and date on data slides."""

from __future__ import annotations

import re
from collections.abc import Sequence

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.presentation import Presentation as PresentationType
from pptx.slide import Slide
from pptx.util import Emu, Inches, Length, Pt

NAVY = RGBColor(0x1F, 0x3A, 0x5F)
INK = RGBColor(0x22, 0x22, 0x22)
MUTED = RGBColor(0x6B, 0x72, 0x80)
LIGHT = RGBColor(0xEE, 0xF2, 0xF7)
WHITE = RGBColor(0xFF, 0xFF, 0xFF)
# Ordered classes (the map's, light to dark): sequential blues, each step visibly darker.
SCALE = tuple(
    RGBColor.from_string(code)
    for code in ("9ECAE1", "6BAED6", "4292C6", "2171B5", "08519C", "08306B")
)
# Series told apart by hue, not shade (colour-blind safe, after Okabe and Ito): one a series of
# a chart (features, axes), never two near-identical blues side by side.
SERIES = tuple(
    RGBColor.from_string(code)
    for code in ("1F5FA8", "E69F00", "009E73", "CC79A7", "56B4E9", "D55E00", "6B7280")
)
# The smallest type a table may use: below it a projected table cannot be read.
MIN_TABLE_PT = 12

SLIDE_WIDTH, SLIDE_HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.6)
CONTENT_TOP = Inches(1.35)
CONTENT_WIDTH = Emu(SLIDE_WIDTH - 2 * MARGIN)
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean(text: object) -> str:
    """Text from crawled pages may carry characters that XML (and so PowerPoint) refuses."""
    return CONTROL_CHARACTERS.sub("", str(text))


def is_web_address(url: str) -> bool:
    """Only a web page becomes a link: a page may claim anything as an address (javascript:,
    file:, a share on the reader's network), and a click in PowerPoint would follow it."""
    return url.lower().startswith(("http://", "https://"))


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def new_presentation() -> PresentationType:
    presentation = Presentation()
    presentation.slide_width, presentation.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    return presentation


def add_text(
    slide: Slide,
    left: Length,
    top: Length,
    width: Length,
    height: Length,
    text: str,
    size: int = 16,
    bold: bool = False,
    color: RGBColor = INK,
    align: PP_ALIGN = PP_ALIGN.LEFT,
) -> None:
    frame = slide.shapes.add_textbox(left, top, width, height).text_frame
    frame.word_wrap = True
    for number, line in enumerate(clean(text).split("\n")):
        paragraph = frame.paragraphs[0] if number == 0 else frame.add_paragraph()
        paragraph.alignment = align
        run = paragraph.add_run()
        run.text = line
        run.font.size, run.font.bold, run.font.color.rgb = Pt(size), bold, color


def add_bullets(
    slide: Slide,
    left: Length,
    top: Length,
    width: Length,
    height: Length,
    lines: Sequence[str],
    size: int = 16,
) -> None:
    add_text(slide, left, top, width, height, "\n".join(f"• {line}" for line in lines), size=size)


def titled_slide(presentation: PresentationType, title: str, source: str | None) -> Slide:
    """A blank slide with the title band and, for data slides, the source line."""
    slide = presentation.slides.add_slide(presentation.slide_layouts[6])
    band = slide.shapes.add_shape(1, 0, 0, SLIDE_WIDTH, Inches(1.05))
    band.fill.solid()
    band.fill.fore_color.rgb = NAVY
    band.line.fill.background()
    frame = band.text_frame
    frame.margin_left = MARGIN
    frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    frame.paragraphs[0].alignment = PP_ALIGN.LEFT
    run = frame.paragraphs[0].add_run()
    run.text = clean(title)
    run.font.size, run.font.bold, run.font.color.rgb = Pt(28), True, WHITE
    number = len(presentation.slides)
    footer_top = Emu(SLIDE_HEIGHT - Inches(0.45))
    if source:
        add_text(
            slide,
            MARGIN,
            footer_top,
            Emu(CONTENT_WIDTH - Inches(1)),
            Inches(0.35),
            source,
            size=10,
            color=MUTED,
        )
    add_text(
        slide,
        Emu(SLIDE_WIDTH - MARGIN - Inches(0.8)),
        footer_top,
        Inches(0.8),
        Inches(0.35),
        str(number),
        size=10,
        color=MUTED,
        align=PP_ALIGN.RIGHT,
    )
    return slide


def add_table(
    slide: Slide,
    left: Length,
    top: Length,
    width: Length,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    column_widths: Sequence[float],
    size: int = 12,
    links: dict[tuple[int, int], str] | None = None,
) -> None:
    """A plain table; `column_widths` are shares of `width`; `links` maps (row, column) to a URL.
    Its type is never under MIN_TABLE_PT, whatever `size` asks."""
    row_height = Inches(0.36)
    shape = slide.shapes.add_table(
        len(rows) + 1, len(header), left, top, width, Emu(row_height * (len(rows) + 1))
    )
    table = shape.table
    size = max(size, MIN_TABLE_PT)
    for index, share in enumerate(column_widths):
        table.columns[index].width = Emu(int(width * share))
    for row_index, values in enumerate([header, *rows]):
        table.rows[row_index].height = row_height
        for column_index, value in enumerate(values):
            cell = table.cell(row_index, column_index)
            cell.margin_top = cell.margin_bottom = Inches(0.03)
            frame = cell.text_frame
            frame.word_wrap = True
            run = frame.paragraphs[0].add_run()
            run.text = clean(value)
            run.font.size = Pt(size)
            if row_index == 0:
                run.font.bold, run.font.color.rgb = True, WHITE
                cell.fill.solid()
                cell.fill.fore_color.rgb = NAVY
            else:
                run.font.color.rgb = INK
                cell.fill.solid()
                cell.fill.fore_color.rgb = LIGHT if row_index % 2 else WHITE
            url = (links or {}).get((row_index - 1, column_index))
            if url and row_index > 0 and is_web_address(url):
                run.hyperlink.address = url
