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
from database.partial_runs import PartialCounts, PartialRequest, partial_counts
from database.repository import status_counts

verbs = typer.Typer()  # its commands are the root command's own (cli/app.py)

OnlyOption = Annotated[
    str | None,
    typer.Option(
        help="A partial run: crawl again only these authorities' sites, CODE[,CODE...] "
        "(kind:CODE where two kinds share a code, e.g. departement:44), and carry every "
        "other one's scan, pages and findings from the base run.",
    ),
]
StatusOption = Annotated[
    str | None,
    typer.Option(
        help="A partial run: crawl again the sites whose scan in the base run has one of "
        "these statuses, STATUS[,STATUS...] (e.g. timeout,connection_failure).",
    ),
]
FromRunOption = Annotated[
    int | None,
    typer.Option(help="The base run of --only/--status (default: the latest finished run)."),
]


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
    only: OnlyOption = None,
    status: StatusOption = None,
    from_run: FromRunOption = None,
    farm_hosts: FarmHostsOption = None,
    verbose: VerboseOption = False,
    set_: SetOption = None,
) -> None:
    """Crawl every imported target's website and store pages, findings and a status per site.

    --only or --status makes a partial run: a new run that crawls again only the selected
    authorities and carries every other one unchanged from the base run (--from-run, default
    the latest finished run); once finished it holds every authority and is the run every verb
    reads (docs/operations.md, "Re-measuring some authorities").

    Without --verbose, Scrapy's log goes to vigie-crawl.log. Settings are documented in
    crawler/settings.py; --set overrides one for this crawl.

    Ctrl-C (SIGINT) or SIGTERM stops the crawl: each site is stored whole or not at all, the
    command exits 130 or 143 and says how to resume; a second signal stops at once. One
    process at a time crawls a run: a second `--resume` of it exits 2.

    Example: vigie crawl --budget 20 --set DOWNLOAD_TIMEOUT=15; vigie crawl --status timeout
    """
    url = database_url(db)
    engine = open_database(url)
    overrides = crawl_overrides(verbose, farm_hosts, set_)
    if budget is not None:
        overrides["VIGIE_PAGE_BUDGET"] = budget
    started = time.monotonic()
    if workers is not None:
        overrides["VIGIE_WORKERS"] = workers
    partial = None
    if only is not None or status is not None or from_run is not None:
        partial = PartialRequest(listed(only), listed(status), from_run)
    run_id, outcome = _run(url, resume, overrides, verbose, partial)
    console.print(f"Run {run_id} {outcome} in {time.monotonic() - started:.0f} s.")
    counts = partial_counts(engine, run_id)
    if counts is not None:
        _print_partial(run_id, counts)
    _print_outcome(engine, run_id, outcome, counts)


def listed(option: str | None) -> tuple[str, ...]:
    """CODE,CODE... as its items; an option given empty as one empty item (said wrong)."""
    if option is None:
        return ()
    return tuple(item.strip() for item in option.split(",") if item.strip()) or ("",)


def _run(
    url: str,
    resume: int | None,
    overrides: dict[str, object],
    verbose: bool,
    partial: PartialRequest | None,
) -> tuple[int, str]:
    """The crawl, with its display; a usage error or a stop as one line and its exit code."""
    from cli.progress import CrawlDisplay
    from crawler.runner import CrawlStopped, WorkerFailed, run_crawl

    try:
        if verbose:  # Scrapy's log is the display
            return run_crawl(url, resume_run=resume, overrides=overrides, partial=partial)
        with CrawlDisplay(console, resume) as display:
            return run_crawl(url, resume, overrides, on_progress=display.update, partial=partial)
    except ValueError as error:  # RunBusy, SelectionError too
        errors.print(str(error), markup=False)
        raise typer.Exit(2) from None
    except CrawlStopped as error:
        errors.print(str(error), markup=False)
        raise typer.Exit(error.exit_code) from None
    except WorkerFailed as error:
        errors.print(str(error), markup=False)
        raise typer.Exit(1) from None


def _authorities(count: int) -> str:
    return f"{count} authorit{'y' if count == 1 else 'ies'}"


def _print_partial(run_id: int, counts: PartialCounts) -> None:
    """What a partial run crawled and carried (`database.partial_runs`)."""
    base = counts.base_run_id
    console.print(
        f"Partial run {run_id} of run {base}: {_authorities(counts.crawled - counts.new)} "
        f"crawled again, {counts.carried} carried."
    )
    if counts.new:
        console.print(
            f"Also crawled: {_authorities(counts.new)} active now that run {base} did not "
            "hold (imported since)."
        )
    if counts.carried_not_measured:
        statuses = ",".join(sorted(counts.carried_not_measured))
        console.print(
            f"{sum(counts.carried_not_measured.values())} carried sites are not measured "
            f"({statuses}), left out of the scores: measure them with: vigie crawl --status "
            f"{statuses}"
        )


def _print_outcome(
    engine: Engine, run_id: int, status: str, partial: PartialCounts | None = None
) -> None:
    """The run's statuses, and what is left to do: resume a run not finished, or measure
    the sites stored as not measured (no browser, a failed render), left out of the scores;
    in a partial run, those it crawled (the carried ones: `_print_partial`)."""
    print_statuses(engine, run_id)
    if status != "finished":
        console.print(f"Resume with: vigie crawl --resume {run_id}")
        return
    counts = status_counts(engine, run_id)
    for name, carried in (partial.carried_not_measured if partial else {}).items():
        counts[name] -= carried
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
