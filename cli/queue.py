"""`vigie queue`: one crawl spread over several worker processes and machines, through a
shared site queue in Redis and one database (PostgreSQL). See docs/distributed.md."""

from __future__ import annotations

import time
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
    fail,
)
from database import open_database

queue_app = typer.Typer(
    help="A distributed crawl: seed the shared site queue, run workers on any machine.",
    no_args_is_help=True,
)
RedisOption = Annotated[
    str, typer.Option("--redis", help="Redis URL of the shared queue, e.g. redis://host:6379/0.")
]


@queue_app.command()
def seed(
    redis_url: RedisOption,
    db: DbOption = None,
    run: Annotated[
        int | None,
        typer.Option(help="Seed this run again (requeue dead workers' sites); default: a new run."),
    ] = None,
) -> None:
    """Create a crawl run and put every pending site in the shared queue; with --run, put back
    the sites of workers that died and any site still without a scan.

    Example: vigie queue seed --redis redis://10.0.0.5:6379/0 --db postgresql+psycopg://...
    """
    from redis.exceptions import RedisError

    from crawler.runner import seed_queue

    url = database_url(db)
    open_database(url).dispose()
    try:
        run_id, seeded = seed_queue(url, redis_url, run)
    except ValueError as error:
        fail(str(error))
    except RedisError as error:
        fail(f"Redis at {redis_url}: {error}")
    console.print(
        f"Run {run_id}: {seeded.queued} sites queued ({seeded.requeued} taken back from dead"
        f" workers); {seeded.waiting} waiting, {seeded.claimed} held by live workers."
        f" Start workers with: vigie queue work --redis {redis_url} --run {run_id}"
    )


@queue_app.command()
def work(
    redis_url: RedisOption,
    run: Annotated[int, typer.Option("--run", help="The run to work on (from seed).")],
    db: DbOption = None,
    farm_hosts: FarmHostsOption = None,
    verbose: VerboseOption = False,
    set_: SetOption = None,
) -> None:
    """Crawl sites from the shared queue until it is empty; run one per core on each machine.

    Example: vigie queue work --redis redis://10.0.0.5:6379/0 --run 12 --db postgresql+psycopg://...
    """
    from redis.exceptions import RedisError

    from crawler.runner import WorkerFailed, run_queue_worker

    url = database_url(db)
    started = time.monotonic()
    try:
        left, status = run_queue_worker(
            url, run, redis_url, crawl_overrides(verbose, farm_hosts, set_)
        )
    except ValueError as error:
        fail(str(error))
    except RedisError as error:
        fail(f"Redis at {redis_url}: {error}")
    except WorkerFailed as error:
        errors.print(str(error))
        raise typer.Exit(1) from None
    console.print(
        f"Worker done in {time.monotonic() - started:.0f} s: run {run} {status}"
        + (f", {left} sites still pending (other workers, or seed again)" if left else "")
    )


@queue_app.command()
def status(redis_url: RedisOption, db: DbOption = None, run: RunOption = None) -> None:
    """What the queue holds for a run, and what the database has stored."""
    from cli.common import run_or_latest
    from crawler.queue import SiteQueue
    from database.repository import pending_count

    url = database_url(db)
    engine = open_database(url)
    run_id = run_or_latest(engine, run)
    waiting = SiteQueue(redis_url, url, run_id).waiting()
    pending = pending_count(engine, run_id)
    console.print(f"Run {run_id}: {waiting} sites waiting in the queue, {pending} not yet stored")
