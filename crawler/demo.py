"""The demo: a local farm of synthetic communes, crawled, scored and reported, end to end."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crawler.crawl import run_crawl
from crawler.db import open_database
from crawler.db.repository import status_counts
from crawler.evaluation import Evaluation, evaluate, load_truth
from crawler.targets import ImportReport, import_file
from farm.catalogue import Farm
from farm.files import HOSTS_FILE, TARGETS_FILE, TRUTH_FILE, write_farm_files
from farm.process import farm_server
from reports.deck import write_report
from scoring.compute import score_run
from scoring.model import load_model


@dataclass
class DemoResult:
    run_id: int
    run_status: str
    imported: ImportReport
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
    engine = open_database(database_url)
    with farm_server(sites, seed) as ports:
        say(
            f"Farm: {sites} synthetic authority sites served on 127.0.0.1:{ports.http} "
            f"(HTTPS: {ports.tls})"
        )
        files = write_farm_files(Farm(sites, seed, ports.http, ports.tls), workdir)
        imported = import_file(engine, files[TARGETS_FILE])
        say(
            f"Targets: {imported.loaded} authorities imported from {files[TARGETS_FILE]}, "
            f"{imported.with_website} with a website"
        )
        overrides = {"VIGIE_FARM_HOSTS": str(files[HOSTS_FILE]), **(crawl_overrides or {})}
        run_id, run_status = run_crawl(database_url, overrides=overrides)
    statuses = status_counts(engine, run_id)
    say(f"Crawl: run {run_id} {run_status}; " + ", ".join(f"{s} {n}" for s, n in statuses.items()))
    model = load_model()
    scored = score_run(engine, run_id, model)
    say(f"Scores: {scored} authorities scored with model {model.version}")
    evaluation = evaluate(engine, run_id, load_truth(files[TRUTH_FILE]))
    write_report(engine, run_id, model, report)
    say(f"Report: {report}")
    engine.dispose()
    return DemoResult(run_id, run_status, imported, statuses, scored, evaluation, report)
