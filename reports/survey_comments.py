"""The open comments' themes as the report shows them: read from survey_results for the deck's
area (survey/comments_stored.py names the rows), with the quotes of the area when the comments
file of `vigie survey analyse` is given (`vigie report --survey-comments`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from survey.codebook import CodebookError, read_codebook
from survey.comments import COMMENTED, THEME, UNCODED, CommentCoding
from survey.stored import split_measure


@dataclass
class CommentFigures:
    """How many of the area's respondents commented, and how many comments speak of each
    theme (n = those who commented)."""

    respondents: int
    commented: int
    counts: dict[str, int]  # theme key -> comments, in the codebook's order
    uncoded: int
    labels: dict[str, str] = field(default_factory=dict)  # key -> label
    area: str = ""  # "" for the whole survey, else "departement:44"...
    quotes: CommentCoding | None = None  # the area's quotes, when the file is given

    def label(self, key: str) -> str:
        return self.labels.get(key) or key.replace("_", " ").capitalize()

    def ranked(self) -> list[tuple[str, int]]:
        """The themes spoken of, most frequent first (the codebook's order among ties)."""
        return sorted(((k, c) for k, c in self.counts.items() if c), key=lambda kc: -kc[1])


def comment_figures(rows: Iterable[Sequence[Any]], area: str | None) -> CommentFigures | None:
    """The figures of `area` (None: the whole survey) among a survey's rows (family, measure,
    estimate, ci_low, ci_high, respondents); None when the survey stored no comment rows."""
    counts: dict[str, int] = {}
    found: dict[str, tuple[float, int]] = {}
    for family, stored, estimate, _, _, n in rows:
        measure, where = split_measure(str(stored))
        if family or where != area:
            continue
        share, size = float(estimate), int(n)
        if measure.startswith(THEME):
            counts[measure.removeprefix(THEME)] = round(share * size)
        elif measure in (COMMENTED, UNCODED):
            found[measure] = (share, size)
    if COMMENTED not in found:
        return None
    share, respondents = found[COMMENTED]
    uncoded_share, commented = found.get(UNCODED, (0.0, 0))
    return CommentFigures(
        respondents,
        round(share * respondents),
        counts,
        round(uncoded_share * commented),
        _default_labels(),
        area or "",
    )


def _default_labels() -> dict[str, str]:
    try:
        return {theme.key: theme.label for theme in read_codebook().themes}
    except CodebookError:
        return {}


def attach_quotes(figures: CommentFigures, codings: dict[str, CommentCoding]) -> None:
    """The quotes (and the labels of the codebook used) of the figures' area."""
    coding = codings.get(figures.area)
    if coding is not None:
        figures.quotes = coding
        figures.labels = {**figures.labels, **coding.themes}


def read_comment_quotes(path: Path, survey: str) -> dict[str, CommentCoding]:
    """The codings of a comments file of this survey; ValueError saying why not otherwise."""
    from survey.comment_quotes import read_quotes

    name, codings = read_quotes(path)
    if name != survey:
        raise ValueError(
            f"{path} holds the comments of survey {name!r}, and the deck shows survey"
            f" {survey!r}; give the file `vigie survey analyse` wrote for {survey!r}"
        )
    return codings
