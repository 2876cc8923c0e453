"""The survey slides on the closed questions beyond the services, and on the change since
the previous wave: how residents get local information (each channel's share, overall and by
age band), their digital uses and needs of help, and, when `vigie survey compare` recorded an
earlier wave, what changed. The tables are reports/survey_tables.py's, which the study
document shows too; every column carries its n, a cell on fewer than MIN_RESPONDENTS
respondents reads "effectif insuffisant"."""

from __future__ import annotations

from pptx.presentation import Presentation as PresentationType
from pptx.util import Inches

from reports.deck_survey import TOP, scope_line
from reports.deck_survey_table import add_survey_table
from reports.layout import CONTENT_WIDTH, MARGIN, MUTED, NAVY, add_text, titled_slide
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
from survey.questionnaire import AGE_BANDS

NOTE_TOP = Inches(6.45)
WAVES_NOTE_TOP = Inches(5.75)  # a longer note: the previous wave, the test, its meaning


def channels_slides(presentation: PresentationType, source: str, survey: SurveySummary) -> None:
    """The slides on the closed questions, and the waves' comparison (nothing where the
    analysis estimated none of them)."""
    channels = channel_rows(survey)
    if channels:
        _by_age_slide(presentation, source, survey, CHANNELS_TITLE, channels, CHANNELS_NOTE)
    uses = use_rows(survey)
    if uses:
        _by_age_slide(presentation, source, survey, USES_TITLE, uses, USES_NOTE)
    if survey.waves is not None:
        _waves_slide(presentation, source, survey)


def _by_age_slide(
    presentation: PresentationType,
    source: str,
    survey: SurveySummary,
    title: str,
    rows: list[tuple[str, str, str]],
    note: str,
) -> None:
    """A table of shares: one row per (title, question, option), the whole scope then each
    age band, each column headed by its n."""
    slide = titled_slide(presentation, title, source)
    add_text(slide, MARGIN, Inches(1.08), CONTENT_WIDTH, Inches(0.3), scope_line(survey),
             size=12, color=NAVY)  # fmt: skip
    table = by_age_table(survey, rows)
    add_survey_table(slide, MARGIN, TOP, CONTENT_WIDTH, table.header, table.rows,
                     (0.34, 0.11, *([0.11] * len(AGE_BANDS))), size=12)  # fmt: skip
    add_text(slide, MARGIN, NOTE_TOP, CONTENT_WIDTH, Inches(0.5), by_age_note(note), size=12,
             color=MUTED)  # fmt: skip


def _waves_slide(presentation: PresentationType, source: str, survey: SurveySummary) -> None:
    """What changed since the previous wave: the significant changes first, then the
    largest others, each with both waves' n and the change's 95 % interval; the note says
    what "significative" means beside an interval of one estimate."""
    waves = survey.waves
    assert waves is not None
    slide = titled_slide(presentation, WAVES_TITLE, source)
    add_text(slide, MARGIN, Inches(1.08), CONTENT_WIDTH, Inches(0.3), scope_line(survey),
             size=12, color=NAVY)  # fmt: skip
    table = wave_table(waves)
    add_survey_table(slide, MARGIN, TOP, CONTENT_WIDTH, table.header, table.rows,
                     (0.36, 0.14, 0.14, 0.18, 0.18), size=12)  # fmt: skip
    add_text(slide, MARGIN, WAVES_NOTE_TOP, CONTENT_WIDTH, Inches(1.0), waves_note(waves),
             size=12, color=MUTED)  # fmt: skip
