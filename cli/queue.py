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
from cli.crawling import FromRunOption, OnlyOption, StatusOption, listed
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
    workers: Annotated[
        int | None,
        typer.Option(
            min=1,
            help="Worker processes you will start (one per core on each machine): no worker "
            "holds more than its share of what is left (default: shared among the live ones).",
        ),
    ] = None,
    only: OnlyOption = None,
    status: StatusOption = None,
    from_run: FromRunOption = None,
) -> None:
    """Create a crawl run and put every pending site in the shared queue; with --run, put back
    the sites of workers that died and any site still without a scan. --only or --status
    makes the new run partial, as `vigie crawl` does: only the selection is queued, every
    other authority is carried from the base run.

    Example: vigie queue seed --redis redis://10.0.0.5:6379/0 --db postgresql+psycopg://...
    """
    from redis.exceptions import RedisError

    from crawler.queue import SiteQueue
    from crawler.seeding import seed_queue
    from database.partial_runs import PartialRequest

    url = database_url(db)
    open_database(url).dispose()
    partial = None
    if only is not None or status is not None or from_run is not None:
        if run is not None:
            fail(f"--only, --status and --from-run seed a new partial run, --run {run} seeds"
                 " a run again as it was made (its selection included): give one or the other")  # fmt: skip
        partial = PartialRequest(listed(only), listed(status), from_run)
    try:
        run_id, seeded = seed_queue(url, redis_url, run, partial=partial)
        if workers is not None:  # a seed again without --workers keeps the announcement
            SiteQueue(redis_url, url, run_id).expect(workers)
    except ValueError as error:
        fail(str(error).replace(url, hidden(url)))  # a run not found names the database
    except RedisError as error:
        fail(f"Redis at {hidden(redis_url)}: {error}")
    console.print(
        f"Run {run_id}: {seeded.queued} sites queued ({seeded.requeued} taken back from dead"
        f" workers); {seeded.waiting} waiting, {seeded.claimed} held by live workers."
    )
    command = worker_command(redis_url, url, run_id)
    console.print(f"Start workers with: {command}", soft_wrap=True, markup=False)


def hidden(url: str) -> str:
    """A database or Redis URL as it may be printed: its password, if any, as ***."""
    from database import shown_url

    return shown_url(url)


def worker_command(redis_url: str, url: str, run_id: int) -> str:
    """The command that starts a worker on this run, complete but for passwords, which are
    never printed: a database password is given by VIGIE_DB, on each worker machine."""
    import shlex

    command = f"vigie queue work --redis {shlex.quote(hidden(redis_url))} --run {run_id}"
    notes = []
    if hidden(url) == url:
        command += f" --db {shlex.quote(url)}"
    else:
        notes.append(
            f"set VIGIE_DB on each worker machine to the database URL with its password"
            f" ({hidden(url)}): no password is printed"
        )
    if hidden(redis_url) != redis_url:
        notes.append("put Redis's password in --redis in place of ***")
    return command + "".join(f"\n  ({note})" for note in notes)


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

    from crawler.queue import SiteQueue
    from crawler.runner import CrawlStopped, WorkerFailed, run_queue_worker

    url = database_url(db)
    _check_run(url, run)  # first: a refused command leaves the queue as it was
    started = time.monotonic()
    try:
        # A dead worker's sites need no new seed: they go back to the queue now.
        requeued = SiteQueue(redis_url, url, run).reclaim_dead()
        if requeued:
            console.print(f"{requeued} sites of dead workers went back to the queue.")
        left, unmeasured, status = run_queue_worker(
            url, run, redis_url, crawl_overrides(verbose, farm_hosts, set_)
        )
    except ValueError as error:
        fail(str(error).replace(url, hidden(url)))  # a run not found names the database
    except RedisError as error:
        fail(f"Redis at {hidden(redis_url)}: {error}")
    except CrawlStopped as error:  # SIGINT, SIGTERM: 130, 143, as the shell says of a signal
        errors.print(str(error), markup=False)
        raise typer.Exit(error.exit_code) from None
    except WorkerFailed as error:
        errors.print(str(error), markup=False)
        raise typer.Exit(1) from None
    console.print(
        f"Worker done in {time.monotonic() - started:.0f} s: run {run} {status}"
        + (f", {left} sites still without a scan (other workers', or seed again)" if left else "")
    )
    if unmeasured:
        console.print(
            f"{unmeasured} sites not measured (no browser, or their rendering failed): once a "
            f"browser works, queue them again with: vigie queue seed --run {run}",
            markup=False,
        )


def _check_run(url: str, run_id: int) -> None:
    """Stop with a usage error unless the database holds the run."""
    from database import read_database
    from database.runs import run_state

    engine = read_database(url)
    try:
        found = run_state(engine, run_id) is not None
    finally:
        engine.dispose()
    if not found:
        fail(f"no crawl run {run_id} in {hidden(url)}")


@queue_app.command()
def status(redis_url: RedisOption, db: DbOption = None, run: RunOption = None) -> None:
    """What the queue holds for a run, its workers (live or dead, their last heartbeat, the
    sites each holds), and what the database has stored. The sites of dead workers go back
    to the queue.

    Example: vigie queue status --redis redis://10.0.0.5:6379/0 --run 12
    """
    from redis.exceptions import RedisError

    from crawler.queue import SiteQueue
    from database import read_database
    from database.repository import pending_count
    from database.runs import newest_run, run_state

    url = database_url(db)
    engine = read_database(url)  # only reads: never creates nor migrates a database
    # The newest run by default, finished or not: a queue's run is usually running.
    chosen = newest_run(engine) if run is None else run_state(engine, run)
    if chosen is None:
        engine.dispose()
        if run is not None:
            fail(f"no crawl run {run} in {hidden(url)}")
        fail("No crawl run in this database: vigie queue seed first.")
    run_id = chosen.id
    queue = SiteQueue(redis_url, url, run_id)
    try:
        workers = queue.workers()
        requeued = queue.reclaim_dead()
        waiting = queue.waiting()
    except RedisError as error:
        fail(f"Redis at {hidden(redis_url)}: {error}")
    pending = pending_count(engine, run_id, unmeasured=False)
    unmeasured = pending_count(engine, run_id) - pending
    engine.dispose()
    console.print(
        f"Run {run_id}: {waiting} sites waiting in the queue, {pending} not yet stored"
        + (
            f", {unmeasured} stored as not measured (queued again, once a browser works, by:"
            f" vigie queue seed --run {run_id})"
            if unmeasured
            else ""
        ),
        markup=False,
    )
    for worker in workers:
        age = "never" if worker.heartbeat_age is None else f"{worker.heartbeat_age:.0f} s ago"
        state = "alive" if worker.alive else "dead"
        console.print(
            f"  {worker.name}: {state}, last heartbeat {age}, holds {worker.holding} sites",
            soft_wrap=True,
            markup=False,
        )
    if not workers:
        console.print("  no worker holds sites or beats")
    if requeued:
        console.print(f"{requeued} sites of dead workers went back to the queue.")
