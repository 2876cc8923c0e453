"""Campaigns: a complete run and the partial runs that correct it (`vigie crawl --only`,
docs/operations.md "Re-measuring some authorities") are one campaign, not several. The
evolution since the previous campaign and an authority's history compare campaigns: a partial
run's base is the campaign it corrects, never the campaign before it.

Runs are few (one campaign a month), so their lineage is read whole.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, select

from database.models import CrawlRun


@dataclass(frozen=True)
class Lineage:
    """Every run's base (None for a complete run) and start."""

    bases: dict[int, int | None]
    starts: dict[int, datetime]

    def root(self, run_id: int) -> int:
        """The complete run a run corrects (itself when complete), following partial runs of
        partial runs; a base that no longer exists ends the chain."""
        seen = {run_id}
        while (base := self.bases.get(run_id)) is not None and base in self.bases:
            if base in seen:  # a cycle cannot be written by Vigie; do not loop on one
                break
            seen.add(base)
            run_id = base
        return run_id

    def campaign_start(self, run_id: int) -> datetime:
        """When the campaign of the run began: its complete run's start."""
        return self.starts[self.root(run_id)]

    def latest_of_each_campaign(self, run_ids: Iterable[int]) -> set[int]:
        """Of these runs, one per campaign: the latest started (a correction supersedes the
        run it corrects)."""
        latest: dict[int, int] = {}
        for run_id in run_ids:
            root = self.root(run_id)
            kept = latest.get(root)
            if kept is None or (self.starts[run_id], run_id) > (self.starts[kept], kept):
                latest[root] = run_id
        return set(latest.values())


def read_lineage(connection: Connection) -> Lineage:
    rows = connection.execute(
        select(CrawlRun.id, CrawlRun.base_run_id, CrawlRun.started_at, CrawlRun.kind)
    ).all()
    return Lineage(
        bases={row.id: row.base_run_id if row.kind == "partial" else None for row in rows},
        starts={row.id: row.started_at for row in rows},
    )
