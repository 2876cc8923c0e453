"""Health between two runs (`vigie runs --health`): did the crawl itself go wrong?

Run R is compared with run A on what a broken crawl moves and a month of real change hardly
does: the share of each scan status (of all scans), the adoption of each feature among the
`ok` sites, the pages per `ok` site (median and mean), and the pages where an extractor failed
(of the pages that answered). Shares move in percentage points, pages per site in percent of
A's figure; a figure moved when its change is beyond `max_shift` (docs/operations.md, "Health
between runs"). Which runs: `scoring/health_runs.py`.

Small n (the reports' rule, `reports.thresholds.MIN_SITES`, which scoring may not import:
reports sit above it; a test keeps the two equal): a feature held by fewer than `MIN_SITES`
`ok` sites in both runs is listed apart, not judged, and no figure is judged on fewer than
`MIN_SITES` scans or `ok` sites in either run. A figure a run cannot give (its pages pruned,
no `ok` site) is unknown, with why: never 0.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, func, select

from database.models import FindingRow, PageRow, SiteScan
from scoring.health_runs import RunPair

MIN_SITES = 5  # = reports.thresholds.MIN_SITES (tests/scoring/test_health.py checks it)
DEFAULT_MAX_SHIFT = 5.0
# How pipelines/extractors/reading.py records a page whose extractor raised (`pages.error`).
EXTRACTION_FAILED = "extraction failed:"
FAMILIES = ("status", "feature", "pages", "extraction")
# Features measured from a timed download of the home page (pipelines/extractors/
# site_measures.py): a home page served from the HTTP cache was not timed, so their n is the
# `ok` sites whose home page was downloaded, not every `ok` site (a rerun from the cache would
# otherwise read as the feature vanishing).
TIMED_FEATURES = frozenset({"quality.load_time"})


@dataclass(frozen=True)
class RunFigures:
    """What one run holds, counted from its rows."""

    scans: int
    statuses: dict[str, int]
    ok: int
    holders: dict[str, int]  # feature -> `ok` sites with at least one value of it
    pages_per_site: list[int]  # `site_scans.pages_fetched` of each `ok` site
    answered: int | None  # pages that got an HTTP answer; None when the run's pages are gone
    timed_homes: int | None  # `ok` sites whose home page was downloaded (not from the cache)
    extraction_failed: int | None  # of which, pages whose extractor failed


def run_figures(engine: Engine, run_id: int) -> RunFigures:
    ok_scan = (SiteScan.run_id == run_id) & (SiteScan.status == "ok")
    with engine.connect() as connection:
        statuses = {
            str(status): int(count)
            for status, count in connection.execute(
                select(SiteScan.status, func.count())
                .where(SiteScan.run_id == run_id)
                .group_by(SiteScan.status)
            )
        }
        holders = connection.execute(
            select(FindingRow.feature, func.count(FindingRow.authority_id.distinct()))
            .join(
                SiteScan,
                (SiteScan.authority_id == FindingRow.authority_id)
                & (SiteScan.run_id == FindingRow.run_id),
            )
            .where(FindingRow.run_id == run_id, ok_scan)
            .group_by(FindingRow.feature)
        ).all()
        pages = list(connection.execute(select(SiteScan.pages_fetched).where(ok_scan)).scalars())
        timed_homes = connection.execute(
            select(func.count(PageRow.website_id.distinct()))
            .join(
                SiteScan,
                (SiteScan.website_id == PageRow.website_id) & (SiteScan.run_id == PageRow.run_id),
            )
            .where(
                PageRow.run_id == run_id, ok_scan, PageRow.depth == 0,
                PageRow.rendered.is_(False), PageRow.from_cache.is_(False),
                PageRow.http_status == 200, PageRow.error.is_(None),
            )
        ).scalar_one()  # fmt: skip
        rows, answered, failed = connection.execute(
            select(
                func.count(),
                func.count().filter(PageRow.http_status.is_not(None)),
                func.count().filter(PageRow.error.like(f"{EXTRACTION_FAILED}%")),
            ).where(PageRow.run_id == run_id)
        ).one()
    # `vigie prune` deletes an old run's pages (its scans keep their counts): unknown, not 0.
    pruned = rows == 0 and sum(pages) > 0
    return RunFigures(
        scans=sum(statuses.values()),
        statuses=statuses,
        ok=statuses.get("ok", 0),
        holders={feature: int(count) for feature, count in holders},
        pages_per_site=[int(count or 0) for count in pages],
        answered=None if pruned else int(answered),
        timed_homes=None if pruned else int(timed_homes),
        extraction_failed=None if pruned else int(failed),
    )


@dataclass(frozen=True)
class Figure:
    """One figure in both runs, each with its n. `relative`: its change is in percent of A's
    value (pages per site), else in percentage points (shares, whose values are 0-100)."""

    family: str  # one of FAMILIES
    name: str  # the status, the feature, "median" or "mean", "extraction failed"
    before: float | None  # in run A; None when unknown
    after: float | None  # in run R
    n_before: int
    n_after: int
    count_before: int | None = None  # what a share counts (sites, scans, pages)
    count_after: int | None = None
    relative: bool = False
    not_judged: str | None = None  # why the figure is listed apart (small n, unknown)

    @property
    def change(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        if not self.relative:
            return self.after - self.before
        if self.before == 0:
            return None if self.after == 0 else float("inf")
        return 100 * (self.after - self.before) / self.before

    def moved(self, max_shift: float) -> bool:
        change = self.change
        return self.not_judged is None and change is not None and abs(change) > max_shift

    def as_dict(self) -> dict[str, Any]:
        change = self.change
        return {
            "family": self.family,
            "name": self.name,
            "before": self.before,
            "after": self.after,
            "n_before": self.n_before,
            "n_after": self.n_after,
            "count_before": self.count_before,
            "count_after": self.count_after,
            "unit": "percent" if self.relative else "points",
            "change": None if change is None or change == float("inf") else round(change, 4),
            "not_judged": self.not_judged,
        }


def _share(count: int | None, n: int | None) -> float | None:
    return None if count is None or not n else 100 * count / n


def _too_few(n_before: int, n_after: int, what: str) -> str | None:
    if min(n_before, n_after) < MIN_SITES:
        return f"fewer than {MIN_SITES} {what} in a run"
    return None


def status_figures(a: RunFigures, r: RunFigures) -> list[Figure]:
    few = _too_few(a.scans, r.scans, "scans")
    return [
        Figure("status", status, _share(a.statuses.get(status, 0), a.scans),
               _share(r.statuses.get(status, 0), r.scans), a.scans, r.scans,
               a.statuses.get(status, 0), r.statuses.get(status, 0), not_judged=few)
        for status in sorted(set(a.statuses) | set(r.statuses))
    ]  # fmt: skip


def feature_figures(a: RunFigures, r: RunFigures) -> list[Figure]:
    few = _too_few(a.ok, r.ok, "'ok' sites")
    figures = []
    for feature in sorted(set(a.holders) | set(r.holders)):
        if feature in TIMED_FEATURES:
            figures.append(timed_feature_figure(feature, a, r))
            continue
        held_before, held_after = a.holders.get(feature, 0), r.holders.get(feature, 0)
        rare = max(held_before, held_after) < MIN_SITES
        why = few or (f"held by fewer than {MIN_SITES} 'ok' sites in both runs" if rare else None)
        figures.append(
            Figure("feature", feature, _share(held_before, a.ok), _share(held_after, r.ok),
                   a.ok, r.ok, held_before, held_after, not_judged=why)
        )  # fmt: skip
    return figures


def timed_feature_figure(feature: str, a: RunFigures, r: RunFigures) -> Figure:
    """A feature of TIMED_FEATURES: its share of the `ok` sites whose home page was timed."""
    held_before, held_after = a.holders.get(feature, 0), r.holders.get(feature, 0)
    if a.timed_homes is None or r.timed_homes is None:
        why: str | None = (
            "a run's pages were pruned (vigie prune): which home pages were timed is not known"
        )
    else:
        why = _too_few(a.timed_homes, r.timed_homes, "'ok' sites whose home page was downloaded")
    return Figure(
        "feature", feature, _share(held_before, a.timed_homes), _share(held_after, r.timed_homes),
        a.timed_homes or 0, r.timed_homes or 0, held_before, held_after, not_judged=why,
    )  # fmt: skip


def page_figures(a: RunFigures, r: RunFigures) -> list[Figure]:
    few = _too_few(a.ok, r.ok, "'ok' sites")

    def of(pages: list[int], measure: str) -> float | None:
        if not pages:
            return None
        return float(statistics.median(pages) if measure == "median" else statistics.mean(pages))

    return [
        Figure("pages", measure, of(a.pages_per_site, measure), of(r.pages_per_site, measure),
               a.ok, r.ok, relative=True, not_judged=few)
        for measure in ("median", "mean")
    ]  # fmt: skip


def extraction_figure(a: RunFigures, r: RunFigures, pair: RunPair) -> Figure:
    gone = [
        run.id for run, figures in ((pair.against, a), (pair.run, r)) if figures.answered is None
    ]
    why = (
        f"the pages of run {' and run '.join(map(str, gone))} were pruned (vigie prune): not known"
        if gone
        else _too_few(a.answered or 0, r.answered or 0, "pages answered")
    )
    return Figure(
        "extraction", "extraction failed", _share(a.extraction_failed, a.answered),
        _share(r.extraction_failed, r.answered), a.answered or 0, r.answered or 0,
        a.extraction_failed, r.extraction_failed, not_judged=why,
    )  # fmt: skip


@dataclass(frozen=True)
class Health:
    pair: RunPair
    max_shift: float
    figures: list[Figure]

    @property
    def moved(self) -> list[Figure]:
        """The figures beyond the threshold, the largest change first."""
        moved = [figure for figure in self.figures if figure.moved(self.max_shift)]
        return sorted(moved, key=lambda figure: (-abs(figure.change or 0), figure.name))

    @property
    def apart(self) -> list[Figure]:
        return [figure for figure in self.figures if figure.not_judged is not None]

    @property
    def healthy(self) -> bool:
        return not self.moved


def compare_runs(engine: Engine, pair: RunPair, max_shift: float = DEFAULT_MAX_SHIFT) -> Health:
    """Every figure of run R against run A (`pair`, from `health_runs.choose_runs`)."""
    if not max_shift >= 0:  # also NaN
        raise ValueError(f"--max-shift {max_shift}: give a number of points, 0 or more")
    a, r = run_figures(engine, pair.against.id), run_figures(engine, pair.run.id)
    figures = [
        *status_figures(a, r),
        *feature_figures(a, r),
        *page_figures(a, r),
        extraction_figure(a, r, pair),
    ]
    return Health(pair, max_shift, figures)
