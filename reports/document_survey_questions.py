"""The survey chapter's sections beyond the services, as the deck shows them
(reports/survey_tables.py, reports/survey_comments.py): how residents get local information
and their digital uses by age band, what their open comments speak of with quotes, and what
changed since the previous wave. Each table heads its columns with their n; a cell on fewer
than MIN_RESPONDENTS respondents reads "effectif insuffisant"."""

from __future__ import annotations

import re

from reports.document_style import Study, french_text, heading, paragraph, table
from reports.french import french_count, french_percent
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
from reports.survey_tables import (
    CHANNELS_NOTE,
    CHANNELS_TITLE,
    USES_NOTE,
    USES_TITLE,
    WAVES_TITLE,
    by_age_note,
    by_age_table,
    channel_rows,
    use_rows,
    wave_table,
    waves_note,
)
from reports.thresholds import INSUFFICIENT, MIN_RESPONDENTS
from survey.questionnaire import AGE_BANDS

# Centimetres: the row's words, then the whole scope and each age band.
BY_AGE_WIDTHS = (3.4, *([2.1] * (1 + len(AGE_BANDS))))
WAVE_WIDTHS = (4.2, 2.6, 2.6, 4.0, 2.6)
WORD_JOINER = "\u2060"  # no line break after the dash of "(58–63)": the cell breaks at a space
RANGE = re.compile(r"(\d)–(?=\d)")


def unbroken_ranges(rows: list[list[str]]) -> list[list[str]]:
    """Each cell's ranges held on one line: "60 % (58–⁠63)" wraps before its bracket."""
    return [[RANGE.sub(rf"\1–{WORD_JOINER}", cell) for cell in row] for row in rows]


THEME_WIDTHS = (9.0, 3.5, 3.5)


def question_sections(study: Study, survey: SurveySummary) -> None:
    """The sections the analysis has figures for, in the deck's order."""
    if survey.comments is not None:
        comments_section(study, survey.comments)
    for title, rows, note in (
        (CHANNELS_TITLE, channel_rows(survey), CHANNELS_NOTE),
        (USES_TITLE, use_rows(survey), USES_NOTE),
    ):
        if rows:
            heading(study, title, level=2)
            shares = by_age_table(survey, rows)
            table(study, f"{title}, par tranche d'âge (part des répondants)", shares.header,
                  unbroken_ranges(shares.rows), BY_AGE_WIDTHS, by_age_note(note))  # fmt: skip
    if survey.waves is not None:
        heading(study, WAVES_TITLE, level=2)
        changes = wave_table(survey.waves)
        table(study, f"{WAVES_TITLE} : les évolutions significatives d'abord", changes.header,
              changes.rows, WAVE_WIDTHS, waves_note(survey.waves))  # fmt: skip


def comments_section(study: Study, figures: CommentFigures) -> None:
    """The themes of the open comments (shares from MIN_RESPONDENTS comments on, named only
    below) and one quote of each leading theme and of the "Priorité" quadrant."""
    heading(study, "Ce que disent les habitants", level=2)
    shares = theme_shares(figures)
    if figures.commented < MIN_RESPONDENTS:
        paragraph(
            study,
            f"{INSUFFICIENT.capitalize()} ({commenters(figures)}) : moins de"
            f" {MIN_RESPONDENTS} commentaires, les thèmes ne sont pas chiffrés et ne décrivent"
            f" pas les habitants du périmètre. Thèmes rencontrés : {themes_met(figures)}."
            f" {comments_note(figures)}",
        )
    elif not shares:
        paragraph(study, "Aucun commentaire ne relève d'un thème de la grille de codage.")
    else:
        rows = [
            [label, french_count(count), french_percent(share)] for label, count, share in shares
        ]
        table(study, "Thèmes les plus cités dans les commentaires libres",
              ["Thème", "Commentaires", "Part des commentaires"], rows, THEME_WIDTHS,
              f"{commenters(figures)}. {comments_note(figures)}")  # fmt: skip
    if figures.quotes is None:
        paragraph(study, NOT_JOINED)
        return
    blocks = quote_blocks(figures)
    if blocks:
        said = "Ce qu'ils écrivent"
        if figures.commented < MIN_RESPONDENTS:
            said += " (exemples, non représentatifs)"
        paragraph(study, f"{said} :").paragraph_format.keep_with_next = True
    for theme, quote in blocks:
        line = paragraph(study, "")
        line.add_run(french_text(f"{theme} : ")).bold = True
        line.add_run(french_text(f"« {quote} »")).italic = True
