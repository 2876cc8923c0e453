"""Crawling: `vigie crawl` (the sites) and `vigie social` (the accounts they link to)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from cli.common import (
    DbOption,
    FarmHostsOption,
    RunOption,
    SetOption,
    VerboseOption,
    console,
    crawl_overrides,
    database_url,
    errors,
    print_statuses,
    run_or_latest,
)
from database import open_database

verbs = typer.Typer()  # its commands are the root command's own (cli/app.py)


@verbs.command()
def crawl(
    db: DbOption = None,
    resume: Annotated[
        int | None, typer.Option(help="Resume this run: scan only the sites it has not finished.")
    ] = None,
    budget: Annotated[int | None, typer.Option(help="Pages per site at most.")] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            help="Crawler processes, each on its share of the sites (default: cores, up to 4)."
        ),
    ] = None,
    farm_hosts: FarmHostsOption = None,
    verbose: VerboseOption = False,
    set_: SetOption = None,
) -> None:
    """Crawl every imported target's website and store pages, findings and a status per site.

    Without --verbose, Scrapy's log goes to vigie-crawl.log. Settings are documented in
    crawler/settings.py; --set overrides one for this crawl.

    Example: vigie crawl --budget 20 --set DOWNLOAD_TIMEOUT=15
    """
    from cli.progress import CrawlDisplay
    from crawler.runner import WorkerFailed, run_crawl

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
    except ValueError as error:
        errors.print(str(error))
        raise typer.Exit(2) from None
    except WorkerFailed as error:
        errors.print(str(error))
        raise typer.Exit(1) from None
    console.print(f"Run {run_id} {status} in {time.monotonic() - started:.0f} s.")
    print_statuses(engine, run_id)
    if status != "finished":
        console.print(f"Resume with: vigie crawl --resume {run_id}")


@verbs.command()
def social(
    db: DbOption = None,
    run: RunOption = None,
    platform_origin: Annotated[
        str | None,
        typer.Option(
            help="Farm mode: where platforms are served, e.g. 'http://{host}:8000' "
            "(a platform's https://host/ is asked there)."
        ),
    ] = None,
    farm_hosts: Annotated[
        Path | None, typer.Option(help="Hosts file of a local farm (as for vigie crawl).")
    ] = None,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Scrapy's log on the console.")
    ] = False,
) -> None:
    """Visit the social accounts a crawl run's sites link to and record their public activity.

    Followers, posts and the date of the newest post where the platform shows them without
    login (Mastodon, PeerTube, YouTube's feed); reachability only behind a login wall
    (Facebook, Instagram, X, LinkedIn). One request a second per platform; robots.txt obeyed.
    Run it again to finish an interrupted check. Without --verbose, the log goes to
    vigie-crawl.log.

    Example: vigie social --run 3
    """
    from crawler.runner import WorkerFailed, run_social

    url = database_url(db)
    engine = open_database(url)
    run_id = run_or_latest(engine, run)
    overrides: dict[str, object] = (
        {"LOG_LEVEL": "INFO"} if verbose else {"LOG_FILE": "vigie-crawl.log"}
    )
    if platform_origin:
        overrides["VIGIE_PLATFORM_ORIGIN"] = platform_origin
    if farm_hosts is not None:
        overrides["VIGIE_FARM_HOSTS"] = str(farm_hosts)
    try:
        checked, reachable = run_social(url, run_id, overrides)
    except (ValueError, WorkerFailed) as error:
        errors.print(str(error))
        raise typer.Exit(1) from None
    console.print(f"Run {run_id}: {checked} social profiles checked, {reachable} reachable.")
