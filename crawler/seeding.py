"""Seeding the shared site queue of a distributed crawl (`vigie queue seed`, docs/
distributed.md): a new run, complete or partial (`--only`/`--status`, docs/operations.md
"Re-measuring some authorities"), or a run seeded again, its pending sites put in Redis."""

from __future__ import annotations

from typing import Any

from crawler.queue import Seeded, SiteQueue
from crawler.runner import crawl_settings, new_or_resumed_run
from database import make_engine, partial_runs
from database.partial_runs import discard_uncrawled
from database.repository import finish_run, pending_targets


def seed_queue(
    database_url: str,
    redis_url: str,
    resume_run: int | None = None,
    overrides: dict[str, Any] | None = None,
    partial: partial_runs.PartialRequest | None = None,
) -> tuple[int, Seeded]:
    """Create a run (partial with `partial`) or take `resume_run`, and put its pending sites in
    the shared queue; returns (run id, what the seed did). Seeding again requeues dead
    workers' sites; a new run whose seeding failed (Redis down) is removed, with what it
    carried. Raises ValueError (SelectionError) for a wrong selection or run."""
    settings = crawl_settings(database_url, overrides)
    engine = make_engine(database_url)
    try:
        selection = partial_runs.selection_for(engine, partial, resume_run)
        run_id = new_or_resumed_run(engine, settings, resume_run, database_url, selection)
        try:
            pending = [target.authority_id for target in pending_targets(engine, run_id)]
            seeded = SiteQueue(redis_url, database_url, run_id).seed(pending)
        except BaseException:
            if resume_run is None:
                discard_uncrawled(engine, run_id)
            raise
        if not pending:
            finish_run(engine, run_id)
        return run_id, seeded
    finally:
        engine.dispose()
