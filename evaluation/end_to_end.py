"""The demo: a local farm of synthetic communes, crawled, scored, compared with its ground
truth, surveyed (`survey/demo_survey.py`) and reported, end to end (`vigie demo`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from database import open_database
from database.repository import status_counts
from evaluation.accuracy import crawl_farm
from evaluation.truth import Evaluation, evaluate, load_truth
from reports.data import ReportData, load_report_data
from reports.deck import build_deck
from reports.document import build_document
from reports.website.publish import publish_site
from scoring.compute import score_run
from scoring.model import load_model
from survey.demo_survey import SURVEY_RESPONDENTS, synthetic_survey


@dataclass
class DemoResult:
    run_id: int
    run_status: str
    statuses: dict[str, int]
    scored: int
    evaluation: Evaluation
    report: Path
    document: Path  # the study document, beside the deck
    site: Path  # the public website, a folder beside the deck


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
    # The deck and the study document from one reading of the figures, as `vigie report` does.
    data = load_report_data(engine, run_id, model)
    _quote_comments(data, workdir / "reponses-commentaires.json")
    build_deck(data, report)
    document = build_document(data, model, report.with_suffix(".docx"))
    say(f"Report: {report}; study document: {document}")
    site = publish_site(
        engine, run_id, model, data.scope, report.with_name(f"{report.stem}-site")
    ).out
    say(f"Website: {site / 'index.html'}")
    engine.dispose()
    return DemoResult(run_id, run_status, statuses, scored, evaluation, report, document, site)


def _quote_comments(data: ReportData, path: Path) -> None:
    """The demo survey's comment quotes on the deck, as `vigie report --survey-comments`."""
    from reports.survey_comments import attach_quotes, read_comment_quotes

    if data.survey is not None and data.survey.comments is not None and path.is_file():
        attach_quotes(data.survey.comments, read_comment_quotes(path, data.survey.name))
