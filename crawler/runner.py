"""Running a crawl: settings from one place, one worker process per core (`crawler.worker`),
each on its own shard of the pending sites; the parent watches the database, so the progress
it reports is what has really been stored."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from scrapy.settings import Settings
from sqlalchemy import Engine, make_url
from sqlalchemy.exc import ArgumentError, InterfaceError, OperationalError

from crawler.addresses import farm_hosts
from crawler.rendering import apply_rendering
from crawler.stopping import CrawlStopped, StopSignals, WorkerFailed, signal_name
from database import make_engine, partial_runs, shown_url
from database.partial_runs import discard_uncrawled
from database.repository import (
    finish_run,
    get_run,
    pending_count,
    run_progress,
    social_counts,
)
from database.runs import record_rendering, reopen_run, run_lock, run_state

__all__ = [
    "CrawlStopped", "Progress", "WorkerFailed", "crawl_settings", "run_crawl", "run_queue_worker",
    "run_social", "worker_argv", "worker_environment", "worker_secrets",
]  # fmt: skip

# Settings recorded with each run, so that a run says how it was made.
RECORDED_SETTINGS = (
    "USER_AGENT", "ROBOTSTXT_OBEY", "CONCURRENT_REQUESTS", "CONCURRENT_REQUESTS_PER_DOMAIN",
    "DOWNLOAD_DELAY", "AUTOTHROTTLE_ENABLED", "DOWNLOAD_TIMEOUT", "DOWNLOAD_MAXSIZE",
    "VIGIE_PAGE_BUDGET", "VIGIE_MAX_DEPTH", "VIGIE_SITES_IN_FLIGHT", "VIGIE_FARM_HOSTS",
    "VIGIE_WORKERS", "VIGIE_PUBLIC_ADDRESSES_ONLY", "VIGIE_ALLOWED_NETWORKS", "HTTPCACHE_ENABLED",
    "VIGIE_RENDERING", "VIGIE_AXE", "VIGIE_WARC", "VIGIE_DB_RETRY_SECONDS", "VIGIE_SCREENSHOTS",
)  # fmt: skip
POLL_SECONDS = 1.0


@dataclass(frozen=True)
class Progress:
    """What the database says of a run while its workers are at work."""

    sites_total: int
    sites_done: int
    pages: int
    not_ok: int  # sites stored with a status other than ok or no_website
    elapsed: float  # seconds since this process started the workers


def crawl_settings(database_url: str, overrides: dict[str, Any] | None = None) -> Settings:
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    settings.set("VIGIE_DATABASE_URL", database_url, priority="cmdline")
    for name, value in (overrides or {}).items():
        settings.set(name, value, priority="cmdline")
    return settings


def run_crawl(
    database_url: str,
    resume_run: int | None = None,
    overrides: dict[str, Any] | None = None,
    on_progress: Callable[[Progress], None] | None = None,
    partial: partial_runs.PartialRequest | None = None,
) -> tuple[int, str]:
    """Crawl every target without a scan in the run; returns (run id, final run status).

    `partial`: a new run crawling a selection again (database/partial_runs.py). Raises
    RunBusy when another process crawls the run, WorkerFailed when a worker failed,
    CrawlStopped after SIGINT or SIGTERM. A new run that stored no site of its own when the
    command fails or is stopped is removed (with what it carried): no empty run is left.
    """
    engine = make_engine(database_url)
    try:
        selection = partial_runs.selection_for(engine, partial, resume_run)
        settings, overrides = _rendering_decided(database_url, overrides)
        run_id = new_or_resumed_run(engine, settings, resume_run, database_url, selection)
        created = resume_run is None
        try:
            with run_lock(engine, run_id):
                if not created:  # running again, unless finished with every site scanned
                    reopen_run(engine, run_id)
                    if settings.getbool("VIGIE_RENDERING"):  # its sites are measured now
                        record_rendering(engine, run_id, True)
                workers = max(1, settings.getint("VIGIE_WORKERS"))
                status = _crawl_run(
                    engine, database_url, run_id, workers, overrides, on_progress, created
                )
        except BaseException:
            if created:  # a failure before the workers could store anything
                discard_uncrawled(engine, run_id)
            raise
        return run_id, status
    finally:
        engine.dispose()


def _rendering_decided(
    database_url: str, overrides: dict[str, Any] | None
) -> tuple[Settings, dict[str, Any]]:
    """The crawl's settings and the workers' overrides, once this process looked for a browser:
    workers render only if it found one, and the run records it as a boolean."""
    settings = crawl_settings(database_url, overrides)
    notice = apply_rendering(settings)
    if notice:
        print(notice, file=sys.stderr)
    rendering = settings.getbool("VIGIE_RENDERING")
    settings.set("VIGIE_RENDERING", rendering, priority="cmdline")
    return settings, {**(overrides or {}), "VIGIE_RENDERING": rendering}


def _crawl_run(
    engine: Engine,
    database_url: str,
    run_id: int,
    workers: int,
    overrides: dict[str, Any],
    on_progress: Callable[[Progress], None] | None,
    created: bool,
) -> str:
    """Start the workers, watch them, and record how the run ended: a run this command
    `created` that stored nothing is removed."""
    with StopSignals() as stop:
        processes = [
            _start_worker(database_url, run_id, index, workers, overrides)
            for index in range(workers)
        ]
        failed = _watch(engine, run_id, processes, on_progress, stop)
    status = "interrupted"
    if (failed or stop.signal_number) and created and discard_uncrawled(engine, run_id):
        outcome = f"run {run_id} stored no site and is removed; start again with: vigie crawl"
    else:
        # A stop after every site was stored leaves a finished run, else an interrupted one;
        # a full disk may refuse that write too: the workers' failure is then the news.
        try:
            status = finish_run(engine, run_id)
        except OperationalError:
            if not failed:
                raise
        outcome = _resume_advice(engine, run_id, status)
    if stop.signal_number is not None:
        state = run_state(engine, run_id)
        stored = f"{state.scanned} of {state.targets} sites stored, each whole; " if state else ""
        raise CrawlStopped(
            f"Run {run_id} stopped by {signal_name(stop.signal_number)}: {stored}{outcome}",
            stop.signal_number,
        )
    if failed:
        raise WorkerFailed(
            f"run {run_id}: {len(failed)} crawl worker(s) ended with exit codes {failed} "
            f"(their log says why); {outcome}"
        )
    return status


def _resume_advice(engine: Engine, run_id: int, status: str) -> str:
    if status != "finished":
        return f"resume with: vigie crawl --resume {run_id}"
    unmeasured = pending_count(engine, run_id)  # every site has a scan: these are not measured
    return f"run {run_id} is finished" + (
        f"; {unmeasured} sites not measured: vigie crawl --resume {run_id}" if unmeasured else ""
    )


def new_or_resumed_run(
    engine: Engine,
    settings: Settings,
    resume_run: int | None,
    database_url: str,
    selection: partial_runs.Selection | None = None,
) -> int:
    """A new run recording the settings it is made with (partial with a `selection`), or
    the run to resume."""
    if resume_run is None:
        recorded = {name: settings.get(name) for name in RECORDED_SETTINGS}
        return partial_runs.new_run(engine, recorded, selection)
    if get_run(engine, resume_run) is None:
        raise ValueError(f"no crawl run {resume_run} in {shown_url(database_url)}")
    return resume_run


def run_queue_worker(
    database_url: str,
    run_id: int,
    redis_url: str,
    overrides: dict[str, Any] | None = None,
    on_progress: Callable[[Progress], None] | None = None,
) -> tuple[int, int, str]:
    """One worker of a distributed crawl, in the foreground: it takes sites from the queue
    until it is empty; the last one to find nothing pending in the database finishes the
    run. Returns (sites without a scan, sites not measured, run status): as the spider counts
    them, the run is complete without the latter (`vigie queue seed --run N` requeues them).

    Queue workers share the run's lock: any number of them, never alongside `vigie crawl`.
    """
    settings = crawl_settings(database_url, overrides)
    notice = apply_rendering(settings)
    if notice:
        print(notice, file=sys.stderr)
    overrides = {**(overrides or {}), "VIGIE_RENDERING": settings.getbool("VIGIE_RENDERING")}
    engine = make_engine(database_url)
    try:
        if get_run(engine, run_id) is None:
            raise ValueError(f"no crawl run {run_id} in {shown_url(database_url)}")
        with run_lock(engine, run_id, shared=True), StopSignals() as stop:
            worker = _start_worker(database_url, run_id, 0, 1, overrides, queue=redis_url)
            failed = _watch(engine, run_id, [worker], on_progress, stop)
        requeue = f"vigie queue seed --run {run_id}"
        if stop.signal_number is not None:
            raise CrawlStopped(
                f"run {run_id}: the worker stopped by {signal_name(stop.signal_number)}; the "
                f"sites it had not stored go back to the queue at the next: {requeue}",
                stop.signal_number,
            )
        if failed:
            raise WorkerFailed(
                f"run {run_id}: the worker ended with exit code {failed[0]}; its sites go back"
                f" to the queue at the next: {requeue}"
            )
        left = pending_count(engine, run_id, unmeasured=False)
        unmeasured = pending_count(engine, run_id) - left
        status = finish_run(engine, run_id) if not left else "running"
        return left, unmeasured, status
    finally:
        engine.dispose()


def run_social(
    database_url: str, run_id: int, overrides: dict[str, Any] | None = None
) -> tuple[int, int]:
    """Check the social profiles a run's sites link to; returns (checked, reachable).

    One worker: the gentle rate is per platform, and two processes would double it.
    """
    engine = make_engine(database_url)
    try:
        if get_run(engine, run_id) is None:
            raise ValueError(f"no crawl run {run_id} in {shown_url(database_url)}")
        farm_hosts(crawl_settings(database_url, overrides))  # an empty hosts file stops it here
        with StopSignals() as stop:
            worker = _start_worker(database_url, run_id, 0, 1, overrides or {}, spider="social")
            failed = _watch(engine, run_id, [worker], None, stop)
        if stop.signal_number is not None:
            raise CrawlStopped(
                f"run {run_id}: the social check stopped by {signal_name(stop.signal_number)}; "
                f"finish it with: vigie social --run {run_id}",
                stop.signal_number,
            )
        if failed:
            raise WorkerFailed(f"run {run_id}: the social worker failed (its log says why)")
        return social_counts(engine, run_id)
    finally:
        engine.dispose()


def worker_argv(
    run_id: int,
    index: int,
    count: int,
    overrides: dict[str, Any],
    spider: str = "site",
) -> list[str]:
    """A worker's command line: nothing secret on it, since every user of the machine can
    read it (`ps`, /proc/PID/cmdline); the URLs, which may carry passwords, go through its
    standard input (`worker_secrets`)."""
    worker_overrides = dict(overrides)
    if count > 1:
        worker_overrides.setdefault(
            "LOG_FORMAT", f"%(asctime)s [worker {index}] [%(name)s] %(levelname)s: %(message)s"
        )
    return [
        sys.executable,
        *("-m", "crawler.worker", "--spider", spider, "--run", str(run_id)),
        *("--shard", f"{index}/{count}", "--settings", json.dumps(worker_overrides)),
    ]


def worker_secrets(database_url: str, queue: str | None = None) -> bytes:
    """What a worker reads on its standard input: one JSON line."""
    return json.dumps({"database_url": database_url, "queue": queue}).encode() + b"\n"


def worker_environment(database_url: str, queue: str | None = None) -> dict[str, str]:
    """This process's environment without VIGIE_DB, a variable holding either URL, or one that
    is a password of theirs (PGPASSWORD): Playwright's driver and Chromium inherit a worker's
    environment, readable in /proc/PID/environ. The worker reads the URLs on its standard
    input, and they win over VIGIE_DB's default (`crawl_settings`: the command line's priority)."""
    urls = [database_url, *([queue] if queue else [])]
    passwords = {_password(url) for url in urls} - {None}
    return {
        name: value
        for name, value in os.environ.items()
        if name != "VIGIE_DB" and value not in passwords and not any(url in value for url in urls)
    }


def _password(url: str) -> str | None:
    try:
        password = make_url(url).password
    except ArgumentError:  # not a URL: the worker will say so
        return None
    return str(password) if password else None


def _start_worker(
    database_url: str,
    run_id: int,
    index: int,
    count: int,
    overrides: dict[str, Any],
    spider: str = "site",
    queue: str | None = None,
) -> subprocess.Popen[bytes]:
    command = worker_argv(run_id, index, count, overrides, spider)
    # Its own session: a terminal's Ctrl-C, sent to the whole foreground group, would also
    # reach the worker's Chromium and end its renderings half way, and the sites in flight
    # with them. This process passes the signal on (`crawler.stopping`); the worker's
    # graceful stop lets its browser finish. It still dies with this process (PDEATHSIG).
    process = subprocess.Popen(
        command,
        stdin=subprocess.PIPE,
        start_new_session=True,
        env=worker_environment(database_url, queue),
    )
    assert process.stdin is not None
    # One short line: the pipe takes it whole, even before the worker reads it. A worker
    # that died at once has closed it; its exit code tells.
    with contextlib.suppress(BrokenPipeError):
        process.stdin.write(worker_secrets(database_url, queue))
    with contextlib.suppress(BrokenPipeError):
        process.stdin.close()
    return process


def _watch(
    engine: Engine,
    run_id: int,
    processes: list[subprocess.Popen[bytes]],
    on_progress: Callable[[Progress], None] | None,
    stop: StopSignals,
) -> list[int]:
    """Wait for the workers, reporting progress; a stop signal is passed on to them
    (`StopSignals`), and the run can resume. Returns the exit codes of the workers that
    failed."""
    started = time.monotonic()

    def report() -> None:
        if on_progress is None:
            return
        # A database that is restarting: the workers wait for it, and the display too.
        with contextlib.suppress(OperationalError, InterfaceError):
            on_progress(Progress(*run_progress(engine, run_id), time.monotonic() - started))

    while any(process.poll() is None for process in processes):
        stop.act(processes)
        time.sleep(POLL_SECONDS)
        stop.act(processes)
        report()
    report()
    return [process.returncode for process in processes if process.returncode != 0]
