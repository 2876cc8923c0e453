"""The open comments in `vigie survey analyse`: the codebook to code them with (--codebook),
their figures added to the stored results, their anonymised quotes written beside the
answers (--comments-out) for `vigie report --survey-comments`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cli.common import console, fail, output_file, writing

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from survey.analysis import Analysis
    from survey.answers import Answers
    from survey.codebook import Codebook

CodebookOption = Annotated[
    Path | None,
    typer.Option(
        help="Codebook of the open comments' themes (TOML; default: the bundled"
        " survey/codebook-commentaires.toml, docs/survey.md says how to edit it)."
    ),
]
CommentsOutOption = Annotated[
    Path | None,
    typer.Option(
        help="Where to write the coded comments' anonymised quotes (JSON; default: beside the"
        " answers, NAME-commentaires.json), for vigie report --survey-comments."
    ),
]


def codebook_or_exit(path: Path | None) -> Codebook:
    """The codebook, or one line naming what is wrong with it and exit 2."""
    from survey.codebook import CodebookError, read_codebook

    try:
        return read_codebook(path)
    except CodebookError as error:
        fail(f"--codebook {error}")


def quotes_path(answers: Path, given: Path | None) -> Path:
    path = given or answers.with_name(f"{answers.stem}-commentaires.json")
    output_file(path, "--comments-out")
    return path


def add_comments(
    analysis: Analysis, answers: Answers, engine: Engine, codebook: Codebook, out: Path
) -> None:
    """Code the comments, add their figures to the analysis' estimates, write the quotes."""
    from reports.french import french_percent
    from survey.comment_quotes import write_quotes
    from survey.comments_stored import comment_results, survey_comments

    estimates, codings = comment_results(survey_comments(answers, analysis, engine), codebook)
    analysis.estimates += estimates
    whole = codings[""]
    console.print(
        f"Comments: {whole.commented} of {analysis.respondents} respondents commented;"
        f" coded with {codebook.path.name}"
    )
    if not whole.commented:
        return
    for key, label in whole.themes.items():
        share = french_percent(100 * whole.share(key))
        console.print(f"  {label}: {whole.counts[key]} ({share})")
    uncoded = french_percent(100 * whole.uncoded / whole.commented)
    console.print(f"  No theme: {whole.uncoded} ({uncoded})")
    with writing(out, "--comments-out"):
        console.print(f"Wrote the quotes to {write_quotes(codings, analysis.survey, out)}")
