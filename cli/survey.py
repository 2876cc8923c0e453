"""`vigie survey`: design the citizen questionnaire, plan its sample, analyse its answers."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from cli.common import (
    DbOption,
    RunOption,
    console,
    database_url,
    errors,
    fail,
    output_file,
    pick_run,
    scope_or_exit,
    writing,
)
from cli.survey_coding import (
    CodebookOption,
    CommentsOutOption,
    add_comments,
    codebook_or_exit,
    quotes_path,
)
from cli.survey_compare import compare, print_questions
from database import open_database, read_database

if TYPE_CHECKING:
    from survey.analysis import Analysis
    from survey.offer import ScopeOffer
    from survey.questionnaire import Form

survey_app = typer.Typer(
    help="The citizen survey: questionnaire (XLSForm), sampling plan, analysis of the answers.",
    no_args_is_help=True,
)
survey_app.command()(compare)
ScopeOption = Annotated[
    str | None,
    typer.Option(
        help="Tailor to the sites of national, departement:CODE, region:CODE or list:FILE "
        "(default: a generic questionnaire, no database needed)."
    ),
]
MarginsOption = Annotated[
    Path | None,
    typer.Option(
        help="Population margins CSV (variable,level,population); default: the bundled example."
    ),
]
FormOption = Annotated[Path, typer.Option(help="The XLSForm the answers were collected with.")]
NoticeOption = Annotated[
    Path | None,
    typer.Option(
        help="The data-protection notice's fields (TOML; see survey/notice-exemple.toml)."
    ),
]
NameOption = Annotated[
    str | None,
    typer.Option(help="Name the results are stored under (default: form id and version)."),
]
ClusteredOption = Annotated[
    bool, typer.Option(help="Communes are the primary sampling units (the two-stage plan).")
]
TerritoryOption = Annotated[
    str | None,
    typer.Option(
        "--scope",
        help="The territory surveyed: national, departement:CODE, region:CODE or list:FILE;"
        " its margins come from the database's populations (--margins replaces the variables"
        " it gives).",
    ),
]


def _margins(path: Path | None) -> dict[str, dict[str, float]]:
    from survey.sampling import EXAMPLE_MARGINS, MarginsError, read_margins

    try:
        return read_margins(path or EXAMPLE_MARGINS)
    except MarginsError as error:
        fail(str(error))


def _form(path: Path) -> Form:
    from openpyxl.utils.exceptions import InvalidFileException

    from survey.xlsform import XLSFormError, read_xlsform

    if not path.is_file():
        fail(f"--form {path}: no XLSForm workbook there (`vigie survey design` writes one)")
    try:
        return read_xlsform(path)
    except XLSFormError as error:
        fail(str(error))
    except InvalidFileException as error:  # a name openpyxl does not read (not .xlsx)
        fail(f"--form {path}: not an XLSForm workbook ({error})")


@survey_app.command()
def design(
    out: Annotated[Path, typer.Option(help="XLSForm workbook to write.")] = Path(
        "questionnaire.xlsx"
    ),
    doc: Annotated[
        Path | None, typer.Option(help="Also write the printable questionnaire (Word).")
    ] = None,
    scope: ScopeOption = None,
    db: DbOption = None,
    run: RunOption = None,
    validate: Annotated[
        bool, typer.Option(help="Also run ODK Validate on the XForm (needs Java).")
    ] = False,
    notice: NoticeOption = None,
) -> None:
    """Write the questionnaire as an XLSForm (KoboToolbox, ODK), checked with pyxform.

    With --scope, the service questions follow what the crawl found on the scope's sites: the
    services some site offers are asked about (known? used? satisfied?), the others as
    expectations; the commune question lists the scope's communes.

    Example: vigie survey design --scope departement:44 --out enquete.xlsx --doc enquete.docx
    """
    from cli.survey_plan import form_arguments, study_notice, warn_draft_notice
    from survey.printable import write_printable
    from survey.questionnaire import build_form
    from survey.xlsform import XLSFormError, check_xlsform, write_xlsform

    output_file(out, "--out")
    if doc is not None:
        output_file(doc, "--doc")
    tailored = None if scope is None else _tailoring(scope, db, run)
    filled = study_notice(notice)
    form = build_form(**form_arguments(tailored), notice=filled)
    with writing(out, "--out"):
        write_xlsform(form, out)
    try:
        xform = check_xlsform(out, validate=validate)
    except XLSFormError as error:
        errors.print(f"pyxform refused {out}: {error}", markup=False)
        raise typer.Exit(1) from None
    console.print(
        f"Wrote {out} ({len(form.answered)} questions); pyxform converted it without warning"
        f"{' and ODK Validate accepted it' if validate else ''} ({xform})"
    )
    if doc is not None:
        with writing(doc, "--doc"):
            console.print(f"Wrote {write_printable(form, doc)}")
    if notice is None:  # once the files are written: a failure stays one line
        warn_draft_notice()


def _tailoring(scope: str, db: str | None, run: int | None) -> ScopeOffer:
    """What the scope's crawled sites offer, said as the questionnaire will ask it."""
    from survey.offer import scope_offer

    selection = scope_or_exit(scope)
    engine = read_database(database_url(db))
    run_id = pick_run(engine, run)
    try:
        tailored = scope_offer(engine, run_id, selection)
    except ValueError as error:
        fail(str(error))
    console.print(
        f"Scope {tailored.label}: {tailored.sites} crawled sites; asked about "
        + ", ".join(tailored.asked(True))
        + "; asked as expectations: "
        + (", ".join(tailored.asked(False)) or "none")
    )
    return tailored


@survey_app.command()
def sample(
    margin: Annotated[float, typer.Option(help="Margin of error, e.g. 0.03 for ±3 points.")] = 0.03,
    confidence: Annotated[float, typer.Option(help="Confidence level.")] = 0.95,
    population: Annotated[
        float | None,
        typer.Option(
            help="Population surveyed, for the finite-population correction "
            "(default: the margins' total)."
        ),  # fmt: skip
    ] = None,
    margins: MarginsOption = None,
    scope: TerritoryOption = None,
    communes: Annotated[int, typer.Option(min=1, help="Communes to draw in the scope.")] = 20,
    seed: Annotated[int, typer.Option(min=0, help="Seed of the draw (reproducible).")] = 1,
    csv_out: Annotated[
        Path | None, typer.Option("--csv", help="Write the drawn communes to this CSV.")
    ] = None,
    db: DbOption = None,
) -> None:
    """The sampling plan: respondents needed, quotas by sex, age, commune size and région,
    and, with --scope, the communes to survey in (drawn proportionally to population), with
    the scope's population and margins and a warning for each implausible commune quota.

    Example: vigie survey sample --margin 0.04 --scope region:52 --communes 15 --csv plan.csv
    """
    from cli.survey_plan import plan_margins, print_drawn, print_quotas, warn_implausible
    from survey.sampling import draw_communes, sample_size, write_drawn_communes

    if not (0 < margin < 0.5 and 0.5 < confidence < 1):
        fail("--margin must lie in (0, 0.5) and --confidence in (0.5, 1)")
    if population is not None and not 1 <= population < 1e12:  # also refuses nan
        fail(f"--population {population}: give the number of people surveyed, 1 or more")
    if csv_out is not None:
        output_file(csv_out, "--csv")
    selection, engine, shares = plan_margins(scope, margins, db)
    total = population or max(sum(levels.values()) for levels in shares.values())
    size = sample_size(margin, confidence, total)
    console.print(
        f"Respondents: {size} for ±{100 * margin:g} points at {100 * confidence:g} % confidence"
        f" (population {total:,.0f}, finite-population correction applied)"
    )
    print_quotas(size, shares)
    if selection is None or engine is None:
        return
    try:
        drawn = draw_communes(engine, selection, communes, size, seed)
    except ValueError as error:
        fail(str(error))
    print_drawn(drawn, f"Communes drawn in {selection.label} (seed {seed})")
    if csv_out is not None:
        with writing(csv_out, "--csv"):
            console.print(f"Wrote {write_drawn_communes(drawn, csv_out)}")
    warn_implausible(drawn)  # once the plan is written: a failure stays one line


@survey_app.command()
def analyse(
    answers: Annotated[Path, typer.Argument(help="Answers as exported by KoboToolbox or ODK.")],
    form: FormOption = Path("questionnaire.xlsx"),
    margins: MarginsOption = None,
    scope: TerritoryOption = None,
    name: NameOption = None,
    clustered: ClusteredOption = False,
    codebook: CodebookOption = None,
    comments_out: CommentsOutOption = None,
    db: DbOption = None,
    run: RunOption = None,
) -> None:
    """Check the answers against the form, rake weights to the margins, estimate usage,
    satisfaction and importance of each service with 95 % intervals, set expectations against
    what the respondents' communes' sites offer, estimate every other closed question's
    answers (by age band, sex and commune size too), and store the results for the report.

    Example: vigie survey analyse export.csv --form enquete.xlsx --scope departement:44
    """
    from cli.survey_plan import AnalysedTerritory
    from survey.analysis import WeightingFailed, store_analysis
    from survey.analysis import analyse as run_analysis
    from survey.answers import AnswersError, read_answers

    if not answers.is_file():
        fail(f"{answers}: no answers file there (a CSV or XLSX export of KoboToolbox or ODK)")
    collected = _form(form)
    coder, quotes = codebook_or_exit(codebook), quotes_path(answers, comments_out)
    engine = open_database(database_url(db))
    territory = AnalysedTerritory(engine, scope, margins)
    run_id = pick_run(engine, run)
    try:
        checked = territory.checked(read_answers(answers, collected))
        result = run_analysis(
            checked,
            collected,
            engine,
            territory.margins,
            run_id,
            name or f"{collected.form_id}-{collected.version}",
            clustered,
        )
    except (AnswersError, WeightingFailed) as error:
        errors.print(str(error), markup=False)
        raise typer.Exit(1) from None
    territory.marked(result)
    for note in result.notes:
        console.print(f"Weights: {note}")
    _print_estimates(result, f"{result.survey}: {result.respondents} respondents (run {run_id})")
    for family, quadrant in result.quadrants().items():
        console.print(f"{family}: {quadrant}")
    add_comments(result, checked, engine, coder, quotes)  # the open comments' themes
    stored = store_analysis(engine, result)
    console.print(f"Stored {stored} results as survey {result.survey!r}")


def _print_estimates(result: Analysis, title: str) -> None:
    """The estimates of each service with their 95 % intervals, in French notation."""
    from survey.analysis import MEANS
    from survey.stored import SEPARATOR

    questions = {e.family for e in result.estimates if e.family.startswith("question:")}
    table = Table(title=title)
    for column in ("service", "measure", "estimate", "95 % interval", "n"):
        table.add_column(column)
    for estimate in result.estimates:
        if not estimate.family or SEPARATOR in estimate.measure or estimate.family in questions:
            continue  # areas: stored for the report; closed questions: print_questions
        shown = _mean if estimate.measure in MEANS else _share
        interval = (
            "–"
            if estimate.ci_low is None or estimate.ci_high is None
            else f"{shown(estimate.ci_low)} – {shown(estimate.ci_high)}"
        )
        table.add_row(estimate.family, estimate.measure, shown(estimate.estimate), interval,
                      str(estimate.respondents))  # fmt: skip
    console.print(table)
    print_questions(result)  # every other closed question, whole survey (cli/survey_compare.py)


def _share(value: float) -> str:
    return f"{100 * value:.1f} %".replace(".", ",")


def _mean(value: float) -> str:
    return f"{value:.2f}".replace(".", ",")


@survey_app.command()
def simulate(
    out: Annotated[Path, typer.Option(help="Answers CSV to write (KoboToolbox layout).")] = Path(
        "reponses-synthetiques.csv"
    ),
    form: FormOption = Path("questionnaire.xlsx"),
    respondents: Annotated[int, typer.Option(min=1, help="Respondents to draw.")] = 1500,
    seed: Annotated[int, typer.Option(min=0, help="Seed of the model and of the draw.")] = 1,
    scope: Annotated[str, typer.Option(help="Whose residents answer.")] = "national",
    db: DbOption = None,
    run: RunOption = None,
) -> None:
    """Synthetic answers from a known population model, with the margins of that population
    and the true values beside them (for tests, the demo, and to try the analysis).

    Example: vigie survey simulate --form enquete.xlsx --respondents 2000 --seed 7
    """
    from survey.synthetic import population_cells, write_simulation

    output_file(out, "--out")
    collected = _form(form)
    engine = read_database(database_url(db))
    run_id = pick_run(engine, run)
    try:
        cells = population_cells(engine, scope_or_exit(scope), run_id)
    except ValueError as error:
        fail(str(error))
    with writing(out, "--out"):
        answers, margins, truth = write_simulation(collected, cells, respondents, seed, out)
    console.print(f"Wrote {answers} ({respondents} respondents), {margins} and {truth}")
