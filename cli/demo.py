"""The demo: a local farm of synthetic communes, crawled, scored and reported, end to end;
its survey is the generic questionnaire answered by synthetic residents of the crawled
communes, analysed and stored, so that the demo deck shows its survey section."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer
from sqlalchemy import Engine

from cli.common import DbOption, console, database_url, ratio_text
from database import open_database
from database.repository import status_counts
from database.scope import Scope
from evaluation.accuracy import crawl_farm
from evaluation.truth import Evaluation, evaluate, load_truth
from reports.deck import write_report
from scoring.compute import score_run
from scoring.model import load_model
from survey.analysis import Analysis, analyse, store_analysis
from survey.answers import read_answers
from survey.questionnaire import build_form
from survey.synthetic import (
    family_models,
    population_cells,
    simulate,
    true_margins,
    write_kobo_csv,
)
from survey.xlsform import check_xlsform, read_xlsform, write_xlsform

verbs = typer.Typer()  # its commands are the root command's own (cli/app.py)

SURVEY_RESPONDENTS = 1500
DEMO_SURVEY = "demo-synthetique"


def synthetic_survey(
    engine: Engine, run_id: int, folder: Path, respondents: int, seed: int
) -> Analysis:
    """Write the questionnaire and synthetic answers in `folder`, analyse them as
    `vigie survey analyse` does, and store the results under DEMO_SURVEY."""
    form_path = write_xlsform(build_form(), folder / "questionnaire.xlsx")
    check_xlsform(form_path)
    form = read_xlsform(form_path)
    cells = population_cells(engine, Scope("national"), run_id)
    models = family_models(seed)
    answers_path = write_kobo_csv(
        form, simulate(form, cells, models, respondents, seed), folder / "reponses.csv"
    )
    analysis = analyse(
        read_answers(answers_path, form), form, engine, true_margins(cells), run_id, DEMO_SURVEY
    )
    store_analysis(engine, analysis)
    return analysis


@dataclass
class DemoResult:
    run_id: int
    run_status: str
    statuses: dict[str, int]
    scored: int
    evaluation: Evaluation
    report: Path


def run_demo(
    database_url: str,
    report: Path,
    workdir: Path,
    sites: int,
    seed: int,
    crawl_overrides: dict[str, Any] | None = None,
    say: Callable[[str], None] = print,
) -> DemoResult:
    run_id, run_status, truth = crawl_farm(
        database_url, workdir, sites, seed, crawl_overrides, say, social=True
    )
    engine = open_database(database_url)
    statuses = status_counts(engine, run_id)
    say(f"Crawl: run {run_id} {run_status}; " + ", ".join(f"{s} {n}" for s, n in statuses.items()))
    model = load_model()
    scored = score_run(engine, run_id, model)
    say(f"Scores: {scored} authorities scored with model {model.version}")
    evaluation = evaluate(engine, run_id, load_truth(truth))
    survey = synthetic_survey(engine, run_id, workdir, SURVEY_RESPONDENTS, seed)
    say(
        f"Survey: {survey.respondents} synthetic answers (KoboToolbox layout) analysed as"
        f" {survey.survey!r}: {workdir / 'questionnaire.xlsx'}, {workdir / 'reponses.csv'}"
    )
    write_report(engine, run_id, model, report)
    say(f"Report: {report}")
    engine.dispose()
    return DemoResult(run_id, run_status, statuses, scored, evaluation, report)


@verbs.command()
def demo(
    db: DbOption = None,
    out: Annotated[Path, typer.Option(help="PowerPoint file to write.")] = Path("vigie-demo.pptx"),
    sites: Annotated[int, typer.Option(help="Synthetic authorities in the farm.")] = 40,
    # 103: 40 sites with every status but a timeout, parked and moved domains, gzip bombs and
    # an endless body, and no page that drips: the demo keeps the real 30-second timeout.
    seed: Annotated[int, typer.Option(help="Seed of the farm.")] = 103,
    workdir: Annotated[
        Path, typer.Option(help="Where the farm's targets, hosts and truth go.")
    ] = Path("vigie-demo"),
) -> None:
    """Run the whole chain on a local farm: serve, import, crawl, score, report. No network needed.

    Example: vigie demo --sites 60
    """
    started = time.monotonic()
    result = run_demo(
        database_url(db),
        out,
        workdir,
        sites,
        seed,
        crawl_overrides={"LOG_FILE": "vigie-crawl.log"},
        say=console.print,
    )
    checked = result.evaluation
    console.print(
        f"Ground truth: {checked.status_agreements}/{checked.sites} statuses as expected; "
        + ", ".join(
            f"{name} P={ratio_text(s.precision)} R={ratio_text(s.recall)}"
            for name, s in sorted(checked.families.items())
        )
    )
    console.print(
        f"Done in {time.monotonic() - started:.0f} s: database {database_url(db)}, report {out}"
    )
