"""The good-practice slides: one per axis of the scoring model, the exemplary site of the
scope on that axis (`reports/practices.py`), what it offers there, and its home page as the
crawl's browser showed it, or a plain sentence when no screenshot was taken."""

from __future__ import annotations

import io
from urllib.parse import unquote, urlsplit

from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.presentation import Presentation as PresentationType
from pptx.slide import Slide
from pptx.text.text import _Paragraph, _Run
from pptx.util import Emu, Inches, Pt

from reports.data import ReportData
from reports.deck_source import source
from reports.french import french_number, long_date
from reports.labels import STRATUM_LABELS
from reports.layout import (
    CONTENT_TOP,
    INK,
    LIGHT,
    MARGIN,
    MUTED,
    NAVY,
    SLIDE_WIDTH,
    add_text,
    clean,
    is_web_address,
    shorten,
    titled_slide,
)
from reports.practices import GOOD_PRACTICE_MIN, AxisPractice, Example, Offer, figure_text
from reports.thresholds import INSUFFICIENT, MIN_SITES, n_label

NO_SCREENSHOT = "Aucune capture d'écran n'a été prise pendant cette campagne"
OFFERS_SHOWN = 8
FIGURE_FITS = 190  # characters of a social figure, its unknown accounts said (three lines)
TEXT_WIDTH = Inches(5.0)
PICTURE_LEFT = Emu(MARGIN + TEXT_WIDTH + Inches(0.4))
PICTURE_WIDTH = Emu(SLIDE_WIDTH - PICTURE_LEFT - MARGIN)
PICTURE_HEIGHT = Emu(PICTURE_WIDTH * 800 // 1280)  # the screenshot's 1280 × 800


def practice_slides(presentation: PresentationType, data: ReportData) -> None:
    for practice in data.practices:
        practice_slide(presentation, data, practice)


def practice_slide(
    presentation: PresentationType, data: ReportData, practice: AxisPractice
) -> None:
    slide = titled_slide(
        presentation, f"Bonne pratique : {shorten(practice.label, 40)}", source(data)
    )
    example = practice.example
    if example is None:
        add_text(slide, MARGIN, CONTENT_TOP, Emu(SLIDE_WIDTH - 2 * MARGIN), Inches(1.5),
                 _no_example(practice), size=20)  # fmt: skip
        return
    _identity(slide, practice, example)
    _offers(slide, example.offers)
    _screenshot(slide, example)


def _no_example(practice: AxisPractice) -> str:
    if not practice.scored:
        return "Aucune collectivité du périmètre n'a de score sur cet axe."
    return (
        f"Aucune collectivité du périmètre n'atteint {french_number(GOOD_PRACTICE_MIN, 0)} / 100 "
        f"sur cet axe ({n_label(practice.scored, 'collectivité notée', 'collectivités notées')}) "
        ": pas d'exemple à montrer."
    )


def _mean_text(practice: AxisPractice) -> str:
    n = n_label(practice.scored, "collectivité notée", "collectivités notées")
    if practice.mean is None or practice.scored < MIN_SITES:
        return f"Moyenne du périmètre : {INSUFFICIENT}\n({n})"
    return f"Moyenne du périmètre : {french_number(practice.mean)} / 100\n({n})"


def _identity(slide: Slide, practice: AxisPractice, example: Example) -> None:
    # The name alone in the title, at a size where a long one takes two lines, not three: the
    # code goes with the stratum below, so nothing runs into the figures.
    add_text(slide, MARGIN, CONTENT_TOP, TEXT_WIDTH, Inches(0.8), shorten(example.name, 70),
             size=18, bold=True, color=NAVY)  # fmt: skip
    stratum = STRATUM_LABELS.get(example.stratum or "", "inconnue")
    add_text(slide, MARGIN, Emu(CONTENT_TOP + Inches(0.8)), TEXT_WIDTH, Inches(1.2),
             f"Meilleur score du périmètre : {french_number(example.axis_score)} / 100\n"
             f"Code : {example.code} · strate : {stratum}\n{_mean_text(practice)}", size=13,
             color=MUTED)  # fmt: skip


def _offers(slide: Slide, offers: list[Offer]) -> None:
    """The indicators met, one paragraph each; the page that shows it, small, as a link."""
    top = Emu(CONTENT_TOP + Inches(2.05))
    add_text(slide, MARGIN, top, TEXT_WIDTH, Inches(0.4), "Ce que le site propose sur cet axe",
             size=16, bold=True)  # fmt: skip
    box = slide.shapes.add_textbox(MARGIN, Emu(top + Inches(0.45)), TEXT_WIDTH, Inches(3.2))
    frame = box.text_frame
    frame.word_wrap = True
    shown = offers[:OFFERS_SHOWN]
    for index, offer in enumerate(shown):
        paragraph = frame.add_paragraph() if index else frame.paragraphs[0]
        paragraph.space_after = Pt(3)
        _run(paragraph, _offer_text(offer) + " ", 13, INK)
        if offer.evidence_url:
            where = "le compte" if offer.figure else _page_label(offer.evidence_url)
            link = _run(paragraph, where, 11, MUTED)
            if is_web_address(offer.evidence_url):
                link.hyperlink.address = offer.evidence_url
    if not shown:
        _run(frame.paragraphs[0], "Rien de mesuré sur cet axe.", 14, INK)
    elif len(offers) > OFFERS_SHOWN:
        _run(frame.add_paragraph(), f"… et {len(offers) - OFFERS_SHOWN} de plus", 12, MUTED)


def _offer_text(offer: Offer) -> str:
    if offer.figure:  # derived from the social accounts: its figure, the unknown said
        mark = "?" if offer.unknown else "✓" if offer.full else "◐"
        return shorten(f"{mark} {figure_text(offer)}", FIGURE_FITS)
    text = f"{'✓' if offer.full else '◐'} {offer.label}"
    if offer.detail and offer.detail.lower() not in offer.label.lower():
        text += f" : {offer.detail}"
    return shorten(text + ("" if offer.full else " (en partie)"), 100)


def _run(paragraph: _Paragraph, text: str, size: int, color: RGBColor) -> _Run:
    run = paragraph.add_run()
    run.text = clean(text)
    run.font.size, run.font.color.rgb = Pt(size), color
    return run


def _page_label(url: str) -> str:
    """A page as a reader names it: its path, or "page d'accueil"."""
    path = urlsplit(url).path or "/"
    return "vu en page d'accueil" if path == "/" else f"vu sur {shorten(unquote(path), 50)}"


def _screenshot(slide: Slide, example: Example) -> None:
    shot = example.screenshot
    top = CONTENT_TOP
    caption_top = Emu(top + PICTURE_HEIGHT + Inches(0.1))
    if shot is None:
        box = slide.shapes.add_shape(
            MSO_SHAPE.RECTANGLE, PICTURE_LEFT, top, PICTURE_WIDTH, PICTURE_HEIGHT
        )
        box.fill.solid()
        box.fill.fore_color.rgb = LIGHT
        box.line.color.rgb = MUTED
        frame = box.text_frame
        frame.word_wrap = True
        frame.vertical_anchor = MSO_ANCHOR.MIDDLE
        paragraph = frame.paragraphs[0]
        paragraph.alignment = PP_ALIGN.CENTER
        run = paragraph.add_run()
        run.text = f"{NO_SCREENSHOT}."
        run.font.size, run.font.color.rgb = Pt(18), MUTED
        _caption(slide, caption_top, example.site_url, "Site")
        return
    picture = slide.shapes.add_picture(
        io.BytesIO(shot.image), PICTURE_LEFT, top, PICTURE_WIDTH, PICTURE_HEIGHT
    )
    picture.line.color.rgb = RGBColor(0xC0, 0xC6, 0xCF)
    _caption(slide, caption_top, shot.url,
             f"Page d'accueil, capture d'écran du {long_date(shot.taken_at)}")  # fmt: skip


def _caption(slide: Slide, top: Emu, url: str | None, words: str) -> None:
    """What the picture (or its absence) shows: the page's address, as a link."""
    frame = slide.shapes.add_textbox(PICTURE_LEFT, top, PICTURE_WIDTH, Inches(0.8)).text_frame
    frame.word_wrap = True
    paragraph = frame.paragraphs[0]
    lead = paragraph.add_run()
    lead.text = f"{words} : " if url else words
    lead.font.size, lead.font.color.rgb = Pt(12), MUTED
    if url:
        link = paragraph.add_run()
        link.text = clean(shorten(url, 90))
        link.font.size, link.font.color.rgb = Pt(12), NAVY
        if is_web_address(url):
            link.hyperlink.address = url
