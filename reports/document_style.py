"""The study document's page and type (python-docx): A4, heading styles, French typography,
numbered captions, tables with a repeated header, the table of contents and page number
fields, and the source line under every figure and table."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentType
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table, _Row
from docx.text.paragraph import Paragraph

NAVY = RGBColor(0x1F, 0x3A, 0x5F)
MUTED = RGBColor(0x6B, 0x72, 0x80)
HEADER_FILL, BAND_FILL = "1F3A5F", "EEF2F7"
TEXT_WIDTH = Cm(16)
KEPT_TOGETHER = 15  # rows of the longest table kept on one page  # A4 less 2,5 cm each side
FONT = "Arial"  # Liberation Sans where Arial is absent: the same widths
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
NBSP, NARROW_NBSP = "\u00a0", "\u202f"
# French typography: a no-break space before a colon, a narrow one before ; ! ? and inside
# the guillemets, so that no line starts with a punctuation mark.
SPACES_BEFORE = (
    (re.compile(r" :"), f"{NBSP}:"),
    (re.compile(r" ([;!?])"), rf"{NARROW_NBSP}\1"),
    (re.compile(r"« "), f"«{NARROW_NBSP}"),
    (re.compile(r" »"), f"{NARROW_NBSP}»"),
    (re.compile(r" %"), f"{NARROW_NBSP}%"),
    (re.compile(r"n° "), f"n°{NBSP}"),
    (re.compile(r"(\d) (\d{3})\b"), rf"\1{NARROW_NBSP}\2"),  # thousands: 1 999
    (re.compile(r"(\d) – (?=\d)"), rf"\1{NBSP}– "),  # a range breaks after its dash
)


def french_text(text: str) -> str:
    """A text as French typography sets it, without characters a document cannot hold."""
    text = CONTROL_CHARACTERS.sub("", text)
    for pattern, replacement in SPACES_BEFORE:
        text = pattern.sub(replacement, text)
    return text


@dataclass
class Study:
    """The document being written, and the numbers of its figures and tables so far."""

    document: DocumentType
    source: str  # the source line every figure and table carries
    figures: int = 0
    tables: int = 0
    captions: list[str] = field(default_factory=list)
    chapters: list[str] = field(default_factory=list)  # the level-1 headings, in order
    contents: Paragraph | None = None  # where the table of contents ends


def new_study(source: str) -> Study:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.5))
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.2)
    _styles(document)
    _language(document)
    return Study(document, source)


def _styles(document: DocumentType) -> None:
    styles = document.styles
    normal = styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    for level, size in ((1, 20), (2, 14), (3, 12)):
        heading = styles[f"Heading {level}"]
        heading.font.name, heading.font.size = FONT, Pt(size)
        heading.font.color.rgb = NAVY
        heading.font.bold = True
        heading.paragraph_format.space_before = Pt(18 if level == 1 else 12)
        heading.paragraph_format.space_after = Pt(6)
        heading.paragraph_format.keep_with_next = True
        # A chapter starts a page (a break paragraph would leave a blank page when the
        # chapter before fills its last one).
        heading.paragraph_format.page_break_before = level == 1
        fonts = heading.element.rPr.rFonts
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(theme), None)  # the theme's serif would win over FONT
    caption = styles["Caption"]
    caption.font.name, caption.font.size, caption.font.italic = FONT, Pt(10), False
    caption.font.bold, caption.font.color.rgb = True, NAVY
    caption.paragraph_format.keep_with_next = True
    caption.paragraph_format.space_before = Pt(10)


def _language(document: DocumentType) -> None:
    """French as the document's language, for hyphenation and the spelling checker."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is None:
        return
    run_properties = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
    if run_properties is not None:
        language = OxmlElement("w:lang")
        language.set(qn("w:val"), "fr-FR")
        run_properties.append(language)


def _field(paragraph: Paragraph, instruction: str, shown: str) -> None:
    """A Word field (PAGE, SEQ) with the text it shows until the reader updates it."""
    for kind, text in (("begin", ""), ("instr", instruction), ("separate", ""),
                       ("text", shown), ("end", "")):  # fmt: skip
        _field_part(paragraph, kind, text)


def _field_part(paragraph: Paragraph, kind: str, text: str) -> None:
    run = paragraph.add_run()
    if kind == "text":
        run.text = text
        return
    if kind == "instr":
        element = OxmlElement("w:instrText")
        element.set(qn("xml:space"), "preserve")
        element.text = text
    else:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
    run._r.append(element)


def fill_contents(study: Study) -> None:
    """The table of contents' entries: every chapter and annex, in order."""
    if study.contents is None:
        return
    for chapter in study.chapters:
        entry = study.contents.insert_paragraph_before(french_text(chapter))
        entry.paragraph_format.space_after = Pt(4)
        entry.paragraph_format.left_indent = Cm(0 if chapter[:1].isdigit() else 0.6)


def table_of_contents(study: Study) -> None:
    """The table of contents as a field, its entries written by `fill_contents` once the
    chapters are known (a reader without fields sees them); Word adds the page numbers on
    opening (updateFields), LibreOffice when its indexes are updated."""
    study.document.add_heading("Sommaire", level=1)
    start = study.document.add_paragraph()
    for kind, text in (("begin", ""), ("instr", 'TOC \\o "1-1" \\h \\z \\u'),
                       ("separate", "")):  # fmt: skip
        _field_part(start, kind, text)
    study.contents = study.document.add_paragraph()
    _field_part(study.contents, "end", "")
    settings = study.document.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.append(update)


def page_numbers(study: Study) -> None:
    """Page n in the footer of every page but the title page."""
    section = study.document.sections[0]
    section.different_first_page_header_footer = True
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(paragraph, "PAGE", "1")


def heading(study: Study, text: str, level: int = 1) -> None:
    """A heading; a chapter (level 1) starts a page and is listed in the contents."""
    if level == 1 and study.contents is not None:
        study.chapters.append(text)
    study.document.add_heading(french_text(text), level=level)


def paragraph(study: Study, text: str, *, style: str | None = None) -> Paragraph:
    return study.document.add_paragraph(french_text(text), style=style)


def bullets(study: Study, items: Sequence[str], *, numbered: bool = False) -> None:
    style = "List Number" if numbered else "List Bullet"
    for item in items:
        paragraph(study, item, style=style)


def caption(study: Study, kind: str, title: str) -> str:
    """'Figure 3 – title' or 'Tableau 5 – title', its number a SEQ field; returns the text."""
    if kind == "Figure":
        study.figures += 1
        number = study.figures
    else:
        study.tables += 1
        number = study.tables
    line = study.document.add_paragraph(style="Caption")
    line.add_run(f"{kind}{NBSP}")
    _field(line, f"SEQ {kind} \\* ARABIC", str(number))
    line.add_run(french_text(f" – {title}"))
    text = f"{kind} {number} – {title}"
    study.captions.append(text)
    return text


def source_line(study: Study, n_text: str = "") -> None:
    """The source under a figure or a table, with the n it rests on."""
    text = study.source + (f" {n_text}" if n_text else "")
    line = study.document.add_paragraph()
    run = line.add_run(french_text(text))
    run.font.size, run.font.color.rgb, run.italic = Pt(8.5), MUTED, True
    line.paragraph_format.space_after = Pt(12)


def figure(study: Study, image: Path, title: str, n_text: str, width: float = 16) -> None:
    caption(study, "Figure", title)
    study.document.add_picture(str(image), width=Cm(width))
    study.document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    study.document.paragraphs[-1].paragraph_format.keep_with_next = True
    source_line(study, n_text)


def table(
    study: Study,
    title: str,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[float],
    n_text: str = "",
) -> Table:
    """A numbered table: navy header repeated on each page, banded rows, numbers right."""
    caption(study, "Tableau", title)
    grid = study.document.add_table(rows=1, cols=len(header))
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.style = study.document.styles["Table Grid"]
    grid.autofit = False
    _header_row(grid, header)
    together = len(rows) <= KEPT_TOGETHER
    for index, values in enumerate(rows):
        row = grid.add_row()
        _keep_row_whole(row)
        cells = row.cells
        for column, value in enumerate(values):
            _cell(cells[column], value, column > 0 and _numeric(value), index % 2 == 1)
            # A short table stays on one page: each row keeps with the next.
            cells[column].paragraphs[0].paragraph_format.keep_with_next = (
                together and index < len(rows) - 1
            )
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)
    source_line(study, n_text)
    return grid


def _keep_row_whole(row: _Row) -> None:
    """A row is never cut by a page break."""
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def _header_row(grid: Table, header: Sequence[str]) -> None:
    row = grid.rows[0]
    properties = row._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    properties.append(repeat)
    for cell, text in zip(row.cells, header, strict=True):
        _shade(cell, HEADER_FILL)
        cell.paragraphs[0].paragraph_format.keep_with_next = True
        run = cell.paragraphs[0].add_run(french_text(text))
        run.bold, run.font.size, run.font.color.rgb = True, Pt(8), RGBColor(255, 255, 255)


def _cell(cell: object, text: str, numeric: bool, banded: bool) -> None:
    line = cell.paragraphs[0]  # type: ignore[attr-defined]
    line.paragraph_format.space_after = Pt(0)
    run = line.add_run(french_text(text))
    run.font.size = Pt(9.5)
    if numeric:
        line.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if banded:
        _shade(cell, BAND_FILL)


def _numeric(text: str) -> bool:
    """A figure (right-aligned): digits, separators, % and a short n; or a département code."""
    if re.fullmatch(r"\d[\dAB]\d?", text):
        return True
    return bool(re.fullmatch(r"[\d\u202f\u00a0 ,–/%]+(\(n = [\d\u202f]+\))?", text)) and any(
        ch.isdigit() for ch in text
    )


def _shade(cell: object, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)  # type: ignore[attr-defined]
