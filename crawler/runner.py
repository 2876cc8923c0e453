"""Running a crawl: settings from one place, one worker process per core, progress read back.

The parent process creates (or resumes) the run, starts the workers (`crawler.worker`), each
on its own shard of the pending sites, and watches the database while they work: what it
reports as progress is what has really been stored.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from scrapy.settings import Settings
from sqlalchemy import Engine
from sqlalchemy.exc import InterfaceError, OperationalError

from crawler.queue import Seeded, SiteQueue
from crawler.rendering import apply_rendering
from database import make_engine
from database.repository import (
    create_run,
    finish_run,
    get_run,
    pending_count,
    pending_targets,
    run_progress,
    social_counts,
)

# Settings recorded with each run, so that a run says how it was made.
RECORDED_SETTINGS = (
    "USER_AGENT",
    "ROBOTSTXT_OBEY",
    "CONCURRENT_REQUESTS",
    "CONCURRENT_REQUESTS_PER_DOMAIN",
    "DOWNLOAD_DELAY",
    "AUTOTHROTTLE_ENABLED",
    "DOWNLOAD_TIMEOUT",
    "DOWNLOAD_MAXSIZE",
    "VIGIE_PAGE_BUDGET",
    "VIGIE_MAX_DEPTH",
    "VIGIE_SITES_IN_FLIGHT",
    "VIGIE_FARM_HOSTS",
    "VIGIE_WORKERS",
    "VIGIE_PUBLIC_ADDRESSES_ONLY",
    "VIGIE_ALLOWED_NETWORKS",
    "HTTPCACHE_ENABLED",
    "VIGIE_RENDERING",
    "VIGIE_AXE",
    "VIGIE_WARC",
    "VIGIE_DB_RETRY_SECONDS",
)
POLL_SECONDS = 1.0
# After Ctrl-C, workers get this long to stop on their own before they are told again.
STOP_GRACE_SECONDS = 10.0


class WorkerFailed(RuntimeError):
    """A crawl worker process ended with an error; its sites stay pending for --resume."""


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
) -> tuple[int, str]:
    """Crawl every target without a scan in the run; returns (run id, final run status)."""
    settings = crawl_settings(database_url, overrides)
    notice = apply_rendering(settings)
    if notice:
        print(notice, file=sys.stderr)
    # Workers render only if this process found a browser; the run records what they did,
    # as a boolean whatever --set said.
    rendering = settings.getbool("VIGIE_RENDERING")
    settings.set("VIGIE_RENDERING", rendering, priority="cmdline")
    overrides = {**(overrides or {}), "VIGIE_RENDERING": rendering}
    engine = make_engine(database_url)
    run_id = _new_or_resumed_run(engine, settings, resume_run, database_url)
    workers = max(1, settings.getint("VIGIE_WORKERS"))
    processes = [
        _start_worker(database_url, run_id, index, workers, overrides) for index in range(workers)
    ]
    failed = _watch(engine, run_id, processes, on_progress)
    status = finish_run(engine, run_id)
    engine.dispose()
    if failed:
        raise WorkerFailed(
            f"run {run_id}: {len(failed)} crawl worker(s) ended with exit codes {failed} "
            f"(their log says why); resume with: vigie crawl --resume {run_id}"
        )
    return run_id, status


def _new_or_resumed_run(
    engine: Engine, settings: Settings, resume_run: int | None, database_url: str
) -> int:
    """A new run recording the settings it is made with, or the run to resume."""
    if resume_run is None:
        return create_run(engine, {name: settings.get(name) for name in RECORDED_SETTINGS})
    if get_run(engine, resume_run) is None:
        raise ValueError(f"no crawl run {resume_run} in {database_url}")
    return resume_run


def seed_queue(
    database_url: str,
    redis_url: str,
    resume_run: int | None = None,
    overrides: dict[str, Any] | None = None,
) -> tuple[int, Seeded]:
    """Create a run (or take `resume_run`) and put its pending sites in the shared queue;
    returns (run id, what the seed did). Seeding again requeues dead workers' sites."""
    settings = crawl_settings(database_url, overrides)
    engine = make_engine(database_url)
    run_id = _new_or_resumed_run(engine, settings, resume_run, database_url)
    pending = [target.authority_id for target in pending_targets(engine, run_id)]
    seeded = SiteQueue(redis_url, database_url, run_id).seed(pending)
    if not pending:
        finish_run(engine, run_id)
    engine.dispose()
    return run_id, seeded


def run_queue_worker(
    database_url: str,
    run_id: int,
    redis_url: str,
    overrides: dict[str, Any] | None = None,
    on_progress: Callable[[Progress], None] | None = None,
) -> tuple[int, str]:
    """One worker of a distributed crawl, in the foreground: it takes sites from the queue
    until it is empty; the last one to find nothing pending in the database finishes the
    run. Returns (sites still pending in the database, run status)."""
    settings = crawl_settings(database_url, overrides)
    notice = apply_rendering(settings)
    if notice:
        print(notice, file=sys.stderr)
    overrides = {**(overrides or {}), "VIGIE_RENDERING": settings.getbool("VIGIE_RENDERING")}
    engine = make_engine(database_url)
    if get_run(engine, run_id) is None:
        raise ValueError(f"no crawl run {run_id} in {database_url}")
    worker = _start_worker(database_url, run_id, 0, 1, overrides, queue=redis_url)
    failed = _watch(engine, run_id, [worker], on_progress)
    if failed:
        raise WorkerFailed(
            f"run {run_id}: the worker ended with exit code {failed[0]}; its sites go back to"
            f" the queue at the next: vigie queue seed --run {run_id}"
        )
    left = pending_count(engine, run_id)
    status = finish_run(engine, run_id) if not left else "running"
    engine.dispose()
    return left, status


def run_social(
    database_url: str, run_id: int, overrides: dict[str, Any] | None = None
) -> tuple[int, int]:
    """Check the social profiles a run's sites link to; returns (checked, reachable).

    One worker: the gentle rate is per platform, and two processes would double it.
    """
    engine = make_engine(database_url)
    if get_run(engine, run_id) is None:
        raise ValueError(f"no crawl run {run_id} in {database_url}")
    worker = _start_worker(database_url, run_id, 0, 1, overrides or {}, spider="social")
    if _watch(engine, run_id, [worker], None):
        raise WorkerFailed(f"run {run_id}: the social worker failed (its log says why)")
    checked, reachable = social_counts(engine, run_id)
    engine.dispose()
    return checked, reachable


def _start_worker(
    database_url: str,
    run_id: int,
    index: int,
    count: int,
    overrides: dict[str, Any],
    spider: str = "site",
    queue: str | None = None,
) -> subprocess.Popen[bytes]:
    worker_overrides = dict(overrides)
    if count > 1:
        worker_overrides.setdefault(
            "LOG_FORMAT", f"%(asctime)s [worker {index}] [%(name)s] %(levelname)s: %(message)s"
        )
    command = [
        sys.executable,
        "-m",
        "crawler.worker",
        "--spider",
        spider,
        "--db",
        database_url,
        "--run",
        str(run_id),
        "--shard",
        f"{index}/{count}",
        "--settings",
        json.dumps(worker_overrides),
        *(["--queue", queue] if queue else []),
    ]
    return subprocess.Popen(command)


def _watch(
    engine: Engine,
    run_id: int,
    processes: list[subprocess.Popen[bytes]],
    on_progress: Callable[[Progress], None] | None,
) -> list[int]:
    """Wait for the workers, reporting progress; Ctrl-C stops them, and the run can resume.

    Returns the exit codes of the workers that failed.
    """
    started = time.monotonic()
    stopping_since: float | None = None

    def report() -> None:
        if on_progress is None:
            return
        # A database that is restarting: the workers wait for it, and the display too.
        with contextlib.suppress(OperationalError, InterfaceError):
            on_progress(Progress(*run_progress(engine, run_id), time.monotonic() - started))

    while any(process.poll() is None for process in processes):
        try:
            time.sleep(POLL_SECONDS)
            report()
            if stopping_since and time.monotonic() - stopping_since > STOP_GRACE_SECONDS:
                _signal_all(processes, signal.SIGTERM)
                stopping_since = time.monotonic()
        except KeyboardInterrupt:
            # The terminal sent SIGINT to the workers too: they stop on their own. Were the
            # signal meant for this process alone, the grace period passes them SIGTERM.
            stopping_since = stopping_since or time.monotonic()
    report()
    return [process.returncode for process in processes if process.returncode != 0]


def _signal_all(processes: list[subprocess.Popen[bytes]], signal_number: int) -> None:
    for process in processes:
        if process.poll() is None:
            os.kill(process.pid, signal_number)
