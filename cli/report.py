"""The benchmark deck: `vigie report`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cli.common import (
    AllowIncompleteOption,
    DbOption,
    ModelOption,
    RunOption,
    console,
    database_url,
    fail,
    load_model_or_exit,
    no_score,
    output_file,
    output_folder,
    pick_run,
    scope_or_exit,
    writing,
)
from database import read_database

if TYPE_CHECKING:
    from reports.data import ReportData
    from scoring.model import Model

verbs = typer.Typer()  # its commands are the root command's own (cli/app.py)

OutOption = Annotated[
    Path | None,
    typer.Option(
        help="File to write (default: vigie-report.pptx, or vigie-report.docx with --format docx)."
    ),
]
FormatOption = Annotated[
    str,
    typer.Option(
        "--format", help="pptx: the deck (default); docx: the written study document (Word)."
    ),
]
XlsxOption = Annotated[
    Path | None, typer.Option(help="Also write the deck's tables to this Excel workbook.")
]
AuthorityOption = Annotated[
    str | None, typer.Option(help="Write instead the short scorecard of this authority.")
]
ScopeOption = Annotated[
    str,
    typer.Option(
        help="What the deck covers: national, departement:CODE, region:CODE or list:FILE "
        "(one authority code per line)."
    ),
]
PngOption = Annotated[
    Path | None, typer.Option(help="Also draw the deck's charts and map as PNG in this folder.")
]
SurveyCommentsOption = Annotated[
    Path | None,
    typer.Option(
        help="The survey's comments file (NAME-commentaires.json of vigie survey analyse): its"
        " anonymised quotes go on the comments slide."
    ),
]


@verbs.command()
def report(
    db: DbOption = None,
    run: RunOption = None,
    model: ModelOption = None,
    out: OutOption = None,
    file_format: FormatOption = "pptx",
    xlsx: XlsxOption = None,
    authority: AuthorityOption = None,
    scope: ScopeOption = "national",
    png: PngOption = None,
    allow_incomplete: AllowIncompleteOption = False,
    survey_comments: SurveyCommentsOption = None,
) -> None:
    """Write the benchmark deck (PowerPoint, in French) of a scored crawl run, for the whole
    country or a scope, with its tables as an Excel workbook and its charts as PNG when asked;
    with --format docx, the written study document instead; or, with --authority, one
    authority's scorecard.

    Example: vigie report --scope departement:44 --out loire-atlantique.pptx --xlsx la.xlsx
    """
    from database.scope import ScopeError
    from reports.data import load_report_data

    out = _output(out, file_format, authority)
    _check_outputs(out, xlsx, png)
    selection = scope_or_exit(scope)
    engine = read_database(database_url(db))
    run_id = pick_run(engine, run, allow_incomplete=allow_incomplete)
    scoring_model = load_model_or_exit(model)
    if authority is not None:
        from reports.scorecard import build_scorecard, load_scorecard

        card = load_scorecard(engine, run_id, scoring_model, authority)
        if card is None:
            no_score(authority, run_id, scoring_model)
        with writing(out, "--out"):
            console.print(f"Wrote {build_scorecard(card, out)}")
        return
    try:
        data = load_report_data(engine, run_id, scoring_model, selection)
    except ScopeError as error:
        fail(str(error))
    if survey_comments is not None:
        _attach_comments(data, survey_comments)
    if file_format == "docx":
        _write_document(data, scoring_model, out)
    else:
        _write_deck(data, out)
    _write_extras(data, xlsx, png)


def _attach_comments(data: ReportData, path: Path) -> None:
    """The quotes of the comments file on the deck's survey; one line and exit 2 if the file
    is not the survey's."""
    from reports.survey_comments import attach_quotes, read_comment_quotes

    survey = data.survey
    if survey is None or survey.comments is None:
        fail(f"--survey-comments {path}: the run has no analysed survey with comments to quote")
    try:
        attach_quotes(survey.comments, read_comment_quotes(path, survey.name))
    except ValueError as error:
        fail(f"--survey-comments {error}")


FORMATS = ("pptx", "docx")


def _output(out: Path | None, file_format: str, authority: str | None) -> Path:
    """The file --out names, or the default for the format; an unknown format is refused."""
    if file_format not in FORMATS:
        fail(f"--format {file_format}: unknown format; use --format {'|'.join(FORMATS)}")
    if authority is not None and file_format != "pptx":
        fail("--format docx writes the study document; the scorecard (--authority) is pptx")
    return out if out is not None else Path(f"vigie-report.{file_format}")


def _write_deck(data: ReportData, out: Path) -> None:
    from reports.deck import build_deck

    with writing(out, "--out"):
        console.print(f"Wrote {build_deck(data, out)}")


def _write_document(data: ReportData, model: Model, out: Path) -> None:
    from reports.document import build_document

    with writing(out, "--out"):
        console.print(f"Wrote {build_document(data, model, out)}")


def _write_extras(data: ReportData, xlsx: Path | None, png: Path | None) -> None:
    """The workbook and the PNG charts, asked beside the deck or the document."""
    from reports.charts import write_charts
    from reports.workbook import write_workbook

    if xlsx is not None:
        with writing(xlsx, "--xlsx"):
            console.print(f"Wrote {write_workbook(data, xlsx)}")
    if png is not None:
        with writing(png, "--png"):
            for path in write_charts(data, png):
                console.print(f"Wrote {path}")


def _check_outputs(out: Path, xlsx: Path | None, png: Path | None) -> None:
    """Every file and folder to write, checked before the work."""
    output_file(out, "--out")
    if xlsx is not None:
        output_file(xlsx, "--xlsx")
    if png is not None:
        output_folder(png, "--png")
