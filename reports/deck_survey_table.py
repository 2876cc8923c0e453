"""The survey slides' tables: columns widened, where needed, to hold their longest word, so
that PowerPoint and LibreOffice wrap a cell at its spaces and never inside a word
("Lettre d'infor-mation"); the width comes from the columns that have room to spare."""

from __future__ import annotations

import re
from collections.abc import Sequence

from pptx.slide import Slide
from pptx.util import Emu, Length

from reports.layout import add_table

EM = 0.56  # a character's mean width in the deck's sans-serif type, in ems (generous)
BOLD = 1.08  # the header is bold
CELL_MARGINS = 0.2  # inches: python-pptx's cells keep 0.1 in on each side
POINTS_PER_INCH = 72
# Where a cell may wrap: ordinary spaces and line breaks, not the no-break spaces.
BREAKS = re.compile(r"[ \n]+")


def word_width(word: str, size: int, bold: bool = False) -> float:
    """The width, in inches, of an unbreakable word (no-break spaces hold words together)."""
    return len(word) * size * EM * (BOLD if bold else 1) / POINTS_PER_INCH


def fitted_widths(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    shares: Sequence[float],
    width: float,
    size: int,
) -> list[float]:
    """`shares` of a table `width` inches wide, each raised to hold its column's longest word
    (taken from the columns with room beyond their own longest word, in proportion to that
    room); as given when no column needs more, or when none has room to give."""
    needs = []
    for column in range(len(shares)):
        longest = max(
            [word_width(word, size, bold=True) for word in BREAKS.split(header[column])]
            + [word_width(word, size) for row in rows for word in BREAKS.split(row[column])]
        )
        needs.append((longest + CELL_MARGINS) / width)
    missing = sum(max(need - share, 0) for need, share in zip(needs, shares, strict=True))
    room = [max(share - need, 0) for need, share in zip(needs, shares, strict=True)]
    if not missing or sum(room) < missing:
        return list(shares)
    taken = missing / sum(room)
    return [
        max(share, need) - spare * taken
        for need, share, spare in zip(needs, shares, room, strict=True)
    ]


def add_survey_table(
    slide: Slide,
    left: Length,
    top: Length,
    width: Length,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    shares: Sequence[float],
    size: int = 12,
) -> None:
    """A survey table whose columns hold their longest words (reports/layout.add_table)."""
    inches = Emu(width).inches
    add_table(slide, left, top, width, header, rows,
              fitted_widths(header, rows, shares, inches, size), size=size)  # fmt: skip
