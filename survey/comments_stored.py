"""The coded comments of an analysed survey: their figures as survey_results rows (family "",
measures named below, per area like the other estimates), their quotes in a JSON file.

Quotes are residents' own words: survey_results holds numbers only (no text column, and no
migration for this), and the database is shared and published, so the anonymised quotes go
to a file beside the answers (comment_quotes.py) that `vigie report --survey-comments` reads."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, select

from database.geography import REGION_OF_DEPARTEMENT
from database.models import Authority
from survey.analysis import Analysis, Estimate
from survey.answers import Answers, read_answers
from survey.codebook import Codebook
from survey.comments import (
    COMMENTED,
    THEME,
    UNCODED,
    Comment,
    CommentCoding,
    code_comments,
    respondent_quadrant,
    wilson,
)
from survey.families import FAMILIES
from survey.ipa import thresholds
from survey.questionnaire import Form
from survey.stored import area_measure

QUESTION = "commentaire"


def survey_comments(answers: Answers, analysis: Analysis, engine: Engine) -> list[Comment]:
    """Each respondent's comment ("" when none), with their quadrant and areas."""
    split = _split(analysis)
    areas = _areas(engine, sorted({row.get("commune", "") for row in answers.rows}))
    comments = []
    for row in answers.rows:
        ratings = {
            family.key: (_number(row.get(f"import_{family.key}")),
                         _number(row.get(f"satisf_{family.key}")))
            for family in FAMILIES
        }  # fmt: skip
        comments.append(
            Comment(
                row.get(QUESTION, ""),
                respondent_quadrant(ratings, split),
                areas.get(row.get("commune", ""), ()),
            )
        )
    return comments


def _split(analysis: Analysis) -> tuple[float, float] | None:
    means = {
        family.key: (importance.estimate, satisfaction.estimate)
        for family in FAMILIES
        if (importance := analysis.get(family.key, "importance"))
        and (satisfaction := analysis.get(family.key, "satisfaction"))
    }
    return thresholds(means) if means else None


def _number(value: str | None) -> float | None:
    return float(value) if value and value.isdigit() else None


def _areas(engine: Engine, codes: list[str]) -> dict[str, tuple[str, ...]]:
    """Commune code -> the areas its residents' figures are also stored for."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(Authority.code, Authority.departement_code, Authority.region_code).where(
                Authority.kind == "commune", Authority.code.in_(codes)
            )
        ).all()
    found = {}
    for code, departement, region in rows:
        region = region or REGION_OF_DEPARTEMENT.get(departement or "")
        found[code] = tuple(
            f"{kind}:{value}"
            for kind, value in (("departement", departement), ("region", region))
            if value
        )
    return found


def coding_estimates(
    coding: CommentCoding, respondents: int, area: str | None = None
) -> list[Estimate]:
    """The rows of one coding: who commented, each theme's share, the uncoded share."""

    def named(measure: str) -> str:
        if area is None:
            return measure
        kind, _, code = area.partition(":")
        return area_measure(measure, kind, code)

    def row(measure: str, count: int, n: int) -> Estimate:
        low, high = wilson(count, n)
        return Estimate("", named(measure), count / n if n else 0.0, low, high, n)

    rows = [row(COMMENTED, coding.commented, respondents)]
    if coding.commented:
        rows += [
            row(f"{THEME}{key}", count, coding.commented) for key, count in coding.counts.items()
        ]
        rows.append(row(UNCODED, coding.uncoded, coding.commented))
    return rows


def comment_results(
    comments: list[Comment], codebook: Codebook
) -> tuple[list[Estimate], dict[str, CommentCoding]]:
    """The rows for the whole survey and each area, and each one's coding ("" = whole)."""
    codings = {"": code_comments(comments, codebook)}
    estimates = coding_estimates(codings[""], len(comments))
    for area in sorted({area for comment in comments for area in comment.area}):
        living = [comment for comment in comments if area in comment.area]
        codings[area] = code_comments(living, codebook)
        estimates += coding_estimates(codings[area], len(living), area)
    return estimates, codings


def code_answers_file(
    engine: Engine, analysis: Analysis, path: Path, form: Form, codebook: Codebook | None = None
) -> Path:
    """The comments of the answers in `path` coded (bundled codebook by default) into
    `analysis`' estimates, their quotes written beside (NAME-commentaires.json), as
    `vigie survey analyse` does: for the demo."""
    from survey.codebook import read_codebook
    from survey.comment_quotes import write_quotes

    answers = read_answers(path, form)
    estimates, codings = comment_results(
        survey_comments(answers, analysis, engine), codebook or read_codebook()
    )
    analysis.estimates += estimates
    return write_quotes(codings, analysis.survey, path.with_name(f"{path.stem}-commentaires.json"))
