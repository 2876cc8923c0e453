"""Each authority's campaigns: every run scored under the same model version, up to the one
the site shows, oldest first, with the run's date, the authority's status in it and its score
and rank where it was scored. Read for the whole scope in two queries."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, select

from database.campaigns import read_lineage
from database.models import Authority, CrawlRun, Score, SiteScan
from database.scope import Scope
from database.statuses import SCAN_STATUSES
from reports.french import long_date
from reports.website.content import HistoryPoint
from reports.website.wording import NOT_MEASURED, rank_figure, scan_status, score_figure


def read_history(
    engine: Engine, run_id: int, model_version: str, scope: Scope
) -> dict[int, list[HistoryPoint]]:
    """Authority id -> its campaigns (those where it was scanned or scored), oldest first."""
    with engine.connect() as connection:
        runs = _scored_runs(connection, run_id, model_version)
        ids = list(runs)
        statuses = {
            (row.run_id, row.authority_id): row.status
            for row in connection.execute(
                select(SiteScan.run_id, SiteScan.authority_id, SiteScan.status)
                .join(Authority, Authority.id == SiteScan.authority_id)
                .where(SiteScan.run_id.in_(ids), *scope.conditions())
            )
        }
        scores = {
            (row.run_id, row.authority_id): row
            for row in connection.execute(
                select(
                    Score.run_id,
                    Score.authority_id,
                    Score.score,
                    Score.stratum,
                    Score.rank_in_stratum,
                    Score.stratum_count,
                    Score.rank_low,
                    Score.rank_high,
                )
                .join(Authority, Authority.id == Score.authority_id)
                .where(
                    Score.run_id.in_(ids),
                    Score.model_version == model_version,
                    *scope.conditions(),
                )
            )
        }
    history: dict[int, list[HistoryPoint]] = defaultdict(list)
    for run, authority_id in sorted(
        set(statuses) | set(scores), key=lambda key: (runs[key[0]], key[0], key[1])
    ):
        point = history_point(
            run, runs[run], statuses.get((run, authority_id)), scores.get((run, authority_id))
        )
        history[authority_id].append(point)
    return dict(history)


def history_point(run: int, started: datetime, status: str | None, score: Any) -> HistoryPoint:
    """One campaign of an authority: scored (its site explored) or why it was not."""
    if score is None or status not in ("ok", None):
        return HistoryPoint(
            run, long_date(started), scan_status(status, False).label, NOT_MEASURED, NOT_MEASURED
        )
    return HistoryPoint(
        run,
        long_date(started),
        SCAN_STATUSES["ok"].label,
        score_figure(score.score),
        rank_figure(
            score.stratum,
            score.rank_in_stratum,
            score.stratum_count,
            score.rank_low,
            score.rank_high,
        ),
    )


def _scored_runs(connection: Connection, run_id: int, model_version: str) -> dict[int, datetime]:
    """The runs scored under the model version that started no later than the run shown (and
    the run itself), the latest of each campaign, id -> the campaign's start."""
    started = connection.execute(
        select(CrawlRun.started_at).where(CrawlRun.id == run_id)
    ).scalar_one()
    rows = connection.execute(
        select(CrawlRun.id, CrawlRun.started_at)
        .where(
            CrawlRun.started_at <= started,
            CrawlRun.id.in_(
                select(Score.run_id).where(Score.model_version == model_version).distinct()
            ),
        )
        .union(select(CrawlRun.id, CrawlRun.started_at).where(CrawlRun.id == run_id))
    ).all()
    # One point per campaign: a partial run supersedes the run it corrects, and is dated by
    # its campaign's start, when most of its rows were measured.
    lineage = read_lineage(connection)
    kept = lineage.latest_of_each_campaign(row.id for row in rows) | {run_id}
    return {run: lineage.campaign_start(run) for run in kept}
