"""`vigie validate`: the findings checked by hand on a sample of a run's sites, by two coders
(docs/validation.md)."""

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
    take_role,
    writing,
)
from database import open_database, read_database

if TYPE_CHECKING:
    from database.validation import ValidationFigure
    from evaluation.validation_sample import Sample
    from evaluation.validation_score import FeatureScore

validate_app = typer.Typer(
    help="Check the findings by hand: a sample's coding workbook, then its precision, recall "
    "and the coders' agreement.",
    no_args_is_help=True,
)


@validate_app.command()
def sample(
    sites: Annotated[
        int, typer.Option(min=1, max=100_000, help="Crawled sites to draw, across strata.")
    ] = 100,
    seed: Annotated[
        int, typer.Option(help="Seed of the draw: the same seed, the same sample.")
    ] = 1,
    out: Annotated[Path, typer.Option(help="Coding workbook to write (.xlsx).")] = Path(
        "validation.xlsx"
    ),
    features: Annotated[
        str | None,
        typer.Option(
            help="Features to check, comma-separated: keys (tech.cms) or families ending with a"
            " dot (social.); default: the study's main ones (docs/validation.md)."
        ),
    ] = None,
    db: DbOption = None,
    run: RunOption = None,
) -> None:
    """Draw a stratified sample of a run's crawled sites and write the coding workbook: one
    row per finding of each checked feature on them, or one "(rien trouvé)" row where Vigie
    found none, a column per coder.

    Example: vigie validate sample --run 3 --sites 120 --seed 7 --out validation.xlsx
    """
    from evaluation.validation_sample import DEFAULT_FEATURES, SampleError, draw_sample
    from evaluation.validation_workbook import write_workbook

    output_file(out, "--out")
    if out.suffix.lower() != ".xlsx":
        fail(f"--out {out}: the coding workbook is an Excel file; name it .xlsx")
    groups: tuple[str, ...] = DEFAULT_FEATURES
    if features is not None:
        groups = tuple(part.strip() for part in features.split(",") if part.strip())
    engine = read_database(database_url(db))
    run_id = pick_run(engine, run)
    try:
        drawn = draw_sample(engine, run_id, sites, seed, groups)
    except SampleError as error:
        fail(str(error))
    with writing(out, "--out"):
        write_workbook(drawn, out)
    _print_sample(drawn)
    console.print(
        f"Wrote {out}: {len(drawn.rows)} rows for {len(drawn.sites)} sites of run {run_id}"
        f" (seed {seed}); each coder fills their column, then `vigie validate score {out}`"
    )


def _print_sample(drawn: Sample) -> None:
    strata = Table("stratum", "crawled sites", "drawn", title="Sample by stratum")
    counts = drawn.drawn()
    for stratum, eligible in drawn.eligible.items():
        strata.add_row(stratum, str(eligible), str(counts[stratum]))
    console.print(strata)
    table = Table("feature", "sites where found", "rows", title="Rows by feature")
    for group in drawn.groups:
        rows = sum(row.group == group for row in drawn.rows)
        table.add_row(group, f"{drawn.found_on(group)}/{len(drawn.sites)}", str(rows))
    console.print(table)
    for group in drawn.groups:
        if drawn.found_on(group) == 0:
            errors.print(
                f"Warning: {group} was found on none of the sampled sites: its precision"
                " will not be measured; draw more sites (or another seed)"
            )


@validate_app.command()
def score(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="The filled workbooks: one holding both coders' columns, or one per coder."
        ),
    ],
    db: DbOption = None,
) -> None:
    """Read the coders' workbooks back and print, per checked feature, precision and recall
    with their Wilson 95 % intervals and the coders' Cohen's κ, each with its n; store them
    with the run (replacing its earlier ones).

    Example: vigie validate score codeur-a.xlsx codeur-b.xlsx
    """
    from database.validation import store_validation
    from evaluation.validation_score import check_against_run, read_coded_sample, sample_figures
    from evaluation.validation_workbook import WorkbookError

    for index, path in enumerate(files):
        if path.resolve() in {earlier.resolve() for earlier in files[:index]}:
            fail(f"{path} is given twice: give each coder's workbook once")
        take_role(path, "a coding workbook")
    try:
        coded = read_coded_sample(files)
    except WorkbookError as error:
        fail(str(error))
    engine = open_database(database_url(db), create=False)
    try:
        check_against_run(engine, coded)
    except WorkbookError as error:
        fail(str(error))
    scores, figures = sample_figures(coded)
    _print_scores(scores, coded.sites, coded.run_id)
    stored = store_validation(engine, coded.run_id, figures)
    console.print(f"Stored {stored} figures with run {coded.run_id} (earlier ones replaced).")


def _print_scores(scores: dict[str, FeatureScore], sites: int, run_id: int) -> None:
    """One line per feature (a table would wrap its intervals on a narrow terminal)."""
    console.print(
        f"Validation of run {run_id} on {sites} sites: precision and recall [Wilson 95 % CI]"
        " (successes/n), Cohen's κ (rows agreed/rows both coded yes or no)"
    )
    for feature, counts in scores.items():
        precision, recall, kappa = counts.figures(feature, sites)
        agreement = "n/a" if kappa.estimate is None else f"{kappa.estimate:.3f}"
        console.print(
            f"  {feature or 'all features'}: precision {_proportion(precision)}, recall"
            f" {_proportion(recall)}, κ {agreement} ({kappa.successes}/{kappa.n}); ?"
            f" {counts.cannot_tell}, unresolved {counts.unresolved}"
        )


def _proportion(figure: ValidationFigure) -> str:
    if figure.estimate is None or figure.ci_low is None or figure.ci_high is None:
        return f"n/a ({figure.successes}/{figure.n})"
    return (
        f"{figure.estimate:.3f} [{figure.ci_low:.3f}–{figure.ci_high:.3f}]"
        f" ({figure.successes}/{figure.n})"
    )
