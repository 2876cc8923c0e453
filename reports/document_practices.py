"""The good practice of each axis in the study document, as the deck shows it
(reports/deck_practices.py): the scope's exemplary site on the axis (reports/practices.py),
what it offers there with the page that shows it, and its home page as the crawl's browser
captured it, with the capture's date, or the deck's sentence when no screenshot was taken."""

from __future__ import annotations

import io
from urllib.parse import unquote, urlsplit

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.shape import InlineShape
from docx.shared import Cm

from reports.data import ReportData
from reports.deck_practices import NO_SCREENSHOT
from reports.document_figures import stratum_label
from reports.document_style import Study, bullets, caption, heading, paragraph, source_line
from reports.french import de_name, french_number, long_date
from reports.practices import GOOD_PRACTICE_MIN, AxisPractice, Example, Offer, figure_text
from reports.thresholds import INSUFFICIENT, MIN_SITES, n_label

NOTED = ("collectivité notée", "collectivités notées")
PICTURE_WIDTH = 14  # cm: the screenshot's 1280 × 800 at 14 × 8,75 cm


def axis_good_practice(study: Study, data: ReportData, axis: str) -> None:
    """The axis's exemplary site, its offers and its screenshot; why there is none."""
    heading(study, "Bonne pratique", level=2)
    practice = next((p for p in data.practices if p.axis == axis), None)
    if practice is None or practice.example is None:
        paragraph(study, no_example(practice))
        return
    example = practice.example
    paragraph(
        study,
        f"{example.name} (strate : {stratum_label(example.stratum or '')}) obtient le meilleur score du"
        f" périmètre sur cet axe : {french_number(example.axis_score)} sur 100. "
        + mean_text(practice),
    )
    offers(study, example.offers)
    screenshot(study, example, practice.label)


def no_example(practice: AxisPractice | None) -> str:
    """Why no site is shown: nobody scored on the axis, or nobody reaches the bar."""
    if practice is None or not practice.scored:
        return "Aucune collectivité du périmètre n'a de score sur cet axe."
    return (
        f"Aucune collectivité du périmètre n'atteint {french_number(GOOD_PRACTICE_MIN, 0)} sur"
        f" 100 sur cet axe ({n_label(practice.scored, *NOTED)}) : pas d'exemple à montrer."
    )


def mean_text(practice: AxisPractice) -> str:
    """The scope's mean on the axis with its n, or "effectif insuffisant"."""
    n = n_label(practice.scored, *NOTED)
    if practice.mean is None or practice.scored < MIN_SITES:
        return f"Moyenne du périmètre : {INSUFFICIENT} ({n})."
    return f"Moyenne du périmètre : {french_number(practice.mean)} sur 100 ({n})."


def offers(study: Study, found: list[Offer]) -> None:
    """The indicators of the axis the site meets, heaviest first, each with where it was seen."""
    if not found:
        paragraph(study, "Rien de mesuré sur cet axe.")
        return
    paragraph(study, "Ce que le site propose sur cet axe :")
    bullets(study, [offer_text(offer) for offer in found])


def offer_text(offer: Offer) -> str:
    if offer.figure:  # derived from the social accounts: its figure and the account
        account = f" ; compte : {offer.evidence_url}" if offer.evidence_url else ""
        return figure_text(offer) + account
    text = offer.label
    if offer.detail and offer.detail.lower() not in offer.label.lower():
        text += f" : {offer.detail}"
    if not offer.full:
        text += " (en partie)"
    if offer.evidence_url:
        path = urlsplit(offer.evidence_url).path or "/"
        text += " ; vu en page d'accueil" if path == "/" else f" ; vu sur {unquote(path)}"
    return text


def screenshot(study: Study, example: Example, label: str) -> None:
    """The home page as captured during the crawl, numbered as a figure with its date and
    address; the deck's sentence when none was taken."""
    shot = example.screenshot
    if shot is None:
        where = f" Adresse du site : {example.site_url}" if example.site_url else ""
        paragraph(study, f"{NO_SCREENSHOT}.{where}")
        return
    caption(study, "Figure", f"{label} : page d'accueil {de_name(example.name)}")
    picture = study.document.add_picture(io.BytesIO(shot.image), width=Cm(PICTURE_WIDTH))
    _border(picture)
    study.document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    study.document.paragraphs[-1].paragraph_format.keep_with_next = True
    source_line(
        study, f"Capture d'écran du {long_date(shot.taken_at)} par le navigateur de"
        f" l'exploration : {shot.url}"
    )  # fmt: skip


def _border(picture: InlineShape) -> None:
    """A thin grey line round the screenshot: a white page would melt into the paper."""
    shape = picture._inline.graphic.graphicData.pic.spPr
    line = OxmlElement("a:ln")
    line.set("w", "9525")  # 0,75 pt
    fill = OxmlElement("a:solidFill")
    colour = OxmlElement("a:srgbClr")
    colour.set("val", "C0C6CF")  # the deck's frame colour
    fill.append(colour)
    line.append(fill)
    shape.append(line)
