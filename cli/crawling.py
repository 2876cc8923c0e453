"""Crawling: `vigie crawl` (the sites); `vigie social`, the accounts they link to, is in
cli/social.py."""

from __future__ import annotations

import time
from typing import Annotated

import typer
from sqlalchemy import Engine

from cli.common import (
    DbOption,
    FarmHostsOption,
    SetOption,
    VerboseOption,
    console,
    crawl_overrides,
    database_url,
    errors,
    print_statuses,
)
from database import open_database
from database.repository import status_counts

verbs = typer.Typer()  # its commands are the root command's own (cli/app.py)


@verbs.command()
def crawl(
    db: DbOption = None,
    resume: Annotated[
        int | None, typer.Option(help="Resume this run: scan only the sites it has not finished.")
    ] = None,
    budget: Annotated[int | None, typer.Option(min=1, help="Pages per site at most.")] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            min=1,
            max=64,
            help="Crawler processes, each on its share of the sites (default: cores, up to 4).",
        ),
    ] = None,
    farm_hosts: FarmHostsOption = None,
    verbose: VerboseOption = False,
    set_: SetOption = None,
) -> None:
    """Crawl every imported target's website and store pages, findings and a status per site.

    Without --verbose, Scrapy's log goes to vigie-crawl.log. Settings are documented in
    crawler/settings.py; --set overrides one for this crawl.

    Ctrl-C (SIGINT) or SIGTERM stops the crawl: each site is stored whole or not at all, the
    command exits 130 or 143 and says how to resume; a second signal stops at once. One
    process at a time crawls a run: a second `--resume` of it exits 2.

    Example: vigie crawl --budget 20 --set DOWNLOAD_TIMEOUT=15
    """
    from cli.progress import CrawlDisplay
    from crawler.runner import CrawlStopped, WorkerFailed, run_crawl

    url = database_url(db)
    engine = open_database(url)
    overrides = crawl_overrides(verbose, farm_hosts, set_)
    if budget is not None:
        overrides["VIGIE_PAGE_BUDGET"] = budget
    started = time.monotonic()
    if workers is not None:
        overrides["VIGIE_WORKERS"] = workers
    try:
        if verbose:  # Scrapy's log is the display
            run_id, status = run_crawl(url, resume_run=resume, overrides=overrides)
        else:
            with CrawlDisplay(console, resume) as display:
                run_id, status = run_crawl(
                    url, resume_run=resume, overrides=overrides, on_progress=display.update
                )
    except ValueError as error:  # RunBusy too: another process crawls the run
        errors.print(str(error), markup=False)
        raise typer.Exit(2) from None
    except CrawlStopped as error:
        errors.print(str(error), markup=False)
        raise typer.Exit(error.exit_code) from None
    except WorkerFailed as error:
        errors.print(str(error), markup=False)
        raise typer.Exit(1) from None
    console.print(f"Run {run_id} {status} in {time.monotonic() - started:.0f} s.")
    _print_outcome(engine, run_id, status)


def _print_outcome(engine: Engine, run_id: int, status: str) -> None:
    """The run's statuses, and what is left to do: resume a run not finished, or measure
    the sites stored as not measured (no browser, a failed render), left out of the scores."""
    print_statuses(engine, run_id)
    if status != "finished":
        console.print(f"Resume with: vigie crawl --resume {run_id}")
        return
    counts = status_counts(engine, run_id)
    if no_browser := counts.get("no_browser", 0):
        errors.print(
            f"{no_browser} sites not measured for want of a browser (no_browser), left out of "
            "the scores: install Chromium first (Debian's package `chromium`), then measure "
            f"them with: vigie crawl --resume {run_id}",
            markup=False,
        )
    if render_failed := counts.get("render_failed", 0):
        errors.print(
            f"{render_failed} sites not measured, their rendering failed (render_failed), left "
            f"out of the scores: measure them again with: vigie crawl --resume {run_id}",
            markup=False,
        )
